"""A judge checks citations in a real browser: Debian's Chromium via Playwright, on waitress."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from browser import CHROMIUM_ARGS, SOURCES, require_chromium, served
from indexfixtures import make_config, url_of
from researchfixtures import HARSH, PRISONS, fill_research

from coi.store import open_store
from indexer.build import update_index
from web import create_app

pytestmark = pytest.mark.browser
OUTPUT = Path(__file__).resolve().parent.parent / "test-output"


@pytest.fixture(scope="module")
def judge_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    data_dir = tmp_path_factory.mktemp("citecheck")
    config = replace(make_config(data_dir), sources=SOURCES)
    with open_store(data_dir) as store:
        fill_research(store)
        update_index(config, store)
    app = create_app(config)
    with served(app) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser.new_context(base_url=url, viewport={"width": 1280, "height": 900}).new_page()
        browser.close()
    app.extensions["coi"].engine.close()


@pytest.mark.parametrize(
    ("name", "quote", "accessed", "verdict"),
    [
        ("archived", HARSH, "2024-01-10", "word for word"),
        ("changed", HARSH, "2024-01-25", "with small differences"),
        ("absent", "All political prisoners were freed", "2024-01-10", "is not in this version"),
    ],
)
def test_a_judge_checks_a_quote(
    judge_page: object, name: str, quote: str, accessed: str, verdict: str
) -> None:
    page = judge_page
    page.goto("/")
    page.get_by_role("link", name="Check a citation").click()
    page.get_by_label("Citation or URL").fill(f"{url_of(PRISONS)} (accessed 1 March 2024)")
    page.get_by_label("Quoted passage").fill(quote)
    page.get_by_label("Access date").fill(accessed)
    page.get_by_role("button", name="Check").click()
    result = page.locator(".citecheck-result")
    assert verdict in result.inner_text()
    if name == "changed":
        assert page.locator(".differences ins").first.inner_text().endswith("remained")
    if name == "archived":
        assert "Version of 2024-01-20" in result.inner_text()
        with page.expect_download() as download:
            page.get_by_role("link", name="Archived copy of this version").click()
        assert HARSH in Path(download.value.path()).read_text(encoding="utf-8")
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"citecheck-{name}.png"), full_page=True)
