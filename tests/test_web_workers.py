"""``coi serve --workers 2``: two processes answer on one port, each finds what ``coi index``
commits (and a rebuilt index swapped in) without a restart and without a failed search, a
worker that dies is replaced, and stopping the server stops them all."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from indexfixtures import DOCS, Doc, fill, make_config, save_doc
from servefixtures import coi_serve

from coi.store import open_store
from indexer.build import update_index

NEW = Doc(
    "new-shelter-report",
    "en",
    "Shelter closures in Ganja",
    "The Ganja shelter for displaced families closed; its residents were moved to Quokkaville.",
    ("AZE",),
)
"""A document ``coi index`` commits while the server answers; only it has the word searched."""
SEARCHERS = 4


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    with open_store(tmp_path) as store:
        fill(store)
        update_index(make_config(tmp_path), store)
    return tmp_path


def search(url: str) -> tuple[int, int]:
    """The status of one search and the number of documents it found (-1: no answer)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status), int(json.load(response)["total"])
    except urllib.error.HTTPError as error:
        error.close()
        return error.code, -1
    except OSError:
        return 0, -1


@dataclass
class Stream:
    """Searches sent one after another by a few clients until stopped, every answer kept."""

    base: str
    answers: list[tuple[float, str, int, int]] = field(default_factory=list)
    """When each search started, what it asked, its status and its total."""
    stop: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.threads = [threading.Thread(target=self._run) for _ in range(SEARCHERS)]
        for thread in self.threads:
            thread.start()

    def _run(self) -> None:
        queries = {"new": "quokkaville", "all": ""}
        while not self.stop.is_set():
            for kind, query in queries.items():
                started = time.monotonic()
                status, total = search(f"{self.base}/api/search?q={urllib.parse.quote(query)}")
                self.answers.append((started, kind, status, total))

    def close(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def totals(self, kind: str, since: float = 0.0, until: float = float("inf")) -> set[int]:
        return {t for at, k, _, t in self.answers if k == kind and since <= at < until}


def cpu_ticks(pid: int) -> int:
    """User and system CPU time a process used so far, in clock ticks."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def coi_index(data_dir: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COI_")}
    command = [sys.executable, "-m", "coi", "index", "--data-dir", str(data_dir), *args]
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=120)


def test_two_workers_find_what_coi_index_commits_without_a_failed_search(data_dir: Path) -> None:
    with coi_serve(data_dir, workers=2) as served:
        workers = served.workers()
        assert len(workers) == 2
        assert "with 2 worker processes" in served.output()
        stream = Stream(served.url)
        try:
            time.sleep(1)
            with open_store(data_dir) as store:
                save_doc(store, NEW, day=20)
            indexing = time.monotonic()
            coi_index(data_dir)
            committed = time.monotonic()
            busy_before = [cpu_ticks(pid) for pid in workers]
            time.sleep(2)
            busy_after = [cpu_ticks(pid) for pid in workers]
            coi_index(data_dir, "--rebuild")
            rebuilt = time.monotonic()
            time.sleep(1)
        finally:
            stream.close()
        assert served.workers() == workers  # no worker restarted
    failed = [(kind, status) for _, kind, status, _ in stream.answers if status != 200]
    assert failed == []
    assert stream.totals("new", until=indexing) == {0}
    assert stream.totals("new", since=committed) == {1}  # found by the next search on
    assert stream.totals("all", since=committed) == {len(DOCS) + 1}  # and while rebuilt
    assert all(after > before for before, after in zip(busy_before, busy_after, strict=True))
    assert stream.totals("all", since=rebuilt) == {len(DOCS) + 1}  # the rebuilt index


def test_a_dead_worker_is_replaced_and_stopping_stops_them_all(data_dir: Path) -> None:
    with coi_serve(data_dir, workers=2) as served:
        first, second = served.workers()
        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 10
        workers = served.workers()
        while time.monotonic() < deadline and (first in workers or len(workers) < 2):
            time.sleep(0.1)
            workers = served.workers()
        assert first not in workers
        assert second in workers
        assert len(workers) == 2
        assert {search(f"{served.url}/api/search?q=detention")[0] for _ in range(20)} == {200}
        with urllib.request.urlopen(served.url + "/api/stats", timeout=5) as response:
            assert json.load(response) == {"searches": 20}  # counted across both workers
        served.process.send_signal(signal.SIGTERM)
        assert served.process.wait(timeout=20) == 0
    assert f"worker 1 (process {first}) was killed by SIGKILL" in served.output()
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists()


def test_a_bad_worker_count_is_refused(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COI_")}
    command = [sys.executable, "-m", "coi", "serve", "--data-dir", str(tmp_path), "--workers", "0"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "--workers" in done.stderr
