"""How the benchmarks time a run and summarise its samples (one definition for all of them)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def run_ms(run: Callable[[], object]) -> float:
    """One run of ``run``, in ms."""
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def timed(run: Callable[[], object], repeat: int = 3) -> float:
    """Median of ``repeat`` runs, in ms."""
    return statistics.median(run_ms(run) for _ in range(repeat))


def percentiles(samples: list[float]) -> tuple[float, float]:
    """Median and 95th percentile of ``samples``."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(int(len(ordered) * 0.95) - 1, 0)]
