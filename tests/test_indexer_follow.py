"""``coi index --follow``: a node's index follows the store, stops cleanly, survives a kill."""

from __future__ import annotations

import logging
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from indexfixtures import DOCS, Doc, fill, id_of, make_config, save_doc
from whoosh import index as whoosh_index

import indexer.follow
from coi.cli import cli
from coi.curation import corrections
from coi.errors import StoreError
from coi.models import SearchRequest
from coi.store import Store, open_store
from indexer.build import read_state, update_index
from indexer.follow import FollowReport, Stop, follow
from indexer.search import search

DEADLINE = 60.0
"""Seconds a test waits for what the follower should do within a few (the machine is shared)."""
VOCABULARY = """
border asylum passport detention court prison journalist election protest minority church mosque
police army refugee visa registration deportation torture hospital school village city river
mountain winter summer harvest factory bank market newspaper radio lawyer judge witness officer
soldier teacher doctor farmer student worker
"""


def hit_ids(data_dir: Path, query: str = "") -> list[str]:
    """The ids of every hit, page after page (an id listed twice is listed twice)."""
    found: list[str] = []
    for page in range(1, 100):
        request = SearchRequest(query=query, page=page, per_page=100, expand=False)
        result = search(data_dir / "index", request)
        found += [hit.id for hit in result.hits]
        if len(found) >= result.total or not result.hits:
            return found
    raise AssertionError("more than 100 pages")


def wait_for(what: str, check: Callable[[], bool]) -> float:
    """Seconds until ``check`` holds; fails after :data:`DEADLINE`."""
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > DEADLINE:
            raise AssertionError(f"not within {DEADLINE:.0f} s: {what}")
        time.sleep(0.05)
    return time.monotonic() - started


@pytest.fixture
def follower(tmp_path: Path) -> Iterator[Callable[[], subprocess.Popen[str]]]:
    """Start ``coi index --follow`` on ``tmp_path`` as its own process (killed if left running)."""
    started: list[subprocess.Popen[str]] = []

    def start() -> subprocess.Popen[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("COI_")}
        env |= {"COI_INDEXER_BATCH_SIZE": "5", "COI_INDEXER_PROCESSES": "1"}
        command = [sys.executable, "-m", "coi", "index", "--follow", "--interval", "0.2"]
        child = subprocess.Popen(
            [*command, "--verbose", "--data-dir", str(tmp_path)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(child)
        assert child.stdout is not None
        assert child.stdout.readline().startswith("following the store from change")
        return child

    yield start
    for child in started:
        if child.poll() is None:
            child.kill()
        child.communicate()


def generated(count: int) -> tuple[Doc, ...]:
    """Documents of distinct random words; every third one says "tribunal"."""
    pick = random.Random(20).sample
    words = VOCABULARY.split()
    return tuple(
        Doc(
            f"gen-{n}",
            "en",
            f"Report {n} on {' '.join(pick(words, 2))}",
            " ".join(pick(words, 25)) + (" tribunal" if n % 3 == 0 else ""),
        )
        for n in range(count)
    )


def test_documents_the_store_commits_become_searchable_and_sigterm_exits_0(
    tmp_path: Path, follower: Callable[[], subprocess.Popen[str]]
) -> None:
    with open_store(tmp_path) as store:
        fill(store, DOCS[:2])
    child = follower()
    wait_for("the documents there at the start", lambda: len(hit_ids(tmp_path)) == 2)
    with open_store(tmp_path) as store:
        save_doc(store, DOCS[3], day=5)
        seconds = wait_for("a new document", lambda: id_of(DOCS[3]) in hit_ids(tmp_path, "prison"))
        corrections.correct(store, id_of(DOCS[0]), {"hidden": True}, actor="leyla")
        wait_for("a withdrawal", lambda: id_of(DOCS[0]) not in hit_ids(tmp_path))
    assert seconds < DEADLINE
    child.send_signal(signal.SIGTERM)
    out, err = child.communicate(timeout=DEADLINE)
    assert child.returncode == 0, err
    assert "3 indexed, 1 removed" in out.splitlines()[-1]
    assert "Traceback" not in err


def test_plain_index_and_a_rebuild_run_beside_the_follower(
    tmp_path: Path, follower: Callable[[], subprocess.Popen[str]]
) -> None:
    with open_store(tmp_path) as store:
        fill(store, DOCS[:2])
    child = follower()
    wait_for("the first documents", lambda: len(hit_ids(tmp_path)) == 2)
    runner = CliRunner()
    plain = runner.invoke(cli, ["index", "--data-dir", str(tmp_path)])
    assert plain.exit_code == 0, plain.output
    rebuilt = runner.invoke(cli, ["index", "--rebuild", "--data-dir", str(tmp_path)])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "index rebuilt: 2 indexed" in rebuilt.output
    with open_store(tmp_path) as store:
        save_doc(store, DOCS[4], day=9)  # the follower goes on from the rebuilt index
    wait_for("a document after the rebuild", lambda: len(hit_ids(tmp_path)) == 3)
    child.send_signal(signal.SIGINT)
    child.communicate(timeout=DEADLINE)
    assert child.returncode == 0


def test_sigkill_mid_batch_then_restart_gives_every_hit_once(
    tmp_path: Path, follower: Callable[[], subprocess.Popen[str]]
) -> None:
    docs = generated(240)
    with open_store(tmp_path) as store:
        for n, doc in enumerate(docs):
            save_doc(store, doc, day=1 + n % 28)
        target = store.change_seq()
    index_dir = tmp_path / "index"
    child = follower()
    wait_for("a few batches", lambda: read_state(index_dir) >= 20)
    child.kill()
    child.communicate()
    reached = read_state(index_dir)
    assert 20 <= reached < target, "the follower was to be killed before it was done"
    again = follower()
    wait_for("the rest", lambda: read_state(index_dir) == target)
    again.send_signal(signal.SIGTERM)
    again.communicate(timeout=DEADLINE)
    all_ids = hit_ids(tmp_path)
    assert sorted(all_ids) == sorted(id_of(doc) for doc in docs)
    assert sorted(hit_ids(tmp_path, "tribunal")) == sorted(id_of(doc) for doc in docs[::3])


class _DroppedConnection(Store):
    """A real store whose connection drops on its first look at the change sequence."""

    dropped = False

    def change_seq(self) -> int:
        if not _DroppedConnection.dropped:
            _DroppedConnection.dropped = True
            raise sqlite3.OperationalError("disk I/O error")
        return super().change_seq()


def test_an_unreachable_store_is_retried_until_it_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(indexer.follow, "FIRST_BACKOFF", 0.05)
    config = make_config(tmp_path)
    with open_store(tmp_path) as store:
        fill(store, DOCS[:3])
    tries = {"n": 0}

    def connect() -> Store:
        tries["n"] += 1
        if tries["n"] <= 2:
            raise StoreError("could not connect to the store server: connection refused")
        if tries["n"] == 3:
            return _DroppedConnection(tmp_path / "coi.sqlite3", tmp_path / "blobs")
        return open_store(tmp_path)

    stop = Stop()
    done: list[FollowReport] = []
    thread = threading.Thread(target=lambda: done.append(follow(config, connect, stop)))
    with caplog.at_level(logging.INFO, logger="coi.indexer.follow"):
        thread.start()
        try:
            wait_for("the documents", lambda: len(hit_ids(tmp_path)) == 3)
        finally:
            stop.set()
            thread.join(DEADLINE)
    assert not thread.is_alive()
    assert (done[0].failures, done[0].indexed, done[0].seq) == (3, 3, 3)
    assert "index update failed (StoreError: could not connect" in caplog.text
    assert "index update failed (OperationalError: disk I/O error)" in caplog.text
    assert "index updates work again after 3 failed tries" in caplog.text


def test_the_follower_needs_no_blobs(tmp_path: Path) -> None:
    """A search node may have no access to the archive: the text comes from the store's rows."""
    with open_store(tmp_path) as store:
        fill(store, DOCS[:3])
    blobs = tmp_path / "blobs"
    blobs.rename(tmp_path / "elsewhere")
    blobs.write_text("not a folder: reading any blob here fails")
    stop = Stop()
    done: list[FollowReport] = []
    config = make_config(tmp_path)
    thread = threading.Thread(
        target=lambda: done.append(follow(config, lambda: open_store(tmp_path), stop))
    )
    thread.start()
    try:
        wait_for("the documents", lambda: len(hit_ids(tmp_path)) == 3)
    finally:
        stop.set()
        thread.join(DEADLINE)
    assert (done[0].failures, done[0].indexed) == (0, 3)


def test_a_stopped_update_commits_what_it_wrote_and_the_next_goes_on(tmp_path: Path) -> None:
    config = make_config(tmp_path, batch_size=50)
    docs = generated(12)
    with open_store(tmp_path) as store:
        fill(store, docs)  # 12 documents, one a day
        seen = {"n": 0}

        def after_five() -> bool:
            seen["n"] += 1
            return seen["n"] >= 5

        first = update_index(config, store, stop=after_five)
        assert (first.indexed, read_state(config.index_dir)) == (5, 5)
        assert len(hit_ids(tmp_path)) == 5
        second = update_index(config, store)
        assert (second.indexed, read_state(config.index_dir)) == (7, 12)
        assert len(hit_ids(tmp_path)) == 12
        stopped = update_index(config, store, rebuild=True, stop=lambda: True)
        assert stopped.indexed == 1  # the first document, then it stopped
    assert len(hit_ids(tmp_path)) == 12, "a stopped rebuild must leave the live index alone"
    assert not (tmp_path / "index.rebuild").exists()


def test_a_long_update_commits_every_batch_seconds_however_few_its_documents(
    tmp_path: Path,
) -> None:
    config = make_config(tmp_path, batch_size=50)
    with open_store(tmp_path) as store:
        fill(store, generated(12))
        reached: list[int] = []

        def look() -> bool:
            reached.append(read_state(config.index_dir))
            return False

        update_index(config, store, stop=look)
        assert reached[:12] == [0] * 12  # one batch of 50: nothing shows before its end
        save_doc(store, DOCS[0], day=13)
        save_doc(store, DOCS[1], day=14)
        reached.clear()
        update_index(config, store, stop=look, batch_seconds=0.0)
        assert reached[:2] == [13, 14]  # each document committed as soon as written


def test_follow_refuses_rebuild_and_optimize_alongside(tmp_path: Path) -> None:
    for other in ("--rebuild", "--optimize"):
        result = CliRunner().invoke(cli, ["index", "--follow", other, "--data-dir", str(tmp_path)])
        assert result.exit_code == 2
        assert "--follow runs alone: run --rebuild or --optimize before it" in result.output


def test_a_stopped_update_commits_without_merging(tmp_path: Path) -> None:
    """A stop is answered in the time of a commit: the 16 small segments wait for a later one."""
    config = make_config(tmp_path)
    docs = generated(18)
    with open_store(tmp_path) as store:
        for n, doc in enumerate(docs[:16]):
            save_doc(store, doc, day=n + 1)
            update_index(config, store)
        assert segments(config.index_dir) == 16
        save_doc(store, docs[16], day=17)
        update_index(config, store, stop=lambda: True)
        assert segments(config.index_dir) == 17
        save_doc(store, docs[17], day=18)
        update_index(config, store)
        assert segments(config.index_dir) < 17  # merged as usual when not stopping
    assert len(hit_ids(tmp_path)) == 18


def segments(index_dir: Path) -> int:
    ix = whoosh_index.open_dir(str(index_dir))
    try:
        return len(ix._segments())
    finally:
        ix.close()
