"""Query latency with all facets counted: coi's search against plain Whoosh grouping.

Usage: ``python bench/search.py [--sizes 1000,10000] [--work DIR]`` after ``bench/index.py``
(it reuses the coi index and the baseline index built there).

For each size, 200 varied queries (``bench/collection.py``: one to three real words in az, ru
and en, some phrases) run three times each way, first without filters, then with a country
and a language filter:

- ``coi``: ``indexer.search.SearchEngine.search`` (top 10 hits with snippets, counts for all
  facets from per-searcher value tables, the multi-select rule), with cross-language expansion
  (the default: thesaurus and bilingual lexicon), with the thesaurus alone (``coi-nolex``, the
  lexicon emptied: the difference is what query translation costs) and without expansion
  (``coi-noexp``);
- ``baseline``: Whoosh's ``searcher.search(limit=10, groupedby=...)`` over the same six facets
  on an index built with Whoosh's defaults.

Prints median and p95 latency in ms and the ratio baseline/coi (coi alone where a size has no
baseline index). Each figure is a query's median of three runs; ``first`` columns give the
median and p95 of each query's first run, before anything it looks up was cached.

``--engines`` chooses the runs (default all four), ``--no-snippets`` makes every snippet empty
(the figures then leave out what snippets cost), ``--steps`` times each step of coi's
search once more per query and prints median and p95 ms per step (``bench/steps.py``), and
``--cpu`` times the searching thread's CPU instead of the clock (on a machine other work
shares, the clock counts the time other processes held the core).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager as ContextManager
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from collection import COUNTRIES, queries  # noqa: E402
from steps import per_step, summary, timing_steps  # noqa: E402
from timing import CPU, WALL, Clock, percentiles, run_ms  # noqa: E402

import indexer.expansion  # noqa: E402
import indexer.search  # noqa: E402
from coi.lang.lexicon import Lexicon  # noqa: E402
from coi.models import SearchRequest  # noqa: E402
from indexer.search import SearchEngine  # noqa: E402

ENGINES = ("baseline", "coi", "coi-nolex", "coi-noexp")


def timed(run: Callable[[], object], repeat: int = 3, clock: Clock = WALL) -> tuple[float, float]:
    """Median of ``repeat`` runs and the first run, in ms."""
    samples = [run_ms(run, clock) for _ in range(repeat)]
    return statistics.median(samples), samples[0]


def without_snippets() -> Any:
    """Every hit's snippet empty: the search's cost without making snippets."""
    return mock.patch.object(indexer.search, "make_snippet", return_value="")


def without_lexicon() -> ContextManager[object]:
    """Expansion by the thesaurus alone, for the cost of the lexicon's translations."""
    return mock.patch.object(indexer.expansion, "load_lexicon", return_value=Lexicon(()))


def baseline_runner(index_dir: Path) -> Callable[[str, dict[str, str]], object]:
    from whoosh import index
    from whoosh.qparser import QueryParser
    from whoosh.query import And, Term
    from whoosh.sorting import FieldFacet

    ix = index.open_dir(index_dir)
    searcher = ix.searcher()
    parser = QueryParser("text", ix.schema)
    facets = {
        name: FieldFacet(name, allow_overlap=name in ("country", "topic"))
        for name in ("country", "topic", "language", "source", "doc_type", "year")
    }

    def run(text: str, filters: dict[str, str]) -> object:
        query = parser.parse(text)
        flt = And([Term(k, v) for k, v in filters.items()]) if filters else None
        results = searcher.search(query, limit=10, groupedby=facets, filter=flt)
        return [results.groups(name) for name in facets]

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--work", default="/tmp/coi-bench-index")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--no-snippets", action="store_true")
    parser.add_argument("--steps", action="store_true")
    parser.add_argument("--cpu", action="store_true")
    args = parser.parse_args()
    clock = CPU if args.cpu else WALL
    engines = [name for name in args.engines.split(",") if name]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engines {sorted(unknown)}; choose from {', '.join(ENGINES)}")
    texts = queries(200)
    rng = random.Random(3)
    filters = [{"country": rng.choice(COUNTRIES[:10]), "language": "ru"} for _ in texts]
    if args.no_snippets:
        without_snippets().start()
        print("snippets left out: every hit's snippet is empty")
    print(
        f"{'docs':>7} {'filters':>8} {'engine':>9} {'median ms':>10} {'p95 ms':>8} "
        f"{'first med':>10} {'first p95':>10}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        work = Path(args.work) / str(size)
        engine = SearchEngine(work / "index")
        # A plain Whoosh build of 100,000 documents takes hours: without one, coi alone.
        has_baseline = "baseline" in engines and (work / "baseline").is_dir()
        baseline = baseline_runner(work / "baseline") if has_baseline else None
        engine.search(SearchRequest(query=texts[0]))  # open, build the per-searcher tables once
        for label, use_filters in (("none", False), ("2", True)):
            runs: dict[str, list[tuple[float, float]]] = {name: [] for name in ENGINES}
            for text, flt in zip(texts, filters, strict=True):
                chosen = flt if use_filters else {}
                chosen_filters = {k: (v,) for k, v in chosen.items()}
                request = SearchRequest(query=text, filters=chosen_filters)
                plain = SearchRequest(query=text, filters=chosen_filters, expand=False)
                if "coi" in engines:
                    runs["coi"].append(timed(lambda e=engine, r=request: e.search(r), clock=clock))
                if "coi-nolex" in engines:
                    with without_lexicon():
                        runs["coi-nolex"].append(
                            timed(lambda e=engine, r=request: e.search(r), clock=clock)
                        )
                if "coi-noexp" in engines:
                    runs["coi-noexp"].append(
                        timed(lambda e=engine, r=plain: e.search(r), clock=clock)
                    )
                if baseline is not None:
                    runs["baseline"].append(
                        timed(lambda b=baseline, t=text, c=chosen: b(t, c), clock=clock)
                    )
            for name, samples in runs.items():
                if samples:
                    median, p95 = percentiles([typical for typical, _ in samples])
                    first_median, first_p95 = percentiles([first for _, first in samples])
                    print(
                        f"{size:>7} {label:>8} {name:>9} {median:>10.1f} {p95:>8.1f} "
                        f"{first_median:>10.1f} {first_p95:>10.1f}"
                    )
            if runs["baseline"] and runs["coi"]:
                theirs = percentiles([typical for typical, _ in runs["baseline"]])[1]
                ratio = theirs / percentiles([typical for typical, _ in runs["coi"]])[1]
                print(f"{size:>7} {label:>8} {'base/coi':>9} {'':>10} {ratio:>7.2f}x p95")
            if args.steps:
                print_steps(engine, texts, filters if use_filters else None, size, label)
        engine.close()


def print_steps(
    engine: SearchEngine,
    texts: list[str],
    filters: list[dict[str, str]] | None,
    size: int,
    label: str,
) -> None:
    """Median and p95 ms of each step of coi's search (expansion on), one run per query after
    the timed ones."""
    samples = []
    with timing_steps() as clock:
        for n, text in enumerate(texts):
            chosen: dict[str, tuple[str, ...]] = (
                {k: (v,) for k, v in filters[n].items()} if filters else {}
            )
            request = SearchRequest(query=text, filters=chosen)
            samples.append(per_step(lambda r=request: engine.search(r), clock))
    for step, median, p95 in summary(samples):
        print(f"{size:>7} {label:>8} {step:>14} {median:>10.2f} {p95:>8.2f}")


if __name__ == "__main__":
    main()
