"""The citation check over HTTP: the judge's page and the API, on a real store and app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from indexfixtures import make_config, url_of
from researchfixtures import HARSH, PRISONS, fill_research

from coi.store import open_store
from indexer.build import update_index
from web import create_app


@pytest.fixture
def client(tmp_path: Path) -> Iterator[FlaskClient]:
    config = make_config(tmp_path)
    with open_store(tmp_path) as store:
        fill_research(store)
        update_index(config, store)
    app = create_app(config)
    yield app.test_client()
    app.extensions["coi"].engine.close()


def test_the_page_shows_the_archived_version_and_what_changed_since(client: FlaskClient) -> None:
    page = client.get(
        "/cite-check",
        query_string={"citation": url_of(PRISONS), "quote": HARSH, "accessed": "2024-01-10"},
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "The quote is in this version, word for word." in html
    assert "the version current on 2024-01-10" in html
    assert "The quote is in this version with small differences" in html  # the later version
    archived = client.get(html.split('class="archived" href="http://localhost')[1].split('"')[0])
    assert archived.status_code == 200
    assert HARSH.encode() in archived.data


def test_the_page_highlights_small_differences_and_says_when_absent(client: FlaskClient) -> None:
    close = client.get(
        "/cite-check",
        query_string={"citation": url_of(PRISONS), "quote": HARSH, "accessed": "2024-01-25"},
    ).get_data(as_text=True)
    assert '<span class="visually-hidden">quoted:</span>remain</del>' in close
    assert '<span class="visually-hidden">source:</span>remained</ins>' in close
    absent = client.get(
        "/cite-check", query_string={"citation": url_of(PRISONS), "quote": "Torture has ended"}
    ).get_data(as_text=True)
    assert "The quote is not in this version." in absent
    unknown = client.get("/cite-check", query_string={"citation": "https://nowhere.example/"})
    assert unknown.status_code == 404
    assert "coi keeps no document" in unknown.get_data(as_text=True)


def test_the_api_answers_as_the_command_does(client: FlaskClient) -> None:
    body = client.get(
        "/api/cite-check",
        query_string={"citation": url_of(PRISONS), "quote": HARSH, "accessed": "2024-01-10"},
    ).get_json()
    assert body["quote"]["match"] == "exact"
    assert body["chosen_by"] == "date"
    assert body["changed_since"] is True
    assert body["later_versions"][0]["quote"]["match"] == "close"
    assert body["version"]["archived_copy"].endswith(f"/versions/{body['version']['id']}/original")
    assert client.get("/api/cite-check", query_string={"quote": "x"}).status_code == 404
    bad_date = client.get("/api/cite-check", query_string={"quote": HARSH, "accessed": "10.1.24"})
    assert bad_date.status_code == 400
