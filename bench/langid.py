"""Language-identification benchmark of ``coi.lang.detect`` on the shared corpus (issue 3).

Run: ``.venv/bin/python bench/langid.py`` (``--build-profiles`` rewrites the az profiles).

Levels: whole documents (NTREX-128 articles, lines joined by DOCUMENT_IDS; UDHR), single
sentences (lingua/Leipzig sentences; FLORES-200 dev+test; UDHR paragraphs) and word pairs
(lingua). The az profiles are built from the FLORES *train* split only, which is never
evaluated here. az-Cyrl is synthetic except the UDHR: the Latin az items converted with the
official table (no Cyrillic-Azerbaijani corpus exists).
"""

from __future__ import annotations

import csv
import html
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from langdetect.utils.lang_profile import LangProfile

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coi.lang import az_latin_to_cyrillic, detect  # noqa: E402 - after the path set-up

CORPUS = ROOT.parent / "shared" / "corpus"
PROFILES = ROOT / "coi" / "lang" / "data" / "profiles"
FOCUS = ("az-Latn", "az-Cyrl", "ru", "en")
"""Varieties the targets are about; the rest are confusers."""

NTREX = {"aze-Latn": "az-Latn", "rus": "ru", "eng-US": "en", "tur": "tr", "ukr": "uk"}
NTREX |= {"kaz": "kk", "uzb": "uz", "tat": "tt", "kir": "ky", "bel": "be", "tuk": "tk"}
NTREX |= {"bak": "ba"}
FLORES = {"azj_Latn": "az-Latn", "rus_Cyrl": "ru", "eng_Latn": "en", "tur_Latn": "tr"}
FLORES |= {"ukr_Cyrl": "uk", "kaz_Cyrl": "kk", "uzn_Latn": "uz", "tat_Cyrl": "tt"}
FLORES |= {"kir_Cyrl": "ky", "tuk_Latn": "tk", "bel_Cyrl": "be", "bak_Cyrl": "ba"}
FLORES |= {"crh_Latn": "crh", "bul_Cyrl": "bg"}
UDHR = {"azj_latn": "az-Latn", "azj_cyrl": "az-Cyrl", "rus": "ru", "eng": "en", "tur": "tr"}
UDHR |= {"ukr": "uk", "kaz": "kk", "kir": "ky", "tat": "tt", "uzn_latn": "uz", "bel": "be"}
UDHR |= {"uzn_cyrl": "uz", "tuk_latn": "tk", "tuk_cyrl": "tk"}
LINGUA = ("az", "ru", "en", "tr", "uk", "kk", "be", "bg", "mk", "mn", "sr")

Item = tuple[str, str]
"""(gold variety, text)."""


def language_of(variety: str) -> str:
    """The label detect() should give for a variety (az-Latn and az-Cyrl are both az)."""
    return variety.split("-")[0]


def lingua(kind: str) -> Iterator[Item]:
    for lang in LINGUA:
        path = CORPUS / "langid-lingua" / kind / f"{lang}.txt"
        for line in path.read_text(encoding="utf-8").splitlines():
            variety = "az-Latn" if lang == "az" else lang
            yield variety, line
            if lang == "az":
                yield "az-Cyrl", az_latin_to_cyrillic(line)


def flores(splits: tuple[str, ...]) -> Iterator[Item]:
    for code, variety in FLORES.items():
        for split in splits:
            path = CORPUS / "flores-sib200" / "annotated" / code / f"{split}.tsv"
            with path.open(encoding="utf-8") as f:
                for row in csv.DictReader(f, delimiter="\t"):
                    yield variety, row["text"]


def ntrex_documents() -> Iterator[Item]:
    folder = CORPUS / "ntrex128"
    ids = (folder / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    for code, variety in NTREX.items():
        lines = (folder / f"newstest2019-ref.{code}.txt").read_text(encoding="utf-8")
        documents: dict[str, list[str]] = defaultdict(list)
        for doc_id, line in zip(ids, lines.splitlines(), strict=True):
            documents[doc_id].append(line)
        for parts in documents.values():
            text = "\n\n".join(parts)
            yield variety, text
            if variety == "az-Latn":
                yield "az-Cyrl", az_latin_to_cyrillic(text)


def udhr_paragraphs(code: str) -> list[str]:
    page = (CORPUS / "udhr" / "declaration" / f"{code}.html").read_text(encoding="utf-8")
    found = re.findall(r"<(?:p|h\d|li)[^>]*>(.*?)</(?:p|h\d|li)>", page, re.DOTALL)
    return [html.unescape(re.sub(r"<[^>]+>", "", p)).strip() for p in found]


def udhr(documents: bool) -> Iterator[Item]:
    for code, variety in UDHR.items():
        paragraphs = [p for p in udhr_paragraphs(code) if p]
        if documents:
            yield variety, "\n\n".join(paragraphs)
        else:
            yield from ((variety, p) for p in paragraphs if len(p) >= 40)


def evaluate(title: str, items: list[Item]) -> None:
    """Print recall per gold variety, precision per label, confusions and throughput."""
    start = time.perf_counter()
    predicted = [detect(text).language for _, text in items]
    seconds = time.perf_counter() - start
    gold_count: Counter[str] = Counter(v for v, _ in items)
    hits: Counter[str] = Counter()
    label_count: Counter[str] = Counter(predicted)
    label_hits: Counter[str] = Counter()
    confusions: dict[str, Counter[str]] = defaultdict(Counter)
    for (variety, _), label in zip(items, predicted, strict=True):
        if label == language_of(variety):
            hits[variety] += 1
            label_hits[label] += 1
        else:
            confusions[variety][label] += 1
    rate = len(items) / seconds
    print(f"\n## {title}: {len(items)} items, {rate:.0f} items/s, {1000 / rate:.2f} ms/item")
    print(f"{'variety':8} {'n':>5} {'recall':>7} {'precision':>9}  errors")
    ordered = [*(v for v in FOCUS if v in gold_count), *sorted(set(gold_count) - set(FOCUS))]
    for variety in ordered:
        label = language_of(variety)
        recall = hits[variety] / gold_count[variety]
        precision = label_hits[label] / label_count[label] if label_count[label] else 0.0
        errors = ", ".join(f"{lab}:{n}" for lab, n in confusions[variety].most_common(4))
        print(f"{variety:8} {gold_count[variety]:5} {recall:7.1%} {precision:9.1%}  {errors}")
    turkic = sum(
        1
        for (variety, _), label in zip(items, predicted, strict=True)
        if (variety == "tr" and label == "az") or (variety.startswith("az") and label == "tr")
    )
    print(f"tr<->az confusions: {turkic}")


def build_profiles() -> None:
    """Write the az and az-cyrl langdetect profiles from the FLORES train split."""
    texts = [text for variety, text in flores(("train",)) if variety == "az-Latn"]
    for name, convert in (("az", str), ("az-cyrl", az_latin_to_cyrillic)):
        profile = LangProfile(name=name)
        for text in texts:
            profile.update(convert(text))
        profile.omit_less_freq()
        data = {"freq": dict(profile.freq), "n_words": profile.n_words, "name": name}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        (PROFILES / f"{name}.json").write_text(text, encoding="utf-8")
    print(f"profiles written to {PROFILES} from {len(texts)} sentences")


def main() -> None:
    if not CORPUS.is_dir():
        sys.exit(f"the shared corpus is not at {CORPUS}")
    if "--build-profiles" in sys.argv:
        build_profiles()
        return
    detect("warm-up: load the profiles before timing")
    evaluate("documents (NTREX-128 articles + UDHR)", [*ntrex_documents(), *udhr(True)])
    sentences = [*lingua("sentences"), *flores(("dev", "test")), *udhr(False)]
    evaluate("sentences (lingua + FLORES dev/test + UDHR paragraphs)", sentences)
    evaluate("word pairs (lingua)", list(lingua("word-pairs")))


if __name__ == "__main__":
    main()
