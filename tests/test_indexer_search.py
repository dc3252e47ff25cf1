"""Search over a real index: facets that match clicks, filters, syntax that never fails."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from indexfixtures import DOCS, Doc, fill, id_of, make_config

from coi.config import Config
from coi.errors import QueryError
from coi.models import SearchRequest
from coi.store import open_store
from indexer.build import update_index
from indexer.query import PLAIN_WORDS_NOTICE
from indexer.recency import recency_boost
from indexer.search import SearchEngine


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    data_dir = tmp_path_factory.mktemp("data")
    config = make_config(data_dir)
    with open_store(data_dir) as store:
        fill(store)
        update_index(config, store)
    engine = SearchEngine(config.index_dir)
    yield engine
    engine.close()


def run(engine: SearchEngine, query: str = "", **filters: tuple[str, ...]) -> object:
    return engine.search(SearchRequest(query=query, filters=filters, per_page=50))


@pytest.mark.parametrize("query", ["", "refugees", "Hazara OR Курдские OR hesabat"])
def test_every_facet_count_equals_the_hits_its_click_gives(
    engine: SearchEngine, query: str
) -> None:
    result = engine.search(SearchRequest(query=query, per_page=50))
    assert result.total > 0
    for facet, counts in result.facets.items():
        for value, count in counts.items():
            clicked = engine.search(
                SearchRequest(query=query, filters={facet: (value,)}, per_page=50)
            )
            assert clicked.total == count, (facet, value)


def test_filters_or_within_and_across(engine: SearchEngine) -> None:
    aze = run(engine, country=("AZE",))
    both = run(engine, country=("AZE", "IRN"))
    narrowed = run(engine, country=("AZE",), language=("en",))
    assert aze.total == 4
    assert both.total == 5
    assert narrowed.total == 2
    assert {hit.language for hit in narrowed.hits} == {"en"}
    assert all("AZE" in hit.countries for hit in narrowed.hits)


def test_a_facets_own_selection_does_not_shrink_its_counts(engine: SearchEngine) -> None:
    result = run(engine, country=("AZE",))
    assert result.facets["country"]["IRN"] == 1  # still offered, for a second choice
    assert "IRN" not in {c for hit in result.hits for c in hit.countries}
    assert result.facets["language"] == {"en": 2, "az": 1, "ru": 1}


def test_lang_alias_and_year_ranges(engine: SearchEngine) -> None:
    assert run(engine, lang=("ru",)).total == 2
    assert run(engine, year=("2023",)).total == 2
    assert run(engine, year=("2021-2022",)).total == 2
    with pytest.raises(QueryError):
        run(engine, year=("2023-2021",))
    with pytest.raises(QueryError):
        run(engine, colour=("red",))


def test_undated_documents_count_under_no_year(engine: SearchEngine) -> None:
    # Two fixtures have no publication date; both were retrieved in 2024.
    years = run(engine).facets["year"]
    assert "2024" not in years
    assert sum(years.values()) == len(DOCS) - 2
    assert run(engine, year=("2020-2030",)).total == len(DOCS) - 2


def test_empty_query_browses_newest_first(engine: SearchEngine) -> None:
    result = run(engine)
    assert result.total == len(DOCS)
    dated = [hit.published for hit in result.hits if hit.published]
    assert dated == sorted(dated, reverse=True)
    assert result.hits[0].id == id_of(DOCS[0])


@pytest.mark.parametrize("sort", ["newest", "added", "relevance"])
def test_paging_one_by_one_shows_the_same_list_as_one_page(engine: SearchEngine, sort: str) -> None:
    whole = engine.search(SearchRequest(query="", sort=sort, per_page=50))
    pages = [
        engine.search(SearchRequest(query="", sort=sort, page=page, per_page=2))
        for page in range(1, len(DOCS) // 2 + 2)
    ]
    assert [hit.id for page in pages for hit in page.hits] == [hit.id for hit in whole.hits]
    assert {page.total for page in pages} == {len(DOCS)}
    if sort == "added":
        retrieved = [hit.retrieved for hit in whole.hits]
        assert retrieved == sorted(retrieved, reverse=True)


@pytest.mark.parametrize(
    "query", ['"Hazara women', "women:", "((women", "nosuchfield:women", "women AND", ":::"]
)
def test_unreadable_syntax_is_searched_as_plain_words(engine: SearchEngine, query: str) -> None:
    result = run(engine, query)
    assert PLAIN_WORDS_NOTICE in result.notices
    if query.strip('"(:AND ') == "women":
        assert [hit.id for hit in result.hits] == [id_of(DOCS[2])]


def test_syntax_phrases_fields_and_boolean(engine: SearchEngine) -> None:
    assert run(engine, '"Hazara women"').total == 1
    assert run(engine, '"women Hazara"').total == 0
    assert run(engine, "title:prison").total == 1
    assert run(engine, "detention NOT Hazara").total == 1
    assert run(engine, "source:media-c").total == 2
    assert run(engine, "statel*").total == 1


def test_hostile_input_never_fails(engine: SearchEngine) -> None:
    for query in ["*", "?" * 50, "a" * 5000, "\x00\u202e<script>", "title:", "OR OR OR"]:
        run(engine, query)


def test_snippets_escape_markup_and_mark_matches(engine: SearchEngine) -> None:
    (hit,) = run(engine, "Hazara").hits
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<mark>Hazara</mark>" in hit.snippet


def test_pages_beyond_the_last_are_empty_with_the_right_total(engine: SearchEngine) -> None:
    first = engine.search(SearchRequest(per_page=4))
    second = engine.search(SearchRequest(per_page=4, page=2))
    far = engine.search(SearchRequest(per_page=4, page=9))
    assert (len(first.hits), len(second.hits), len(far.hits)) == (4, 2, 0)
    assert first.total == second.total == far.total == len(DOCS)
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
    with pytest.raises(QueryError):
        engine.search(SearchRequest(page=0))


def test_russian_inflection_through_the_russian_analyzer(engine: SearchEngine) -> None:
    result = engine.search(SearchRequest(query="беженец", expand=False))
    assert [hit.id for hit in result.hits] == [id_of(DOCS[0])]


def test_an_azerbaijani_place_name_finds_its_case_forms(tmp_path: Path) -> None:
    # Qarabağda, Qarabağın (in, of Karabakh) and İranda are what texts write; the query is bare.
    karabakh = Doc(
        "az-karabakh",
        "az",
        "Minalar haqqında hesabat",
        "Qarabağda minalar hələ də təhlükədir. Qarabağın kəndlərinə qayıdış. İranda həbslər.",
        ("AZE",),
        ("security-situation",),
        "ngo-a",
        "report",
        date(2024, 2, 1),
    )
    config = make_config(tmp_path)
    with open_store(tmp_path) as store:
        fill(store, (karabakh,))
        update_index(config, store)
    engine = SearchEngine(config.index_dir)
    for query in ("Qarabağ", "İran"):
        result = engine.search(SearchRequest(query=query, expand=False))
        assert [hit.id for hit in result.hits] == [id_of(karabakh)], query
    engine.close()


def test_expansion_finds_the_other_languages_and_ranks_own_words_first(
    engine: SearchEngine,
) -> None:
    result = engine.search(SearchRequest(query="беженцев"))
    ids = [hit.id for hit in result.hits]
    assert ids[0] == id_of(DOCS[0])  # the user's own word ranks first
    assert id_of(DOCS[1]) in ids  # qaçqınlar (az)
    assert id_of(DOCS[2]) in ids  # refugees (en)
    assert "qaçqın" in result.expanded
    assert "refugee" in result.expanded


def test_expansion_can_be_turned_off_and_leaves_phrases_alone(engine: SearchEngine) -> None:
    assert engine.search(SearchRequest(query="беженцев", expand=False)).expanded == ()
    assert engine.search(SearchRequest(query='"Hazara women"')).expanded == ()


def test_no_index_yet_says_so(tmp_path: Path) -> None:
    result = SearchEngine(Config(data_dir=tmp_path).index_dir).search(SearchRequest())
    assert result.total == 0
    assert "coi index" in result.notices[0]


def test_an_empty_index_answers_with_no_hits(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    with open_store(tmp_path) as store:
        update_index(config, store)
    result = SearchEngine(config.index_dir).search(SearchRequest(query="refugees"))
    assert (result.total, result.hits) == (0, ())
    assert all(counts == {} for counts in result.facets.values())


def test_recent_order_lifts_newer_documents_above_slightly_more_relevant_ones(
    tmp_path: Path,
) -> None:
    today = date.today()
    # One "prisons" each; the newer the document, the longer its text, so relevance alone
    # (BM25 favours the short) lists them oldest first.
    texts = [
        "Monitors inspected prisons in winter.",
        "Lawyers describe prisons overcrowded after mass arrests.",
        "Families waiting outside prisons received no news about detained relatives.",
    ]
    dates = [None, date(today.year - 1, today.month, 1), today]
    docs = [
        replace(DOCS[3], slug=f"prisons-{n}", title=f"Note {n}", text=text, published=published)
        for n, (text, published) in enumerate(zip(texts, dates, strict=True))
    ]
    config = make_config(tmp_path)
    with open_store(tmp_path) as store:
        fill(store, tuple(docs))
        update_index(config, store)
    engine = SearchEngine(config.index_dir)
    try:
        plain = engine.search(SearchRequest(query="prisons", sort="relevance"))
        recent = engine.search(SearchRequest(query="prisons", sort="recent"))
    finally:
        engine.close()
    assert [hit.id for hit in plain.hits] == [id_of(doc) for doc in docs]
    assert [hit.id for hit in recent.hits] == [id_of(doc) for doc in reversed(docs)]
    assert recent.total == plain.total == 3


def test_recency_lift_halves_every_half_life_and_spares_undated() -> None:
    today = date(2026, 7, 1)
    boost = recency_boost(np.array([20260701, 20240701, 20220701, 0]), today)
    assert boost.tolist() == pytest.approx([2.0, 1.5, 1.25, 1.0], abs=1e-3)
