"""What a thesaurus concept costs a search: its terms searched with and without expansion.

Usage: ``python bench/thesaurus_search.py [--size 1000] [--work DIR] [--concepts ID,ID|medical]``
after ``bench/index.py`` (it reuses the coi index built there).

The generic query mix of ``bench/search.py`` seldom names a curated concept; this one searches
the first term of each chosen concept in each language (``medical``, the default: the concepts
of the thesaurus file's medical block and the health concepts before it; empty: every curated
concept), each a query's median of three runs, expanded (coi's search as it is: thesaurus and
lexicon) and plain (without expansion), in one process.

Prints median and p95 ms each way, the ratios expanded/plain, and the slowest queries expanded.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from timing import percentiles, timed  # noqa: E402

from coi.models import SearchRequest  # noqa: E402
from coi.taxonomy.thesaurus import DATA, read_concepts  # noqa: E402
from indexer.search import SearchEngine  # noqa: E402

HEALTH = (
    "medical-care",
    "hospital",
    "healthcare-access",
    "mental-health",
    "disability",
    "hiv",
    "tuberculosis",
    "covid",
)
MEDICAL_BLOCK = "# Medical COI"


def medical_ids() -> list[str]:
    """The ids of the file's medical block (from its heading comment on) and of :data:`HEALTH`."""
    ids = list(HEALTH)
    inside = False
    for line in DATA.read_text(encoding="utf-8").splitlines():
        inside = inside or line.startswith(MEDICAL_BLOCK)
        if inside and line.strip() and not line.startswith("#"):
            ids.append(line.split("\t", 1)[0])
    return ids


def concept_queries(choice: str) -> list[tuple[str, str]]:
    """(concept id, query) for the first term of each chosen concept in en, ru and az."""
    concepts = read_concepts()
    if choice == "medical":
        wanted = set(medical_ids())
    elif choice:
        wanted = set(choice.split(","))
    else:
        wanted = {concept.id for concept in concepts}
    return [
        (concept.id, concept.terms[language][0])
        for concept in concepts
        if concept.id in wanted
        for language in ("en", "ru", "az")
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--work", default="/tmp/coi-bench-index")
    parser.add_argument("--concepts", default="medical")
    args = parser.parse_args()
    engine = SearchEngine(Path(args.work) / str(args.size) / "index")
    queries = concept_queries(args.concepts)
    runs: dict[str, list[float]] = {"expanded": [], "plain": []}
    slowest: list[tuple[float, str, str]] = []
    for concept, text in queries:
        for way, request in (
            ("expanded", SearchRequest(query=text)),
            ("plain", SearchRequest(query=text, expand=False)),
        ):
            engine.search(request)  # the first run reads the terms' postings from disk
            runs[way].append(timed(partial(engine.search, request)))
        slowest.append((runs["expanded"][-1], concept, text))
    engine.close()
    print(f"{len(queries)} queries ({args.concepts or 'all'}), {args.size} documents")
    print(f"{'way':>10} {'median ms':>10} {'p95 ms':>8}")
    for way, samples in runs.items():
        median, p95 = percentiles(samples)
        print(f"{way:>10} {median:>10.1f} {p95:>8.1f}")
    (median, p95), (plain_median, plain_p95) = map(percentiles, runs.values())
    print(f"expanded/plain: {median / plain_median:.2f}x median, {p95 / plain_p95:.2f}x p95")
    print("slowest expanded:")
    for ms, concept, text in sorted(slowest, reverse=True)[:5]:
        print(f"{ms:>8.1f} ms  {concept:<22} {text}")


if __name__ == "__main__":
    main()
