"""An officer goes from a question to an exported, referenced answer in a real browser: Debian's
Chromium via Playwright, on waitress.

Screenshots of each page go to the folder named by ``COI_SCREENSHOTS`` when it is set (none
otherwise, so a CI run writes nothing).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from browser import CHROMIUM_ARGS, SOURCES, require_chromium, served
from indexfixtures import id_of, make_config
from researchfixtures import PDF_URL, PRISONS, fill_research

from coi.curation import accounts
from coi.store import document_id_for, open_store
from indexer.build import update_index
from web import create_app

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
SCREENSHOTS = os.environ.get("COI_SCREENSHOTS", "")
"""Read when the module loads: the tests' clean environment drops COI_* variables."""
HTML_QUOTE = "political prisoners report ill-treatment"
PDF_QUOTE = "Returned asylum seekers were questioned"
SELECT = """quote => {
  const texts = [...document.querySelectorAll("section.text p")].map(p => p.lastChild);
  const text = texts.find(node => node.textContent.includes(quote));
  const start = text.textContent.indexOf(quote);
  const range = document.createRange();
  range.setStart(text, start);
  range.setEnd(text, start + quote.length);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""
"""Select ``quote`` in the document's text, as a mouse would (the page sees a real selection)."""


def shoot(page: object, name: str) -> None:
    """A full-page screenshot named ``research-<name>.png``, if screenshots are wanted."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"research-{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def officer_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    data_dir = tmp_path_factory.mktemp("research-browser")
    config = replace(make_config(data_dir), sources=SOURCES)
    with open_store(data_dir) as store:
        fill_research(store)
        update_index(config, store)
        accounts.add_user(store, "olga", "researcher", PASSWORD, actor="system")
    app = create_app(config)
    with served(app) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(
            base_url=url, viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        yield context.new_page()
        browser.close()
    app.extensions["coi"].engine.close()


def select_quote(page: object, quote: str, heading: str) -> None:
    """Select ``quote`` on the document page, wait for it to fill the form, and give a heading."""
    page.evaluate(SELECT, quote)
    form = page.locator("section.save-passage")
    page.wait_for_function(
        "quote => document.querySelector('textarea[data-quote]').value === quote", arg=quote
    )
    form.get_by_label("Heading").fill(heading)


def test_an_officer_goes_from_a_question_to_an_exported_answer(officer_page: object) -> None:
    from playwright.sync_api import expect

    page = officer_page
    page.goto("/research/")
    expect(page).to_have_url(re.compile(r"/login"))
    shoot(page, "login")
    page.fill("input[name=name]", "olga")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Research questions")
    page.get_by_label("Title").fill("Returnees to Azerbaijan")
    page.get_by_label("Description").fill("Treatment of returned asylum seekers, 2019-2025")
    page.get_by_label("Countries (ISO codes, e.g. AZE)").fill("AZE")
    page.get_by_label("Topics (e.g. returnees)").fill("returnees")
    shoot(page, "new-question")
    page.get_by_role("button", name="Create question").click()
    expect(page.locator("h1")).to_have_text("Returnees to Azerbaijan")
    shoot(page, "question-empty")

    page.get_by_label("Search for this question (recorded in its log)").fill("deportees")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator(".research-banner")).to_contain_text("Returnees to Azerbaijan")
    shoot(page, "search-empty")
    page.locator("form[role=search] input[name=q]").fill("prisons")
    page.locator("form[role=search] button[type=submit]").first.click()
    expect(page.locator(".hit")).not_to_have_count(0)
    shoot(page, "search-prisons")
    page.get_by_role("link", name="Back to the question").click()
    log = page.locator("table.search-log tbody tr")
    expect(log).to_have_count(2)
    log.filter(has_text="deportees").get_by_role("button", name="Nothing relevant found").click()
    expect(log.filter(has_text="deportees").locator(".nothing")).to_have_count(1)
    expect(log.filter(has_text="prisons").locator(".nothing")).to_have_count(0)
    shoot(page, "question-log")

    page.goto(f"/documents/{id_of(PRISONS)}")
    select_quote(page, HTML_QUOTE, "Detention")
    shoot(page, "document-html-selected")
    page.get_by_role("button", name="Save passage").click()
    expect(page.locator(".passage blockquote")).to_have_text([HTML_QUOTE])

    page.goto(f"/documents/{document_id_for(PDF_URL)}")
    select_quote(page, PDF_QUOTE, "Returns")
    expect(page.locator("input[data-page-input]")).to_have_value("2")
    expect(page.locator("#citation-text")).to_contain_text("p. 2")  # typing the heading kept it
    shoot(page, "document-pdf-selected")
    page.get_by_role("button", name="Save passage").click()
    expect(page.locator(".passage blockquote")).to_have_text([HTML_QUOTE, PDF_QUOTE])
    expect(page.locator(".passage .meta").nth(1)).to_contain_text("p. 2")
    expect(page.locator(".old-passage").first).to_contain_text("Dated 2021-03-01")
    expect(page.locator(".corroborating")).to_have_count(0)  # "report" alone is no echo
    shoot(page, "question-passages")

    page.get_by_role("link", name="printable page").click()
    notes = page.locator("ol.footnotes li")
    expect(notes).to_have_count(2)
    expect(notes.nth(0)).to_contain_text("Prison conditions in Azerbaijan")
    expect(notes.nth(0)).to_contain_text(f"/documents/{id_of(PRISONS)}")
    expect(notes.nth(1)).to_contain_text("Annual report 2023")
    expect(notes.nth(1)).to_contain_text("p. 2")
    expect(page.locator("blockquote sup a")).to_have_text(["1", "2"])
    consulted = page.locator("ul.consulted li")
    expect(consulted).to_have_count(2)
    expect(consulted.filter(has_text='"deportees"')).to_contain_text("nothing relevant found")
    shoot(page, "answer-html")
    page.go_back()

    with page.expect_download() as download:
        page.get_by_role("link", name="DOCX").click()
    assert download.value.suggested_filename.endswith(".docx")
    paragraphs = [
        p.text for p in docx.Document(io.BytesIO(download.value.path().read_bytes())).paragraphs
    ]
    notes_at = paragraphs.index("Notes")
    first, second = paragraphs[notes_at + 1 : notes_at + 3]
    assert first.startswith("1 ")
    assert "Prison conditions in Azerbaijan" in first
    assert second.startswith("2 ")
    assert second.endswith(", p. 2")
    consulted_at = paragraphs.index("Sources consulted")
    searches = paragraphs[consulted_at + 1 : consulted_at + 3]
    assert [line.split(" — ")[1].split(" (")[0] for line in searches] == [
        '"deportees"',
        '"prisons"',
    ]
    assert "nothing relevant found" in searches[0]
    assert "nothing relevant found" not in searches[1]

    page.get_by_role("button", name="Freeze this answer").click()
    expect(page).to_have_url(re.compile(r"/research/[0-9a-f]+/answers/1$"))
    expect(page.locator("p.frozen")).to_contain_text("Version 1 of this answer, frozen")
    expect(page.locator("ol.footnotes li")).to_have_count(2)
    shoot(page, "answer-frozen")
    page.goto(page.url.rsplit("/answers/", 1)[0])
    expect(page.locator("ol.frozen-answers li")).to_have_count(1)
    shoot(page, "question-frozen")
