"""Per-host politeness: one request at a time, a delay between two, and pauses for hosts
that push back (403/429 repeatedly)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable

PUSHBACK_LIMIT = 3
"""After this many 403/429 answers in one crawl, a host is left alone until the next crawl."""


class HostClock:
    """Remembers when each host was last asked, and waits out the delay before the next ask."""

    def __init__(
        self,
        delay_seconds: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.delay_seconds = delay_seconds
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._pushback: Counter[str] = Counter()

    def wait(self, host: str, extra_delay: float = 0.0) -> None:
        """Sleep until ``host`` may be asked again (max of our delay and its Crawl-delay)."""
        delay = max(self.delay_seconds, extra_delay)
        last = self._last.get(host)
        if last is not None:
            remaining = last + delay - self._clock()
            if remaining > 0:
                self._sleep(remaining)
        self._last[host] = self._clock()

    def done(self, host: str) -> None:
        """Record the end of a request: the delay counts from the answer, not the question."""
        self._last[host] = self._clock()

    def push_back(self, host: str) -> None:
        """The host answered 403 or 429."""
        self._pushback[host] += 1

    def paused(self, host: str) -> bool:
        """Whether the host pushed back too often to be asked again in this crawl."""
        return self._pushback[host] >= PUSHBACK_LIMIT
