"""No query reaches a 500: what the parser cannot read is searched as plain words, on the search
page, the API, the feed, the CSV export and ``coi search``; and the page says when it lists
documents with only some of the words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from indexfixtures import DOCS, fill, make_config

from coi.cli import cli
from coi.store import open_store
from indexer.build import update_index
from indexer.query import PLAIN_WORDS_NOTICE
from indexer.schema import build_schema
from web import create_app

ROUTES = ("/", "/api/search", "/feed", "/export.csv")
NAMED = ("NOT NOT refugees", "refugees NOT NOT x", "url:x", "snippet_text:x", "also_at:x")
SYNTAX = (
    *(f"{name}:" for name in build_schema().names()),
    "title:",
    "text:",
    *("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"),
    *('"', "(", ")", "[", "]", "{", "}", "*", "?", "~", "~2", "^", "^3", ":", "'", "-", "+"),
    *("refugees", "беженцы", "qaçqın", "Aliyev", "where", "чтобы", "sonra", "2023", "x"),
)
"""Pieces of query syntax and words; joined at random they make hostile and odd queries."""


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("query-syntax")
    with open_store(folder) as store:
        fill(store, DOCS)
        update_index(make_config(folder), store)
    return folder


@pytest.fixture(scope="module")
def app(data_dir: Path) -> Iterator[Flask]:
    app = create_app(make_config(data_dir))
    yield app
    app.extensions["coi"].engine.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.mark.parametrize("query", NAMED)
@pytest.mark.parametrize("route", ROUTES)
def test_named_parser_failures_answer_with_plain_words(
    client: FlaskClient, route: str, query: str
) -> None:
    response = client.get(f"{route}?{urlencode({'q': query})}")
    assert response.status_code == 200
    if route == "/api/search":
        assert PLAIN_WORDS_NOTICE in response.get_json()["notices"]


@pytest.mark.parametrize("query", NAMED)
def test_named_parser_failures_in_coi_search(data_dir: Path, query: str) -> None:
    config = data_dir / "config.toml"
    config.write_text(f'data_dir = "{data_dir}"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["search", query, "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert PLAIN_WORDS_NOTICE in result.output


queries = st.one_of(
    st.lists(st.sampled_from(SYNTAX) | st.text(max_size=6), max_size=8).map(" ".join),
    st.lists(st.sampled_from(SYNTAX), max_size=8).map("".join),
    st.text(max_size=40),
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=queries)
@example(query="𗀀")  # a letter Unicode gives no name: the Russian lemmatiser raised on it
def test_no_generated_query_gets_a_500(client: FlaskClient, query: str) -> None:
    for route in ROUTES:
        response = client.get(route, query_string={"q": query})
        assert response.status_code < 500, (route, query)


@pytest.mark.parametrize("query", ["year:2023", "year:2023 refugees", "year:[2022 TO 2023]"])
def test_a_year_in_the_query_lists_that_year(client: FlaskClient, query: str) -> None:
    # A number in a numeric field is held as bytes that are no text: reading the query's
    # words for the snippets failed on them with a 500.
    response = client.get("/api/search", query_string={"q": query, "expand": "0"})
    assert response.status_code == 200, response.get_data(as_text=True)
    hits = response.get_json()["hits"]
    assert hits
    low = 2022 if "TO" in query else 2023
    assert all(low <= int(hit["published"][:4]) <= 2023 for hit in hits), hits


def test_the_page_says_which_words_a_hit_lacks(client: FlaskClient) -> None:
    page = client.get("/?q=Hazara+women+nomads&expand=0").get_data(as_text=True)
    assert "No document has all your words" in page
    assert re.search(r'class="missing">Missing: <s>nomads</s>', page)
    russian = client.get("/?q=Hazara+women+nomads&expand=0", headers={"Accept-Language": "ru"})
    assert "Ни в одном документе нет всех ваших слов" in russian.get_data(as_text=True)
    api = client.get("/api/search?q=Hazara+women+nomads&expand=0").get_json()
    assert api["all_words"] == 0
    assert api["hits"][0]["missing"] == ["nomads"]


def test_coi_search_says_which_words_a_hit_lacks(data_dir: Path) -> None:
    config = data_dir / "config.toml"
    config.write_text(f'data_dir = "{data_dir}"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["search", "Hazara women nomads", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "note: No document has all your words" in result.output
    assert "   missing: nomads" in result.output
