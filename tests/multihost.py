"""Several hosts of the test site at once, for crawl workers: one server per port (to the
crawler a host is ``host:port``), each serving the generated reports under ``/gen/`` and the
site's robots.txt, which asks for a Crawl-delay of 0.2 s."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sitesrv import SiteServer

from coi.config import Config, CrawlerConfig
from coi.models import Source
from coi.store import open_store

CRAWL_DELAY = 0.2
"""The Crawl-delay of ``tests/site/robots.txt``."""


@contextmanager
def serving_hosts(count: int, pages: int, latency: float = 0.0) -> Iterator[list[SiteServer]]:
    """``count`` hosts, each with ``pages`` generated reports answering after ``latency``
    seconds, served until the block ends."""
    sites = [SiteServer() for _ in range(count)]
    threads = [threading.Thread(target=site.serve_forever, daemon=True) for site in sites]
    for site, thread in zip(sites, threads, strict=True):
        site.state.generated_pages = pages
        site.state.generated_latency = latency
        thread.start()
    try:
        yield sites
    finally:
        for site in sites:
            site.shutdown()
            site.server_close()


def hosts_config(urls: list[str], data_dir: Path, *, lease_seconds: float = 900.0) -> Config:
    """One source over the generated reports of the hosts at ``urls`` (their base URLs),
    robots.txt obeyed, deep enough for all; the same as :func:`hosts_toml` writes."""
    return Config(
        data_dir=data_dir,
        crawler=CrawlerConfig(
            user_agent="coi-test/0.1 (+https://example.org/coi)",
            delay_seconds=0.05,
            timeout_seconds=2.0,
            deadline_seconds=10.0,
            max_depth=100_000,
            max_pages_per_source=1_000_000,
            lease_seconds=lease_seconds,
        ),
        sources=(
            Source(
                id="gen",
                name="Generated reports on several hosts",
                kind="ngo",
                country="AZE",
                start_urls=tuple(f"{url}/gen/0" for url in urls),
                allow=tuple(f"{url}/gen/" for url in urls),
            ),
        ),
    )


HOSTS_TOML = """data_dir = "data"
[crawler]
user_agent = "coi-test/0.1 (+https://example.org/coi)"
delay_seconds = 0.05
timeout_seconds = 2.0
deadline_seconds = 10.0
max_depth = 100000
max_pages_per_source = 1000000
[[sources]]
id = "gen"
name = "Generated reports on several hosts"
kind = "ngo"
country = "AZE"
start_urls = [{starts}]
allow = [{allows}]
"""


def hosts_toml(urls: list[str]) -> str:
    """A configuration file for ``coi crawl`` equal to :func:`hosts_config`."""
    starts = ", ".join(f'"{url}/gen/0"' for url in urls)
    allows = ", ".join(f'"{url}/gen/"' for url in urls)
    return HOSTS_TOML.format(starts=starts, allows=allows)


def documents(data_dir: Path) -> dict[str, int]:
    """Stored URL → number of versions."""
    with open_store(data_dir) as store:
        rows = store.query(
            "SELECT d.url, COUNT(v.id) AS n FROM documents d JOIN versions v "
            "ON v.document_id = d.id GROUP BY d.url"
        )
        return {row["url"]: row["n"] for row in rows}


def page_requests(site: SiteServer) -> list[str]:
    """The paths of the pages (not robots.txt) the host was asked for, in order."""
    return [path for path in site.state.paths() if path != "/robots.txt"]


def shortest_gap(site: SiteServer) -> float:
    """The shortest time between two requests to the host (robots.txt included)."""
    times = sorted(request.time for request in site.requests)
    return min((b - a for a, b in itertools.pairwise(times)), default=float("inf"))


def busiest_second(site: SiteServer) -> int:
    """The most requests the host received within any one second."""
    times = sorted(request.time for request in site.requests)
    return max(
        (sum(t <= start + 1.0 for t in times[i:]) for i, start in enumerate(times)), default=0
    )
