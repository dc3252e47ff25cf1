"""URLs that failed for a reason nobody foresaw: recorded, retried later with back-off, then left.

A page that raises an error coi does not know (a bug, a library failing on hostile bytes) must
cost the crawl that one URL, never the crawl itself, and must not be fetched again on every
crawl forever. So the failure is kept per URL with a count: a URL that failed ``n`` times is
tried again at the crawl numbered ``2 ** (n - 1)`` after the one where it last failed (the next
crawl, then every second, fourth, eighth), and after :data:`GIVE_UP_AFTER` failures it is left
alone, each crawl logging it as given up. A success forgets the record.
"""

from __future__ import annotations

from dataclasses import dataclass

from coi.clock import utc_now
from coi.store import Store

GIVE_UP_AFTER = 5
"""Failures after which a URL is no longer fetched."""
BACKING_OFF = "backing-off"
GIVEN_UP = "given-up"


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """What is known of a URL that failed unexpectedly."""

    url: str
    failures: int
    last_crawl: int
    reason: str

    def wait_reason(self, crawl_id: int) -> str | None:
        """Why the crawl ``crawl_id`` leaves this URL alone, or None when it is due again."""
        if self.failures >= GIVE_UP_AFTER:
            return GIVEN_UP
        if crawl_id < self.last_crawl + 2 ** (self.failures - 1):
            return BACKING_OFF
        return None


def unexpected_reason(exc: BaseException) -> str:
    """The crawl-log reason of an error nobody foresaw: its type, which is what helps a fix."""
    return f"unexpected:{type(exc).__name__}"


def failure_of(store: Store, url: str) -> Failure | None:
    """The failure record of ``url``, if it has failed unexpectedly before."""
    rows = store.query(
        "SELECT url, failures, last_crawl, reason FROM url_failures WHERE url = ?", (url,)
    )
    if not rows:
        return None
    row = rows[0]
    return Failure(
        url=row["url"], failures=row["failures"], last_crawl=row["last_crawl"], reason=row["reason"]
    )


def record_failure(store: Store, crawl_id: int, url: str, source: str, reason: str) -> Failure:
    """Count one more unexpected failure of ``url`` in the crawl ``crawl_id``."""
    with store.transaction() as db:
        row = db.execute(
            """INSERT INTO url_failures (url, source, failures, last_crawl, last_failed, reason)
               VALUES (?, ?, 1, ?, ?, ?)
               ON CONFLICT(url) DO UPDATE SET failures = url_failures.failures + 1,
                 last_crawl = excluded.last_crawl, last_failed = excluded.last_failed,
                 reason = excluded.reason
               RETURNING failures""",
            (url, source, crawl_id, utc_now().isoformat(), reason),
        ).fetchone()
    return Failure(url=url, failures=int(row[0]), last_crawl=crawl_id, reason=reason)


def forget_failure(store: Store, url: str) -> None:
    """``url`` worked again: it is an ordinary URL from now on."""
    with store.transaction() as db:
        db.execute("DELETE FROM url_failures WHERE url = ?", (url,))
