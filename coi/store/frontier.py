"""Crawls, the persistent crawl frontier and the crawl log: what makes a crawl resumable."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from coi.clock import utc_now
from coi.database import Db
from coi.store.base import StoreBase, parse_datetime, required_datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class FrontierEntry:
    """A URL waiting in the crawl frontier."""

    url: str
    source: str
    depth: int

    @property
    def host(self) -> str:
        """``host[:port]``: the unit of politeness (as :func:`crawler.urls.host_of` says)."""
        return urlsplit(self.url).netloc


class FrontierStore(StoreBase):
    """Crawls, their frontier of URLs and their log of events."""

    def begin_crawl(self) -> tuple[int, bool]:
        """Join the unfinished crawl if there is one (resumed, or run by other workers), else
        start a new one. At most one crawl is open (a unique index), so two processes starting
        at once end up in the same crawl.

        Returns:
            ``(crawl_id, resumed)``.
        """
        with self.transaction() as db:
            row = db.execute(
                "SELECT id FROM crawls WHERE finished IS NULL ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if row:
                return int(row["id"]), True
            row = db.execute(
                "INSERT INTO crawls (started) VALUES (?) ON CONFLICT DO NOTHING RETURNING id",
                (utc_now().isoformat(),),
            ).fetchone()
            if row is None:  # another process opened one since our SELECT (PostgreSQL)
                row = db.execute("SELECT id FROM crawls WHERE finished IS NULL").fetchone()
                return int(row["id"]), True
            return int(row["id"]), False

    def finish_crawl(self, crawl_id: int) -> None:
        """Close a crawl; its frontier, hosts and seeds are dropped, its log kept."""
        with self.transaction() as db:
            self._finish(db, crawl_id)

    def _finish(self, db: Db, crawl_id: int) -> None:
        db.execute("UPDATE crawls SET finished = ? WHERE id = ?", (utc_now().isoformat(), crawl_id))
        for table in ("frontier", "crawl_hosts", "crawl_seeds"):
            db.execute(f"DELETE FROM {table} WHERE crawl_id = ?", (crawl_id,))

    def frontier_add(self, crawl_id: int, entry: FrontierEntry) -> bool:
        """Queue a URL for this crawl; False if it was already queued or done."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO crawl_hosts (crawl_id, host) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (crawl_id, entry.host),
            )
            cursor = db.execute(
                """INSERT INTO frontier (crawl_id, url, source, depth, host, added)
                   VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(added), 0) + 1 FROM frontier
                                           WHERE crawl_id = ?))
                   ON CONFLICT DO NOTHING""",
                (crawl_id, entry.url, entry.source, entry.depth, entry.host, crawl_id),
            )
            return cursor.rowcount > 0

    def frontier_pending(self, crawl_id: int, source: str) -> list[FrontierEntry]:
        """The URLs of ``source`` still to fetch in this crawl, oldest first."""
        rows = self._db.execute(
            """SELECT url, source, depth FROM frontier
               WHERE crawl_id = ? AND source = ? AND state = 'pending' ORDER BY added""",
            (crawl_id, source),
        ).fetchall()
        return [FrontierEntry(url=r["url"], source=r["source"], depth=r["depth"]) for r in rows]

    def frontier_done(self, crawl_id: int, url: str, state: str = "done") -> None:
        """Mark a frontier URL handled (``done``) or given up (``failed``); its lease ends."""
        with self.transaction() as db:
            db.execute(
                """UPDATE frontier SET state = ?, lease_owner = NULL, lease_until = NULL
                   WHERE crawl_id = ? AND url = ?""",
                (state, crawl_id, url),
            )

    def log(
        self,
        crawl_id: int | None,
        *,
        source: str,
        url: str,
        event: str,
        reason: str = "",
        http_status: int | None = None,
    ) -> None:
        """Append to the crawl log (new, changed, unchanged, not-modified, gone, skipped)."""
        with self.transaction() as db:
            db.execute(
                """INSERT INTO crawl_log (crawl_id, time, source, url, event, reason, http_status)
                   VALUES (?, ?, ?, ?, ?, ?, ?)""",
                (crawl_id, utc_now().isoformat(), source, url, event, reason, http_status),
            )

    def crawl_summary(self, crawl_id: int) -> dict[str, Counter[str]]:
        """Per source: counts of each event, and of each skip as ``skipped:<reason>``."""
        rows = self._db.execute(
            """SELECT source, event, reason, COUNT(*) AS n FROM crawl_log WHERE crawl_id = ?
               GROUP BY source, event, reason""",
            (crawl_id,),
        ).fetchall()
        summary: dict[str, Counter[str]] = {}
        for row in rows:
            counts = summary.setdefault(row["source"], Counter())
            counts[row["event"]] += row["n"]
            if row["reason"]:
                counts[f"{row['event']}:{row['reason']}"] += row["n"]
        return summary

    def last_crawl(self) -> tuple[int, datetime, datetime | None] | None:
        """The newest crawl: ``(id, started, finished)``; ``finished`` is None while it runs."""
        row = self._db.execute("SELECT * FROM crawls ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        return int(row["id"]), required_datetime(row["started"]), parse_datetime(row["finished"])
