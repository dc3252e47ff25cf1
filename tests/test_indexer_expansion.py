"""Expansion across languages on a real index: the lexicon reaches words the thesaurus lacks,
below the user's own; the thesaurus stays first; a dropped term stays out; expansion only ever
adds hits, whatever the query's syntax."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from indexfixtures import DOCS, Doc, fill, id_of, indexed_engine, make_config

from coi.lang.lexicon import Lexicon
from coi.models import SearchRequest
from coi.store import open_store
from indexer.build import update_index
from indexer.expansion import Remembered, expand_query
from indexer.search import SearchEngine

SHARK_EN = Doc(
    "en-shark",
    "en",
    "Shark injures a diver",
    "A shark bit a young diver off the coast; lifeguards closed the beach after the attack.",
)
SHARK_RU = Doc(
    "ru-shark",
    "ru",
    "Акула ранила ныряльщика",
    "У побережья акула напала на молодого ныряльщика. Спасатели закрыли пляж после нападения.",
)
ASH_RU = Doc(
    "ru-ash",
    "ru",
    "Вулкан засыпал город пеплом",
    "Вулкан выбросил облако пепла; жителям советуют не выходить из домов.",
)
FARMER_AZ = Doc(
    "az-farmer",
    "az",
    "Fermer bazarda öldü",
    "Yerli fermer bazarda donuzun hücumu nəticəsində həlak olub.",
)
PRISON_AZ = Doc(
    "az-prison",
    "az",
    "Həbsxanada iğtişaş",
    "Həbsxanada baş verən iğtişaşda altı nəzarətçi yaralanıb.",
)
EXTRA = (SHARK_EN, SHARK_RU, ASH_RU, FARMER_AZ, PRISON_AZ)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    data_dir = tmp_path_factory.mktemp("expansion")
    config = make_config(data_dir)
    with open_store(data_dir) as store:
        fill(store, (*DOCS, *EXTRA))
        update_index(config, store)
    engine = SearchEngine(config.index_dir)
    yield engine
    engine.close()


def ids(engine: SearchEngine, query: str, **options: object) -> list[str]:
    request = SearchRequest(query=query, per_page=100, **options)  # type: ignore[arg-type]
    return [hit.id for hit in engine.search(request).hits]


def test_an_english_word_finds_a_russian_document_through_the_lexicon(
    engine: SearchEngine,
) -> None:
    result = engine.search(SearchRequest(query="shark"))
    found = [hit.id for hit in result.hits]
    assert found[0] == id_of(SHARK_EN)  # the user's own word first
    assert id_of(SHARK_RU) in found
    assert "акула" in result.expanded
    assert ids(engine, "shark", expand=False) == [id_of(SHARK_EN)]


def test_a_russian_inflected_word_finds_its_translation(engine: SearchEngine) -> None:
    assert id_of(SHARK_EN) in ids(engine, "акулы")
    assert id_of(ASH_RU) in ids(engine, "volcano ash")


def test_azerbaijani_and_russian_meet_through_english(engine: SearchEngine) -> None:
    assert id_of(PRISON_AZ) in ids(engine, "тюрьма")
    assert id_of(FARMER_AZ) in ids(engine, "фермер")


def test_the_thesaurus_goes_first_where_it_knows_the_concept(engine: SearchEngine) -> None:
    result = engine.search(SearchRequest(query="refugees"))
    assert set(result.expanded) <= {"беженец", "беженцы", "qaçqın", "qaçqınlar", "refugee"}
    assert "qaçqın" in result.expanded


def test_a_dropped_term_is_not_searched(engine: SearchEngine) -> None:
    result = engine.search(SearchRequest(query="shark", dropped=("акула",)))
    assert "акула" not in result.expanded
    assert result.dropped == ("акула",)
    assert id_of(SHARK_RU) not in [hit.id for hit in result.hits]


def test_translations_found_before_are_found_again_and_a_drop_still_counts(
    engine: SearchEngine,
) -> None:
    # The second search reads the translations found by the first (kept per index state).
    first = engine.search(SearchRequest(query="shark attack"))
    again = engine.search(SearchRequest(query="shark attack"))
    assert again.expanded == first.expanded
    assert [hit.id for hit in again.hits] == [hit.id for hit in first.hits]
    assert "акула" in first.expanded
    dropped = engine.search(SearchRequest(query="shark attack", dropped=("акула",)))
    assert "акула" not in dropped.expanded
    assert engine.search(SearchRequest(query="shark attack")).expanded == first.expanded


def test_remembered_translations_are_kept_apart_per_lexicon() -> None:
    remembered = Remembered()
    with_lexicon = expand_query("shark", remembered=remembered)
    without = expand_query("shark", lexicon=Lexicon(()), remembered=remembered)
    assert "акула" in with_lexicon.added
    assert "акула" not in without.added


def test_a_word_both_languages_have_is_read_as_the_rest_of_the_query_is() -> None:
    # "on", ten in Azerbaijani, is an English stop word in an English query, even when the
    # same words were expanded before in an Azerbaijani one.
    remembered = Remembered()
    assert "десять" in expand_query("nəfər on", remembered=remembered).added
    assert "десять" not in expand_query("people on", remembered=remembered).added
    assert "десять" not in expand_query("referendum on the name").added


def test_a_place_name_is_not_translated_as_a_common_word() -> None:
    # The lexicon read "Baku" as Azerbaijani "bak", tank (бак, forecastle, container); the
    # names field meets Баку and Bakı by its key instead.
    for place in ("Baku", "Баку", "Tbilisi"):
        assert expand_query(place).added == (), place
    assert "тюрьма" in expand_query("Prison").added  # a capital alone makes no place


def test_the_treatment_of_prisoners_is_not_medical_treatment() -> None:
    added = expand_query("treatment of prisoners in Baku").added
    assert "обращение с заключенными" in added
    assert "məhbuslarla rəftar" in added
    assert "лечение" not in added


def test_words_under_not_and_in_other_fields_stay_as_typed() -> None:
    assert expand_query("diver NOT shark").text.endswith("NOT shark")
    assert expand_query("shark ANDNOT (attack OR volcano)").text.endswith(
        "ANDNOT (attack OR volcano)"
    )
    assert expand_query("country:(prison OR shark)").added == ()
    assert "акула" in expand_query("title:(shark)").added


@pytest.mark.parametrize("query", ["title:(asylum OR беженцы)", "title:(беженцы OR asylum)"])
def test_a_grouped_field_search_keeps_its_hits(engine: SearchEngine, query: str) -> None:
    plain = ids(engine, query, expand=False)
    assert plain  # беженцев in a Russian title
    assert set(plain) <= set(ids(engine, query))
    assert len(ids(engine, "title:(asylum OR беженцы)")) == len(
        ids(engine, "title:(беженцы OR asylum)")
    )


WORDS = [
    "shark",
    "attack",
    "diver",
    "beach",
    "акула",
    "нападение",
    "пляж",
    "volcano",
    "ash",
    "пепел",
    "вулкан",
    "фермер",
    "fermer",
    "prison",
    "тюрьма",
    "həbsxana",
    "refugees",
    "беженцы",
    "qaçqınlar",
    "asylum",
    "Hazara",
    "women",
    "Алиев",
    "doing",
    "where",
    "и",
    "və",
]


def queries() -> st.SearchStrategy[str]:
    word = st.sampled_from(WORDS)
    phrase = st.lists(word, min_size=2, max_size=2).map(lambda w: '"' + " ".join(w) + '"')
    field = st.tuples(st.sampled_from(["title:", "text:"]), word).map("".join)
    atom = st.one_of(word, word, phrase, field)

    def combine(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, inner).map(" ".join),
            st.tuples(inner, inner).map(" AND ".join),
            st.tuples(inner, inner).map(" OR ".join),
            st.tuples(inner, atom).map(" NOT ".join),
            st.tuples(inner, atom).map(" ANDNOT ".join),
            inner.map(lambda q: f"({q})"),
            inner.map(lambda q: f"title:({q})"),
        )

    return st.recursive(atom, combine, max_leaves=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=queries())
def test_expansion_only_ever_adds_hits(engine: SearchEngine, query: str) -> None:
    plain = set(ids(engine, query, expand=False))
    expanded = set(ids(engine, query))
    assert plain <= expanded, query


def test_the_index_under_test_is_small_enough_to_list_whole(tmp_path: Path) -> None:
    # ids() compares whole hit lists; that needs every match on one page.
    assert len(DOCS) + len(EXTRA) <= 100


REFUGEES_AZ = Doc(
    "az-refugees",
    "az",
    "Qaçqınların hüquqları",
    "Qaçqınların evlərinə qayıtmaq hüququ hesabatda təsvir olunur.",
)
REFUGEES_UNLETTERED = Doc(
    "az-refugees-unlettered",
    "az",
    "Qacqinlarin huquqlari",
    "Qacqinlarin duserge heyati barede hesabat.",
)


def test_a_text_typed_without_azerbaijani_letters_is_found_by_the_lettered_word(
    tmp_path: Path,
) -> None:
    with indexed_engine(tmp_path, (REFUGEES_AZ, REFUGEES_UNLETTERED)) as engine:
        result = engine.search(SearchRequest(query="qaçqınların"))
        assert [hit.id for hit in result.hits] == [id_of(REFUGEES_AZ), id_of(REFUGEES_UNLETTERED)]
        assert "qacqinlarin" in result.expanded  # said, and the user may drop it
        dropped = engine.search(SearchRequest(query="qaçqınların", dropped=("qacqinlarin",)))
        assert [hit.id for hit in dropped.hits] == [id_of(REFUGEES_AZ)]
