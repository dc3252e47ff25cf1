"""Run one crawl worker over several hosts in this process (a test kills one with SIGKILL).

Usage: ``crawl_worker_child.py DATA_DIR SITE_URL...``
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent)]

from multihost import hosts_config  # noqa: E402

from coi.store import open_store  # noqa: E402
from crawler.crawl import run_crawl  # noqa: E402


def main(data_dir: str, urls: list[str]) -> None:
    config = hosts_config(urls, Path(data_dir))
    with open_store(config.data_dir, config.store.url) as store:
        print(run_crawl(config, store).format(), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
