"""Crawl workers sharing one crawl over several hosts with a Crawl-delay: the documents of one
worker, no page asked twice, each host asked no faster than its delay, and a worker killed
with SIGKILL mid-crawl costs nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from multihost import (
    CRAWL_DELAY,
    documents,
    hosts_config,
    hosts_toml,
    page_requests,
    serving_hosts,
    shortest_gap,
)
from sitesrv import SiteServer

from coi.cli import cli
from coi.store import open_store
from crawler.crawl import CrawlReport, run_crawl

HOSTS, PAGES = 3, 20
CHILD = Path(__file__).resolve().parent / "crawl_worker_child.py"


@pytest.fixture(scope="module")
def hosts() -> Iterator[list[SiteServer]]:
    with serving_hosts(HOSTS, PAGES) as sites:
        yield sites


def reset(sites: list[SiteServer]) -> None:
    for site in sites:
        site.reset()


@pytest.fixture(scope="module")
def one_worker(hosts: list[SiteServer], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What one worker stores."""
    reset(hosts)
    data_dir = tmp_path_factory.mktemp("one")
    with open_store(data_dir) as store:
        run_crawl(hosts_config([site.url for site in hosts], data_dir), store)
    return documents(data_dir)


@pytest.fixture(scope="module")
def two_workers(
    hosts: list[SiteServer], tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path]:
    """``coi crawl --workers 2``: its output and data directory."""
    reset(hosts)
    folder = tmp_path_factory.mktemp("two")
    (folder / "config.toml").write_text(hosts_toml([site.url for site in hosts]), "utf-8")
    result = CliRunner().invoke(
        cli, ["crawl", "--workers", "2", "--config", str(folder / "config.toml")]
    )
    assert result.exit_code == 0, result.output
    return result.output, folder / "data"


def test_two_workers_store_what_one_stores(one_worker: dict, two_workers: tuple) -> None:
    output, data_dir = two_workers
    assert len(one_worker) == HOSTS * PAGES
    assert documents(data_dir) == one_worker  # one version each: nothing saved twice
    assert f"{HOSTS * PAGES} new" in output.splitlines()[0]
    with open_store(data_dir) as store:
        last = store.last_crawl()
    assert last is not None
    assert last[2] is not None  # the crawl is finished


def test_two_workers_ask_each_page_once(hosts: list[SiteServer], two_workers: tuple) -> None:
    for site in hosts:
        asked = Counter(page_requests(site))
        assert len(asked) == PAGES
        assert set(asked.values()) == {1}, site.url
        assert site.state.paths().count("/robots.txt") <= 2  # once per worker at most


def test_two_workers_together_keep_each_hosts_crawl_delay(
    hosts: list[SiteServer], two_workers: tuple
) -> None:
    for site in hosts:
        assert shortest_gap(site) >= CRAWL_DELAY - 0.01, site.url  # robots.txt counted too


def start_worker(sites: list[SiteServer], data_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(data_dir), *(site.url for site in sites)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_pages(sites: list[SiteServer], count: int, alive: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 120
    while sum(len(page_requests(site)) for site in sites) < count:
        assert alive(), "a worker ended early"
        assert time.monotonic() < deadline, "the crawl did not progress"
        time.sleep(0.02)


def kill_while_fetching(worker: subprocess.Popen[str], data_dir: Path) -> str:
    """SIGKILL the worker at a moment it holds a URL (it is stopped while the store is read);
    returns that URL."""
    while True:
        os.kill(worker.pid, signal.SIGSTOP)
        with open_store(data_dir) as store:
            held = store.query(
                "SELECT url FROM frontier WHERE state = 'leased' AND lease_owner LIKE ?",
                (f"%/{worker.pid}/%",),
            )
        if held:
            os.kill(worker.pid, signal.SIGKILL)
            worker.communicate()
            return str(held[0]["url"])
        os.kill(worker.pid, signal.SIGCONT)
        time.sleep(0.05)


def test_a_worker_killed_mid_crawl_loses_nothing(
    hosts: list[SiteServer], one_worker: dict, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    reset(hosts)
    killed = start_worker(hosts, tmp_path)
    wait_for_pages(hosts, 10, lambda: killed.poll() is None)
    reports: list[CrawlReport] = []

    def crawl_here() -> None:  # a second worker, started on its own: it joins the crawl
        with open_store(tmp_path) as store:
            reports.append(run_crawl(hosts_config([site.url for site in hosts], tmp_path), store))

    survivor = threading.Thread(target=crawl_here)
    survivor.start()
    wait_for_pages(hosts, 25, survivor.is_alive)
    held = kill_while_fetching(killed, tmp_path)
    survivor.join(timeout=120)
    assert f"/{killed.pid}/" in caplog.text  # "worker … died: the URLs it held are taken over"
    assert held in documents(tmp_path)
    assert len(reports) == 1
    assert (reports[0].crawl_id, reports[0].resumed) == (1, True)  # joined, not a second crawl
    assert documents(tmp_path) == one_worker
    with open_store(tmp_path) as store:
        last = store.last_crawl()
    assert last is not None
    assert last[0] == 1
    assert last[2] is not None
    for site in hosts:  # at most the page in flight when the first worker died is asked again
        assert sum(n - 1 for n in Counter(page_requests(site)).values()) <= 1
