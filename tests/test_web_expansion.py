"""The "also searched" line on the real search page: each added word with a link that searches
again without it, a way to put it back, the state in the URL, and the same in the JSON."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from indexfixtures import DOCS, Doc, id_of
from test_web_search import HIT_LINK, build_app

SHARK_EN = Doc("en-shark", "en", "Shark injures a diver", "A shark bit a diver off the coast.")
SHARK_RU = Doc("ru-shark", "ru", "Акула ранила ныряльщика", "У побережья акула напала на него.")
DROP_LINK = re.compile(r'<span class="added">([^<]+)<a class="drop" href="([^"]+)"')
PUT_BACK = re.compile(r'<a class="undrop" href="([^"]+)"[^>]*>([^<]+)</a>')


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = build_app(tmp_path_factory.mktemp("web-expansion"), (*DOCS, SHARK_EN, SHARK_RU))
    yield app
    app.extensions["coi"].engine.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def hits(page: str) -> list[str]:
    return HIT_LINK.findall(page)


def test_an_added_word_can_be_dropped_and_put_back(client: FlaskClient) -> None:
    page = client.get("/?q=shark").get_data(as_text=True)
    assert id_of(SHARK_RU) in hits(page)
    links = {term: html.unescape(url) for term, url in DROP_LINK.findall(page)}
    assert "акула" in links
    assert "drop=" in links["акула"]

    dropped = client.get("/" + links["акула"]).get_data(as_text=True)
    assert hits(dropped) == [id_of(SHARK_EN)]
    assert "акула" not in dict(DROP_LINK.findall(dropped))
    back = {term: html.unescape(url) for url, term in PUT_BACK.findall(dropped)}
    assert set(back) == {"акула"}
    assert 'value="shark"' in dropped  # the query box still holds only the user's words

    restored = client.get("/" + back["акула"]).get_data(as_text=True)
    assert id_of(SHARK_RU) in hits(restored)
    assert "drop=" not in back["акула"]


def test_the_url_keeps_a_dropped_word_through_facet_clicks(client: FlaskClient) -> None:
    page = client.get("/?q=shark&drop=акула").get_data(as_text=True)
    facet_links = re.findall(r'href="(\?[^"]*language=en[^"]*)"', page)
    assert facet_links
    assert all("drop=" in html.unescape(link) for link in facet_links)


def test_the_json_lists_what_was_added_and_what_was_dropped(client: FlaskClient) -> None:
    added = client.get("/api/search?q=shark").get_json()
    assert "акула" in added["expanded"]
    assert added["dropped"] == []
    dropped = client.get("/api/search", query_string={"q": "shark", "drop": "акула"}).get_json()
    assert "акула" not in dropped["expanded"]
    assert dropped["dropped"] == ["акула"]
    assert [hit["id"] for hit in dropped["hits"]] == [id_of(SHARK_EN)]


def test_the_line_speaks_the_interface_language(client: FlaskClient) -> None:
    client.get("/ui/ru")
    page = client.get("/?q=shark").get_data(as_text=True)
    assert "Искать без «акула»" in page
