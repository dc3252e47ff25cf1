"""Cost of making one hit's snippet: the current ``indexer/snippets.py`` against an earlier one.

Usage: ``python bench/snippets.py [--index DIR] [--baseline REV] [--queries 200]`` after
``bench/index.py`` (DIR: a coi index, by default the 1,000-document one it builds).

The bench queries (``bench/collection.py``, as ``bench/search.py`` runs them, expansion on) are
searched once; what each of their top 10 hits hands to ``make_snippet`` (stored text, matched
terms, analyzer, names, folded and stop words) is recorded. Then each hit's snippet is made by
both versions in turn, 3 times each, keeping the median; the baseline is ``indexer/snippets.py``
as it was at ``REV`` (by default the last version using Whoosh's highlighter), read from git
into a temporary module. Prints median and p95 ms per hit for each and their ratio, and how
many hits' snippets differ. With ``--search N``, also N whole searches each way (median of 3),
alternated query by query so that both see the same load on a shared machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from types import ModuleType
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from collection import queries  # noqa: E402
from timing import timed  # noqa: E402

import indexer.search  # noqa: E402
from coi.models import SearchRequest  # noqa: E402
from indexer.search import SearchEngine  # noqa: E402
from indexer.snippets import OtherMatches, make_snippet  # noqa: E402

WHOOSH_HIGHLIGHTER = "411dd13c8154f2e3b96ee360d9a08e45279a9e68"
"""The last commit whose snippets went through Whoosh's highlighter."""


def old_module(revision: str) -> ModuleType:
    """``indexer/snippets.py`` as it was at ``revision``, imported under another name."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:indexer/snippets.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "old_snippets.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_snippets", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # a dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


def recorded_calls(index: Path, count: int) -> list[tuple[Any, ...]]:
    """The arguments of every ``make_snippet`` call of ``count`` bench queries' first pages."""
    calls: list[tuple[Any, ...]] = []
    real = indexer.search.make_snippet

    def record(*args: Any) -> str:
        calls.append(args)
        return real(*args)

    engine = SearchEngine(index)
    # The name keys as the query holds them: leaving out the keys of lowercase words is part of
    # what a hit's snippet costs now (see :func:`current`).
    with (
        mock.patch.object(indexer.search, "make_snippet", record),
        mock.patch.object(indexer.search, "_names", frozenset),
    ):
        for text in queries(count):
            engine.search(SearchRequest(query=text))
    engine.close()
    return calls


def current(text: str, terms: frozenset[str], analyzer: Any, other: OtherMatches) -> str:
    """The snippet of one hit as ``indexer.search`` makes it now, from the query's keys."""
    names = indexer.search._names
    found = dataclasses.replace(other, names=names(other.names), names_az=names(other.names_az))
    return make_snippet(text, terms, analyzer, found)


def per_hit_ms(make: Any, calls: list[tuple[Any, ...]], repeat: int = 3) -> list[float]:
    samples = []
    for args in calls:
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            make(*args)
            runs.append((time.perf_counter() - started) * 1000)
        samples.append(statistics.median(runs))
    return samples


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def search_ms(index: Path, count: int, old: ModuleType) -> tuple[list[float], list[float]]:
    """Whole searches (top 10 with snippets, all facets, expansion on) per query, the earlier
    snippets and the current ones alternated query by query, so both see the same load."""
    engine = SearchEngine(index)

    def earlier(text: str, terms: frozenset[str], analyzer: Any, other: OtherMatches) -> str:
        return str(old.make_snippet(text, terms, analyzer, old.OtherMatches(**asdict(other))))

    def run(request: SearchRequest, before: bool) -> float:
        indexer.search._query_terms.cache_clear()
        if not before:
            return timed(lambda: engine.search(request))
        with (
            mock.patch.object(indexer.search, "make_snippet", earlier),
            mock.patch.object(indexer.search, "_names", frozenset),
        ):
            return timed(lambda: engine.search(request))

    before, after = [], []
    for text in queries(count):
        request = SearchRequest(query=text)
        before.append(run(request, True))
        after.append(run(request, False))
    engine.close()
    return before, after


def report(title: str, label: str, before: list[float], after: list[float]) -> None:
    print(title)
    print(f"{'version':>10} {'median ms':>10} {'p95 ms':>8}")
    for name, samples in ((label, before), ("current", after)):
        median, p95 = summary(samples)
        print(f"{name:>10} {median:>10.3f} {p95:>8.3f}")
    ratio_median = summary(before)[0] / summary(after)[0]
    ratio_p95 = summary(before)[1] / summary(after)[1]
    print(f"{'old/new':>10} {ratio_median:>9.1f}x {ratio_p95:>7.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", default="/tmp/coi-bench-index/1000/index")
    parser.add_argument("--baseline", default=WHOOSH_HIGHLIGHTER)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--search", type=int, default=0, help="also time this many whole searches each way"
    )
    args = parser.parse_args()
    old = old_module(args.baseline)
    calls = recorded_calls(Path(args.index), args.queries)
    old_calls = [
        (text, terms, analyzer, old.OtherMatches(**asdict(other)))
        for text, terms, analyzer, other in calls
    ]
    for make, arguments in ((old.make_snippet, old_calls), (current, calls)):
        per_hit_ms(make, arguments[:50], repeat=1)  # warm the caches of both alike
    before = per_hit_ms(old.make_snippet, old_calls)
    after = per_hit_ms(current, calls)
    differ = sum(old.make_snippet(*o) != current(*n) for o, n in zip(old_calls, calls, strict=True))
    print(f"{len(calls)} hits of {args.queries} queries; {differ} snippets differ")
    report("snippet per hit", args.baseline, before, after)
    if args.search:
        report("search per query", args.baseline, *search_ms(Path(args.index), args.search, old))


if __name__ == "__main__":
    main()
