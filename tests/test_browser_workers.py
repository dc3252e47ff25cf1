"""The search page in a real browser against ``coi serve --workers 2``: two processes answer the
page, its facets and the document it opens alike, on a SQLite store and on a PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import replace

import pytest
from browser import CHROMIUM_ARGS, SOURCES, coi_served, require_chromium
from indexfixtures import fill, make_config
from pgserver import PostgresServer

from coi.store import open_store
from indexer.build import update_index

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def base_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("browser-workers")
    with ExitStack() as stack:
        store_url = ""
        if request.param == "postgresql":
            server: PostgresServer = request.getfixturevalue("postgres_server")
            store_url = stack.enter_context(server.fresh_database())
        with open_store(data_dir, store_url) as store:
            fill(store)
            update_index(replace(make_config(data_dir), sources=SOURCES), store)
        yield stack.enter_context(coi_served(data_dir, workers=2, store_url=store_url))


def test_search_page_served_by_two_workers(base_url: str) -> None:
    executable = require_chromium()
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_context(base_url=base_url).new_page()
        total = page.locator(".total strong")
        for _ in range(6):  # each load is a new connection, answered by either worker
            page.goto("/")
            expect(total).to_have_text("6")
        page.click('.facet[data-facet="language"] a[data-value="en"]')
        expect(total).to_have_text("3")
        page.fill("#q", "detention")
        page.click("button[type=submit]")
        expect(total).to_have_text("2")
        expect(page.locator(".chip")).to_have_count(1)
        source = page.locator('.facet[data-facet="source"] a[data-value="gov-b"]')
        expect(source).to_contain_text("Ministry of Internal Affairs")
        source.click()
        expect(total).to_have_text("1")
        page.locator(".hit h3 a").first.click()
        expect(page.locator("h2#versions-h")).to_contain_text("Versions (1)")
        browser.close()
