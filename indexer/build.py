"""Building and updating the index from the store.

The index remembers the store's change sequence number it has reached (``state.json`` beside
the segments, replaced atomically after each committed batch), so ``coi index`` only reads the
documents changed since, and a build killed at any moment resumes from its last committed batch
without manual steps. Whoosh's writer lock is an ``fcntl`` lock, released by the kernel when its
process dies, so a crashed build cannot leave the index locked; a lock held by a live process
raises :class:`~coi.errors.IndexLockedError`. An index that cannot be opened (a half-written
first build, a deleted segment) is rebuilt from the store, which is the truth.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm
from whoosh import index as whoosh_index
from whoosh.index import Index, LockError
from whoosh.writing import SegmentWriter

from coi.config import Config
from coi.errors import IndexLockedError
from coi.models import Document
from coi.store import Store
from indexer.documents import index_fields
from indexer.merging import merge_tiers
from indexer.schema import build_schema
from indexer.workers import PooledWriter, WorkerPool

log = logging.getLogger("coi.indexer")
STATE_FILE = "state.json"
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


def _write_state(index_dir: Path, seq: int) -> None:
    temp = index_dir / f".{STATE_FILE}.tmp"
    with temp.open("w") as handle:
        json.dump({"seq": seq}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    temp.replace(index_dir / STATE_FILE)


def open_or_create(index_dir: Path, *, rebuild: bool = False) -> tuple[Index, bool]:
    """The index at ``index_dir``, created (or re-created) when needed; True if it is new."""
    if rebuild and index_dir.exists():
        shutil.rmtree(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    if any(index_dir.glob("_MAIN_*.toc")):
        try:
            return whoosh_index.open_dir(index_dir), False
        except Exception as exc:  # any failure to read it: the store can rebuild it
            log.warning("index at %s is unreadable (%s); rebuilding from the store", index_dir, exc)
            shutil.rmtree(index_dir)
            index_dir.mkdir(parents=True)
    (index_dir / STATE_FILE).unlink(missing_ok=True)
    return whoosh_index.create_in(index_dir, build_schema()), True


def update_index(
    config: Config, store: Store, *, rebuild: bool = False, progress: bool = False
) -> IndexReport:
    """Bring the index up to date with the store (see the module docstring).

    Raises:
        IndexLockedError: another live process is writing the index.
    """
    started = time.monotonic()
    ix, created = open_or_create(config.index_dir, rebuild=rebuild)
    pool: WorkerPool | None = None
    try:
        since = read_state(config.index_dir)
        target = store.change_seq()
        processes = config.indexer.processes or os.cpu_count() or 1
        if processes > 1 and target - since >= PARALLEL_MIN_CHANGES:
            pool = WorkerPool(ix, config.index_dir, processes, config.indexer.memory_mb)
        indexed = removed = 0
        bar = tqdm(total=max(target - since, 0), unit="doc", disable=not progress, desc="indexing")
        batch: list[tuple[int, Document]] = []
        for seq, document in store.changed_since(since):
            batch.append((seq, document))
            if len(batch) >= config.indexer.batch_size:
                done = _commit_batch(ix, store, batch, config, pool)
                indexed, removed = indexed + done[0], removed + done[1]
                bar.update(len(batch))
                batch = []
        if batch:
            done = _commit_batch(ix, store, batch, config, pool)
            indexed, removed = indexed + done[0], removed + done[1]
            bar.update(len(batch))
        bar.close()
        if read_state(config.index_dir) < target:
            _write_state(config.index_dir, target)
        total = ix.doc_count()
    finally:
        if pool is not None:
            pool.close()
        ix.close()
    return IndexReport(
        indexed=indexed,
        removed=removed,
        total=total,
        seconds=time.monotonic() - started,
        rebuilt=rebuild or created,
    )


def optimize_index(config: Config) -> int:
    """Merge all segments into one (fewer files for each query to visit); returns segments before.

    Searches keep working meanwhile: open searchers read the old segments' files, which stay
    readable until they close, and pick up the merged segment on their next refresh.
    """
    if not any(config.index_dir.glob("_MAIN_*.toc")):
        return 0
    ix = whoosh_index.open_dir(config.index_dir)
    try:
        before = len(ix._segments())
        writer = _writer(ix, config, None)
        writer.commit(optimize=True)
        return before
    finally:
        ix.close()


def _commit_batch(
    ix: Index,
    store: Store,
    batch: list[tuple[int, Document]],
    config: Config,
    pool: WorkerPool | None,
) -> tuple[int, int]:
    """Write one batch in one Whoosh commit, then record the sequence number it reached."""
    writer = _writer(ix, config, pool)
    indexed = removed = 0
    try:
        for _, document in batch:
            if document.hidden:
                writer.delete_by_term("id", document.id)
                removed += 1
                continue
            writer.update_document(**index_fields(store, document))
            indexed += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=merge_tiers)
    _write_state(config.index_dir, batch[-1][0])
    return indexed, removed


def _writer(ix: Index, config: Config, pool: WorkerPool | None) -> SegmentWriter:
    """A writer; with a pool, the analysing is done by its worker processes (one per core)."""
    try:
        if pool is not None:
            return PooledWriter(ix, pool, timeout=LOCK_WAIT_SECONDS, limitmb=pool.limitmb)
        return ix.writer(timeout=LOCK_WAIT_SECONDS, limitmb=config.indexer.memory_mb)
    except LockError as exc:
        raise IndexLockedError(
            f"{config.index_dir} is being written by another process; try again when it ends"
        ) from exc
