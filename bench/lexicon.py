"""What query translation costs: loading the bilingual lexicon, and expanding one query.

Usage: ``python bench/lexicon.py [--queries 200]``

Prints, in one process:

- the time and memory (growth of peak RSS) of loading ``coi/lang/data/lexicon.tsv`` and
  ``lexicon-az-via-tr.tsv`` once;
- the cost of expanding the 200 varied queries of ``bench/search.py`` (``bench/collection.py``:
  one to three real words in az, ru and en), median and p95 in ms, three ways on the same run:
  the thesaurus alone (the lexicon emptied), the thesaurus and the lexicon, and the two with a
  collection check (``present``: here it analyses every candidate and says yes, so nothing is
  left out and only the index's term lookup is missing); the first pass with the lexicon is
  cold (the lemmatiser's and the stemmers' caches have never seen the words), the others warm.

End-to-end search latency with and without the lexicon is ``bench/search.py``.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from collection import queries  # noqa: E402
from timing import percentiles, run_ms  # noqa: E402

from coi.lang import analyze  # noqa: E402
from coi.lang.lexicon import Lexicon, load  # noqa: E402
from coi.taxonomy.thesaurus import load as load_thesaurus  # noqa: E402
from indexer.expansion import expand_query  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_each(texts: list[str], run: Callable[[str], object]) -> list[float]:
    return [run_ms(partial(run, text)) for text in texts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    texts = queries(args.queries)
    thesaurus = load_thesaurus()
    expand_query("warm up", thesaurus=thesaurus, lexicon=Lexicon(()))
    before = peak_mb()
    started = time.perf_counter()
    lexicon = load()
    seconds = time.perf_counter() - started
    print(f"lexicon: {len(lexicon):,} entries, loaded in {seconds * 1000:.0f} ms,", end=" ")
    print(f"peak RSS +{peak_mb() - before:.1f} MB")

    def present(term: str, language: str) -> bool:
        return bool(analyze(term, language))

    ways: dict[str, Callable[[str], object]] = {
        "thesaurus": lambda t: expand_query(t, thesaurus=thesaurus, lexicon=Lexicon(())),
        "+lexicon": lambda t: expand_query(t, thesaurus=thesaurus, lexicon=lexicon),
        "+present": lambda t: expand_query(
            t, thesaurus=thesaurus, lexicon=lexicon, present=present
        ),
    }
    print(f"{'expansion':>10} {'pass':>5} {'median ms':>10} {'p95 ms':>8}")
    for name, label in (("+lexicon", "cold"), *((name, "warm") for name in ways)):
        median, p95 = percentiles(timed_each(texts, ways[name]))
        print(f"{name:>10} {label:>5} {median:>10.3f} {p95:>8.3f}")


if __name__ == "__main__":
    main()
