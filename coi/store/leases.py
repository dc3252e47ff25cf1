"""Leases on a shared crawl: which worker fetches which URL, asks which host, seeds which source.

Several crawl workers (processes on one machine or several) share one crawl through the store.
A worker *claims* the next URL in one transaction: it picks a host that is free now (no other
worker holds it and its delay since the last request has passed), takes that host's oldest
waiting URL, and holds both until it releases them or its lease expires. So no URL is fetched by
two live workers, one request at a time goes to each host across all workers, and the delay
counts from the end of the previous request to the host, whoever made it. A killed worker's
leases expire (or are ended at once by a worker on its machine that sees it dead) and its URLs
are claimed again. Times are epoch seconds passed in by the caller (workers on several
machines need synchronised clocks, as any lease does).

On SQLite the claim runs under the database's write lock (``BEGIN IMMEDIATE``); on PostgreSQL
the host row and the URL row are taken with ``FOR UPDATE SKIP LOCKED``, so concurrent claims
pass each other instead of waiting.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from coi.database import Db
from coi.store.frontier import FrontierEntry, FrontierStore

POLL_SECONDS = 0.1
"""How long a worker waits before asking again when other workers hold what is left."""
MAX_WAIT_SECONDS = 1.0
"""The longest a worker sleeps before asking again (a URL may be added meanwhile)."""

CLAIMABLE = "(f.state = 'pending' OR (f.state = 'leased' AND f.lease_until < ?))"
"""A frontier row waiting, or leased by a worker whose lease expired (a ``?``: now)."""
HOST_FREE = "h.free_at <= ? AND (h.holder IS NULL OR h.held_until < ?)"
"""A host no worker holds and whose delay has passed (``?``, ``?``: now, now)."""


@dataclass(frozen=True, slots=True)
class Wait:
    """Nothing may be claimed now, but work is left: ask again after ``seconds``."""

    seconds: float


class LeaseStore(FrontierStore):
    """Claims and releases of frontier URLs, hosts and seeding across crawl workers."""

    def claim_next(
        self,
        crawl_id: int,
        owner: str,
        budgets: Mapping[str, int],
        *,
        lease_seconds: float,
        now: float,
    ) -> FrontierEntry | Wait | None:
        """Lease the next URL of a free host among the sources of ``budgets`` (source → page
        budget); a :class:`Wait` when every host with URLs waiting is busy; None when nothing
        is left for these sources (all done, or their budgets spent)."""
        lock = " FOR UPDATE OF h SKIP LOCKED" if self.dialect == "postgresql" else ""
        with self.transaction() as db:
            used = self._used(db, crawl_id, now)
            sources = sorted(s for s, budget in budgets.items() if used[s] < budget)
            if not sources or _finished(db, crawl_id):
                return None
            marks = ", ".join("?" * len(sources))
            waiting = f"""EXISTS (SELECT 1 FROM frontier f WHERE f.crawl_id = h.crawl_id
                          AND f.host = h.host AND f.source IN ({marks}) AND {CLAIMABLE})"""
            host = db.execute(
                f"""SELECT h.host FROM crawl_hosts h WHERE h.crawl_id = ? AND {HOST_FREE}
                    AND {waiting} ORDER BY h.free_at, h.host LIMIT 1{lock}""",
                (crawl_id, now, now, *sources, now),
            ).fetchone()
            if host is None:
                return self._wait(db, crawl_id, sources, now)
            return self._lease(db, crawl_id, host["host"], sources, owner, now + lease_seconds, now)

    def _lease(
        self,
        db: Db,
        crawl_id: int,
        host: str,
        sources: list[str],
        owner: str,
        until: float,
        now: float,
    ) -> FrontierEntry | Wait:
        lock = " FOR UPDATE SKIP LOCKED" if self.dialect == "postgresql" else ""
        marks = ", ".join("?" * len(sources))
        row = db.execute(
            f"""SELECT f.url, f.source, f.depth FROM frontier f
                WHERE f.crawl_id = ? AND f.host = ? AND f.source IN ({marks}) AND {CLAIMABLE}
                ORDER BY f.added LIMIT 1{lock}""",
            (crawl_id, host, *sources, now),
        ).fetchone()
        if row is None:  # PostgreSQL: another worker is leasing the host's last URL right now
            return Wait(POLL_SECONDS)
        db.execute(
            """UPDATE frontier SET state = 'leased', lease_owner = ?, lease_until = ?
               WHERE crawl_id = ? AND url = ?""",
            (owner, until, crawl_id, row["url"]),
        )
        db.execute(
            "UPDATE crawl_hosts SET holder = ?, held_until = ? WHERE crawl_id = ? AND host = ?",
            (owner, until, crawl_id, host),
        )
        return FrontierEntry(url=row["url"], source=row["source"], depth=row["depth"])

    def _used(self, db: Db, crawl_id: int, now: float) -> Counter[str]:
        """Per source: URLs handled or held by a live lease (what counts against a budget)."""
        rows = db.execute(
            """SELECT source, SUM(CASE WHEN state IN ('done', 'failed')
                                       OR (state = 'leased' AND lease_until >= ?)
                                  THEN 1 ELSE 0 END) AS n
               FROM frontier WHERE crawl_id = ? GROUP BY source""",
            (now, crawl_id),
        ).fetchall()
        return Counter({row["source"]: int(row["n"]) for row in rows})

    def _wait(self, db: Db, crawl_id: int, sources: list[str], now: float) -> Wait | None:
        """How long to wait for a host to come free, or None when no work is left at all."""
        marks = ", ".join("?" * len(sources))
        left = db.execute(
            f"""SELECT
                  (SELECT COUNT(*) FROM frontier WHERE crawl_id = ? AND source IN ({marks})
                   AND state IN ('pending', 'leased'))
                + (SELECT COUNT(*) FROM crawl_seeds WHERE crawl_id = ? AND source IN ({marks})
                   AND seeded = 0 AND held_until >= ?) AS n""",
            (crawl_id, *sources, crawl_id, *sources, now),
        ).fetchone()["n"]
        if not left:
            return None
        soonest = db.execute(
            f"""SELECT MIN(h.free_at) AS t FROM crawl_hosts h WHERE h.crawl_id = ?
                AND (h.holder IS NULL OR h.held_until < ?)
                AND EXISTS (SELECT 1 FROM frontier f WHERE f.crawl_id = h.crawl_id
                            AND f.host = h.host AND f.source IN ({marks}) AND {CLAIMABLE})""",
            (crawl_id, now, *sources, now),
        ).fetchone()["t"]
        if soonest is None:  # the hosts left are held by other workers
            return Wait(POLL_SECONDS)
        return Wait(min(max(float(soonest) - now, 0.0), MAX_WAIT_SECONDS))

    def hold_host(
        self, crawl_id: int, host: str, owner: str, *, lease_seconds: float, now: float
    ) -> float:
        """Take ``host`` for one request (a redirect to another host): 0 when taken, else the
        seconds to wait before asking again."""
        lock = " FOR UPDATE" if self.dialect == "postgresql" else ""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO crawl_hosts (crawl_id, host) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (crawl_id, host),
            )
            row = db.execute(
                f"""SELECT free_at, holder, held_until FROM crawl_hosts
                    WHERE crawl_id = ? AND host = ?{lock}""",
                (crawl_id, host),
            ).fetchone()
            held = row["holder"] not in (None, owner) and row["held_until"] >= now
            if held or row["free_at"] > now:
                return min(max(row["free_at"] - now, POLL_SECONDS), MAX_WAIT_SECONDS)
            db.execute(
                """UPDATE crawl_hosts SET holder = ?, held_until = ?
                   WHERE crawl_id = ? AND host = ?""",
                (owner, now + lease_seconds, crawl_id, host),
            )
            return 0.0

    def release_host(
        self, crawl_id: int, host: str, owner: str, *, delay: float, now: float
    ) -> None:
        """A request to ``host`` ended at ``now``: the next may start ``delay`` seconds later."""
        with self.transaction() as db:
            db.execute(
                """UPDATE crawl_hosts SET holder = NULL, held_until = 0, free_at = ?, delay = ?
                   WHERE crawl_id = ? AND host = ? AND (holder = ? OR holder IS NULL)""",
                (now + delay, delay, crawl_id, host, owner),
            )

    def push_back(self, crawl_id: int, host: str) -> None:
        """The host answered 403 or 429 (counted for all workers of the crawl)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE crawl_hosts SET pushbacks = pushbacks + 1 WHERE crawl_id = ? AND host = ?",
                (crawl_id, host),
            )

    def pushbacks(self, crawl_id: int, host: str) -> int:
        """How often the host pushed back in this crawl."""
        row = self._db.execute(
            "SELECT pushbacks FROM crawl_hosts WHERE crawl_id = ? AND host = ?", (crawl_id, host)
        ).fetchone()
        return int(row["pushbacks"]) if row else 0

    def claim_seeding(
        self, crawl_id: int, source: str, owner: str, *, lease_seconds: float, now: float
    ) -> bool:
        """Whether this worker is to seed ``source`` (start URLs, sitemaps) in this crawl: the
        first to ask, or the next after a seeder died before it was done."""
        until = now + lease_seconds
        with self.transaction() as db:
            if _finished(db, crawl_id):  # the other workers ended it while this one started
                return False
            cursor = db.execute(
                """INSERT INTO crawl_seeds (crawl_id, source, holder, held_until)
                   VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                (crawl_id, source, owner, until),
            )
            if cursor.rowcount > 0:
                return True
            cursor = db.execute(
                """UPDATE crawl_seeds SET holder = ?, held_until = ?
                   WHERE crawl_id = ? AND source = ? AND seeded = 0 AND held_until < ?""",
                (owner, until, crawl_id, source, now),
            )
            return cursor.rowcount > 0

    def seeded(self, crawl_id: int, source: str) -> None:
        """The source's start points are all in the frontier."""
        with self.transaction() as db:
            db.execute(
                """UPDATE crawl_seeds SET seeded = 1, holder = NULL
                   WHERE crawl_id = ? AND source = ?""",
                (crawl_id, source),
            )

    def end_leases_of_dead(
        self, crawl_id: int, is_dead: Callable[[str], bool], *, now: float
    ) -> list[str]:
        """End at once the live-looking leases of workers ``is_dead`` knows died (a worker on
        the same machine whose process is gone); returns those workers."""
        with self.transaction() as db:
            owners = {
                row["o"]
                for row in db.execute(
                    """SELECT lease_owner AS o FROM frontier
                       WHERE crawl_id = ? AND state = 'leased' AND lease_until >= ?
                       UNION SELECT holder FROM crawl_hosts
                       WHERE crawl_id = ? AND holder IS NOT NULL AND held_until >= ?
                       UNION SELECT holder FROM crawl_seeds
                       WHERE crawl_id = ? AND holder IS NOT NULL AND held_until >= ?""",
                    (crawl_id, now, crawl_id, now, crawl_id, now),
                )
            }
            dead = sorted(owner for owner in owners if is_dead(owner))
            for owner in dead:
                db.execute(
                    "UPDATE frontier SET lease_until = 0 WHERE crawl_id = ? AND lease_owner = ?",
                    (crawl_id, owner),
                )
                # its request may have been under way: the host rests its delay from now
                db.execute(
                    """UPDATE crawl_hosts SET holder = NULL, held_until = 0,
                       free_at = CASE WHEN free_at > ? + delay THEN free_at ELSE ? + delay END
                       WHERE crawl_id = ? AND holder = ?""",
                    (now, now, crawl_id, owner),
                )
                db.execute(
                    "UPDATE crawl_seeds SET held_until = 0 WHERE crawl_id = ? AND holder = ?",
                    (crawl_id, owner),
                )
            return dead

    def finish_if_drained(self, crawl_id: int, spent: Collection[str], *, now: float) -> bool:
        """Close the crawl when no work is left for any worker: no live lease, no seeding under
        way, and no URL waiting except of the ``spent`` sources (budget reached). Returns
        whether it closed (another worker may have closed it already: then False)."""
        excluded = sorted(spent)
        waiting = f"source NOT IN ({', '.join('?' * len(excluded))})" if excluded else "1 = 1"
        with self.transaction() as db:
            left = db.execute(
                f"""SELECT
                      (SELECT COUNT(*) FROM frontier WHERE crawl_id = ?
                       AND ((state = 'leased' AND lease_until >= ?)
                            OR (state IN ('pending', 'leased') AND {waiting})))
                    + (SELECT COUNT(*) FROM crawl_seeds WHERE crawl_id = ?
                       AND seeded = 0 AND held_until >= ?)
                    + (SELECT COUNT(*) FROM crawls WHERE id = ? AND finished IS NOT NULL) AS n""",
                (crawl_id, now, *excluded, crawl_id, now, crawl_id),
            ).fetchone()["n"]
            if left:
                return False
            self._finish(db, crawl_id)
            return True

    def spent_sources(self, crawl_id: int, budgets: Mapping[str, int], *, now: float) -> set[str]:
        """The sources of ``budgets`` whose page budget this crawl has used up."""
        used = self._used(self._db, crawl_id, now)
        return {source for source, budget in budgets.items() if used[source] >= budget}


def _finished(db: Db, crawl_id: int) -> bool:
    """Whether the crawl was closed (a worker joining it as it ended has nothing to do)."""
    row = db.execute("SELECT finished FROM crawls WHERE id = ?", (crawl_id,)).fetchone()
    return row is None or row["finished"] is not None
