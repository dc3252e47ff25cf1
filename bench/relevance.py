"""The relevance gate: recall@10 and MRR per query category on real documents, against floors.

Usage: ``python bench/relevance.py [--update-floors] [--show-misses]``

Builds a store and index in a temporary folder from the shared corpus (NTREX-128 news in az,
ru and en, five Azerbaijani articles also in Cyrillic, the OVD-Info reports), runs the judged
queries of ``bench/relevance/queries.toml`` through ``indexer.search`` and prints recall@10,
MRR and the queries that found no document at all, per category.
``tests/test_relevance_gate.py`` fails when a category drops more than :data:`EPSILON` below
its floor in ``bench/relevance/floors.json``; raising a floor is
``--update-floors`` (it never lowers one: lowering a floor is a deliberate edit of that file).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from corpus import CORPUS, ntrex_documents  # noqa: E402

from coi.config import Config, IndexerConfig  # noqa: E402
from coi.lang import az_latin_to_cyrillic  # noqa: E402
from coi.models import Extracted, Fetched, SearchRequest  # noqa: E402
from coi.store import document_id_for, open_store  # noqa: E402
from coi.taxonomy.enrich import enrich  # noqa: E402
from indexer.build import update_index  # noqa: E402
from indexer.search import SearchEngine  # noqa: E402

QUERIES = ROOT / "bench" / "relevance" / "queries.toml"
FLOORS = ROOT / "bench" / "relevance" / "floors.json"
EPSILON = 0.02
CYRILLIC_AZ = (
    "abcnews.306764",
    "euronews-en.153800",
    "bbc.381735",
    "euronews-en.153835",
    "reuters.218888",
)


@dataclass(frozen=True)
class Score:
    """Mean recall@10 and MRR of one category, and how many of its queries found nothing."""

    recall: float
    mrr: float
    queries: int
    zero: int = 0


def url_of(name: str) -> str:
    return f"https://relevance.example/{name}"


def build(data_dir: Path) -> Config:
    """Store and index the collection (see the module docstring)."""
    # One writing process: with several, documents reach segments in a racy order, and hits
    # with equal scores (ties are broken by document number) could swap between two builds.
    config = Config(data_dir=data_dir, indexer=IndexerConfig(processes=1))
    documents: list[tuple[str, str, str]] = []  # (name, source, text)
    for lang in ("az", "ru", "en"):
        for article, text in ntrex_documents(lang).items():
            documents.append((f"{lang}/{article}", "ntrex", text))
    for article in CYRILLIC_AZ:
        text = ntrex_documents("az").get(article)
        if text:
            documents.append((f"az-cyrl/{article}", "ntrex", az_latin_to_cyrillic(text)))
    for post in sorted((CORPUS / "ovdinfo-reports" / "_posts").glob("*.md")):
        lang = "en" if post.stem.endswith("-en") else "ru"
        documents.append((f"{lang}/ovd:{post.stem}", "ovd-info", post.read_text("utf-8")))
    with open_store(data_dir) as store:
        for name, source, text in documents:
            title = text.strip().split("\n", 1)[0][:200]
            extracted = Extracted(title=title, text=text)
            store.save_fetch(
                source=source,
                fetched=Fetched(
                    url=url_of(name),
                    status=200,
                    content_type="text/plain",
                    body=text.encode(),
                    retrieved=datetime(2025, 1, 1, tzinfo=UTC),
                ),
                extracted=extracted,
                enrichment=enrich(extracted, url=url_of(name)),
            )
        update_index(config, store)
    return config


def evaluate(config: Config, *, show_misses: bool = False) -> dict[str, Score]:
    """Run the judged queries; scores per category (and ``all``)."""
    judged = tomllib.loads(QUERIES.read_text("utf-8"))["query"]
    engine = SearchEngine(config.index_dir)
    recalls: dict[str, list[float]] = defaultdict(list)
    ranks: dict[str, list[float]] = defaultdict(list)
    zero: dict[str, int] = defaultdict(int)
    for item in judged:
        relevant = {document_id_for(url_of(name)) for name in item["relevant"]}
        filters = {k: tuple(v) for k, v in item.get("filters", {}).items()}
        result = engine.search(SearchRequest(query=item["text"], filters=filters, per_page=10))
        found = [hit.id for hit in result.hits]
        recall = len(relevant & set(found)) / min(len(relevant), 10)
        first = next((n for n, doc in enumerate(found, 1) if doc in relevant), None)
        for category in (item["category"], "all"):
            recalls[category].append(recall)
            ranks[category].append(1 / first if first else 0.0)
            zero[category] += result.total == 0
        if show_misses and recall < 1:
            print(f"  miss {item['category']:>14}: {item['text']!r} recall {recall:.2f}")
    engine.close()
    return {
        category: Score(
            recall=statistics.fmean(recalls[category]),
            mrr=statistics.fmean(ranks[category]),
            queries=len(recalls[category]),
            zero=zero[category],
        )
        for category in recalls
    }


def run(*, show_misses: bool = False) -> dict[str, Score]:
    """Build in a temporary folder and evaluate."""
    with tempfile.TemporaryDirectory(prefix="coi-relevance-") as folder:
        return evaluate(build(Path(folder)), show_misses=show_misses)


def below_floors(scores: dict[str, Score]) -> list[str]:
    """Categories whose recall or MRR fell more than EPSILON below the committed floor."""
    floors = json.loads(FLOORS.read_text()) if FLOORS.exists() else {}
    failures = []
    for category, floor in floors.items():
        score = scores.get(category)
        for metric in ("recall", "mrr"):
            value = getattr(score, metric) if score else 0.0
            if value < floor[metric] - EPSILON:
                failures.append(f"{category} {metric} {value:.3f} < floor {floor[metric]:.3f}")
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--update-floors", action="store_true", help="raise floors to today")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    scores = run(show_misses=args.show_misses)
    print(f"{'category':>15} {'queries':>8} {'recall@10':>10} {'MRR':>6} {'no hits':>8}")
    for category, score in sorted(scores.items()):
        print(
            f"{category:>15} {score.queries:>8} {score.recall:>10.3f} {score.mrr:>6.3f}"
            f" {score.zero:>8}"
        )
    failures = below_floors(scores)
    for failure in failures:
        print("BELOW FLOOR:", failure)
    if args.update_floors:
        floors = json.loads(FLOORS.read_text()) if FLOORS.exists() else {}
        for category, score in scores.items():
            old = floors.get(category, {"recall": 0.0, "mrr": 0.0})
            floors[category] = {
                "recall": round(max(old["recall"], score.recall), 3),
                "mrr": round(max(old["mrr"], score.mrr), 3),
            }
        FLOORS.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n")
        print(f"floors written to {FLOORS}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
