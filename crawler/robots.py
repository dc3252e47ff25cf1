"""robots.txt, parsed by Protego (Scrapy's maintained parser: wildcards, Crawl-delay, Sitemap).

One robots.txt per host per crawl. A robots.txt that is missing (4xx) allows everything; one
that cannot be fetched (5xx, timeout) forbids the host for this crawl, as Google and Scrapy do,
since we cannot know what the site asked for.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from protego import Protego

from coi.errors import FetchError
from crawler.fetch import Fetcher

log = logging.getLogger("coi.crawler.robots")


class RobotsRules:
    """The robots.txt rules of the hosts a crawl visits, fetched once each."""

    def __init__(
        self,
        fetcher: Fetcher,
        user_agent: str,
        *,
        obey: bool = True,
        pace: Callable[[str], None] = lambda _: None,
        done: Callable[[str], None] = lambda _: None,
    ) -> None:
        """``pace`` and ``done`` are called with the robots.txt URL before and after it is
        fetched: that request, too, waits its turn at the host, and the next waits for it."""
        self._fetcher = fetcher
        self._agent = user_agent
        self._obey = obey
        self._pace = pace
        self._done = done
        self._rules: dict[str, Protego | None] = {}

    def _for(self, url: str) -> Protego | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._rules:
            self._rules[origin] = self._load(origin)
        return self._rules[origin]

    def _load(self, origin: str) -> Protego | None:
        self._pace(f"{origin}/robots.txt")
        try:
            status, text = self._fetcher.get_text(f"{origin}/robots.txt")
        except FetchError as exc:
            log.warning("robots.txt of %s unreachable (%s): host skipped", origin, exc)
            return None
        finally:
            self._done(f"{origin}/robots.txt")
        if status >= 500:
            log.warning("robots.txt of %s answered %s: host skipped", origin, status)
            return None
        return Protego.parse(text if status < 400 else "")

    def reachable(self, url: str) -> bool:
        """Whether the host's robots.txt could be read (or robots.txt is not obeyed)."""
        return not self._obey or self._for(url) is not None

    def allowed(self, url: str) -> bool:
        """Whether our user agent may fetch ``url``."""
        if not self._obey:
            return True
        rules = self._for(url)
        return rules is not None and bool(rules.can_fetch(url, self._agent))

    def crawl_delay(self, url: str) -> float:
        """The host's Crawl-delay for us, in seconds (0 if none)."""
        rules = self._for(url) if self._obey else None
        delay = rules.crawl_delay(self._agent) if rules is not None else None
        return float(delay or 0.0)

    def sitemaps(self, url: str) -> list[str]:
        """Sitemap URLs the host's robots.txt lists."""
        rules = self._for(url)
        return list(rules.sitemaps) if rules is not None else []
