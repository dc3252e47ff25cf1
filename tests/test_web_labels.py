"""Labels a reader sees in the interface language: topic scope notes, countries outside ISO
3166-1."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from flask.testing import FlaskClient
from indexfixtures import DOCS, Doc, fill, make_config
from markupsafe import escape

from coi.store import open_store
from coi.taxonomy.tagging import KOSOVO, USSR
from coi.taxonomy.topics import all_topics, topic_scope
from indexer.build import update_index
from web import create_app

SOVIET = Doc(
    "ru-ussr",
    "ru",
    "Религия в СССР",
    "Верующих в Советском Союзе преследовали; после распада СССР общины зарегистрировали.",
    (USSR,),
    ("religion",),
    "ngo-a",
    "report",
    date(1991, 12, 1),
)
KOSOVAR = Doc(
    "en-kosovo",
    "en",
    "Arrests in Pristina",
    "Kosovo police detained protesters in Pristina; the detainees were released.",
    (KOSOVO,),
    ("political-opposition",),
    "ngo-a",
    "news",
    date(2023, 5, 1),
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    data_dir = tmp_path_factory.mktemp("web-labels")
    config = make_config(data_dir)
    with open_store(data_dir) as store:
        fill(store, (*DOCS, SOVIET, KOSOVAR))
        update_index(config, store)
    app = create_app(config)
    yield app.test_client()
    app.extensions["coi"].engine.close()


@pytest.mark.parametrize("ui", ["en", "ru", "az"])
def test_topic_values_carry_their_scope_note_in_the_interface_language(
    client: FlaskClient, ui: str
) -> None:
    page = client.get("/", headers={"Accept-Language": ui}).get_data(as_text=True)
    shown = re.findall(r'data-facet="topic".*?</section>', page, flags=re.S)[0]
    slugs = re.findall(r'<a href="[^"]*" title="[^"]*" data-value="([^"]+)"', shown)
    assert slugs  # every topic value of the page has its note ...
    assert set(slugs) <= {topic.slug for topic in all_topics()}
    for slug in slugs:
        assert f'title="{escape(topic_scope(slug, ui))}" data-value="{slug}"' in shown
    countries = re.findall(r'data-facet="country".*?</section>', page, flags=re.S)[0]
    assert 'data-value="AZE"' in countries
    assert not re.search(r'<a href="[^"]*" title=', countries)  # ... and only topics have one


@pytest.mark.parametrize(
    ("ui", "name"), [("en", "Soviet Union"), ("ru", "Советский Союз"), ("az", "Sovet İttifaqı")]
)
def test_the_soviet_union_is_named_in_the_interface_language(
    client: FlaskClient, ui: str, name: str
) -> None:
    page = client.get("/?country=SUN", headers={"Accept-Language": ui}).get_data(as_text=True)
    assert f'data-value="{USSR}">{name} <span class="count">1</span>' in page
    assert f'<span class="countries">{name}</span>' in page


@pytest.mark.parametrize(("ui", "name"), [("en", "Kosovo"), ("ru", "Косово"), ("az", "Kosovo")])
def test_kosovo_is_named_in_the_interface_language(client: FlaskClient, ui: str, name: str) -> None:
    page = client.get("/?country=XKX", headers={"Accept-Language": ui}).get_data(as_text=True)
    assert f'data-value="{KOSOVO}">{name} <span class="count">1</span>' in page
