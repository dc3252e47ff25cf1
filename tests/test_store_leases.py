"""The store's leases on a shared crawl, with the clock in the test's hands: a URL and its host
go to one worker at a time, a host rests its delay after each request, an expired lease (a
worker killed on another machine) is taken over, a dead worker of this machine at once."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from coi.store import FrontierEntry, Store, Wait, open_store
from crawler.workers import died_here, worker_name

HERE, ELSEWHERE = "here/1/a", "elsewhere/2/b"
LEASE = 10.0


def add(store: Store, crawl_id: int, *urls: str) -> None:
    for url in urls:
        store.frontier_add(crawl_id, FrontierEntry(url=url, source="s", depth=0))


def claim(store: Store, crawl_id: int, owner: str, now: float, budget: int = 100) -> object:
    return store.claim_next(crawl_id, owner, {"s": budget}, lease_seconds=LEASE, now=now)


def url_of(claimed: object) -> str:
    assert isinstance(claimed, FrontierEntry), claimed
    return claimed.url


def test_a_host_goes_to_one_worker_at_a_time_and_rests_its_delay(
    tmp_path: Path, store_url: str
) -> None:
    with open_store(tmp_path, store_url) as store:
        crawl_id, _ = store.begin_crawl()
        add(store, crawl_id, "http://a.test/1", "http://a.test/2", "http://b.test/1")
        assert url_of(claim(store, crawl_id, HERE, 100.0)) == "http://a.test/1"
        assert url_of(claim(store, crawl_id, ELSEWHERE, 100.0)) == "http://b.test/1"
        assert claim(store, crawl_id, ELSEWHERE, 100.1) == Wait(0.1)  # a.test is held
        store.frontier_done(crawl_id, "http://a.test/1")
        store.release_host(crawl_id, "a.test", HERE, delay=0.5, now=101.0)
        waiting = claim(store, crawl_id, ELSEWHERE, 101.2)
        assert isinstance(waiting, Wait)
        assert abs(waiting.seconds - 0.3) < 1e-9  # the delay counts from the end of the request
        assert url_of(claim(store, crawl_id, ELSEWHERE, 101.5)) == "http://a.test/2"


def test_an_expired_lease_is_taken_over_and_budgets_hold(tmp_path: Path, store_url: str) -> None:
    with open_store(tmp_path, store_url) as store:
        crawl_id, _ = store.begin_crawl()
        add(store, crawl_id, "http://a.test/1", "http://a.test/2")
        assert url_of(claim(store, crawl_id, ELSEWHERE, 100.0)) == "http://a.test/1"
        assert isinstance(claim(store, crawl_id, HERE, 100.0 + LEASE - 1), Wait)
        # the other machine's worker died: after its lease, its URL is fetched again
        assert url_of(claim(store, crawl_id, HERE, 100.0 + LEASE + 1)) == "http://a.test/1"
        store.frontier_done(crawl_id, "http://a.test/1")
        store.release_host(crawl_id, "a.test", HERE, delay=0.0, now=200.0)
        assert claim(store, crawl_id, HERE, 201.0, budget=1) is None  # budget spent
        assert not store.finish_if_drained(crawl_id, set(), now=201.0)  # a.test/2 waits
        assert store.finish_if_drained(crawl_id, {"s"}, now=201.0)
        assert store.begin_crawl() == (crawl_id + 1, False)


def test_the_leases_of_a_dead_worker_of_this_machine_end_at_once(
    tmp_path: Path, store_url: str
) -> None:
    dead = f"{socket.gethostname()}/{_pid_of_ended()}/x"
    assert died_here(dead)
    assert not died_here(worker_name())  # this process
    assert not died_here(f"elsewhere/{_pid_of_ended()}/x")  # another machine: cannot know
    with open_store(tmp_path, store_url) as store:
        crawl_id, _ = store.begin_crawl()
        add(store, crawl_id, "http://a.test/1")
        assert url_of(claim(store, crawl_id, dead, 100.0)) == "http://a.test/1"
        assert store.end_leases_of_dead(crawl_id, died_here, now=101.0) == [dead]
        assert url_of(claim(store, crawl_id, HERE, 101.0)) == "http://a.test/1"


def _pid_of_ended() -> int:
    """The process id of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_source_is_seeded_once_unless_its_seeder_dies(tmp_path: Path, store_url: str) -> None:
    with open_store(tmp_path, store_url) as store:
        crawl_id, _ = store.begin_crawl()
        seed = store.claim_seeding
        assert seed(crawl_id, "s", ELSEWHERE, lease_seconds=LEASE, now=100.0)
        assert not seed(crawl_id, "s", HERE, lease_seconds=LEASE, now=101.0)  # under way
        assert claim(store, crawl_id, HERE, 101.0) == Wait(0.1)  # its URLs are still to come
        assert seed(crawl_id, "s", HERE, lease_seconds=LEASE, now=100.0 + LEASE + 1)  # it died
        store.seeded(crawl_id, "s")
        assert not seed(crawl_id, "s", ELSEWHERE, lease_seconds=LEASE, now=500.0)
        assert claim(store, crawl_id, HERE, 500.0) is None


def test_a_worker_joining_a_crawl_as_it_ends_does_nothing(tmp_path: Path, store_url: str) -> None:
    with open_store(tmp_path, store_url) as store:
        crawl_id, _ = store.begin_crawl()  # the late worker joins...
        add(store, crawl_id, "http://a.test/1")
        store.finish_crawl(crawl_id)  # ...and the others end the crawl before it starts
        assert not store.claim_seeding(crawl_id, "s", HERE, lease_seconds=LEASE, now=100.0)
        assert claim(store, crawl_id, HERE, 100.0) is None
