"""``coi crawl --workers N``: N crawl processes of this machine sharing one crawl.

Each process is an ordinary crawl worker (:func:`crawler.crawl.run_crawl`) with its own store
connection and HTTP client; they meet only in the store. The crawl is opened here first, so all
of them join the same one, and its summary is read back from the crawl log they all wrote.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Sequence

from coi.config import Config
from coi.errors import CoiError
from coi.store import open_store
from coi.store.outcomes import last_outcomes
from crawler.crawl import CrawlReport, run_crawl

log = logging.getLogger("coi.crawler.workers")


def run_workers(
    config: Config, workers: int, *, source_ids: Sequence[str] | None = None
) -> CrawlReport:
    """Crawl with ``workers`` processes; a worker that dies is not restarted, the others take
    over its URLs.

    Raises:
        CoiError: every worker ended and the crawl is still unfinished.
    """
    with open_store(config.data_dir, config.store.url) as store:
        store.sync_sources(config.sources)
        crawl_id, resumed = store.begin_crawl()
    context = multiprocessing.get_context("spawn")  # no SQLite connection crosses a fork
    processes = [
        context.Process(
            target=_work,
            args=(config, source_ids, logging.getLogger().getEffectiveLevel()),
            name=f"crawl-worker-{n + 1}",
        )
        for n in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
        if process.exitcode:
            log.error("%s ended with status %s", process.name, process.exitcode)
    with open_store(config.data_dir, config.store.url) as store:
        last = store.last_crawl()
        if last is None or last[0] != crawl_id or last[2] is None:
            raise CoiError(
                f"crawl #{crawl_id} is unfinished: its workers ended early (see above); "
                "`coi crawl` resumes it"
            )
        outcomes = {
            source: recorded.outcome
            for source, recorded in last_outcomes(store).items()
            if recorded.crawl_id == crawl_id and (source_ids is None or source in source_ids)
        }
        summary = store.crawl_summary(crawl_id)
    return CrawlReport(crawl_id=crawl_id, resumed=resumed, by_source=summary, outcomes=outcomes)


def _work(config: Config, source_ids: Sequence[str] | None, log_level: int) -> None:
    """One worker process: crawl until no URL is left for any worker; it logs as the command
    does, naming itself."""
    logging.basicConfig(
        level=log_level, format="%(levelname)s %(processName)s %(name)s: %(message)s"
    )
    with open_store(config.data_dir, config.store.url) as store:
        run_crawl(config, store, source_ids=source_ids)
