"""Whatever the spelling the officer types: Russian forms, Azerbaijani without its letters,
names in another script or transcription, and a snippet that shows the name found."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from indexfixtures import Doc, fill, id_of, indexed_engine

from coi.cli import cli
from coi.models import SearchRequest, SearchResult
from coi.store import open_store
from indexer.search import SearchEngine

LEAD = "Hesabatda ölkədə vəziyyət geniş təsvir olunur. " * 12
"""Enough opening text that a name further on is not in the lead a snippet falls back to."""
LEAD_RU = "В докладе подробно описано положение в стране. " * 12

REFUGEES_AZ = Doc(
    "az-qacqin",
    "az",
    "Qaçqınların vəziyyəti",
    "Qaçqınlar və məcburi köçkünlər sığınacaqda yaşayır. Vətəndaşlığı olmayan qaçqına "
    "sığınacaq verilmədi. Qarabağda və Gəncədə yeni qaçqın ailələri qeydə alınıb.",
    published=date(2024, 3, 1),
)
REFUGEES_ASCII = Doc(
    "az-qacqin-ascii",
    "az",
    "Qacqinlar haqqinda qeyd",
    "Bu qeyd Azərbaycan hərfləri olmadan yazılıb: qacqin ailesi evsizdir, qacqin usaqlari "
    "mektebe getmir. Əlavə məlumat üçün müraciət edin.",
    published=date(2024, 3, 2),
)
ALIYEV_AZ = Doc(
    "az-aliyev",
    "az",
    "Məhkəmə iclası",
    LEAD + "Jurnalist Rəşad Əliyev həbs olunub.",
    published=date(2024, 3, 3),
)
ALIYEV_RU = Doc(
    "ru-aliyev",
    "ru",
    "Заседание суда",
    LEAD_RU + "Журналист Рашад Алиев был задержан.",
    published=date(2024, 3, 4),
)
STURRIDGE_EN = Doc(
    "en-sturridge",
    "en",
    "Sturridge scores a late equaliser",
    "Daniel Sturridge curled a late equaliser for Liverpool against Chelsea. Tim Berners-Lee "
    "watched from the stands.",
    published=date(2024, 3, 5),
)
ASH_RU = Doc(
    "ru-ash",
    "ru",
    "Извержение вулкана",
    "Столицу Мексики накрыло облако вулканического пепла. Рабства в стране нет.",
    published=date(2024, 3, 6),
)
RADIO_EN = Doc(
    "en-radio",
    "en",
    "Interview",
    "He told BBC Radio 4's Today programme that People want a family member to care for them.",
    published=date(2024, 3, 7),
)
DOCS = (REFUGEES_AZ, REFUGEES_ASCII, ALIYEV_AZ, ALIYEV_RU, STURRIDGE_EN, ASH_RU, RADIO_EN)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    with indexed_engine(tmp_path_factory.mktemp("spellings"), DOCS) as engine:
        yield engine


def search(engine: SearchEngine, query: str) -> SearchResult:
    return engine.search(SearchRequest(query=query, expand=False, per_page=20))


def ids(result: SearchResult) -> list[str]:
    return [hit.id for hit in result.hits]


@pytest.mark.parametrize("query", ["qacqin", "qaçqin", "qachqin", "QACQINLAR", "qaçqın"])
def test_azerbaijani_typed_without_its_letters_finds_the_refugee_documents(
    engine: SearchEngine, query: str
) -> None:
    found = set(ids(search(engine, query)))
    # Whatever the keyboard, the search finds what the right spelling finds.
    assert id_of(REFUGEES_AZ) in found
    assert set(ids(search(engine, "qaçqın"))) <= found


def test_a_word_typed_without_azerbaijani_letters_finds_texts_written_so(
    engine: SearchEngine,
) -> None:
    assert id_of(REFUGEES_ASCII) in ids(search(engine, "qacqin"))


def test_the_spelling_typed_ranks_first(engine: SearchEngine) -> None:
    assert ids(search(engine, "qaçqın"))[0] == id_of(REFUGEES_AZ)
    assert ids(search(engine, "qacqin"))[0] == id_of(REFUGEES_ASCII)


@pytest.mark.parametrize(
    ("query", "doc"),
    [
        ("siginacaq", REFUGEES_AZ),
        ("vetendasliq", REFUGEES_AZ),
        ("Qarabag", REFUGEES_AZ),
        ("Gence", REFUGEES_AZ),
        ("Eliyev", ALIYEV_AZ),
    ],
)
def test_more_words_typed_without_azerbaijani_letters(
    engine: SearchEngine, query: str, doc: Doc
) -> None:
    assert id_of(doc) in ids(search(engine, query))


def test_a_folded_match_is_marked_in_the_snippet(engine: SearchEngine) -> None:
    hit = next(h for h in search(engine, "vetendasliq").hits if h.id == id_of(REFUGEES_AZ))
    assert "<mark>Vətəndaşlığı</mark>" in hit.snippet


@pytest.mark.parametrize(
    "query", ["Старридж", "Старриджа", "Sturridge", "Бернерс-Ли", "Berners-Lee"]
)
def test_a_foreign_name_meets_its_russian_transcription(engine: SearchEngine, query: str) -> None:
    assert id_of(STURRIDGE_EN) in ids(search(engine, query))


@pytest.mark.parametrize("query", ["пепел", "вулканический пепел", "рабство"])
def test_russian_finds_every_form_of_a_word(engine: SearchEngine, query: str) -> None:
    assert ids(search(engine, query)) == [id_of(ASH_RU)]


@pytest.mark.parametrize("query", ["Aliyev", "Алиев", "Əliyev"])
def test_the_snippet_shows_the_name_found_in_its_own_script(
    engine: SearchEngine, query: str
) -> None:
    hits = {hit.id: hit for hit in search(engine, query).hits}
    assert "<mark>Əliyev</mark>" in hits[id_of(ALIYEV_AZ)].snippet
    assert "<mark>Алиев</mark>" in hits[id_of(ALIYEV_RU)].snippet


def test_through_coi_search(tmp_path: Path) -> None:
    config_path = tmp_path / "config.toml"
    config_path.write_text('data_dir = "data"\n', encoding="utf-8")
    with open_store(tmp_path / "data") as store:
        fill(store, DOCS)
    runner = CliRunner()

    def coi(*args: str) -> str:
        result = runner.invoke(cli, [*args, "--config", str(config_path)])
        assert result.exit_code == 0, result.output
        return result.output

    coi("index")
    assert REFUGEES_AZ.title in coi("search", "qacqin")
    assert STURRIDGE_EN.title in coi("search", "Старридж")
    assert ASH_RU.title in coi("search", "вулканический пепел")
    assert "Алиев" in coi("search", "Aliyev")


@pytest.mark.parametrize("query", ["red tide", "ready", "пепел"])
def test_a_lowercase_word_is_no_name_that_only_sounds_like_it(
    engine: SearchEngine, query: str
) -> None:
    # Radio/red/ready, Today/tide and People/пепел share consonant skeletons: only a word typed
    # with a capital is searched as a name.
    assert id_of(RADIO_EN) not in ids(search(engine, query))
    assert id_of(RADIO_EN) in ids(search(engine, "Redio"))
