"""The citation check as a judge runs it: the quote in the archived version, changed, or absent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from indexfixtures import DOCS, id_of, url_of
from researchfixtures import HARSH, PDF_URL, PRISONS, fill_research

from coi.citation import citation_text
from coi.cli import cli
from coi.curation.citecheck import CiteCheckError, check_citation
from coi.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path, store_url: str) -> Iterator[Store]:
    with open_store(tmp_path, store_url) as opened:
        fill_research(opened)
        yield opened


def test_a_quote_in_the_version_current_on_the_access_date(store: Store) -> None:
    check = check_citation(store, f"{url_of(PRISONS)} (accessed 10 January 2024)", HARSH)
    assert check.document.id == id_of(PRISONS)
    assert check.chosen_by == "date"
    assert check.version.retrieved.day == 4
    assert check.quote is not None
    assert check.quote.kind == "exact"
    assert check.changed_since
    later = check.later[0].quote
    assert later is not None
    assert later.kind == "close"
    changed = [d for d in later.differences if d.op != "equal"]
    assert [(d.quoted, d.source) for d in changed] == [("remain", "remained")]


def test_a_quote_changed_in_the_version_current_later(store: Store) -> None:
    check = check_citation(store, url_of(PRISONS), HARSH, date(2024, 1, 25))
    assert check.version.retrieved.day == 20
    assert not check.later
    assert check.quote is not None
    assert check.quote.kind == "close"
    assert 0.8 <= check.quote.similarity < 1
    assert "remained harsh" in check.quote.found
    assert any(d.op != "equal" and "remained" in d.source for d in check.quote.differences)


def test_a_quote_that_is_not_there(store: Store) -> None:
    check = check_citation(store, url_of(PRISONS), "All political prisoners were released in 2020")
    assert check.quote is not None
    assert check.quote.kind == "absent"


def test_a_pasted_coi_citation_names_its_version_by_sha256(store: Store) -> None:
    first = store.versions(id_of(PRISONS))[0]
    document = store.document(id_of(PRISONS))
    assert document is not None
    cited = citation_text(document, None).replace(document.latest.sha256, first.sha256)
    check = check_citation(store, cited, "“political  prisoners\nreport ill-treatment”")
    assert check.chosen_by == "sha256"
    assert check.version.id == first.id
    assert check.quote is not None
    assert check.quote.kind == "exact"


def test_a_bare_quote_finds_its_document_and_pdf_page(store: Store) -> None:
    check = check_citation(store, quote="questioned by the State Security Service at the airport")
    assert check.document.url == PDF_URL
    assert check.quote is not None
    assert check.quote.kind == "exact"
    assert check.quote.page == 2
    assert check.chosen_by == "latest"


def test_an_access_date_before_the_first_copy_and_a_page_gone_offline(store: Store) -> None:
    store.mark_gone(url_of(PRISONS), check_citation(store, url_of(PRISONS)).version.retrieved)
    check = check_citation(store, url_of(PRISONS), HARSH, date(2023, 6, 1))
    assert check.chosen_by == "earliest"
    assert check.document.gone


def test_nothing_to_find_is_a_clear_error(store: Store) -> None:
    with pytest.raises(CiteCheckError):
        check_citation(store, "https://example.org/never-seen")
    with pytest.raises(CiteCheckError):
        check_citation(store, "  ")


def test_the_command_reports_and_exits_1_when_the_quote_is_absent(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    with open_store(tmp_path / "data") as opened:
        fill_research(opened)
    run = CliRunner().invoke(
        cli,
        [
            "cite-check",
            "--config",
            str(config),
            "--citation",
            url_of(PRISONS),
            "--quote",
            HARSH,
            "--accessed",
            "2024-01-10",
        ],
    )
    assert run.exit_code == 0, run.output
    assert "found exactly" in run.output
    assert "Changed since: 1 later version" in run.output
    absent = CliRunner().invoke(
        cli,
        [
            "cite-check",
            "--config",
            str(config),
            "--citation",
            url_of(DOCS[0]),
            "--json",
            "--quote",
            "Nothing like this was ever written here",
        ],
    )
    assert absent.exit_code == 1
    assert json.loads(absent.output)["quote"]["match"] == "absent"
