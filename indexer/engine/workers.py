"""Analysing processes kept for a whole index update, so their word caches stay warm.

Whoosh's own ``MpWriter`` starts fresh processes for every commit. Analysis caches the index
term of each word it meets (:mod:`indexer.analysis`); a fresh process starts with empty caches
and pays the stemming of the whole vocabulary again in every batch (measured: a cold batch costs
about a quarter more than a warm one). A :class:`WorkerPool` starts its processes once per
``coi index`` run; each batch is one :class:`PooledWriter` commit in which every worker writes
its own segment, exactly as ``MpWriter(multisegment=True)`` does, and the parent writes the table
of contents that makes them visible together. A batch is therefore committed whole or not at
all, which is what resuming after a kill relies on.

Job files are spooled in :data:`SPOOL` inside the index folder (Whoosh ignores names starting
with a dot), so a build killed with SIGKILL leaves them where the next pool on that index finds
and removes them, instead of an orphan folder in the system's temp. The pool holds the index's
``JOBS`` lock (an ``fcntl`` lock, released by the kernel when its process dies) while it uses
the spool, so it never clears the spool of another live build.
"""

from __future__ import annotations

import os
import pickle
import queue
import shutil
import tempfile
import traceback
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from whoosh.index import Index, LockError
from whoosh.writing import SegmentWriter

from indexer.engine.storage import CoiWriter, open_for_writing

CHUNK = 50
"""Documents per job file handed to a worker."""
FINISH = "finish"
POLL_SECONDS = 2.0
"""How often an idle worker checks that its parent is still alive."""
SPOOL = ".jobs"
"""The folder of job files, inside the index folder."""


class WorkerError(RuntimeError):
    """A worker failed while analysing or writing its segment."""


def _work(index_dir: str, indexname: str, limitmb: int, jobs: Any, results: Any) -> None:
    """A worker's loop: add the documents of each job file; on FINISH hand back the segment.

    One answer per FINISH, whatever happened: after a failure the batch's remaining jobs are
    skipped and the error is the answer, so the parent never reads a stale one next batch.
    """
    parent = os.getppid()
    writer: SegmentWriter | None = None
    error: str | None = None
    while True:
        try:
            job = jobs.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if os.getppid() != parent:
                return  # the parent was killed: nobody will commit what we write
            continue
        if job is None:
            return
        if job == FINISH:
            try:
                segment = writer._finalize_segment() if writer and error is None else None
                results.put(("error", error) if error else ("ok", segment))
            except Exception:
                results.put(("error", traceback.format_exc()))
            writer, error = None, None
            continue
        path = Path(job)
        try:
            if error is None:
                if writer is None:
                    ix = open_for_writing(Path(index_dir), indexname)
                    writer = CoiWriter(ix, _lk=False, limitmb=limitmb)
                with path.open("rb") as handle:
                    for fields in pickle.load(handle):
                        writer.add_document(**fields)
        except Exception:  # reported to the parent at FINISH, which raises it
            error = traceback.format_exc()
        finally:
            path.unlink(missing_ok=True)


class WorkerPool:
    """``processes`` analysing workers for one index; close it when the update ends.

    Raises:
        LockError: another live pool is working on this index.
    """

    def __init__(self, ix: Index, index_dir: Path, processes: int, memory_mb: int) -> None:
        context = get_context("fork")
        self._jobs = [context.Queue() for _ in range(processes)]
        self._results = context.Queue()
        self._buffer: list[dict[str, Any]] = []
        self._next = 0
        self.limitmb = max(memory_mb // (processes + 1), 32)
        """Each process's share of ``memory_mb``: the workers' and the parent's, whose merges
        run while the workers write their segments (split between the workers alone, the
        three pools of a two-worker build could hold half as much again as ``memory_mb``)."""
        self._workers = [
            context.Process(
                target=_work,
                args=(str(index_dir), ix.indexname, self.limitmb, jobs, self._results),
                daemon=True,
            )
            for jobs in self._jobs
        ]
        for worker in self._workers:
            worker.start()
        # Locked after the fork: a worker inheriting the lock would hold it after a killed
        # parent until it noticed, and the next build would find the index locked.
        self._lock = ix.lock("JOBS")
        if not self._lock.acquire():
            self._stop_workers()
            raise LockError(f"another build's workers are indexing {index_dir}")
        self._spool = index_dir / SPOOL
        shutil.rmtree(self._spool, ignore_errors=True)  # a killed build's leftovers
        self._spool.mkdir()

    def add(self, fields: dict[str, Any]) -> None:
        """Queue one document's fields; they go to a worker in chunks of :data:`CHUNK`."""
        self._buffer.append(fields)
        if len(self._buffer) >= CHUNK:
            self._send()

    def _send(self) -> None:
        handle, name = tempfile.mkstemp(dir=self._spool, suffix=".pickle")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(self._buffer, out, protocol=pickle.HIGHEST_PROTOCOL)
        self._jobs[self._next % len(self._jobs)].put(name)
        self._next += 1
        self._buffer = []

    def finish(self) -> None:
        """Ask every worker to close its segment for this batch (see :meth:`segments`)."""
        if self._buffer:
            self._send()
        for jobs in self._jobs:
            jobs.put(FINISH)

    def segments(self) -> list[Any]:
        """Wait for the segments asked for by :meth:`finish`; raises if a worker failed."""
        segments, errors = [], []
        for _ in self._jobs:
            status, value = self._next_result()
            if status == "ok":
                if value is not None:
                    segments.append(value)
            else:
                errors.append(value)
        if errors:
            raise WorkerError("an indexing worker failed:\n" + "\n".join(errors))
        return segments

    def _next_result(self) -> tuple[str, Any]:
        """A worker's answer; raises if a worker died without one (killed, out of memory)."""
        while True:
            try:
                result: tuple[str, Any] = self._results.get(timeout=POLL_SECONDS)
                return result
            except queue.Empty:
                dead = [w.exitcode for w in self._workers if not w.is_alive()]
                if dead:
                    raise WorkerError(f"an indexing worker died (exit code {dead[0]})") from None

    def close(self) -> None:
        """Stop the workers, remove their job files and let another pool have the index."""
        self._stop_workers()
        shutil.rmtree(self._spool, ignore_errors=True)
        self._lock.release()

    def _stop_workers(self) -> None:
        for jobs in self._jobs:
            jobs.put(None)
        for worker in self._workers:
            worker.join(timeout=10)
            if worker.is_alive():
                worker.kill()


class PooledWriter(CoiWriter):
    """A writer whose documents are analysed and written by a :class:`WorkerPool`.

    The parent keeps Whoosh's write lock and applies deletions (``update_document`` deletes the
    old version of a document here before handing the new one to a worker).
    """

    def __init__(self, ix: Index, pool: WorkerPool, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self._pool = pool

    def add_document(self, **fields: Any) -> None:
        self._check_state()
        self._pool.add(fields)

    def commit(self, mergetype: Any = None, optimize: bool = False, merge: bool = True) -> None:
        """Write the workers' segments and this writer's deletions in one table of contents.

        Existing segments are merged by ``mergetype`` while the workers close theirs, as
        ``MpWriter`` does, so the segment count a query visits stays low.
        """
        self._check_state()
        try:
            self._pool.finish()
            segments = self._merge_segments(mergetype, optimize, merge)
            if self._added:  # the merge wrote the merged segments' documents here
                segments.append(self._finalize_segment())
            else:
                self._close_segment()
            self._commit_toc(segments + self._pool.segments())
        finally:
            self._finish()
