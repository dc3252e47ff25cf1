"""The Flask app on a real store and index: every route, escaping, headers, errors, state."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from indexfixtures import DOCS, fill, id_of, make_config

from coi.store import open_store
from indexer.build import update_index
from web import create_app


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    data_dir = tmp_path_factory.mktemp("web")
    config = make_config(data_dir)
    with open_store(data_dir) as store:
        fill(store)
        update_index(config, store)
    app = create_app(config)
    yield app
    app.extensions["coi"].engine.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_page_and_api_agree(client: FlaskClient) -> None:
    data = client.get("/api/search?country=AZE&sort=newest").get_json()
    page = client.get("/?country=AZE&sort=newest").get_data(as_text=True)
    titles = re.findall(r'<h3><a href="/documents/[0-9a-f]+">([^<]*)</a></h3>', page)
    assert len(titles) == data["total"] == 4
    assert titles[0] == data["hits"][0]["title"]


def test_facet_links_carry_counts_that_match_their_targets(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    links = re.findall(
        r'<a href="(\?[^"]+)"[^>]*data-value="[^"]*">[^<]*<span class="count">(\d+)', page
    )
    assert len(links) >= 10
    for href, count in links:
        target = client.get("/api/search" + href.replace("&amp;", "&")).get_json()
        assert target["total"] == int(count), href


def test_chips_remove_their_filter(client: FlaskClient) -> None:
    page = client.get("/?country=AZE&language=en").get_data(as_text=True)
    chip = re.search(r'<a class="chip" href="([^"]*)" aria-label="Remove filter Country', page)
    assert chip is not None
    assert chip.group(1).replace("&amp;", "&") == "?language=en"


def test_markup_in_queries_and_documents_is_escaped(client: FlaskClient) -> None:
    page = client.get("/?q=%3Cscript%3Ealert(2)%3C/script%3E+Hazara").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(2)" in page
    document = client.get(f"/documents/{id_of(DOCS[2])}").get_data(as_text=True)
    assert "<script>alert(1)" not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document


def test_security_headers_on_every_response(client: FlaskClient) -> None:
    for path in ("/", "/api/search", f"/documents/{id_of(DOCS[0])}", "/missing"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"


def test_document_page_gives_provenance_and_citation(client: FlaskClient) -> None:
    doc = client.get(f"/api/documents/{id_of(DOCS[0])}").get_json()
    page = client.get(f"/documents/{id_of(DOCS[0])}").get_data(as_text=True)
    (version,) = doc["versions"]
    assert version["sha256"] in page
    assert doc["url"] in page
    assert "accessed 1 January 2024" in doc["citation"]
    assert "Versions (1)" in page


def test_archived_original_is_an_attachment_with_its_checksum(client: FlaskClient) -> None:
    doc = client.get(f"/api/documents/{id_of(DOCS[2])}").get_json()
    (version,) = doc["versions"]
    response = client.get(version["original"])
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert hashlib.sha256(response.data).hexdigest() == version["sha256"]


@pytest.mark.parametrize(
    ("fmt", "marker"), [("ris", "TY  - "), ("bib", "@misc{"), ("json", '"URL"')]
)
def test_citation_downloads(client: FlaskClient, fmt: str, marker: str) -> None:
    response = client.get(f"/api/documents/{id_of(DOCS[0])}/cite.{fmt}")
    assert response.status_code == 200
    assert marker in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/search?year=20x", 400),
        ("/api/search?page=0", 400),
        ("/api/search?sort=best", 400),
        ("/api/search?colour=red", 400),
        ("/api/documents/0000000000000000", 404),
        ("/api/nothing", 404),
    ],
)
def test_api_errors_are_json_with_status(client: FlaskClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.get_json()["error"]["status"] == status
    assert response.get_json()["error"]["message"]


def test_ui_errors_are_pages(client: FlaskClient) -> None:
    response = client.get("/documents/0000000000000000")
    assert response.status_code == 404
    assert "Back to search" in response.get_data(as_text=True)
    assert client.get("/?page=abc").status_code == 400


def test_pagination_links(client: FlaskClient) -> None:
    page = client.get("/?per_page=4").get_data(as_text=True)
    assert "page 1 of 2" in page
    assert 'rel="next" href="?page=2"' in page
    second = client.get("/?per_page=4&page=2").get_data(as_text=True)
    assert 'rel="prev"' in second


def test_queries_are_counted_not_logged(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    before = client.get("/api/stats").get_json()["searches"]
    client.get("/?q=claimant-secret-name")
    assert client.get("/api/stats").get_json()["searches"] == before + 1
    assert "claimant-secret-name" not in caplog.text


def test_openapi_describes_the_routes(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    assert {"/api/search", "/api/documents/{id}", "/api/facets"} <= set(spec["paths"])


def test_interface_follows_the_browser_language(client: FlaskClient) -> None:
    page = client.get("/?country=AZE", headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    text = page.get_data(as_text=True)
    assert '<html lang="ru">' in text
    assert "Искать" in text
    assert "Страна: Азербайджан" in text  # facet labels come from CLDR in the interface language
    assert "<strong>4</strong> документа" in text


def test_language_switcher_is_remembered(client: FlaskClient) -> None:
    response = client.get("/ui/az?next=/sources/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/sources/")
    page = client.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<html lang="az">' in page
    assert "Axtar" in page
    assert client.get("/ui/en?next=//evil.example").headers["Location"] == "/"


def test_excluding_a_value_removes_its_documents(client: FlaskClient) -> None:
    everything = client.get("/api/search").get_json()["total"]
    without = client.get("/api/search?not_source=ngo-a").get_json()
    assert without["total"] == everything - 2
    page = client.get("/?not_source=ngo-a").get_data(as_text=True)
    assert 'class="chip excluded"' in page


def test_sources_page_lists_sources_with_search_and_exclude_links(client: FlaskClient) -> None:
    page = client.get("/sources/").get_data(as_text=True)
    assert "?not_source=" in page or "not_source=" in page


def test_result_list_exports(client: FlaskClient) -> None:
    csv_text = client.get("/export.csv?country=AZE&sort=newest").get_data(as_text=True)
    rows = csv_text.strip().splitlines()
    assert rows[0].startswith("title,publisher,author,published,language")
    assert len(rows) == 1 + 4
    ris = client.get("/export.ris?q=Hazara").get_data(as_text=True)
    assert ris.count("TY  - ") == 1


def test_document_page_shows_similar_and_other_language_documents(client: FlaskClient) -> None:
    page = client.get(f"/documents/{id_of(DOCS[3])}").get_data(as_text=True)
    assert "Similar documents" in page
    assert "In other languages" in page
    assert "Права беженцев в Азербайджане" in page  # ru, about AZE and detention conditions


def test_document_page_highlights_the_query_it_was_reached_from(client: FlaskClient) -> None:
    page = client.get("/?q=Hazara").get_data(as_text=True)
    link = re.search(r'<h3><a href="(/documents/[0-9a-f]+\?q=Hazara)">', page)
    assert link is not None
    document = client.get(link.group(1)).get_data(as_text=True)
    assert "<mark>Hazara</mark> women refugees" in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
