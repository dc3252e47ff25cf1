"""End to end in a real browser: Debian's Chromium driven by Playwright, against waitress."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

import pytest
from browser import CHROMIUM_ARGS, SOURCES, coi_served, require_chromium, served
from flask import Flask
from indexfixtures import fill, make_config
from pgserver import PostgresServer

from coi.store import open_store
from indexer.build import update_index
from web import create_app

pytestmark = pytest.mark.browser
OUTPUT = Path(__file__).resolve().parent.parent / "test-output"


@pytest.fixture(scope="module", params=["in-process", "workers-postgresql"])
def base_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The app over the test documents: served in this process on SQLite, and as an agency
    scales it out, ``coi serve --workers 2`` over a PostgreSQL store."""
    data_dir = tmp_path_factory.mktemp("browser")
    config = replace(make_config(data_dir), sources=SOURCES)
    with ExitStack() as stack:
        store_url = ""
        if request.param == "workers-postgresql":
            server: PostgresServer = request.getfixturevalue("postgres_server")
            store_url = stack.enter_context(server.fresh_database())
        with open_store(data_dir, store_url) as store:
            fill(store)
            update_index(config, store)
        if store_url:
            yield stack.enter_context(coi_served(data_dir, workers=2, store_url=store_url))
            return
        app = create_app(config)
        with served(app) as url:
            yield url
        app.extensions["coi"].engine.close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """One Debian Chromium for the module, driven by Playwright."""
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def browser_page(chromium: object, base_url: str) -> object:
    context = chromium.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    return context.new_page()


def test_search_filter_open_and_cite(browser_page: object) -> None:
    from playwright.sync_api import expect

    page = browser_page
    OUTPUT.mkdir(exist_ok=True)
    page.goto("/")
    total = page.locator(".total strong")
    expect(total).to_have_text("6")
    page.click('.facet[data-facet="language"] a[data-value="en"]')
    expect(total).to_have_text("3")
    expect(page.locator(".chip")).to_have_count(1)
    page.fill("#q", "detention")
    page.click("button[type=submit]")
    expect(total).to_have_text("2")
    expect(page.locator(".chip")).to_have_count(1)  # the filter stays with a new query
    page.screenshot(path=str(OUTPUT / "search.png"), full_page=True)
    page.click(".chip")
    expect(total).to_have_text("2")
    expect(page.locator(".hit mark").first).to_have_text(re.compile("detention", re.IGNORECASE))
    source = page.locator('.facet[data-facet="source"] a[data-value="gov-b"]')
    expect(source).to_contain_text("Ministry of Internal Affairs")
    expect(source.locator(".count")).to_have_text("1")
    source.click()
    expect(total).to_have_text("1")
    expect(page.locator(".hit .source")).to_have_text("Ministry of Internal Affairs")
    page.click(".chip")
    expect(total).to_have_text("2")
    page.locator(".hit h3 a").first.click()
    expect(page.locator("h2#versions-h")).to_contain_text("Versions (1)")
    copy = page.locator("button.copy")
    expect(copy).to_be_visible()
    copy.click()
    expect(copy).to_have_text("Copied")
    citation = page.locator("#citation-text").inner_text()
    assert page.evaluate("navigator.clipboard.readText()") == citation.strip()
    page.screenshot(path=str(OUTPUT / "document.png"), full_page=True)


def test_country_facet_then_exclude_a_source(browser_page: object) -> None:
    from playwright.sync_api import expect

    page = browser_page
    page.goto("/")
    total = page.locator(".total strong")
    expect(total).to_have_text("6")
    page.click('.facet[data-facet="country"] a[data-value="AZE"]')
    expect(total).to_have_text("4")
    english = page.locator('.facet[data-facet="language"] a[data-value="en"] .count')
    expect(english).to_have_text("2")  # the other facets now count within Azerbaijan
    page.click('.facet[data-facet="source"] a[data-exclude="gov-b"]')
    expect(total).to_have_text("2")
    expect(page.locator(".chip.excluded")).to_have_count(1)
    expect(page.locator(".hit .source")).not_to_contain_text(["Ministry of Internal Affairs"])
    page.click(".chip.excluded")
    expect(total).to_have_text("4")


def test_page_works_on_a_phone_sized_screen(browser_page: object) -> None:
    from playwright.sync_api import expect

    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/?q=refugees")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    page.click(".to-filters")  # the facets sit below the hits on a phone: one tap away
    expect(page.locator("#filters")).to_be_in_viewport()
    page.screenshot(path=str(OUTPUT / "search-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator(".to-filters")).to_be_hidden()  # beside the hits on a wide screen


@pytest.fixture(scope="module")
def curator_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Flask]]:
    from coi.curation import accounts

    data_dir = tmp_path_factory.mktemp("browser-desk")
    config = make_config(data_dir)
    with open_store(data_dir) as store:
        fill(store)
        update_index(config, store)
        accounts.add_user(store, "leyla", "curator", "correct horse battery", actor="system")
    app = create_app(config)
    with served(app) as url:
        yield url, app
    app.extensions["coi.reindex"].close()
    app.extensions["coi"].engine.close()


def test_curator_builds_a_collection_and_corrects_topics(
    chromium: object, curator_site: tuple[str, Flask]
) -> None:
    from playwright.sync_api import expect

    url, app = curator_site
    page = chromium.new_context(base_url=url).new_page()
    page.goto("/desk/")
    expect(page).to_have_url(re.compile(r"/login"))
    page.fill("input[name=name]", "leyla")
    page.fill("input[name=password]", "correct horse battery")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Librarians' desk")
    page.fill("input[name=title]", "Azerbaijan: detention")
    page.check("input[name=public]")
    page.click("text=Create collection")
    expect(page.locator("h1")).to_have_text("Azerbaijan: detention")
    page.goto("/?q=detention")
    page.locator(".hit form.add-to-collection button").first.click()
    page.goto("/collections/azerbaijan-detention")
    expect(page.locator("ol li")).to_have_count(1)
    page.goto("/")
    torture = page.locator('.facet[data-facet="topic"] a[data-value="torture-ill-treatment"]')
    expect(torture).to_have_count(0)
    page.locator(".hit h3 a").first.click()
    page.fill("input[name=topics]", "torture-ill-treatment, refugees")
    page.click("text=Save corrections")
    assert app.extensions["coi.reindex"].wait(60)  # the index takes a change up in the background
    page.goto("/")
    expect(torture.locator(".count")).to_have_text("1")
    page.screenshot(path=str(OUTPUT / "desk-facets.png"), full_page=True)


def test_switching_the_interface_to_azerbaijani_and_russian(
    chromium: object, base_url: str
) -> None:
    from playwright.sync_api import expect

    page = chromium.new_context(base_url=base_url, locale="en-US").new_page()
    page.goto("/?country=AZE")
    expect(page.locator("form.search button[type=submit]")).to_have_text("Search")
    page.click("a[lang=az]")
    expect(page.locator("form.search button[type=submit]")).to_have_text("Axtar")
    expect(page.locator(".chip")).to_contain_text("Ölkə: Azərbaycan")
    expect(page).to_have_url(re.compile(r"country=AZE"))  # the search state survives
    page.screenshot(path=str(OUTPUT / "search-az.png"), full_page=True)
    page.goto("/sources/")
    expect(page.locator("h1")).to_have_text("Mənbələr")  # remembered across pages
    page.click("a[lang=ru]")
    expect(page.locator("h1")).to_have_text("Источники")
    page.goto("/?q=Hazara")
    expect(page.locator(".total")).to_contain_text("1 документ")
    page.screenshot(path=str(OUTPUT / "search-ru.png"), full_page=True)
