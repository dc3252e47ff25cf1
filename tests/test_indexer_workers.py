"""Parallel index builds: the worker pool gives the index one process gives, and survives kills."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from indexfixtures import DOCS, Doc, make_config, save_doc
from whoosh import index as whoosh_index
from whoosh.index import LockError

from coi.config import Config
from coi.models import SearchRequest
from coi.store import Store, open_store
from indexer.build import open_or_create, read_state, update_index
from indexer.engine.workers import POLL_SECONDS, SPOOL, PooledWriter, WorkerError, WorkerPool
from indexer.search import SearchEngine

HERE = Path(__file__).resolve().parent
COPIES = 60
"""Copies of each fixture document: 360 documents, enough for the pool (200 or more)."""


def many_docs() -> tuple[Doc, ...]:
    """Distinct documents (a tail of their own, so none is a near-duplicate of another)."""
    words = [
        "archive",
        "border",
        "court",
        "decree",
        "exile",
        "harbour",
        "island",
        "ledger",
        "market",
        "notary",
        "orbit",
    ]
    shuffle = random.Random(7).sample
    return tuple(
        replace(
            doc,
            slug=f"{doc.slug}-{n}",
            text=f"{doc.text} {' '.join(shuffle(words, len(words)) * 3)} {n}.",
            published=date(2000 + n % 25, 1, 1),
        )
        for n in range(COPIES)
        for doc in DOCS
    )


def fill(store: Store, docs: tuple[Doc, ...]) -> None:
    for n, doc in enumerate(docs):
        save_doc(store, doc, day=1 + n % 28)


def every_hit(engine: SearchEngine, query: str, per_page: int) -> tuple[int, list[str]]:
    """The total and the ids of all hits, page after page, in the order shown."""
    first = engine.search(SearchRequest(query=query, per_page=per_page))
    ids = [
        hit.id
        for page in range(1, first.total // per_page + 2)
        for hit in engine.search(SearchRequest(query=query, per_page=per_page, page=page)).hits
    ]
    return first.total, ids


def answers(index_dir: Path, query: str) -> tuple[int, list[str], dict[str, dict[str, int]]]:
    """Total, hit ids (in id order: equal scores may rank in either order) and facets."""
    engine = SearchEngine(index_dir)
    try:
        total, ids = every_hit(engine, query, 100)
        return total, sorted(ids), engine.search(SearchRequest(query=query)).facets
    finally:
        engine.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Config]:
    """The same 360 documents indexed by the worker pool and by one process."""
    configs = {}
    for name, processes in (("pooled", 2), ("single", 1)):
        config = make_config(tmp_path_factory.mktemp(name), batch_size=100, processes=processes)
        with open_store(config.data_dir) as store:
            fill(store, many_docs())
            report = update_index(config, store)
        assert (report.indexed, report.total) == (len(DOCS) * COPIES, len(DOCS) * COPIES)
        configs[name] = config
    return configs


@pytest.mark.parametrize("query", ["", "refugees", "Aliyev", '"detention conditions"', "qaçqın"])
def test_a_pooled_build_answers_like_a_single_process_build(
    built: dict[str, Config], query: str
) -> None:
    assert answers(built["pooled"].index_dir, query) == answers(built["single"].index_dir, query)


@pytest.mark.parametrize("query", ["qaçqın", "refugees", "Hazara OR Курдские"])
def test_paging_through_equal_scores_shows_every_hit_once(
    built: dict[str, Config], query: str
) -> None:
    # 60 copies of each document score alike: page ends fall among equal scores.
    engine = SearchEngine(built["single"].index_dir)
    try:
        total, ids = every_hit(engine, query, 7)
    finally:
        engine.close()
    assert total > 60
    assert len(ids) == len(set(ids)) == total


def test_a_pooled_update_replaces_documents_instead_of_adding_them(tmp_path: Path) -> None:
    config = make_config(tmp_path, batch_size=100, processes=2)
    with open_store(tmp_path) as store:
        fill(store, many_docs())
        update_index(config, store)
        fill(store, tuple(replace(doc, text=f"{doc.text} Revised.") for doc in many_docs()))
        again = update_index(config, store)
    assert (again.indexed, again.total) == (len(DOCS) * COPIES, len(DOCS) * COPIES)
    assert answers(config.index_dir, "revised")[0] == len(DOCS) * COPIES


def test_a_pooled_build_killed_midway_resumes_and_leaves_no_worker_nor_job_file(
    tmp_path: Path,
) -> None:
    config = make_config(tmp_path, batch_size=50, processes=2)
    with open_store(tmp_path) as store:
        fill(store, many_docs())
    child = subprocess.Popen(
        [sys.executable, str(HERE / "index_child.py"), str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while read_state(config.index_dir) == 0:
        assert child.poll() is None, "the build ended before its first batch was seen"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    committed = read_state(config.index_dir)
    spool = config.index_dir / SPOOL
    assert spool.is_dir()  # what the killed build left: the next one clears it
    with open_store(tmp_path) as store:
        resumed = update_index(config, store)
    assert resumed.total == len(DOCS) * COPIES
    assert not spool.exists()
    assert resumed.indexed <= len(DOCS) * COPIES - committed + 50
    time.sleep(POLL_SECONDS + 1)  # a worker notices within POLL_SECONDS that its parent died
    workers = subprocess.run(
        ["pgrep", "-f", f"index_child.py {tmp_path}"], capture_output=True, text=True
    )
    assert workers.stdout.strip() == ""


@contextmanager
def pooled_writer(index_dir: Path) -> Iterator[PooledWriter]:
    """A writer on a new index whose documents go to a pool of two workers."""
    ix, _ = open_or_create(index_dir)
    pool = WorkerPool(ix, index_dir, processes=2, memory_mb=64)
    try:
        yield PooledWriter(ix, pool)
    finally:
        pool.close()
        ix.close()


def test_a_worker_failing_on_a_document_fails_the_batch_with_its_reason(tmp_path: Path) -> None:
    with pooled_writer(tmp_path) as writer:
        writer.add_document(id="a", year="not a year")
        with pytest.raises(WorkerError, match="not a year"):
            writer.commit()
    assert whoosh_index.open_dir(tmp_path).doc_count() == 0


def test_a_worker_killed_mid_batch_fails_the_batch_instead_of_hanging(tmp_path: Path) -> None:
    with pooled_writer(tmp_path) as writer:
        writer.add_document(id="a")
        for worker in multiprocessing.active_children():
            os.kill(worker.pid, signal.SIGKILL)
        with pytest.raises(WorkerError, match="died"):
            writer.commit()


def test_a_pool_clears_a_killed_builds_job_files_but_not_a_live_pools(tmp_path: Path) -> None:
    leftover = tmp_path / SPOOL / "killed.pickle"
    leftover.parent.mkdir()
    leftover.write_bytes(b"half a job")
    with pooled_writer(tmp_path) as writer:
        assert not leftover.exists()
        ix, _ = open_or_create(tmp_path)
        with pytest.raises(LockError):
            WorkerPool(ix, tmp_path, processes=1, memory_mb=64)
        writer.add_document(id="a")
        writer.commit()
    assert not (tmp_path / SPOOL).exists()
    assert whoosh_index.open_dir(tmp_path).doc_count() == 1


def test_the_workers_and_the_parent_together_keep_to_memory_mb(tmp_path: Path) -> None:
    """``indexer.memory_mb`` is shared by every process of a build, the parent's merges
    included: two workers and the parent each buffer a third of it."""
    ix, _ = open_or_create(tmp_path)
    pool = WorkerPool(ix, tmp_path, processes=2, memory_mb=300)
    try:
        assert pool.limitmb * 3 <= 300
        assert pool.limitmb == 100  # each its whole share
    finally:
        pool.close()
        ix.close()
