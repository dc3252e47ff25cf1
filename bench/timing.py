"""How the benchmarks time a run and summarise its samples (one definition for all of them)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

Clock = Callable[[], float]
WALL: Clock = time.perf_counter
CPU: Clock = time.thread_time
"""The calling thread's CPU time: on a machine other work shares, steadier than the clock (a
search runs in the thread that asks for it)."""


def run_ms(run: Callable[[], object], clock: Clock = WALL) -> float:
    """One run of ``run``, in ms by ``clock``."""
    started = clock()
    run()
    return (clock() - started) * 1000


def timed(run: Callable[[], object], repeat: int = 3, clock: Clock = WALL) -> float:
    """Median of ``repeat`` runs, in ms."""
    return statistics.median(run_ms(run, clock) for _ in range(repeat))


def percentiles(samples: list[float]) -> tuple[float, float]:
    """Median and 95th percentile of ``samples``."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(int(len(ordered) * 0.95) - 1, 0)]
