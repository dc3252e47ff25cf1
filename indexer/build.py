"""Building and updating the index from the store.

The index remembers the store's change sequence number it has reached (``state.json`` beside
the segments, replaced atomically after each committed batch), so ``coi index`` only reads the
documents changed since, and a build killed at any moment resumes from its last committed batch
without manual steps. It also records the analysis that made its terms
(:data:`~indexer.analysis.ANALYSIS_VERSION`): an index made by another is rebuilt, and so is
one that lacks a field of today's schema (:func:`~indexer.schema.build_schema`). Whoosh's
writer lock is an ``fcntl`` lock, released by the kernel when its process dies, so a crashed
build cannot leave the index locked; a lock held by a live process raises
:class:`~coi.errors.IndexLockedError`. An index that cannot be opened (a half-written first
build, a deleted segment) is rebuilt from the store, which is the truth, and so is an index
ahead of the store (the store was restored from a backup, or lost its write-ahead log).

A rebuild builds beside the live index (``index.rebuild``) and swaps the folders when it is
done, so searches keep answering from the old index meanwhile (they answered "No documents
match" for the whole 38 s of a rebuild of 4,000 documents). Every build holds the index lock
(:mod:`coi.locks`) for its whole run: a second build waits :data:`LOCK_WAIT_SECONDS` and is
then refused with a message naming the first (two rebuilds at once used to both crash and leave
an empty index).
"""

from __future__ import annotations

import gc
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm
from whoosh.index import Index, LockError
from whoosh.writing import NO_MERGE, SegmentWriter

from coi.config import Config
from coi.errors import IndexLockedError
from coi.locks import exclusive
from coi.models import Document
from coi.private_files import private_dir
from coi.store import Store
from indexer.analysis import ANALYSIS_VERSION, load_dictionaries
from indexer.documents import index_fields
from indexer.engine import (
    CoiWriter,
    PooledWriter,
    WorkerPool,
    create_for_writing,
    index_damage,
    merge_tiers,
    open_for_writing,
)
from indexer.schema import build_schema

log = logging.getLogger("coi.indexer")
STATE_FILE = "state.json"
BUILD = "an index build (`coi index`)"
"""What the index lock's refusal says is running."""
REBUILD_SUFFIX = ".rebuild"
"""A rebuild's folder is the index's name with this suffix, beside it."""
LOCK_WAIT_SECONDS = 5.0
PARALLEL_MIN_CHANGES = 200
"""Smaller updates (an incremental one) are written by one process: starting workers costs more."""


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexReport:
    """What one ``coi index`` run did."""

    indexed: int
    """Documents added or replaced."""
    removed: int
    """Documents taken out (hidden by a curator)."""
    total: int
    """Documents in the index afterwards."""
    seconds: float
    rebuilt: bool

    def format(self) -> str:
        """One line for the terminal."""
        how = "rebuilt" if self.rebuilt else "updated"
        return (
            f"index {how}: {self.indexed} indexed, {self.removed} removed, "
            f"{self.total} documents in the index ({self.seconds:.1f} s)"
        )


def read_state(index_dir: Path) -> int:
    """The store change sequence the index has reached (0 for a new index)."""
    try:
        return int(json.loads((index_dir / STATE_FILE).read_text())["seq"])
    except (FileNotFoundError, ValueError, KeyError):
        return 0


def read_analysis(index_dir: Path) -> int | None:
    """The :data:`~indexer.analysis.ANALYSIS_VERSION` that made the index's terms (1 for an
    index from before versions were recorded; None when it has committed nothing yet)."""
    try:
        return int(json.loads((index_dir / STATE_FILE).read_text()).get("analysis", 1))
    except (FileNotFoundError, ValueError, AttributeError):
        return None


def _write_state(index_dir: Path, seq: int) -> None:
    temp = index_dir / f".{STATE_FILE}.tmp"
    with temp.open("w") as handle:
        json.dump({"seq": seq, "analysis": ANALYSIS_VERSION}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    temp.replace(index_dir / STATE_FILE)


def rebuild_reason(index_dir: Path, store_seq: int) -> str | None:
    """Why the index at ``index_dir`` must be rebuilt from the store, or None if it need not.

    ``store_seq`` is the store's change sequence: an index that has reached a higher one was
    made from a store that is no longer there (restored from a backup, its write-ahead log
    lost), so it holds documents the store lacks and misses ones it has.
    """
    if not any(index_dir.glob("_MAIN_*.toc")):
        return None  # nothing to rebuild: a first build
    made_by = read_analysis(index_dir)
    if made_by not in (None, ANALYSIS_VERSION):
        return f"it holds the terms of analysis {made_by}, queries now use {ANALYSIS_VERSION}"
    damage = index_damage(index_dir)
    if damage is not None:
        return f"it is damaged ({damage})"
    missing = _missing_fields(index_dir)
    if missing:
        # An index from before a field was added (``mentions``) cannot take documents that
        # have it, nor answer a filter on it.
        return f"it lacks the fields {', '.join(sorted(missing))}"
    reached = read_state(index_dir)
    if reached > store_seq:
        return (
            f"it is ahead of the store (change {reached} against {store_seq}): the store was "
            "restored or lost writes"
        )
    return None


def _missing_fields(index_dir: Path) -> set[str]:
    """The fields of today's schema that the index at ``index_dir`` was made without."""
    index = open_for_writing(index_dir)
    try:
        return set(build_schema().names()) - set(index.schema.names())
    finally:
        index.close()


def open_or_create(index_dir: Path) -> tuple[Index, bool]:
    """The index at ``index_dir``, created when there is none yet; True if it is new."""
    private_dir(index_dir)
    if any(index_dir.glob("_MAIN_*.toc")):
        return open_for_writing(index_dir), False
    (index_dir / STATE_FILE).unlink(missing_ok=True)
    return create_for_writing(index_dir), True


def lock_path(index_dir: Path) -> Path:
    """The lock every build of the index at ``index_dir`` holds (beside it, kept across swaps)."""
    return index_dir.with_name(index_dir.name + ".lock")


def update_index(
    config: Config,
    store: Store,
    *,
    rebuild: bool = False,
    progress: bool = False,
    stop: Callable[[], bool] = lambda: False,
    batch_seconds: float | None = None,
) -> IndexReport:
    """Bring the index up to date with the store (see the module docstring).

    ``stop`` is asked after each document: once it says True, what was written so far is
    committed and the update ends (``coi index --follow`` on SIGTERM), to resume from there
    next time. A rebuild stopped so is not swapped in: the live index stays as it was.
    ``batch_seconds`` also commits a batch once it has been written for that long, however
    few its documents, so that a long update shows its first documents early.

    Raises:
        IndexLockedError: another live process is writing the index.
    """
    started = time.monotonic()
    live = config.index_dir
    limits = _Limits(stop, batch_seconds)
    with exclusive(lock_path(live), BUILD, wait=LOCK_WAIT_SECONDS, error=IndexLockedError):
        reason = "asked" if rebuild else rebuild_reason(live, store.change_seq())
        if reason is None:
            indexed, removed, total, created = _build(live, config, store, progress, limits)
        else:
            if reason != "asked":
                log.warning("rebuilding the index at %s from the store: %s", live, reason)
            side = live.with_name(live.name + REBUILD_SUFFIX)
            shutil.rmtree(side, ignore_errors=True)  # a rebuild killed earlier: start over
            indexed, removed, total, created = _build(side, config, store, progress, limits)
            if limits.stop():
                log.warning("rebuild stopped before its end: the index at %s is unchanged", live)
                shutil.rmtree(side, ignore_errors=True)  # the next rebuild starts over anyway
            else:
                swap_in(side, live)
    return IndexReport(
        indexed=indexed,
        removed=removed,
        total=total,
        seconds=time.monotonic() - started,
        rebuilt=reason is not None or created,
    )


@dataclass(frozen=True, slots=True)
class _Limits:
    """When an update stops early, and when it commits a batch before ``batch_size``."""

    stop: Callable[[], bool]
    batch_seconds: float | None


def _build(
    index_dir: Path, config: Config, store: Store, progress: bool, limits: _Limits
) -> tuple[int, int, int, bool]:
    """Write the store's changes since the index at ``index_dir`` last reached into it.

    Returns (indexed, removed, documents in the index, whether the index was new).
    """
    ix, created = open_or_create(index_dir)
    pool: WorkerPool | None = None
    try:
        since = read_state(index_dir)
        target = store.change_seq()
        processes = config.indexer.processes or os.cpu_count() or 1
        if processes > 1 and target - since >= PARALLEL_MIN_CHANGES:
            pool = _start_pool(ix, index_dir, config, processes)
        bar = tqdm(total=max(target - since, 0), unit="doc", disable=not progress, desc="indexing")
        changes = store.changed_since(since)
        indexed, removed = _write_batches(ix, index_dir, store, changes, config, pool, bar, limits)
        bar.close()
        if not limits.stop() and read_state(index_dir) < target:
            _write_state(index_dir, target)
        return indexed, removed, ix.doc_count(), created
    finally:
        if pool is not None:
            pool.close()
        ix.close()


def swap_in(side: Path, live: Path) -> None:
    """Put the finished index at ``side`` in the place of the one at ``live``.

    Two renames: a search opening the index in the microseconds between them finds none and
    keeps the searcher it has (:class:`~indexer.search.SearchEngine`); searchers still open on
    the old index go on reading its files, which stay readable until they close them.
    """
    old = live.with_name(f"{live.name}.old-{os.getpid()}")
    if live.exists():
        live.rename(old)
    side.rename(live)
    for left in live.parent.glob(f"{live.name}.old-*"):  # this one, and any a crash left
        shutil.rmtree(left, ignore_errors=True)


def optimize_index(config: Config) -> int:
    """Merge all segments into one (fewer files for each query to visit); returns segments before.

    Searches keep working meanwhile: open searchers read the old segments' files, which stay
    readable until they close, and pick up the merged segment on their next refresh.
    """
    if not any(config.index_dir.glob("_MAIN_*.toc")):
        return 0
    with exclusive(
        lock_path(config.index_dir), BUILD, wait=LOCK_WAIT_SECONDS, error=IndexLockedError
    ):
        ix = open_for_writing(config.index_dir)
        try:
            before = len(ix._segments())
            writer = _writer(ix, config, None)
            writer.commit(optimize=True)
            return before
        finally:
            ix.close()


def _write_batches(
    ix: Index,
    index_dir: Path,
    store: Store,
    changes: Iterator[tuple[int, Document]],
    config: Config,
    pool: WorkerPool | None,
    bar: tqdm[Any],
    limits: _Limits,
) -> tuple[int, int]:
    """Write the changes in commits of ``batch_size`` (or of ``limits.batch_seconds``) until
    they end or ``limits.stop`` says so; returns (indexed, removed).

    Each document goes to the writer as soon as it is read and is then dropped: holding a
    batch's documents until its commit kept about 70 MB in the parent for a batch of 1,000
    documents of 3,000 words (traced: 43 MB of text, 29 MB of the UTF-8 copies that pickling
    for the workers caches on each string).
    """
    indexed = removed = 0
    batch: _Batch | None = None
    try:
        for seq, document in changes:
            if batch is None:
                batch = _Batch(_writer(ix, config, pool))
            batch.write(store, seq, document)
            if batch.size >= config.indexer.batch_size or batch.older_than(limits.batch_seconds):
                full, batch = batch, None  # committed or failed, it is no longer to cancel
                full.commit(index_dir, bar)
                indexed, removed = indexed + full.indexed, removed + full.removed
            if limits.stop():
                break
    except BaseException:
        if batch is not None:
            batch.writer.cancel()
        raise
    if batch is not None:
        batch.commit(index_dir, bar, merge=not limits.stop())
        indexed, removed = indexed + batch.indexed, removed + batch.removed
    return indexed, removed


class _Batch:
    """The changes of one Whoosh commit, and the store sequence number they reach."""

    def __init__(self, writer: SegmentWriter) -> None:
        self.writer = writer
        self.indexed = self.removed = self.seq = 0
        self.started = time.monotonic()

    @property
    def size(self) -> int:
        return self.indexed + self.removed

    def older_than(self, seconds: float | None) -> bool:
        """Whether the batch has been written for more than ``seconds`` (never, for None)."""
        return seconds is not None and time.monotonic() - self.started >= seconds

    def write(self, store: Store, seq: int, document: Document) -> None:
        """Add or replace ``document``, or take it out if a curator hid it."""
        if document.hidden:
            self.writer.delete_by_term("id", document.id)
            self.removed += 1
        else:
            self.writer.update_document(**index_fields(store, document))
            self.indexed += 1
        self.seq = seq

    def commit(self, index_dir: Path, bar: tqdm[Any], *, merge: bool = True) -> None:
        """Commit the batch whole, then record the sequence number it reached.

        Without ``merge`` no segments are merged: a stop request is answered in the time of a
        commit, not of a merge of up to 5,000 documents (tens of seconds in bench/follow.py).
        """
        self.writer.commit(mergetype=merge_tiers if merge else NO_MERGE)
        _write_state(index_dir, self.seq)
        bar.update(self.size)


def _start_pool(ix: Index, index_dir: Path, config: Config, processes: int) -> WorkerPool:
    """Worker processes for this update (raises if another build's are working on the index).

    The dictionaries are loaded first, and the garbage collector is told to leave every object
    alive at the fork alone (``gc.freeze``), so the workers share those pages with the parent
    rather than copy them as they run.
    """
    load_dictionaries()
    gc.freeze()
    try:
        return WorkerPool(ix, index_dir, processes, config.indexer.memory_mb)
    except LockError as exc:
        raise _locked(config) from exc
    finally:
        gc.unfreeze()


def _locked(config: Config) -> IndexLockedError:
    return IndexLockedError(
        f"{config.index_dir} is being written by another process; try again when it ends"
    )


def _writer(ix: Index, config: Config, pool: WorkerPool | None) -> SegmentWriter:
    """A writer; with a pool, the analysing is done by its worker processes (one per core)."""
    try:
        if pool is not None:
            return PooledWriter(ix, pool, timeout=LOCK_WAIT_SECONDS, limitmb=pool.limitmb)
        return CoiWriter(ix, timeout=LOCK_WAIT_SECONDS, limitmb=config.indexer.memory_mb)
    except LockError as exc:
        raise _locked(config) from exc
