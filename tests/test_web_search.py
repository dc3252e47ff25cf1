"""The search page and API as a researcher combines filters: OR within a facet, AND across,
the ``lang`` alias, facet counts without hits, browsing order, long facet lists without
JavaScript, every route answering, and failures answered in the caller's format."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, request
from flask.testing import FlaskClient
from indexfixtures import DOCS, Doc, fill, id_of, make_config

from coi.store import open_store
from indexer.build import update_index
from web import create_app
from web.params import STATE_KEYS

HIT_LINK = re.compile(r'<h3><a href="/documents/([0-9a-f]+)[^"]*">')


def build_app(data_dir: Path, docs: tuple[Doc, ...] = DOCS) -> Flask:
    """The real app over a real store and index holding ``docs``."""
    config = make_config(data_dir)
    with open_store(data_dir) as store:
        fill(store, docs)
        update_index(config, store)
    return create_app(config)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = build_app(tmp_path_factory.mktemp("web-search"))
    yield app
    app.extensions["coi"].engine.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def total(client: FlaskClient, query: str) -> int:
    return int(client.get("/api/search?" + query).get_json()["total"])


def test_values_of_one_facet_are_ored_and_facets_are_anded(client: FlaskClient) -> None:
    counts = client.get("/api/search").get_json()["facets"]["language"]
    assert counts == {"en": 3, "ru": 2, "az": 1}
    assert total(client, "language=ru&language=az") == counts["ru"] + counts["az"] == 3
    assert total(client, "language=en") == 3
    assert total(client, "language=en&country=AZE") == 2
    assert total(client, "language=en&country=AZE&source=gov-b") == 1


def test_lang_is_an_alias_of_language(client: FlaskClient) -> None:
    alias = client.get("/api/search?lang=ru&lang=az&sort=newest").get_json()
    canonical = client.get("/api/search?language=ru&language=az&sort=newest").get_json()
    assert alias == canonical
    page = client.get("/?lang=ru").get_data(as_text=True)
    assert "Language: Russian" in page  # the chip names the facet, not the alias


def test_page_lists_the_same_hits_in_the_same_order_as_the_api(client: FlaskClient) -> None:
    for query in ("q=refugees", "q=Aliyev&lang=en", "country=AZE&sort=added", "per_page=2&page=2"):
        api_ids = [hit["id"] for hit in client.get("/api/search?" + query).get_json()["hits"]]
        page_ids = HIT_LINK.findall(client.get("/?" + query).get_data(as_text=True))
        assert page_ids == api_ids, query


def test_a_selected_value_links_to_its_removal_and_others_add_to_it(
    client: FlaskClient,
) -> None:
    page = client.get("/?language=ru&language=az").get_data(as_text=True)
    links = dict(
        (value, href.replace("&amp;", "&"))
        for href, value in re.findall(r'<a href="(\?[^"]*)"[^>]*data-value="([^"]+)"', page)
    )
    assert links["ru"] == "?language=az"
    assert links["en"] == "?language=ru&language=az&language=en"
    assert re.search(r'class="selected" aria-current="true" data-value="ru"', page)


def test_facets_endpoint_gives_the_counts_of_the_search(client: FlaskClient) -> None:
    query = "q=refugees&country=AZE"
    facets = client.get("/api/facets?" + query).get_json()
    search = client.get("/api/search?" + query).get_json()
    assert facets == {
        "query": search["query"],
        "total": search["total"],
        "facets": search["facets"],
    }
    assert "hits" not in facets


def test_browsing_without_words_lists_newest_first_and_says_so(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<strong aria-current="true">newest published</strong>' in page
    assert 'class="unavailable"' in page  # relevance means nothing without words
    assert HIT_LINK.findall(page)[0] == id_of(DOCS[0])  # published 2023-05-02, the newest
    ranked = client.get("/?q=refugees").get_data(as_text=True)
    assert '<strong aria-current="true">relevance</strong>' in ranked


def test_notices_are_shown(client: FlaskClient) -> None:
    result = client.get("/api/search?q=refugees+AND").get_json()
    assert result["notices"]
    page = client.get("/?q=refugees+AND").get_data(as_text=True)
    assert 'class="notice" role="status"' in page


def test_nothing_within_the_filters_shows_what_matches_outside_and_says_so(
    client: FlaskClient,
) -> None:
    result = client.get("/api/search?q=Hazara&language=ru").get_json()
    assert result["widened"] == ["filters"]
    assert [hit["id"] for hit in result["hits"]] == [id_of(DOCS[2])]
    assert any("filters" in notice for notice in result["notices"])
    page = client.get("/?q=Hazara&language=ru").get_data(as_text=True)
    assert 'class="notice widened"' in page
    assert '<a href="?q=Hazara">' in page  # the way out: the same words, no filters
    assert HIT_LINK.findall(page) == [id_of(DOCS[2])]


def test_every_public_route_answers(client: FlaskClient) -> None:
    doc = client.get(f"/api/documents/{id_of(DOCS[0])}").get_json()
    paths = [
        "/",
        "/?q=refugees&sort=newest&page=1",
        "/api/search",
        "/api/facets",
        "/api/stats",
        "/api/openapi.json",
        f"/api/documents/{id_of(DOCS[0])}",
        f"/documents/{id_of(DOCS[0])}",
        doc["versions"][0]["original"],
        "/static/style.css",
        "/static/app.js",
        "/sources/",
    ]
    for path in paths:
        with client.get(path) as response:  # static files are streamed: close them
            assert response.status_code == 200, path


def test_openapi_names_every_route_parameter_and_field_of_the_api(
    app: Flask, client: FlaskClient
) -> None:
    spec = client.get("/api/openapi.json").get_json()

    def shape(path: str) -> str:
        return re.sub(r"[<{][^>}]+[>}]", "{}", path)

    routes = {shape(r.rule) for r in app.url_map.iter_rules() if r.rule.startswith("/api/")}
    assert {shape(path) for path in spec["paths"]} == routes
    parameters = spec["paths"]["/api/search"]["get"]["parameters"]
    assert {p["name"] for p in parameters} == {*STATE_KEYS, "page", "per_page"}
    result = client.get("/api/search?q=refugees").get_json()
    schemas = spec["components"]["schemas"]
    assert set(schemas["SearchResult"]["properties"]) == set(result)
    assert set(schemas["Hit"]["properties"]) == set(result["hits"][0])


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "/\t/evil.example"])
def test_language_switch_never_redirects_to_another_host(client: FlaskClient, target: str) -> None:
    response = client.get("/ui/ru", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_facet_values_beyond_the_first_dozen_work_without_javascript(tmp_path: Path) -> None:
    countries = ("AFG", "ARM", "BLR", "GEO", "IRN", "IRQ", "KAZ", "RUS", "SYR", "TJK", "TUR")
    countries += ("UKR", "UZB", "AZE")
    docs = tuple(
        Doc(f"doc-{code.lower()}", "en", f"Report on {code}", "Refugees and detention.", (code,))
        for code in countries
    )
    app = build_app(tmp_path, docs)
    client = app.test_client()
    page = client.get("/").get_data(as_text=True)
    country = page[page.index('data-facet="country"') : page.index('data-facet="language"')]
    visible, folded = country.split('<details class="more">')
    assert visible.count("data-value=") == 12
    assert "<summary>2 more</summary>" in folded
    hidden_value = re.findall(r'data-value="([A-Z]{3})"', folded)[0]
    selected = client.get(f"/?country={hidden_value}").get_data(as_text=True)
    assert '<details class="more" open>' in selected  # the selection is never folded away
    app.extensions["coi"].engine.close()


def test_failures_answer_in_the_format_of_the_caller_and_log_no_query(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = build_app(tmp_path, DOCS[:1])

    def broken() -> str:
        raise RuntimeError(f"disk on fire while searching {request.args.get('q')}")

    app.add_url_rule("/api/broken", view_func=broken)
    app.add_url_rule("/broken", view_func=broken)
    client = app.test_client()
    api = client.get("/api/broken")
    assert api.status_code == 500
    assert api.get_json() == {
        "error": {"status": 500, "message": "Something went wrong on our side."}
    }
    page = client.get("/broken")
    assert page.status_code == 500
    assert "Back to search" in page.get_data(as_text=True)
    assert "disk on fire" not in page.get_data(as_text=True)
    assert page.headers["X-Frame-Options"] == "DENY"
    client.get("/api/broken?q=claimant-secret-name")
    assert "RuntimeError on GET /api/broken" in caplog.text
    assert "in broken" in caplog.text  # the frames stay, for whoever fixes it
    assert "claimant-secret-name" not in caplog.text
    app.extensions["coi"].engine.close()
