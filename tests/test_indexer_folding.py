"""An Azerbaijani document is not scored twice for a word its folded twin repeats: the same
text with a name scores alike in every language's fields, while Azerbaijani spelled as the
query still ranks above Azerbaijani typed otherwise, which is still found."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from indexfixtures import Doc, id_of, indexed_engine

from coi.lang import az_latin_to_cyrillic
from coi.models import SearchRequest
from indexer.search import SearchEngine

HEARING_EN = Doc("en-hearing", "en", "Kavanaugh 2016", "Kavanaugh, Washington, 2016.")
HEARING_AZ = Doc("az-hearing", "az", "Kavanaugh 2017", "Kavanaugh, Washington, 2017.")
HEARING_RU = Doc("ru-hearing", "ru", "Kavanaugh 2018", "Kavanaugh, Washington, 2018.")
"""Texts alike in three languages' fields (not alike enough to be taken for one): what differs
in their scores is the fields alone."""
REFUGEES_AZ = Doc(
    "az-refugees",
    "az",
    "Qaçqınlar düşərgədə",
    "Qaçqınlar düşərgədə qışı keçirir; qaçqın ailələri yardım gözləyir.",
)
REFUGEES_ASCII = Doc(
    "az-refugees-ascii",
    "az",
    "Qacqinlar duserge",
    "Qacqinlar duserge qisi kecirir; qacqin aileleri yardim gozleyir.",
)

RIOT_LATIN = Doc(
    "az-riot",
    "az",
    "Həbsxanada insident",
    "Polis həbsxanada baş verən insidentdə altı zabitin yaralandığını bildirib.",
)
RIOT_CYRILLIC = Doc(
    "az-riot-cyrillic",
    "az",
    az_latin_to_cyrillic(RIOT_LATIN.title),
    az_latin_to_cyrillic(RIOT_LATIN.text),
)


@pytest.fixture(scope="module")
def hearings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    """One document per language, so every language's fields have the same statistics."""
    data_dir: Path = tmp_path_factory.mktemp("hearings")
    with indexed_engine(data_dir, (HEARING_EN, HEARING_AZ, HEARING_RU)) as engine:
        yield engine


@pytest.fixture(scope="module")
def riots(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    data_dir: Path = tmp_path_factory.mktemp("riots")
    with indexed_engine(data_dir, (RIOT_LATIN, RIOT_CYRILLIC)) as engine:
        yield engine


@pytest.fixture(scope="module")
def refugees(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    data_dir: Path = tmp_path_factory.mktemp("refugees")
    with indexed_engine(data_dir, (REFUGEES_AZ, REFUGEES_ASCII)) as engine:
        yield engine


def scores(engine: SearchEngine, query: str) -> dict[str, float]:
    result = engine.search(SearchRequest(query=query, per_page=20, expand=False))
    return {hit.id: hit.score for hit in result.hits}


def test_a_name_ranks_an_article_and_its_translations_alike(hearings: SearchEngine) -> None:
    found = scores(hearings, "Kavanaugh")
    en, az, ru = (found[id_of(doc)] for doc in (HEARING_EN, HEARING_AZ, HEARING_RU))
    # Folding writes Kavanaugh as kavanauq: the Azerbaijani text was found twice.
    assert max(en, az, ru) / min(en, az, ru) < 1.05


@pytest.mark.parametrize("query", ["polis insident", "həbsxanada insident"])
def test_a_report_in_cyrillic_ranks_alike_with_its_latin_original(
    riots: SearchEngine, query: str
) -> None:
    found = scores(riots, query)
    latin, cyrillic = found[id_of(RIOT_LATIN)], found[id_of(RIOT_CYRILLIC)]
    assert max(latin, cyrillic) / min(latin, cyrillic) < 1.05


def test_the_spelling_typed_ranks_first_and_the_other_is_still_found(
    refugees: SearchEngine,
) -> None:
    found = scores(refugees, "qacqinlar")
    assert found[id_of(REFUGEES_ASCII)] > found[id_of(REFUGEES_AZ)] > 0
    assert id_of(REFUGEES_AZ) in scores(refugees, "qaçqınlar")
