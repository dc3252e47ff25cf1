"""Keeping a node's index up to date with the store as it changes (``coi index --follow``).

A search node's index is derived from the store, which several nodes may share (a PostgreSQL
server). The follower asks the store for its change sequence every ``interval`` seconds: a
one-row query, compared with the sequence the index has reached (``state.json``, a small file),
so waiting costs next to nothing. Only when the two differ does it apply the changes with
:func:`indexer.build.update_index`, which commits them in batches (of ``indexer.batch_size``
documents or :data:`BATCH_SECONDS`, whichever comes first) and records the sequence each batch
reached; a search node's searchers pick up each commit on their next query. After an
update that applied something, it asks again at once, so a steady stream of writes waits for
no interval but its first.

The index lock (``index.lock``) is held only while changes are applied, never while waiting:
a plain ``coi index``, the desk's background update or ``coi index --rebuild`` on the same data
directory takes it between two updates. While another process holds it (a rebuild, for its
whole run), the follower's update is refused after :data:`~indexer.build.LOCK_WAIT_SECONDS`
and it tries again an interval later, from wherever that process left the index (a rebuild's
swapped-in folder records its own sequence).

A failed update (the store unreachable, a connection dropped, a disk error) is logged, the store
connection closed and the update tried again with a new connection after a back-off that doubles
from :data:`FIRST_BACKOFF` to :data:`MAX_BACKOFF` seconds: the follower never exits on an error,
since whatever failed is retried from the index's recorded sequence. A stop request (SIGTERM,
SIGINT) lets the update under way commit what it has written and ends the loop. After SIGKILL,
the next run starts from the sequence the last committed batch recorded; a batch committed but
not yet recorded is applied again, and replacing a document by its id leaves one entry of it.

The index reads each document's text from the store's rows, never from the blob archive, so a
follower needs no access to the blobs at all (``coi serve`` does, for the archived originals).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from coi.config import Config
from coi.errors import IndexLockedError
from coi.store import Store
from indexer.build import IndexReport, read_state, update_index

log = logging.getLogger("coi.indexer.follow")

DEFAULT_INTERVAL = 1.0
"""Seconds between two looks at the store's change sequence when nothing changed."""
BATCH_SECONDS = 5.0
"""A batch is committed once it has been written for this long, whatever ``batch_size`` says:
a crawl's backlog of thousands of changes (minutes of indexing) shows in search as it goes."""
FIRST_BACKOFF = 1.0
"""Seconds before the first retry of a failed update; each further failure doubles it."""
MAX_BACKOFF = 60.0
"""The longest pause between two tries while the store stays unreachable."""
STOP_POLL_SECONDS = 0.1
"""How often a pause looks at the stop flag (the flag is a plain attribute, see :class:`Stop`)."""


class Stop:
    """A stop request, safe to make from a signal handler.

    A handler runs between two bytecodes of the main thread, possibly inside a lock that
    :class:`threading.Event` takes itself, so setting an Event there can deadlock: this flag is
    a plain attribute, and a pause looks at it every :data:`STOP_POLL_SECONDS`.
    """

    def __init__(self) -> None:
        self._requested = False

    def set(self) -> None:
        self._requested = True

    def is_set(self) -> bool:
        return self._requested

    def wait(self, seconds: float) -> None:
        """Pause up to ``seconds``; return early once a stop is requested."""
        deadline = time.monotonic() + seconds
        while not self._requested:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, STOP_POLL_SECONDS))


@dataclass(slots=True)
class FollowReport:
    """What one ``coi index --follow`` run did, for its last line."""

    updates: int = 0
    """Updates that applied at least one change."""
    indexed: int = 0
    removed: int = 0
    failures: int = 0
    """Updates that failed and were tried again."""
    seq: int = 0
    """The store change sequence the index had reached when the follower stopped."""

    def add(self, report: IndexReport) -> None:
        self.updates += 1 if report.indexed or report.removed else 0
        self.indexed += report.indexed
        self.removed += report.removed

    def format(self) -> str:
        """One line for the terminal."""
        return (
            f"stopped following at store change {self.seq}: {self.indexed} indexed, "
            f"{self.removed} removed in {self.updates} updates, {self.failures} failed tries"
        )


def follow(
    config: Config,
    connect: Callable[[], Store],
    stop: Stop,
    *,
    interval: float = DEFAULT_INTERVAL,
) -> FollowReport:
    """Apply the store's changes to the index at ``config.index_dir`` until ``stop`` is set.

    ``connect`` opens the store (again after a failure). The first look always runs an update,
    so an index that must be rebuilt (made by another analysis, damaged, ahead of the store) or
    does not exist yet is put in order before the follower waits for changes.
    """
    report = FollowReport()
    store: Store | None = None
    failures = 0
    settled = False
    try:
        while not stop.is_set():
            pause = interval
            try:
                if store is None:
                    store = connect()
                if not settled or store.change_seq() != read_state(config.index_dir):
                    applied = update_index(
                        config, store, stop=stop.is_set, batch_seconds=BATCH_SECONDS
                    )
                    report.add(applied)
                    settled = True
                    if applied.indexed or applied.removed:
                        log.info("%s", applied.format())
                        pause = 0.0  # more may have come meanwhile: look again at once
                if failures:
                    log.warning("index updates work again after %d failed tries", failures)
                    failures = 0
            except IndexLockedError as busy:
                log.info("%s; the follower waits its turn", busy)
            except Exception as exc:  # whatever failed is retried from the index's sequence
                failures += 1
                report.failures += 1
                pause = min(FIRST_BACKOFF * 2 ** (failures - 1), MAX_BACKOFF)
                log.warning(
                    "index update failed (%s: %s); trying again in %.0f s",
                    type(exc).__name__,
                    exc,
                    pause,
                )
                log.debug("the failure in full", exc_info=True)
                _close(store)
                store = None
            stop.wait(pause)
    finally:
        _close(store)
    report.seq = read_state(config.index_dir)
    return report


def _close(store: Store | None) -> None:
    """Close a store connection that may already be broken (its error is of no use then)."""
    if store is None:
        return
    try:
        store.close()
    except Exception:  # a dropped connection may fail to close: it is gone anyway
        log.debug("closing the store failed", exc_info=True)
