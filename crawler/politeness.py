"""Per-host politeness: one request at a time, a delay between two, and pauses for hosts
that push back (403/429 repeatedly), kept in the store for every worker of a crawl."""

from __future__ import annotations

import time
from collections.abc import Callable

from coi.config import CrawlerConfig
from coi.errors import FetchError
from coi.store import Store

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


class SharedHosts:
    """One worker's side of the hosts it shares with the other workers of a crawl.

    The store books a host for one worker at a time (the claim of a URL books its host; a
    redirect to another host books that one with :meth:`pace`) and says when the host is free
    again: the end of the last request plus the host's delay, whoever asked. Between the
    requests of one URL (retries, redirect hops) the worker's own :class:`HostClock` waits.
    """

    def __init__(
        self,
        store: Store,
        crawl_id: int,
        owner: str,
        settings: CrawlerConfig,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.store = store
        self.crawl_id = crawl_id
        self.owner = owner
        """The worker's name in the store's leases."""
        self.lease_seconds = settings.lease_seconds
        self._settings = settings
        self._sleep = sleep
        self._clock = HostClock(settings.delay_seconds, sleep=sleep)
        self._delays: dict[str, float] = {}
        self._held: set[str] = set()

    def claimed(self, host: str) -> None:
        """The claim of a URL booked ``host`` for this worker."""
        self._held.add(host)

    def note_delay(self, host: str, crawl_delay: float) -> None:
        """The host's robots.txt asks for ``crawl_delay`` seconds between requests."""
        known = self._delays.get(host, self._settings.delay_seconds)
        self._delays[host] = max(known, crawl_delay)

    def pace(self, host: str, crawl_delay: float) -> None:
        """Before a request to ``host``: book it if another worker may hold it, then wait.

        Raises:
            FetchError: ``host-busy``, the host stayed booked by other workers for longer than
                a URL may take (two workers each redirected to the host the other holds).
        """
        self.note_delay(host, crawl_delay)
        give_up = time.monotonic() + self._settings.deadline_seconds
        while host not in self._held:
            wait = self.store.hold_host(
                self.crawl_id, host, self.owner, lease_seconds=self.lease_seconds, now=time.time()
            )
            if not wait:
                self._held.add(host)
            elif time.monotonic() + wait > give_up:
                raise FetchError("host-busy", f"{host}: booked by other crawl workers")
            else:
                self._sleep(wait)
        self._clock.wait(host, crawl_delay)

    def done(self, host: str) -> None:
        """A request to ``host`` ended: the next one of this URL waits the delay from now."""
        self._clock.done(host)

    def release(self) -> None:
        """The URL is handled: every host it booked is free after its delay from now."""
        for host in sorted(self._held):
            self._clock.done(host)
            delay = self._delays.get(host, self._settings.delay_seconds)
            self.store.release_host(self.crawl_id, host, self.owner, delay=delay, now=time.time())
        self._held.clear()

    def push_back(self, host: str) -> None:
        """The host answered 403 or 429."""
        self.store.push_back(self.crawl_id, host)

    def paused(self, host: str) -> bool:
        """Whether the host pushed back too often to be asked again in this crawl."""
        return self.store.pushbacks(self.crawl_id, host) >= PUSHBACK_LIMIT
