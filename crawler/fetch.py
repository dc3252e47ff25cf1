"""Fetching one URL politely and defensively, with httpx.

Redirects are followed by hand so that each hop is normalised, checked against robots.txt and
scope by the caller's ``may_follow``, counted against ``max_redirects`` and checked for loops.
Bodies are streamed and abandoned as soon as they exceed ``max_bytes`` (a compressed body is
counted after decompression, so a gzip bomb stops at the cap too). Timeouts, 408, 429 and 5xx
are retried with exponential back-off, honouring ``Retry-After``. A read timeout only bounds the
wait for the next bytes, so a server trickling one byte at a time would hold a URL as long as it
likes: one overall deadline per URL (``deadline_seconds``, retries and redirects included) skips
it as ``too-slow``. A redirect to a target httpx cannot even parse (``javascript:alert(1)``) is
a ``bad-redirect``. Every failure becomes a :class:`~coi.errors.FetchError` whose ``reason`` is a
short code for the crawl log.
"""

from __future__ import annotations

import email.utils
import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from coi.clock import utc_now
from coi.config import CrawlerConfig
from coi.errors import BadContent, FetchError, TooLarge, TooManyRequests
from coi.models import Fetched
from crawler.urls import normalize_url

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
KEPT_HEADERS = ("etag", "last-modified", "content-type", "date", "content-language", "retry-after")
MAX_RETRY_AFTER = 120.0
"""A host asking us to wait longer than this is skipped for this crawl instead."""
BACKOFF_SECONDS = 1.0


class Deadline:
    """When fetching one URL must be over; waiting for the host's politeness delay is not
    counted, since that is our own choice, not the host's slowness."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def passed(self) -> bool:
        """Whether the time is up."""
        return time.monotonic() > self._end

    def remaining(self) -> float:
        """Seconds left (0 once passed)."""
        return max(self._end - time.monotonic(), 0.0)

    def pause(self, wait: Callable[[], None]) -> None:
        """Run ``wait`` with the clock stopped."""
        started = time.monotonic()
        wait()
        self._end += time.monotonic() - started


@dataclass(frozen=True, slots=True)
class NotModified:
    """A conditional request answered 304."""

    url: str


@dataclass(frozen=True, slots=True)
class Gone:
    """The URL answered 404 or 410."""

    url: str
    status: int


class Fetcher:
    """One HTTP client for a crawl: identifies itself, times out, caps sizes, retries."""

    def __init__(
        self,
        settings: CrawlerConfig,
        *,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self._sleep = sleep
        self._client = httpx.Client(
            headers={"User-Agent": settings.user_agent, "Accept-Language": "az, ru, en;q=0.8"},
            timeout=httpx.Timeout(settings.timeout_seconds),
            follow_redirects=False,
            transport=transport,
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def get_text(self, url: str, limit: int = 512_000) -> tuple[int, str]:
        """A small text resource such as robots.txt: ``(status, text)``; never raises on 4xx."""
        try:
            with self._client.stream("GET", url) as response:
                body = _read_capped(response, limit)
                return response.status_code, body.decode(response.encoding or "utf-8", "replace")
        except (httpx.HTTPError, TooLarge) as exc:
            raise FetchError("robots-unreachable", f"{url}: {exc}") from exc

    def fetch(
        self,
        url: str,
        *,
        validators: tuple[str | None, str | None] = (None, None),
        may_follow: Callable[[str], str | None] = lambda _: None,
        pace: Callable[[str], None] = lambda _: None,
    ) -> Fetched | NotModified | Gone:
        """GET ``url`` following redirects.

        Args:
            validators: stored ETag and Last-Modified, sent as a conditional request.
            may_follow: called with each redirect target; returns a skip reason (out of scope,
                robots) or None to follow it.
            pace: called before every request (first, retries, redirect hops) to keep the
                per-host delay.

        Raises:
            FetchError: with a reason code (``http-403``, ``timeout``, ``redirect-loop``, ...).
        """
        seen = [url]
        current = url
        deadline = Deadline(self.settings.deadline_seconds)
        for _ in range(self.settings.max_redirects + 1):
            response = self._get_with_retries(
                current, validators if current == url else (None, None), pace, deadline
            )
            if response.status_code in (301, 302, 303, 307, 308):
                target = normalize_url(response.headers.get("location", ""), current)
                if target is None:
                    raise FetchError("bad-redirect", f"{current}: redirect without a usable target")
                if target in seen:
                    raise FetchError("redirect-loop", f"{url}: redirect loop via {target}")
                reason = may_follow(target)
                if reason:
                    raise FetchError(reason, f"{url}: redirects to {target}")
                seen.append(target)
                current = target
                continue
            return self._outcome(current, response)
        raise FetchError("too-many-redirects", f"{url}: more than {self.settings.max_redirects}")

    def _outcome(self, url: str, response: _Response) -> Fetched | NotModified | Gone:
        if response.status_code == 304:
            return NotModified(url)
        if response.status_code in (404, 410):
            return Gone(url, response.status_code)
        if response.status_code == 429:
            raise TooManyRequests(_retry_after(response.headers), f"{url}: 429")
        if response.status_code >= 400:
            raise FetchError(f"http-{response.status_code}", f"{url}: HTTP {response.status_code}")
        if not response.body:
            raise BadContent("empty-body", f"{url}: empty body")
        content_type = response.headers.get("content-type", "")
        return Fetched(
            url=url,
            status=response.status_code,
            content_type=content_type.split(";")[0].strip().lower() or "application/octet-stream",
            body=response.body,
            retrieved=response.retrieved,
            headers={k: response.headers[k] for k in KEPT_HEADERS if k in response.headers},
            encoding=response.encoding,
        )

    def _get_with_retries(
        self,
        url: str,
        validators: tuple[str | None, str | None],
        pace: Callable[[str], None],
        deadline: Deadline,
    ) -> _Response:
        attempt = 0
        while True:
            deadline.pause(lambda: pace(url))
            if deadline.passed():
                raise FetchError("too-slow", f"{url}: over {deadline.seconds} s")
            try:
                response = self._get(url, validators, deadline)
            except FetchError as exc:
                if exc.reason != "timeout" or attempt >= self.settings.retries:
                    raise
                wait = BACKOFF_SECONDS * 2**attempt
            else:
                if response.status_code not in RETRY_STATUSES or attempt >= self.settings.retries:
                    return response
                wait = _retry_after(response.headers) or BACKOFF_SECONDS * 2**attempt
                if wait > MAX_RETRY_AFTER:
                    return response
            attempt += 1
            self._sleep(min(wait, deadline.remaining()))

    def _get(
        self, url: str, validators: tuple[str | None, str | None], deadline: Deadline
    ) -> _Response:
        etag, last_modified = validators
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.settings.max_bytes:
                    raise TooLarge(f"{url}: declares {declared} bytes")
                body = (
                    b""
                    if response.status_code >= 300
                    else _read_capped(response, self.settings.max_bytes, deadline)
                )
                return _Response(
                    status_code=response.status_code,
                    headers={k.lower(): v for k, v in response.headers.items()},
                    body=body,
                    encoding=response.charset_encoding,
                    retrieved=utc_now(),
                )
        except httpx.TimeoutException as exc:
            raise FetchError("timeout", f"{url}: timed out") from exc
        except httpx.DecodingError as exc:
            raise BadContent("bad-encoding", f"{url}: body cannot be decompressed") from exc
        except httpx.HTTPError as exc:
            raise FetchError("connection-error", f"{url}: {exc}") from exc
        except httpx.InvalidURL as exc:  # a redirect httpx cannot parse, before we see it
            raise FetchError("bad-redirect", f"{url}: {exc}") from exc


@dataclass(frozen=True, slots=True)
class _Response:
    status_code: int
    headers: dict[str, str]
    body: bytes
    encoding: str | None
    retrieved: datetime


def _read_capped(response: httpx.Response, limit: int, deadline: Deadline | None = None) -> bytes:
    """The body, abandoned past ``limit`` bytes or the ``deadline``."""
    body = io.BytesIO()  # one growing buffer: no second copy of a large body when joining
    for chunk in response.iter_bytes():
        if body.tell() + len(chunk) > limit:
            raise TooLarge(f"{response.url}: more than {limit} bytes")
        if deadline is not None and deadline.passed():
            raise FetchError("too-slow", f"{response.url}: body still arriving at the deadline")
        body.write(chunk)
    return body.getvalue()


def _retry_after(headers: dict[str, str] | httpx.Headers) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    value = headers.get("retry-after")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)
