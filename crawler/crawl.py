"""The crawl loop: frontier → robots → politeness → fetch → extract → enrich → store.

One process is one crawl worker, one request at a time; several workers (``coi crawl
--workers N``, or ``coi crawl`` started again elsewhere on the same store) share the crawl's
frontier in the store: each claims its next URL from a host no other worker is asking and whose
delay has passed (:mod:`coi.store.leases`), so hosts are interleaved and each is asked politely
by all workers together. A frontier entry is marked done only after its outcome (document
saved, gone, skipped) is committed, so a crawl killed at any moment starts again where it was:
the URL in flight is fetched again, and saving the same text again adds no version. Every URL
that is not stored is logged with a reason, and the summary counts them by source and reason.

Nothing one page does stops the crawl: an error nobody foresaw is caught at the per-URL
boundary, logged with the URL, counted as ``unexpected:<type>`` and the URL retried on later
crawls with back-off (:mod:`crawler.failures`). Only errors of the machine itself (the store,
the disk) stop it, since no later URL could be saved either. Each source's outcome (reached,
with errors, unreachable) is kept for the sources page and the exit status of ``coi crawl``.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from tqdm import tqdm

from coi.clock import utc_now
from coi.config import Config
from coi.curation.source_edits import apply_edit, get_edit, is_paused
from coi.database import DATABASE_ERRORS
from coi.errors import ExtractError, FetchError, StoreError, TooManyRequests
from coi.models import Source
from coi.store import FrontierEntry, Store, Wait
from coi.store.outcomes import Outcome, record_outcome
from coi.taxonomy.enrich import enrich
from crawler.extract import extract
from crawler.extract_html import extract_links
from crawler.failures import failure_of, forget_failure, record_failure, unexpected_reason
from crawler.fetch import Fetcher, Gone, NotModified
from crawler.politeness import SharedHosts
from crawler.robots import RobotsRules
from crawler.sitemaps import start_points
from crawler.urls import host_of, in_scope, normalize_url
from crawler.workers import died_here, worker_name

log = logging.getLogger("coi.crawler")

SUMMARY_EVENTS = ("fetched", "new", "changed", "unchanged", "not-modified", "gone", "skipped")
MACHINE_ERRORS: tuple[type[Exception], ...] = (StoreError, *DATABASE_ERRORS, OSError)
"""Errors of the store or the disk: no later URL could be saved either, so they stop the crawl."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CrawlReport:
    """What a crawl did, per source."""

    crawl_id: int
    resumed: bool
    by_source: dict[str, Counter[str]] = field(default_factory=dict)
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    """How each source crawled this time went (paused sources are not in it)."""

    @property
    def nothing_reached(self) -> bool:
        """Sources were crawled and not one of them answered."""
        return bool(self.outcomes) and all(o == "unreachable" for o in self.outcomes.values())

    def total(self, event: str) -> int:
        """An event's count over all sources."""
        return sum(counts[event] for counts in self.by_source.values())

    def format(self) -> str:
        """The end-of-crawl summary a librarian reads."""
        head = f"crawl #{self.crawl_id}{' (resumed)' if self.resumed else ''}: " + ", ".join(
            f"{self.total(event)} {event}" for event in SUMMARY_EVENTS
        )
        lines = [head]
        for source, counts in sorted(self.by_source.items()):
            events = ", ".join(f"{counts[e]} {e}" for e in SUMMARY_EVENTS if counts[e])
            unreachable = " (unreachable)" if self.outcomes.get(source) == "unreachable" else ""
            lines.append(f"  {source}: {events or 'nothing'}{unreachable}")
            reasons = sorted(
                (key.split(":", 1)[1], n) for key, n in counts.items() if key.startswith("skipped:")
            )
            lines += [f"    skipped, {reason}: {n}" for reason, n in reasons]
        return "\n".join(lines)


def run_crawl(
    config: Config,
    store: Store,
    *,
    source_ids: Sequence[str] | None = None,
    progress: bool = False,
) -> CrawlReport:
    """Crawl the configured sources (or those named) as one worker of the open crawl: the
    crawl other workers are running or an unfinished one is joined, else a new one started."""
    store.sync_sources(config.sources)
    crawl_id, resumed = store.begin_crawl()
    fetcher = Fetcher(config.crawler)
    hosts = SharedHosts(store, crawl_id, worker_name(), config.crawler)
    robots = RobotsRules(
        fetcher,
        config.crawler.user_agent,
        obey=config.crawler.obey_robots,
        pace=lambda url: hosts.pace(host_of(url), 0.0),
        done=lambda url: hosts.done(host_of(url)),
    )
    sources = _crawlable(config, store, source_ids)
    budgets = {s.id: s.max_pages or config.crawler.max_pages_per_source for s in sources}
    bar = tqdm(unit="page", disable=not progress, desc="crawling", dynamic_ncols=True)
    try:
        _end_leases_of_dead(store, hosts)  # this machine's crawl was killed: resume it at once
        _seed_all(store, crawl_id, sources, fetcher, robots, hosts)
        by_id = {source.id: source for source in sources}
        # when nothing is left, a worker may have died seeding a source: seed it, and go on
        while (entry := _claim(store, hosts, budgets)) or _seed_all(
            store, crawl_id, sources, fetcher, robots, hosts
        ):
            if entry is None:
                continue
            bar.set_postfix(source=entry.source, refresh=False)
            source = by_id[entry.source]
            _visit_guarded(config, store, crawl_id, source, entry, fetcher, robots, hosts)
            bar.update(1)
        outcomes = _record_outcomes(store, crawl_id, sources)
        spent = store.spent_sources(crawl_id, budgets, now=time.time())
        store.finish_if_drained(crawl_id, spent, now=time.time())
    finally:
        bar.close()
        fetcher.close()
    summary = store.crawl_summary(crawl_id)
    return CrawlReport(crawl_id=crawl_id, resumed=resumed, by_source=summary, outcomes=outcomes)


def _crawlable(config: Config, store: Store, source_ids: Sequence[str] | None) -> list[Source]:
    """The chosen sources a curator has not paused, with the curator's edits applied."""
    chosen = []
    for source in config.sources:
        if source_ids is not None and source.id not in source_ids:
            continue
        if is_paused(store, source.id):
            log.info("source %s is paused by a curator: not crawled", source.id)
            continue
        chosen.append(apply_edit(source, get_edit(store, source.id)))
    return chosen


def _seed_all(
    store: Store,
    crawl_id: int,
    sources: list[Source],
    fetcher: Fetcher,
    robots: RobotsRules,
    hosts: SharedHosts,
) -> bool:
    """Seed the sources no worker has seeded or is seeding; whether there was one."""
    return any([_seed_guarded(store, crawl_id, s, fetcher, robots, hosts) for s in sources])


def _seed_guarded(
    store: Store,
    crawl_id: int,
    source: Source,
    fetcher: Fetcher,
    robots: RobotsRules,
    hosts: SharedHosts,
) -> bool:
    """Put the source's start URLs and sitemap entries in the frontier, once per crawl: the
    first worker to come does it (the next one if that worker dies before it is done). Returns
    whether this worker seeded it."""
    now = time.time()
    if not store.claim_seeding(
        crawl_id, source.id, hosts.owner, lease_seconds=hosts.lease_seconds, now=now
    ):
        return False
    try:
        for url in source.start_urls:
            start = normalize_url(url)
            if start:
                store.frontier_add(crawl_id, FrontierEntry(url=start, source=source.id, depth=0))
        for url in start_points(fetcher, source, source.sitemaps):
            if robots.allowed(url):
                store.frontier_add(crawl_id, FrontierEntry(url=url, source=source.id, depth=1))
    except MACHINE_ERRORS:
        raise
    except Exception as exc:  # a bug in the start points: the start URLs are crawled anyway
        log.error("start points of %s stopped by %r", source.id, exc, exc_info=True)
        reason = unexpected_reason(exc)
        store.log(crawl_id, source=source.id, url="", event="skipped", reason=reason)
    finally:
        hosts.release()  # the hosts whose robots.txt was read
    store.seeded(crawl_id, source.id)
    return True


def _claim(store: Store, hosts: SharedHosts, budgets: dict[str, int]) -> FrontierEntry | None:
    """The next URL this worker fetches, waiting while other workers hold the hosts left; None
    when no URL is left for these sources."""
    while True:
        claim = store.claim_next(
            hosts.crawl_id, hosts.owner, budgets, lease_seconds=hosts.lease_seconds, now=time.time()
        )
        if not isinstance(claim, Wait):
            if claim is not None:
                hosts.claimed(claim.host)
            return claim
        _end_leases_of_dead(store, hosts)
        time.sleep(claim.seconds)


def _end_leases_of_dead(store: Store, hosts: SharedHosts) -> None:
    for dead in store.end_leases_of_dead(hosts.crawl_id, died_here, now=time.time()):
        log.warning("worker %s died: the URLs it held are taken over", dead)


def _record_outcomes(store: Store, crawl_id: int, sources: list[Source]) -> dict[str, Outcome]:
    """How each source's crawl went, from the crawl log all workers write (the last worker to
    end records the final word)."""
    summary = store.crawl_summary(crawl_id)
    outcomes: dict[str, Outcome] = {}
    for source in sources:
        counts = summary.get(source.id, Counter())
        outcomes[source.id] = record_outcome(store, crawl_id, source.id, counts).outcome
        if outcomes[source.id] != "unreachable":
            store.mark_source_crawled(source.id, utc_now())
    return outcomes


def _visit_guarded(
    config: Config,
    store: Store,
    crawl_id: int,
    source: Source,
    entry: FrontierEntry,
    fetcher: Fetcher,
    robots: RobotsRules,
    hosts: SharedHosts,
) -> None:
    """:func:`_visit` behind the per-URL boundary, with the back-off of URLs that failed before."""
    url = entry.url
    failure = failure_of(store, url)
    waiting = failure.wait_reason(crawl_id) if failure else None
    if failure and waiting:
        log.info("skipped %s %s (failed %d times)", waiting, url, failure.failures)
        store.log(crawl_id, source=source.id, url=url, event="skipped", reason=waiting)
        store.frontier_done(crawl_id, url, "failed")
        hosts.release()
        return
    try:
        _visit(config, store, crawl_id, source, entry, fetcher, robots, hosts)
    except MACHINE_ERRORS:
        raise
    except Exception as exc:  # an error nobody foresaw costs this URL, never the crawl
        reason = unexpected_reason(exc)
        log.error("skipped %s %s: %s", reason, url, exc, exc_info=True)
        store.log(crawl_id, source=source.id, url=url, event="skipped", reason=reason)
        record_failure(store, crawl_id, url, source.id, reason)
        store.frontier_done(crawl_id, url, "failed")
        return
    finally:
        hosts.release()
    if failure:
        forget_failure(store, url)


def _visit(
    config: Config,
    store: Store,
    crawl_id: int,
    source: Source,
    entry: FrontierEntry,
    fetcher: Fetcher,
    robots: RobotsRules,
    hosts: SharedHosts,
) -> None:
    """Fetch one frontier URL and record its outcome; never raises for a bad page."""
    url, host = entry.url, host_of(entry.url)

    def skip(reason: str, status: int | None = None) -> None:
        log.info("skipped %s %s", reason, url)
        store.log(
            crawl_id, source=source.id, url=url, event="skipped", reason=reason, http_status=status
        )
        store.frontier_done(crawl_id, url, "failed")

    if hosts.paused(host):
        return skip("host-paused")
    if not robots.reachable(url):
        return skip("robots-unreachable")  # the host did not answer: we cannot know its rules
    hosts.note_delay(host, robots.crawl_delay(url))
    if not robots.allowed(url):
        return skip("robots-disallowed")

    def may_follow(target: str) -> str | None:
        if not in_scope(target, source):
            return "redirect-out-of-scope"
        if not robots.allowed(target):
            return "robots-disallowed"
        return None

    def pace(target: str) -> None:
        hosts.pace(host_of(target), robots.crawl_delay(target))

    try:
        outcome = fetcher.fetch(
            url, validators=store.validators(url), may_follow=may_follow, pace=pace
        )
    except TooManyRequests as exc:
        hosts.push_back(host)
        return skip(exc.reason, 429)
    except FetchError as exc:
        if exc.reason == "http-403":
            hosts.push_back(host)
        return skip(exc.reason)
    links: tuple[str, ...] = ()
    if isinstance(outcome, NotModified):
        store.mark_not_modified(url, utc_now())
        store.log(crawl_id, source=source.id, url=url, event="not-modified", http_status=304)
        links = _archived_links(store, url)
    elif isinstance(outcome, Gone):
        known = store.mark_gone(url, utc_now())
        store.log(
            crawl_id,
            source=source.id,
            url=url,
            event="gone" if known else "skipped",
            reason="" if known else f"http-{outcome.status}",
            http_status=outcome.status,
        )
    else:
        store.log(
            crawl_id, source=source.id, url=outcome.url, event="fetched", http_status=outcome.status
        )
        try:
            extracted = extract(outcome)
        except (FetchError, ExtractError) as exc:
            return skip(getattr(exc, "reason", "extract-failed"), outcome.status)
        enrichment = enrich(extracted, url=outcome.url, source=source, options=config.taxonomy)
        event = store.save_fetch(
            source=source.id, fetched=outcome, extracted=extracted, enrichment=enrichment
        )
        store.log(
            crawl_id, source=source.id, url=outcome.url, event=event, http_status=outcome.status
        )
        links = extracted.links
        if outcome.url != url:  # a redirect target is visited now, not queued again
            store.frontier_add(
                crawl_id, FrontierEntry(url=outcome.url, source=source.id, depth=entry.depth)
            )
            store.frontier_done(crawl_id, outcome.url)
    if entry.depth < config.crawler.max_depth:
        for link in links:
            if in_scope(link, source):
                store.frontier_add(
                    crawl_id, FrontierEntry(url=link, source=source.id, depth=entry.depth + 1)
                )
    store.frontier_done(crawl_id, url)
    return None


def _archived_links(store: Store, url: str) -> tuple[str, ...]:
    """Links of the archived copy of an unchanged page, so the crawl goes on past it."""
    document = store.document_by_url(url)
    if document is None or "html" not in document.latest.content_type:
        return ()
    return extract_links(store.blobs.get(document.latest.sha256), url)
