"""What ranking that degrades gracefully costs, and how many queries it saves from no hits.

Usage: ``python bench/coordination.py [--sizes 10000] [--work DIR]`` after ``bench/index.py``
(it reuses the coi index built there).

For the plain queries of two or three words among ``bench/collection.py``'s 200, and for the
same queries with a stop word added (``where``, ``чтобы``, ``sonra`` by the query's language),
on one searcher, each three times:

- ``strict``: the AND of the words matched on arrays (``ArrayMatcher.match``), the way every
  query was matched before: all the words or nothing;
- ``coordinated``: each word matched once with how many words each document has
  (``ArrayMatcher.match_clauses``) and the documents to list chosen from that
  (``indexer.coordination.listed``): what a search does now for plain words.

Prints median and p95 ms of each step, the extra cost, how many queries listed documents with
only most of the words, and zero-hit queries each way (a strict stop-word query is matched
without freeing the stop word, as before).
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from collection import LANGUAGES, queries  # noqa: E402
from timing import percentiles, timed  # noqa: E402
from whoosh.qparser import MultifieldParser  # noqa: E402

from indexer import coordination  # noqa: E402
from indexer.engine.storage import open_for_searching  # noqa: E402
from indexer.engine.tables import SearchTables  # noqa: E402
from indexer.query import ParsedQuery, parse_query  # noqa: E402
from indexer.schema import SEARCH_FIELDS  # noqa: E402

STOP_WORDS = {"en": "where", "ru": "чтобы", "az": "sonra"}


def plain_queries() -> list[str]:
    """The two- and three-word plain queries, then each with its language's stop word."""
    chosen = [(n, q) for n, q in enumerate(queries(200)) if '"' not in q and len(q.split()) > 1]
    with_stop = [f"{q} {STOP_WORDS[LANGUAGES[n % 3]]}" for n, q in chosen]
    return [q for _, q in chosen] + with_stop


def coordinate(tables: SearchTables, parsed: ParsedQuery) -> np.ndarray:
    """The listed documents among the clause matches, as a search chooses them (no filters)."""
    found = tables.matcher.match_clauses(list(parsed.clauses))
    free = np.zeros(len(found.docnums), dtype=np.int64)
    for languages in filter(None, parsed.free):
        free += tables.filter_mask("language", languages)[found.docnums]
    shown = ~tables.hidden[found.docnums]
    return shown & coordination.listed(found.counts, free, shown, len(parsed.clauses))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--work", default="/tmp/coi-bench-index")
    args = parser.parse_args()
    texts = plain_queries()
    print(f"{'docs':>7} {'step':>12} {'median ms':>10} {'p95 ms':>8}  queries: {len(texts)}")
    for size in (int(s) for s in args.sizes.split(",")):
        ix = open_for_searching(Path(args.work) / str(size) / "index")
        searcher = ix.searcher()
        tables = SearchTables(searcher)
        unfreed = MultifieldParser(list(SEARCH_FIELDS), searcher.schema)
        strict, coordinated = [], []
        strict_zero = coordinated_zero = relaxed = 0
        for text in texts:
            parsed = parse_query(text, searcher.schema, expand=False)
            old = unfreed.parse(text)  # the words as parsed before: stop words still required
            strict.append(timed(partial(tables.matcher.match, old)))
            coordinated.append(timed(partial(coordinate, tables, parsed)))
            strict_zero += not len(tables.matcher.match(old).docnums)
            chosen = coordinate(tables, parsed)
            coordinated_zero += not np.any(chosen)
            counts = tables.matcher.match_clauses(list(parsed.clauses)).counts
            relaxed += bool(np.any(counts[chosen] < len(parsed.clauses)))
        (s_med, s_p95), (c_med, c_p95) = percentiles(strict), percentiles(coordinated)
        print(f"{size:>7} {'strict':>12} {s_med:>10.2f} {s_p95:>8.2f}")
        print(f"{size:>7} {'coordinated':>12} {c_med:>10.2f} {c_p95:>8.2f}")
        print(f"{size:>7} {'extra':>12} {c_med - s_med:>10.2f} {c_p95 - s_p95:>8.2f}")
        print(
            f"{size:>7} relaxed {relaxed}/{len(texts)} queries; no hits: strict {strict_zero}, "
            f"coordinated {coordinated_zero}"
        )
        searcher.close()
        ix.close()


if __name__ == "__main__":
    main()
