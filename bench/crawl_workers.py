"""Crawl workers sharing one crawl: speed and politeness with 1, 2 and 4 workers.

Usage: ``python bench/crawl_workers.py [--hosts 6] [--pages 30] [--latency 0.3]
[--workers 1,2,4]``

A local site of several hosts (one test-site server per port, ``tests/multihost.py``), each
serving generated reports that answer after ``--latency`` seconds (as distant servers do; 0:
the crawl is bound by this machine's processors) and a robots.txt with a Crawl-delay of 0.2 s,
is crawled by ``coi crawl --workers N``'s pool for each N. Printed per N: seconds in all (the
workers' start included) and pages/s; pages/s between the first and the last page request (the
crawl itself) and its speed-up over the first N; the shortest gap between two requests to one
host and the most requests one host got within any second, against the Crawl-delay's limit;
robots.txt requests per host; pages asked twice; whether the stored documents equal those of
the first N (each stored once).
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from multihost import (  # noqa: E402
    CRAWL_DELAY,
    busiest_second,
    documents,
    hosts_config,
    page_requests,
    serving_hosts,
    shortest_gap,
)
from sitesrv import SiteServer  # noqa: E402

from crawler.worker_pool import run_workers  # noqa: E402


def crawl(sites: list[SiteServer], workers: int, data_dir: Path) -> dict[str, float]:
    """One crawl with ``workers`` processes; its figures."""
    for site in sites:
        site.reset()
    started = time.monotonic()
    run_workers(hosts_config([site.url for site in sites], data_dir), workers)
    seconds = time.monotonic() - started
    pages = [r.time for site in sites for r in site.requests if r.path != "/robots.txt"]
    asked = Counter(f"{site.url}{path}" for site in sites for path in page_requests(site))
    return {
        "seconds": seconds,
        "pages": len(asked),
        "twice": sum(n - 1 for n in asked.values()),
        "crawl_rate": len(pages) / (max(pages) - min(pages)),
        "min_gap": min(shortest_gap(site) for site in sites),
        "busiest": max(busiest_second(site) for site in sites),
        "robots": max(site.state.paths().count("/robots.txt") for site in sites),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=6)
    parser.add_argument("--pages", type=int, default=30, help="generated pages per host")
    parser.add_argument("--latency", type=float, default=0.3, help="seconds a page takes")
    parser.add_argument("--workers", default="1,2,4")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the workers log as this process does
    limit = 1 / CRAWL_DELAY
    print(
        f"{args.hosts} hosts x {args.pages} pages answering in {args.latency} s, "
        f"Crawl-delay {CRAWL_DELAY} s "
        f"(at most {limit:.0f} requests/s per host, {args.hosts * limit:.0f} pages/s in all)"
    )
    print(
        f"{'workers':>7} {'seconds':>8} {'pages/s':>8} {'crawl p/s':>9} {'speed-up':>8} "
        f"{'min gap s':>9} {'max req/s/host':>14} {'robots/host':>11} {'asked twice':>11}"
        "  documents"
    )
    serving = serving_hosts(args.hosts, args.pages, args.latency)
    with serving as sites, tempfile.TemporaryDirectory() as folder:
        baseline: dict[str, int] = {}
        first_rate = 0.0
        for workers in (int(n) for n in args.workers.split(",")):
            data_dir = Path(folder) / f"w{workers}"
            figures = crawl(sites, workers, data_dir)
            stored = documents(data_dir)
            if not baseline:
                baseline, first_rate = stored, figures["crawl_rate"]
            whole = len(stored) == args.hosts * args.pages and set(stored.values()) == {1}
            same = "same as 1st" if stored == baseline and whole else "DIFFERENT"
            print(
                f"{workers:>7} {figures['seconds']:>8.1f} "
                f"{figures['pages'] / figures['seconds']:>8.1f} {figures['crawl_rate']:>9.1f} "
                f"{figures['crawl_rate'] / first_rate:>7.2f}x {figures['min_gap']:>9.3f} "
                f"{figures['busiest']:>14.0f} {figures['robots']:>11.0f} "
                f"{figures['twice']:>11.0f}  {same}"
            )


if __name__ == "__main__":
    main()
