"""The tagging gate: precision and recall of country-about and topic tags on judged documents.

Usage: ``python bench/tagging.py [--show-errors[=all]] [--json] [--update-floors]``

Reads the judged documents of ``bench/tagging/labels.toml`` (all 123 NTREX-128 news articles
in az, ru and en, some also in Azerbaijani Cyrillic; nine OVD-Info reports, nine Factbook
profiles, the UDHR) from the shared corpus, and the COI-like set of ``bench/tagging/coi/``
(statistics, official news and reports in az, ru and en, written for it and kept in the
repository; an official publisher's declared country is passed as a crawl passes it), runs
:func:`coi.taxonomy.tagging.tag` on each in its language and prints micro precision and recall
(with true/false positives and false negatives) of the ``countries`` (about) and ``topics``
facets, overall and per language, then per topic and per country, and documents per second
(the term tables built first, timed apart).

Each set is reported and held to its floors apart (the COI-like set's floors are named
``coi/...``). Every third judged entry of a set in file order (the 3rd, 6th, 9th ...) is *held
out*: the figures are printed for the development entries, the held-out ones and all, but the
per-topic and per-country tables and ``--show-errors`` (every false positive and negative with
its document, which is what someone tuning ``coi/taxonomy/tagging.py`` needs) show development
documents only, so
that rules are tuned on what they see and judged on what they did not.
``--show-errors=all`` lists the held-out errors too, for a final look rather than for tuning.
``tests/test_tagging_bench.py`` fails when a
figure drops more than :data:`EPSILON` below its floor in ``bench/tagging/floors.json``;
raising a floor is ``--update-floors`` (it never lowers one: lowering a floor is a deliberate
edit of that file).
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
import tomllib
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from corpus import CORPUS, ntrex_documents  # noqa: E402

from coi.lang import az_latin_to_cyrillic  # noqa: E402
from coi.taxonomy.countries import OFFICIAL_KINDS  # noqa: E402
from coi.taxonomy.tagging import tag  # noqa: E402
from crawler.extract_html import extract_html  # noqa: E402

LABELS = ROOT / "bench" / "tagging" / "labels.toml"
COI_DIR = ROOT / "bench" / "tagging" / "coi"
COI_LABELS = COI_DIR / "labels.toml"
SET_NAMES = {LABELS: "", COI_LABELS: "coi"}
"""The labelled sets and the prefix of their figures' names ("" for the general set)."""
FLOORS = ROOT / "bench" / "tagging" / "floors.json"
EPSILON = 0.02
FACETS = ("countries", "topics")
SPLITS = ("dev", "held-out")
HELD_OUT_EVERY = 3
"""Every third entry of the labels file (1-based: 3, 6, 9 ...) is held out from tuning."""
LANGUAGES = ("az", "az-Cyrl", "ru", "en")
UDHR_FILES = {"az": "azj_latn", "az-Cyrl": "azj_cyrl", "ru": "rus", "en": "eng"}


SUBJECT_SLICES = ("with-topic", "no-topic")
"""Topic slices of documents judged to have a COI topic, which a COI collection is made of,
and of those judged to have none, where every topic tagged is a false positive."""


@dataclass(frozen=True)
class Document:
    """One language version of a judged item, with its text and its gold tags."""

    id: str  # "<language>/<label id>", e.g. "az-Cyrl/ntrex:bbc.381736"
    language: str  # one of LANGUAGES
    split: str  # one of SPLITS
    title: str
    text: str
    gold: dict[str, frozenset[str]]  # facet -> judged values
    source_country: str | None = None
    """The country of an official publisher (see :data:`OFFICIAL_KINDS`), evidence for the
    tagger as a crawl passes it."""


@dataclass
class Count:
    """True positives, false positives and false negatives of one facet in one slice."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        # Nothing tagged means nothing tagged wrongly: 1.0 keeps an empty slice from failing.
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass(frozen=True)
class Error:
    """A tag the tagger got wrong: ``kind`` is "FP" (tagged, not judged) or "FN" (missed)."""

    kind: str
    facet: str
    value: str
    document: str
    split: str


@dataclass
class Result:
    """Counts per facet and slice.

    Slices: "all", a language ("az"), a split ("dev", "held-out"), a split's language
    ("dev/az"), a tag of the development documents ("topic:<slug>", "country:<iso3>"), and for
    topics one of :data:`SUBJECT_SLICES`, overall or per split ("dev/no-topic").
    """

    counts: dict[str, dict[str, Count]]
    errors: list[Error]
    documents: Counter[str]  # language -> documents evaluated
    seconds: float
    """Spent in :func:`coi.taxonomy.tagging.tag` on the documents, its term tables already built."""
    build_seconds: float
    """Building those tables (once per process, for the three languages)."""
    name: str = ""
    """The labelled set's prefix (:data:`SET_NAMES`)."""


def load_labels(labels: Path = LABELS) -> list[dict]:
    """The judged entries of a labels file, as written."""
    return tomllib.loads(labels.read_text("utf-8"))["document"]


def _ntrex(article: str, language: str) -> tuple[str, str]:
    """An NTREX article's first line as title, the rest as text (Cyrillic via transliteration)."""
    text = ntrex_documents("az" if language == "az-Cyrl" else language)[article]
    if language == "az-Cyrl":
        text = az_latin_to_cyrillic(text)
    title, _, body = text.partition("\n\n")
    return title, body


def _ovd(stem: str, language: str) -> tuple[str, str]:
    """An OVD-Info post: the front-matter title and the body without its chart scripts.

    The scripts are Google-chart JSON that an HTML extractor would drop; the rest is kept as is.
    """
    name = f"{stem}-en.md" if language == "en" else f"{stem}.md"
    post = (CORPUS / "ovdinfo-reports" / "_posts" / name).read_text("utf-8")
    _, front, body = post.split("---\n", 2)
    title = re.search(r"^title:\s*\"?(.*?)\"?\s*$", front, re.M)
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return (title.group(1) if title else ""), body


def _strip_html(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment)).strip()


def _ovd_page(path: str) -> tuple[str, str]:
    """An OVD-Info report published as a web page, title and text as a crawl extracts them."""
    page = CORPUS / "ovdinfo-reports" / path / "index.html"
    extracted = extract_html(page.read_bytes(), f"https://reports.ovdinfo.org/{path}/")
    return extracted.title, extracted.text


def _factbook(path: str) -> tuple[str, str]:
    """A Factbook profile as "field: value" lines, titled as the Factbook page is."""
    data = json.loads((CORPUS / "factbook" / f"{path}.json").read_text("utf-8"))
    lines: list[str] = []

    def walk(node: dict, field: str) -> None:
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                lines.append(f"{field}: {_strip_html(value)}")
            elif isinstance(value, dict):
                walk(value, key)

    walk(data, "")
    name = data["Government"]["Country name"]["conventional short form"]["text"]
    return f"{name} - The World Factbook", "\n".join(lines)


def _udhr(language: str) -> tuple[str, str]:
    """The UDHR edition of ``language``: its <h1> as title, headings and paragraphs as text."""
    file = CORPUS / "udhr" / "declaration" / f"{UDHR_FILES[language]}.html"
    page = file.read_text("utf-8")
    title = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    parts = re.findall(r"<(?:p|h[2-6]|li)[^>]*>(.*?)</(?:p|h[2-6]|li)>", page, re.S)
    return _strip_html(title.group(1)) if title else "", "\n\n".join(map(_strip_html, parts))


def _coi(slug: str, language: str) -> tuple[str, str]:
    """A document of the COI-like set: its first line is the title."""
    title, _, text = (COI_DIR / f"{slug}.{language}.txt").read_text("utf-8").partition("\n\n")
    return title.strip(), text


def resolve(label_id: str, language: str) -> tuple[str, str]:
    """Title and text of one label id in one language, read from the shared corpus (or, for
    the COI-like set, from ``bench/tagging/coi/``)."""
    source, _, key = label_id.partition(":")
    if source == "coi":
        return _coi(key, language)
    if source == "ntrex":
        return _ntrex(key, language)
    if source == "ovd":
        return _ovd(key, language)
    if source == "ovdpage" and language == "ru":
        return _ovd_page(key)
    if source == "factbook" and language == "en":
        return _factbook(key)
    if source == "udhr":
        return _udhr(language)
    raise ValueError(f"no document for {label_id!r} in {language!r}")


def split_of(position: int) -> str:
    """The split of the entry at 0-based ``position`` in the labels file."""
    return "held-out" if (position + 1) % HELD_OUT_EVERY == 0 else "dev"


def documents(labels: Path = LABELS) -> list[Document]:
    """Every language version of every judged entry of a labels file."""
    found = []
    for position, entry in enumerate(load_labels(labels)):
        gold = {facet: frozenset(entry[facet]) for facet in FACETS}
        split = split_of(position)
        home = official_country(entry.get("source", ""))
        for language in entry["languages"]:
            title, text = resolve(entry["id"], language)
            doc_id = f"{language}/{entry['id']}"
            found.append(Document(doc_id, language, split, title, text, gold, home))
    return found


def official_country(source: str) -> str | None:
    """The country of a label's ``source`` ("government:AZE") when the tagger weighs it."""
    kind, _, country = source.partition(":")
    return country if kind in OFFICIAL_KINDS and country else None


def evaluate(docs: list[Document]) -> Result:
    """Tag every document and count agreement with the judgement per facet and slice."""
    counts: dict[str, dict[str, Count]] = {facet: {} for facet in FACETS}
    errors: list[Error] = []
    start = time.perf_counter()
    for language in ("en", "ru", "az"):
        tag("", "", language)  # builds the language's term tables, which every process does once
    build_seconds = time.perf_counter() - start
    seconds = 0.0
    for doc in docs:
        start = time.perf_counter()
        language = "az" if doc.language == "az-Cyrl" else doc.language
        tags = tag(doc.title, doc.text, language, source_country=doc.source_country)
        seconds += time.perf_counter() - start
        found = {"countries": set(tags.countries), "topics": set(tags.topics)}
        for facet in FACETS:
            gold, got = doc.gold[facet], found[facet]
            per_value = "country" if facet == "countries" else "topic"
            # Created up front so that a language with no tags at all still shows (as 0 TP).
            keys = ("all", doc.language, doc.split, f"{doc.split}/{doc.language}")
            if facet == "topics":
                # News with no COI subject (sport, celebrities) is most of NTREX and little of
                # a COI collection: the two kinds are told apart (see SUBJECT_SLICES).
                subject = "with-topic" if gold else "no-topic"
                keys = (*keys, subject, f"{doc.split}/{subject}")
            slices = [counts[facet].setdefault(key, Count()) for key in keys]
            for value in gold | got:
                # Per-tag tables are for tuning, so they count development documents only.
                per_tag = f"{per_value}:{value}"
                tagged = [counts[facet].setdefault(per_tag, Count())] if doc.split == "dev" else []
                for count in (*slices, *tagged):
                    count.tp += value in gold and value in got
                    count.fp += value in got and value not in gold
                    count.fn += value in gold and value not in got
                if value not in gold or value not in got:
                    kind = "FP" if value in got else "FN"
                    errors.append(Error(kind, facet, value, doc.id, doc.split))
    languages = Counter(doc.language for doc in docs)
    return Result(
        counts=counts,
        errors=errors,
        documents=languages,
        seconds=seconds,
        build_seconds=build_seconds,
    )


def run(labels: Path = LABELS) -> Result:
    """Load the judged documents of a labels file and evaluate the tagger on them."""
    result = evaluate(documents(labels))
    result.name = SET_NAMES[labels]
    return result


def scores(result: Result) -> dict[str, dict[str, float]]:
    """Precision and recall per facet, overall ("countries") and per language ("countries/az"),
    named with the set's prefix ("coi/countries/az")."""
    found = {}
    prefix = f"{result.name}/" if result.name else ""
    for facet in FACETS:
        for key in ("all", *LANGUAGES):
            count = result.counts[facet].get(key)
            if count:
                name = facet if key == "all" else f"{facet}/{key}"
                found[prefix + name] = {"precision": count.precision, "recall": count.recall}
    return found


def _set_of(name: str) -> str:
    """The labelled set a figure's name belongs to ("coi/topics/ru" -> "coi")."""
    head = name.split("/", 1)[0]
    return head if head in SET_NAMES.values() else ""


def below_floors(result: Result) -> list[str]:
    """Figures of the result's set that fell more than EPSILON below the committed floor."""
    floors = json.loads(FLOORS.read_text()) if FLOORS.exists() else {}
    measured = scores(result)
    failures = []
    for name, floor in floors.items():
        if _set_of(name) != result.name:
            continue
        for metric in ("precision", "recall"):
            value = measured.get(name, {}).get(metric, 0.0)
            if value < floor[metric] - EPSILON:
                failures.append(f"{name} {metric} {value:.3f} < floor {floor[metric]:.3f}")
    return failures


def update_floors(result: Result) -> None:
    """Raise each floor to today's figure; a floor never goes down here."""
    floors = json.loads(FLOORS.read_text()) if FLOORS.exists() else {}
    for name, score in scores(result).items():
        old = floors.get(name, {"precision": 0.0, "recall": 0.0})
        floors[name] = {metric: round(max(old[metric], score[metric]), 3) for metric in old}
    FLOORS.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n")


def _row(name: str, count: Count) -> str:
    # "-" where a figure is vacuous (nothing tagged, or nothing judged), so that a topic the
    # tagger never used does not read as precise.
    precision = f"{count.precision:.3f}" if count.tp + count.fp else "-"
    recall = f"{count.recall:.3f}" if count.tp + count.fn else "-"
    return f"{name:>24} {precision:>9} {recall:>7} {count.tp:>5} {count.fp:>5} {count.fn:>5}"


def report(result: Result, *, show_errors: str | None = None) -> None:
    """Print the tables (see the module docstring).

    ``show_errors`` is ``None`` (no error list), "dev" or "all" (held-out errors too).
    """
    header = f"{'':>24} {'precision':>9} {'recall':>7} {'TP':>5} {'FP':>5} {'FN':>5}"
    total = result.documents.total()
    languages = ", ".join(f"{lang} {result.documents[lang]}" for lang in LANGUAGES)
    title = "COI-like set (bench/tagging/coi)" if result.name else "general set (labels.toml)"
    print(f"== {title}: {total} documents ({languages}); every {HELD_OUT_EVERY}rd entry held out")
    for facet in FACETS:
        print(f"\n{facet} ({'about' if facet == 'countries' else 'slugs'})")
        print(header)
        for split in (*SPLITS, "all"):
            for lang in ("", *LANGUAGES):
                key = f"{split}/{lang}" if split != "all" and lang else (lang or split)
                name = f"{split} {lang}".strip() if lang else split
                if key in result.counts[facet]:
                    print(_row(name, result.counts[facet][key]))
    print("\ntopics, by whether a document was judged to have one")
    print(header)
    for subject in SUBJECT_SLICES:
        for split in (*SPLITS, "all"):
            key = subject if split == "all" else f"{split}/{subject}"
            if key in result.counts["topics"]:
                print(_row(f"{split} {subject}", result.counts["topics"][key]))
    for facet, prefix in (("topics", "topic:"), ("countries", "country:")):
        print(f"\nper {prefix[:-1]} (dev)")
        print(header)
        for key, count in sorted(result.counts[facet].items()):
            if key.startswith(prefix):
                print(_row(key.removeprefix(prefix), count))
    print(
        f"\n{speed(result):.0f} documents/second ({result.seconds:.2f} s tagging; the term "
        f"tables took {result.build_seconds:.2f} s to build, once per process)"
    )
    if show_errors:
        shown = [e for e in result.errors if show_errors == "all" or e.split == "dev"]
        print(f"\n{show_errors} errors (FP = tagged but not judged, FN = judged but not tagged)")
        for error in sorted(shown, key=lambda e: (e.facet, e.value, e.kind, e.document)):
            mark = " (held-out)" if error.split != "dev" else ""
            print(f"  {error.kind} {error.facet:<9} {error.value:<24} {error.document}{mark}")


def speed(result: Result) -> float:
    """Documents per second spent in :func:`coi.taxonomy.tagging.tag` (loading the corpus and
    building the term tables not counted: :attr:`Result.build_seconds` says what the build took)."""
    return result.documents.total() / result.seconds if result.seconds else float("inf")


def as_json(result: Result, *, show_errors: str | None = None) -> dict:
    """The same figures as :func:`report`, for scripts."""
    out: dict = {
        "documents": dict(result.documents),
        "documents_per_second": speed(result),
        "build_seconds": result.build_seconds,
        "facets": {
            facet: {
                key: {"precision": c.precision, "recall": c.recall, **asdict(c)}
                for key, c in sorted(result.counts[facet].items())
            }
            for facet in FACETS
        },
    }
    if show_errors:
        out["errors"] = [
            asdict(e) for e in result.errors if show_errors == "all" or e.split == "dev"
        ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--show-errors",
        nargs="?",
        const="dev",
        choices=("dev", "all"),
        help="list every FP and FN of the development documents (=all: held-out ones too)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--update-floors", action="store_true", help="raise floors to today")
    args = parser.parse_args()
    results = [run(labels) for labels in SET_NAMES]
    if args.json:
        out = {r.name or "general": as_json(r, show_errors=args.show_errors) for r in results}
        print(json.dumps(out, indent=2))
    else:
        for result in results:
            report(result, show_errors=args.show_errors)
            print()
    failures = [failure for result in results for failure in below_floors(result)]
    for failure in failures:
        print("BELOW FLOOR:", failure, file=sys.stderr)
    if args.update_floors:
        for result in results:
            update_floors(result)
        print(f"floors written to {FLOORS}", file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
