"""Where a search's time goes: each step of ``SearchEngine.search`` timed on its own.

Used by ``bench/search.py --steps``. Each step is a function of the search path wrapped with a
timer; the time of a timed step called inside another (expansion inside the reading of the
query, snippets inside a hit) counts for the inner step only, so the steps add up to the
search (``other`` is what no step covers: the request's checks, the searcher pool, the notices).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from functools import wraps
from typing import Any
from unittest import mock

from timing import percentiles

import indexer.query
import indexer.search
from indexer.engine.arraymatch import ArrayMatcher

STEPS: tuple[tuple[str, Any, str], ...] = (
    ("parse", indexer.search, "parse_query"),
    ("expansion", indexer.query, "expand_query"),
    ("whoosh-parse", indexer.query, "_parsed"),
    ("bound", indexer.search, "bound_query"),
    ("match", ArrayMatcher, "match"),
    ("match", ArrayMatcher, "match_clauses"),
    ("coordination", indexer.search.SearchEngine, "_listed"),
    ("coordination", indexer.search.coordination, "missing"),
    ("order", indexer.search.SearchEngine, "_order"),
    ("facets", indexer.search, "_facet_counts"),
    ("hits", indexer.search.SearchEngine, "_hit"),
    ("snippets", indexer.search, "make_snippet"),
)
"""(step, owner, attribute): the functions timed, in the order the table lists the steps.
``parse`` is the reading of the query less expansion and Whoosh's parser; ``hits`` is a hit's
stored fields and page less its snippet; ``coordination`` is choosing which matches to list
(and saying which words a hit lacks) less matching them."""


class StepClock:
    """Time spent per step in the current search (exclusive of nested timed steps)."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self._inner: list[float] = []

    def wrap(self, step: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._inner.append(0.0)
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                nested = self._inner.pop()
                self.spent[step] += elapsed - nested
                if self._inner:
                    self._inner[-1] += elapsed

        return timed


@contextmanager
def timing_steps() -> Iterator[StepClock]:
    """Every step of :data:`STEPS` timed into the clock yielded while the block runs."""
    clock = StepClock()
    with ExitStack() as stack:
        for step, owner, name in STEPS:
            original = owner.__dict__[name]
            function = original.__func__ if isinstance(original, staticmethod) else original
            wrapped = clock.wrap(step, function)
            replacement = staticmethod(wrapped) if isinstance(original, staticmethod) else wrapped
            stack.enter_context(mock.patch.object(owner, name, replacement))
        yield clock


def step_names() -> list[str]:
    return list(dict.fromkeys(step for step, _, _ in STEPS))


def per_step(run: Callable[[], object], clock: StepClock) -> dict[str, float]:
    """One run's time per step in ms, with ``other`` and ``total``."""
    clock.spent.clear()
    started = time.perf_counter()
    run()
    total = (time.perf_counter() - started) * 1000
    out = {step: clock.spent.get(step, 0.0) * 1000 for step in step_names()}
    out["other"] = total - sum(out.values())
    out["total"] = total
    return out


def summary(samples: list[dict[str, float]]) -> list[tuple[str, float, float]]:
    """(step, median ms, p95 ms) per step over the queries."""
    return [
        (step, *percentiles([sample[step] for sample in samples]))
        for step in [*step_names(), "other", "total"]
    ]
