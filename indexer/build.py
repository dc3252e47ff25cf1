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
build, a deleted segment) is rebuilt from the store, which is the truth.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm
from whoosh.index import Index, LockError
from whoosh.writing import SegmentWriter

from coi.config import Config
from coi.errors import IndexLockedError
from coi.models import Document
from coi.store import Store
from indexer.analysis import ANALYSIS_VERSION
from indexer.documents import index_fields
from indexer.engine import (
    CoiWriter,
    PooledWriter,
    WorkerPool,
    create_for_writing,
    merge_tiers,
    open_for_writing,
)
from indexer.schema import build_schema

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


def open_or_create(index_dir: Path, *, rebuild: bool = False) -> tuple[Index, bool]:
    """The index at ``index_dir``, created (or re-created) when needed; True if it is new."""
    made_by = read_analysis(index_dir)
    if made_by not in (None, ANALYSIS_VERSION):
        log.warning(
            "index at %s holds the terms of analysis %s, queries now use %s; rebuilding it "
            "from the store",
            index_dir,
            made_by,
            ANALYSIS_VERSION,
        )
        rebuild = True
    if rebuild and index_dir.exists():
        shutil.rmtree(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    if any(index_dir.glob("_MAIN_*.toc")):
        try:
            index = open_for_writing(index_dir)
        except Exception as exc:  # any failure to read it: the store can rebuild it
            log.warning("index at %s is unreadable (%s); rebuilding from the store", index_dir, exc)
            shutil.rmtree(index_dir)
            index_dir.mkdir(parents=True)
        else:
            missing = set(build_schema().names()) - set(index.schema.names())
            if not missing:
                return index, False
            # An index from before a field was added (``mentions``) cannot take documents
            # that have it, nor answer a filter on it: the store can rebuild it.
            log.warning(
                "index at %s lacks the fields %s; rebuilding from the store",
                index_dir,
                ", ".join(sorted(missing)),
            )
            shutil.rmtree(index_dir)
            index_dir.mkdir(parents=True)
    (index_dir / STATE_FILE).unlink(missing_ok=True)
    return create_for_writing(index_dir), True


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
            pool = _start_pool(ix, config, processes)
        bar = tqdm(total=max(target - since, 0), unit="doc", disable=not progress, desc="indexing")
        indexed, removed = _write_batches(ix, store, store.changed_since(since), config, pool, bar)
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
    store: Store,
    changes: Iterator[tuple[int, Document]],
    config: Config,
    pool: WorkerPool | None,
    bar: tqdm[Any],
) -> tuple[int, int]:
    """Write the changes in commits of ``batch_size``; returns (indexed, removed).

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
            if batch.size >= config.indexer.batch_size:
                full, batch = batch, None  # committed or failed, it is no longer to cancel
                full.commit(config.index_dir, bar)
                indexed, removed = indexed + full.indexed, removed + full.removed
    except BaseException:
        if batch is not None:
            batch.writer.cancel()
        raise
    if batch is not None:
        batch.commit(config.index_dir, bar)
        indexed, removed = indexed + batch.indexed, removed + batch.removed
    return indexed, removed


class _Batch:
    """The changes of one Whoosh commit, and the store sequence number they reach."""

    def __init__(self, writer: SegmentWriter) -> None:
        self.writer = writer
        self.indexed = self.removed = self.seq = 0

    @property
    def size(self) -> int:
        return self.indexed + self.removed

    def write(self, store: Store, seq: int, document: Document) -> None:
        """Add or replace ``document``, or take it out if a curator hid it."""
        if document.hidden:
            self.writer.delete_by_term("id", document.id)
            self.removed += 1
        else:
            self.writer.update_document(**index_fields(store, document))
            self.indexed += 1
        self.seq = seq

    def commit(self, index_dir: Path, bar: tqdm[Any]) -> None:
        """Commit the batch whole, then record the sequence number it reached."""
        self.writer.commit(mergetype=merge_tiers)
        _write_state(index_dir, self.seq)
        bar.update(self.size)


def _start_pool(ix: Index, config: Config, processes: int) -> WorkerPool:
    """Worker processes for this update (raises if another build's are working on the index)."""
    try:
        return WorkerPool(ix, config.index_dir, processes, config.indexer.memory_mb)
    except LockError as exc:
        raise _locked(config) from exc


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
