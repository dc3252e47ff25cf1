"""End to end in a real browser: Debian's Chromium driven by Playwright, against waitress."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import CHROMIUM_ARGS, require_chromium, served
from indexfixtures import fill, make_config

from coi.store import open_store
from indexer.build import update_index
from web import create_app

pytestmark = pytest.mark.browser
OUTPUT = Path(__file__).resolve().parent.parent / "test-output"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("browser")
    config = make_config(data_dir)
    with open_store(data_dir) as store:
        fill(store)
        update_index(config, store)
    app = create_app(config)
    with served(app) as url:
        yield url
    app.extensions["coi"].engine.close()


@pytest.fixture(scope="module")
def browser_page(base_url: str) -> Iterator[object]:
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
        yield context.new_page()
        browser.close()


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
    expect(page.locator(".hit mark").first).to_have_text("Detention")
    page.locator(".hit h3 a").first.click()
    expect(page.locator("h2#versions-h")).to_contain_text("Versions (1)")
    copy = page.locator("button.copy")
    expect(copy).to_be_visible()
    copy.click()
    expect(copy).to_have_text("Copied")
    citation = page.locator("#citation-text").inner_text()
    assert page.evaluate("navigator.clipboard.readText()") == citation.strip()
    page.screenshot(path=str(OUTPUT / "document.png"), full_page=True)


def test_page_works_on_a_phone_sized_screen(browser_page: object) -> None:
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/?q=refugees")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    page.screenshot(path=str(OUTPUT / "search-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
