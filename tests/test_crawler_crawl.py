"""Crawling the local test site with the real crawler, as a librarian would notice it."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawlfixtures import site_config
from sitesrv import PDF_PAGES, SiteServer

from coi.store import Store, document_id_for, open_store
from crawler.crawl import CrawlReport, run_crawl


@pytest.fixture(scope="module")
def crawled(
    site_server: SiteServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, CrawlReport, SiteServer]]:
    site_server.reset()
    data_dir = tmp_path_factory.mktemp("crawl")
    config = site_config(site_server, data_dir)
    with open_store(data_dir) as store:
        report = run_crawl(config, store)
        yield store, report, site_server


def doc(store: Store, site: SiteServer, path: str) -> object:
    document = store.document(document_id_for(f"{site.url}{path}"))
    assert document is not None, path
    return document


def test_robots_disallowed_page_is_never_requested(crawled: tuple) -> None:
    _, report, site = crawled
    paths = site.state.paths()
    assert "/robots.txt" in paths
    assert not any(p.startswith("/private/") for p in paths)
    assert report.by_source["crm"]["skipped:robots-disallowed"] == 1


def test_every_request_identifies_the_crawler(crawled: tuple) -> None:
    _, _, site = crawled
    assert {r.headers.get("User-Agent") for r in site.requests} == {
        "coi-test/0.1 (+https://example.org/coi)"
    }


def test_the_delay_is_kept_between_requests_to_one_host(crawled: tuple) -> None:
    _, _, site = crawled
    times = [r.time for r in site.requests if r.path != "/robots.txt"]
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert min(gaps) >= 0.19  # robots.txt asks for 0.2 s, more than our own 0.05 s


def test_out_of_scope_links_are_not_followed(crawled: tuple) -> None:
    _, _, site = crawled
    assert all(not r.path.startswith("http") for r in site.requests)
    assert site.state.paths().count("/en/hazara.html") == 1  # utm_source stripped: one fetch


def test_menus_and_footers_are_not_in_the_text(crawled: tuple) -> None:
    store, _, site = crawled
    for path in ("/en/detention.html", "/ru/index.html", "/az/index.html"):
        text = doc(store, site, path).latest.text
        assert "MENUITEM" not in text
        assert "FOOTERTEXT" not in text
    assert "overcrowded cells" in doc(store, site, "/en/detention.html").latest.text


def test_titles_dates_and_languages(crawled: tuple) -> None:
    store, _, site = crawled
    detention = doc(store, site, "/en/detention.html")
    assert detention.title == "Detention conditions in Azerbaijan, 2023"
    assert detention.published.isoformat() == "2023-11-14"
    assert doc(store, site, "/ru/index.html").language == "ru"
    assert detention.language == "en"


def test_awkward_pages_are_skipped_with_their_reasons(crawled: tuple) -> None:
    _, report, _ = crawled
    counts = report.by_source["crm"]
    for reason in (
        "redirect-loop",
        "timeout",
        "too-large",
        "fake-pdf",
        "http-404",
        "unsupported-type:application/zip",
    ):
        assert counts[f"skipped:{reason}"] >= 1, reason
    assert "skipped, timeout: 1" in report.format()


def test_a_redirect_is_stored_under_its_target(crawled: tuple) -> None:
    store, _, site = crawled
    assert store.document(document_id_for(f"{site.url}/old-address")) is None
    assert doc(store, site, "/en/detention.html").version_count == 1


def test_429_with_retry_after_is_retried(crawled: tuple) -> None:
    store, _, site = crawled
    assert site.state.paths().count("/limited.html") == 2
    assert "deportation" in doc(store, site, "/limited.html").latest.text


def test_pdf_text_keeps_its_pages(crawled: tuple) -> None:
    store, _, site = crawled
    pdf = doc(store, site, "/report.pdf")
    assert pdf.title == "Annual report 2023"
    assert pdf.published.isoformat() == "2023-09-15"
    text, pages = pdf.latest.text, pdf.latest.pages
    assert len(pages) == 2
    assert text[pages[0] :].startswith(PDF_PAGES[0])
    assert text[pages[1] :].startswith(PDF_PAGES[1])
    assert pdf.latest.content_type == "application/pdf"


def test_a_wrong_charset_is_decoded_right(crawled: tuple) -> None:
    store, _, site = crawled
    page = doc(store, site, "/ru/cp1251.html")
    assert "задержания журналистов" in page.latest.text


def test_the_archive_keeps_the_original_bytes(crawled: tuple) -> None:
    store, _, site = crawled
    page = doc(store, site, "/ru/cp1251.html")
    original = store.blobs.get(page.latest.sha256)
    assert "задержания".encode("cp1251") in original


def test_a_second_crawl_uses_conditional_requests_and_stores_no_duplicate(
    site_server: SiteServer, tmp_path: Path
) -> None:
    site_server.reset()
    config = site_config(site_server, tmp_path)
    with open_store(tmp_path) as store:
        run_crawl(config, store)
        documents = store.document_count()
        site_server.state.changing_version = 2
        site_server.state.vanished = True
        second = run_crawl(config, store)
        assert store.document_count() == documents
        counts = second.by_source["crm"]
        assert counts["not-modified"] >= 5
        assert counts["changed"] == 1
        assert counts["gone"] == 1
        conditional = [r for r in site_server.requests if "If-None-Match" in r.headers]
        assert conditional
        changing = store.document(document_id_for(f"{site_server.url}/en/changing.html"))
        assert changing is not None
        assert changing.version_count == 2
        assert "new housing" in changing.latest.text
        versions = store.versions(changing.id)
        assert "remains difficult" in versions[0].text
        gone = store.document(document_id_for(f"{site_server.url}/en/vanishing.html"))
        assert gone is not None
        assert gone.gone
        assert store.versions(gone.id)  # still archived and citable


def test_page_budget_and_depth_are_respected(site_server: SiteServer, tmp_path: Path) -> None:
    site_server.reset()
    config = site_config(site_server, tmp_path, max_pages=3)
    with open_store(tmp_path) as store:
        report = run_crawl(config, store)
        handled = sum(report.by_source["crm"][e] for e in ("new", "skipped", "unchanged"))
    assert handled <= 3


def test_sitemaps_and_feeds_are_start_points_within_scope_and_robots(
    site_server: SiteServer, tmp_path: Path
) -> None:
    site_server.reset()
    config = site_config(
        site_server,
        tmp_path,
        max_pages=6,
        sitemaps=(f"{site_server.url}/sitemap.xml", f"{site_server.url}/feed.xml"),
    )
    with open_store(tmp_path) as store:
        run_crawl(config, store)
        unlinked = store.document(document_id_for(f"{site_server.url}/en/unlinked.html"))
        from_feed = store.document(document_id_for(f"{site_server.url}/en/statelessness.html"))
    assert unlinked is not None
    assert from_feed is not None
    paths = site_server.state.paths()
    assert not any(p.startswith("/private/") for p in paths)
