"""Run one crawl of a site in this process (a test kills it mid-way with SIGKILL)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent)]

from coi.config import Config, CrawlerConfig, StoreConfig  # noqa: E402
from coi.models import Source  # noqa: E402
from coi.store import open_store  # noqa: E402
from crawler.crawl import run_crawl  # noqa: E402


def main(site_url: str, data_dir: str, store_url: str) -> None:
    config = Config(
        data_dir=Path(data_dir),
        store=StoreConfig(url=store_url),
        # our own generated site: no robots delay, and deep enough to reach every page
        crawler=CrawlerConfig(
            delay_seconds=0.0,
            timeout_seconds=2.0,
            obey_robots=False,
            max_depth=100_000,
            max_pages_per_source=1_000_000,
        ),
        sources=(
            Source(
                id="gen",
                name="Generated site",
                kind="ngo",
                country="AZE",
                start_urls=(f"{site_url}/gen/0",),
                allow=(f"{site_url}/gen/",),
            ),
        ),
    )
    with open_store(config.data_dir, config.store.url) as store:
        print(run_crawl(config, store).format(), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "")
