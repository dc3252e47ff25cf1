"""Cost of matching a phrase: coi's array matcher against Whoosh's own phrase matcher.

Usage: ``python bench/phrases.py [--index DIR] [--phrases 120] [--cpu]`` after
``bench/index.py`` (DIR: a coi index, by default the 1,000-document one it builds).

The phrases are the thesaurus's multiword terms (the names expansion adds to queries: "Russian
Federation", "Российская Федерация", "məcburi köçkün"...), each quoted and read as a user's
query (every field it is searched in). Each is matched, median of three runs:

- ``whoosh``: ``searcher.search(query, limit=None)`` (every match scored, as facet counts need);
- ``coi first``: a fresh :class:`indexer.engine.arraymatch.ArrayMatcher` for each run (made
  before the clock starts), so nothing about the phrase is remembered (a query's first run);
- ``coi again``: the same matcher a second time (the phrase's documents remembered: a page, a
  facet click, another query naming the same thing).

Prints median and p95 ms of each and the ratios against Whoosh, and checks the three find the
same documents.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from timing import CPU, WALL, percentiles, timed  # noqa: E402

from coi.taxonomy.thesaurus import read_concepts  # noqa: E402
from indexer.engine import open_for_searching  # noqa: E402
from indexer.engine.arraymatch import ArrayMatcher  # noqa: E402
from indexer.query import parse_query  # noqa: E402
from indexer.search import load_language_data  # noqa: E402


def thesaurus_phrases(limit: int) -> list[str]:
    """The thesaurus's multiword terms, in file order, each once."""
    found: dict[str, None] = {}
    for concept in read_concepts():
        for terms in concept.terms.values():
            found.update((term, None) for term in terms if " " in term)
    return list(found)[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", default="/tmp/coi-bench-index/1000/index")
    parser.add_argument("--phrases", type=int, default=120)
    parser.add_argument("--cpu", action="store_true")
    args = parser.parse_args()
    clock = CPU if args.cpu else WALL
    load_language_data()
    ix = open_for_searching(Path(args.index))
    searcher = ix.searcher()
    phrases = thesaurus_phrases(args.phrases)
    times: dict[str, list[float]] = {"whoosh": [], "coi first": [], "coi again": []}
    differ = 0
    for phrase in phrases:
        query = parse_query(f'"{phrase}"', searcher.schema).query
        whoosh_hits = {hit.docnum for hit in searcher.search(query, limit=None)}
        remembered = ArrayMatcher(searcher)
        remembered.match(query)
        times["whoosh"].append(timed(lambda q=query: searcher.search(q, limit=None), clock=clock))
        fresh = iter([ArrayMatcher(searcher) for _ in range(3)])  # made outside the timing
        times["coi first"].append(timed(lambda q=query, f=fresh: next(f).match(q), clock=clock))
        times["coi again"].append(timed(lambda q=query, m=remembered: m.match(q), clock=clock))
        if set(remembered.match(query).docnums.tolist()) != whoosh_hits:
            differ += 1
    print(f"{len(phrases)} phrases, {searcher.doc_count()} documents, ms by {clock.__name__}")
    whoosh_p95 = percentiles(times["whoosh"])[1]
    for name, samples in times.items():
        median, p95 = percentiles(samples)
        ratio = whoosh_p95 / p95
        print(f"{name:>10} median {median:8.2f}  p95 {p95:8.2f}  whoosh/this p95 {ratio:6.1f}x")
    print(f"phrases whose documents differ from Whoosh's: {differ}")
    searcher.close()


if __name__ == "__main__":
    main()
