"""Hostile and unlucky pages cost the crawl one URL each, never the crawl (the test site's
``/hostile/`` pages), and an error nobody foresaw is retried on later crawls with back-off."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from crawlfixtures import TEST_CRAWLER, site_config
from sitesrv import SiteServer

import crawler.crawl
from coi.config import Config
from coi.errors import FetchError
from coi.models import Extracted
from coi.store import Store, document_id_for, open_store
from crawler.crawl import CrawlReport, run_crawl
from crawler.failures import GIVE_UP_AFTER, failure_of
from crawler.fetch import Fetcher, Gone, NotModified


def hostile_config(site: SiteServer, data_dir: Path) -> Config:
    """The hostile pages and the page after them, not the rest of the site their menu links."""
    config = site_config(site, data_dir, start_urls=(f"{site.url}/hostile/index.html",))
    return replace(config, crawler=replace(TEST_CRAWLER, max_depth=1))


@pytest.fixture(scope="module")
def crawled(
    site_server: SiteServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, CrawlReport, SiteServer]]:
    site_server.reset()
    data_dir = tmp_path_factory.mktemp("hostile")
    with open_store(data_dir) as store:
        yield store, run_crawl(hostile_config(site_server, data_dir), store), site_server


def skip_reasons(store: Store, crawl_id: int) -> dict[str, str]:
    rows = store.query(
        "SELECT url, reason FROM crawl_log WHERE crawl_id = ? AND event = 'skipped'", (crawl_id,)
    )
    return {row["url"].rsplit("/", 1)[-1]: row["reason"] for row in rows}


def test_the_crawl_goes_past_every_hostile_page(crawled: tuple) -> None:
    store, report, site = crawled
    after = store.document(document_id_for(f"{site.url}/hostile/after.html"))
    assert after is not None
    assert "without access to a lawyer" in after.latest.text
    assert report.outcomes == {"crm": "errors"}


def test_each_hostile_page_is_skipped_with_its_reason(crawled: tuple) -> None:
    store, report, _ = crawled
    reasons = skip_reasons(store, report.crawl_id)
    assert reasons["js-redirect"] == "bad-redirect"
    assert reasons["gzip.html"] == "compressed-body"
    assert reasons["binary.html"] == "binary-body"
    assert reasons["trickle.html"] == "too-slow"
    assert reasons["broken.pdf"] == "pdf-unreadable"
    assert not any(reason.startswith("unexpected:") for reason in reasons.values())


def test_markup_that_breaks_the_metadata_extractor_still_gives_a_document(crawled: tuple) -> None:
    store, _, site = crawled
    page = store.document(document_id_for(f"{site.url}/hostile/control.html"))
    assert page is not None
    assert "Detention report, Baku 2024" in page.latest.text


def test_a_trickling_server_holds_a_url_no_longer_than_the_deadline(
    site_server: SiteServer,
) -> None:
    fetcher = Fetcher(TEST_CRAWLER)
    started = time.monotonic()
    with pytest.raises(FetchError) as raised:
        fetcher.fetch(f"{site_server.url}/hostile/trickle.html")
    seconds = time.monotonic() - started
    fetcher.close()
    assert raised.value.reason == "too-slow"
    assert TEST_CRAWLER.deadline_seconds <= seconds < TEST_CRAWLER.deadline_seconds + 2
    assert seconds < 900 * site_server.state.trickle_seconds / 10  # the page takes 90 s


def test_waiting_for_the_politeness_delay_does_not_count_against_the_deadline(
    site_server: SiteServer,
) -> None:
    fetcher = Fetcher(replace(TEST_CRAWLER, deadline_seconds=0.5))
    fetched = fetcher.fetch(f"{site_server.url}/hostile/after.html", pace=lambda _: time.sleep(0.7))
    fetcher.close()
    assert not isinstance(fetched, (Gone, NotModified))
    assert b"without access to a lawyer" in fetched.body


def test_the_crawl_finishes_so_a_rerun_starts_afresh(crawled: tuple) -> None:
    store, report, _ = crawled
    last = store.last_crawl()
    assert last is not None
    assert last[0] == report.crawl_id
    assert last[2] is not None  # finished: nothing left pending to crash on again


@pytest.fixture
def one_bug(monkeypatch: pytest.MonkeyPatch, site_server: SiteServer) -> str:
    """A bug nobody foresaw: enrichment raises on one page (the after page)."""
    bad = f"{site_server.url}/hostile/after.html"
    real = crawler.crawl.enrich

    def enrich_with_a_bug(extracted: Extracted, *, url: str, **kwargs: object) -> object:
        if url == bad:
            raise ZeroDivisionError("a bug in a tagger")
        return real(extracted, url=url, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(crawler.crawl, "enrich", enrich_with_a_bug)
    return bad


def test_an_unforeseen_error_costs_one_url_and_is_logged_with_it(
    one_bug: str, site_server: SiteServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="coi.crawler"), open_store(tmp_path) as store:
        report = run_crawl(hostile_config(site_server, tmp_path), store)
        assert skip_reasons(store, report.crawl_id)["after.html"] == "unexpected:ZeroDivisionError"
        assert store.document(document_id_for(f"{site_server.url}/hostile/control.html"))
    assert any(one_bug in record.getMessage() for record in caplog.records)


def after_only(site: SiteServer, data_dir: Path) -> Config:
    return site_config(site, data_dir, start_urls=(f"{site.url}/hostile/after.html",), max_pages=1)


def test_an_unforeseen_error_is_retried_with_back_off_then_given_up(
    one_bug: str, site_server: SiteServer, tmp_path: Path, store_url: str
) -> None:
    tried, given_up = [], []
    with open_store(tmp_path, store_url) as store:
        for _ in range(18):
            report = run_crawl(after_only(site_server, tmp_path), store)
            reason = skip_reasons(store, report.crawl_id)["after.html"]
            if reason.startswith("unexpected:"):
                tried.append(report.crawl_id)
            elif reason == "given-up":
                given_up.append(report.crawl_id)
            else:
                assert reason == "backing-off"
    assert tried == [1, 2, 4, 8, 16]  # the next crawl, then every 2nd, 4th, 8th
    assert len(tried) == GIVE_UP_AFTER
    assert given_up == [17, 18]


def test_a_url_that_works_again_is_an_ordinary_url(
    monkeypatch: pytest.MonkeyPatch,
    one_bug: str,
    site_server: SiteServer,
    tmp_path: Path,
    store_url: str,
) -> None:
    with open_store(tmp_path, store_url) as store:
        run_crawl(after_only(site_server, tmp_path), store)
        assert failure_of(store, one_bug) is not None
        monkeypatch.undo()  # the bug is fixed
        report = run_crawl(after_only(site_server, tmp_path), store)
        assert report.by_source["crm"]["new"] == 1
        assert failure_of(store, one_bug) is None
