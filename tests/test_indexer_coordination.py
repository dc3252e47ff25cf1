"""Ranking that degrades gracefully and stop words that remove nothing, on a real index.

A query whose one word the text says otherwise still finds the document, after those with all
the words and saying which word it lacks; syntax keeps its exact meaning; a stop word never
takes documents away.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from indexfixtures import Doc, id_of, indexed_engine

from coi.models import SearchRequest, SearchResult
from indexer.coordination import RELAX_BELOW, by_tier, listed, minimum_to_match
from indexer.query import PLAIN_WORDS_NOTICE
from indexer.search import SearchEngine

PRESUMED = Doc(
    "en-presumed",
    "en",
    "Detention without trial",
    "The court held that a detainee is presumed innocent until proven guilty. "
    "Doing so protects the accused.",
)
PRESUMPTION = Doc(
    "en-presumption",
    "en",
    "Fair trial guarantees",
    "The presumption of innocence is a principle of international law, where every accused "
    "keeps the right to remain silent.",
)
COURT = Doc(
    "en-court",
    "en",
    "A journalist acquitted",
    "The court heard that the journalist was innocent of the charges.",
)
INTERNATIONAL = Doc(
    "en-international",
    "en",
    "Observers at the elections",
    "International observers reported arrests at polling stations.",
)
RU_STOP = Doc(
    "ru-stop",
    "ru",
    "Задержания в Баку",
    "Власти сделали всё, чтобы задержать активистов до начала акции.",
)
AZ_STOP = Doc(
    "az-stop",
    "az",
    "Qaçqınların qayıdışı",
    "Müharibədən sonra qaçqınlar evlərinə qayıtdı.",
)
DOCS = (PRESUMED, PRESUMPTION, COURT, INTERNATIONAL, RU_STOP, AZ_STOP)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    with indexed_engine(tmp_path_factory.mktemp("coordination"), DOCS) as engine:
        yield engine


def run(engine: SearchEngine, query: str, expand: bool = False) -> SearchResult:
    return engine.search(SearchRequest(query=query, per_page=50, expand=expand))


def ids(result: SearchResult) -> list[str]:
    return [hit.id for hit in result.hits]


@pytest.mark.parametrize("expand", [False, True])
def test_a_word_the_text_says_otherwise_still_finds_the_document(
    engine: SearchEngine, expand: bool
) -> None:
    result = run(engine, "presumption of innocence", expand)
    assert ids(result)[0] == id_of(PRESUMPTION)  # all the words first
    assert id_of(PRESUMED) in ids(result)  # "presumed innocent"
    lacking = {hit.id: hit.missing for hit in result.hits}
    assert lacking[id_of(PRESUMPTION)] == ()
    assert lacking[id_of(PRESUMED)] == ("presumption",)
    assert result.all_words == 1
    assert result.partial_notice is not None
    assert "1 of these" in result.partial_notice
    notices = result.to_json()["notices"]
    assert isinstance(notices, list)
    assert result.partial_notice in notices


def test_documents_with_all_the_words_rank_above_those_with_most(engine: SearchEngine) -> None:
    result = run(engine, "innocent detainee court")
    assert ids(result)[:2] == [id_of(PRESUMED), id_of(COURT)]
    assert result.hits[1].missing == ("detainee",)
    assert result.total == 2  # "innocence" alone is one word of three: not most
    assert result.all_words == 1


def test_every_sort_keeps_the_documents_with_all_the_words_first(engine: SearchEngine) -> None:
    for sort in ("recent", "newest", "added"):
        result = engine.search(SearchRequest(query="innocent detainee court", sort=sort))
        assert ids(result)[0] == id_of(PRESUMED), sort


def test_no_document_with_all_the_words_lists_those_with_most(engine: SearchEngine) -> None:
    result = run(engine, "journalist detainee acquitted")
    assert result.all_words == 0
    assert id_of(COURT) in ids(result)
    assert result.partial_notice is not None
    assert result.partial_notice.startswith("No document")


def test_enough_documents_with_all_the_words_keep_the_query_exact(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert id_of(PRESUMPTION) in ids(run(engine, "court innocent"))  # "innocence": 1 of 2
    monkeypatch.setattr("indexer.coordination.RELAX_BELOW", 2)  # two have both words
    result = run(engine, "court innocent")
    assert set(ids(result)) == {id_of(PRESUMED), id_of(COURT)}
    assert result.all_words is None
    assert all(hit.missing == () for hit in result.hits)


@pytest.mark.parametrize(
    "query",
    [
        '"innocent detainee court"',
        "innocent AND detainee AND court",
        "innocent detainee court NOT journalist",
        "(innocent detainee court)",
        "title:detention court journalist",
        "innocent detainee cour*",
    ],
)
def test_syntax_is_never_relaxed(engine: SearchEngine, query: str) -> None:
    result = run(engine, query)
    assert result.all_words is None
    assert id_of(COURT) not in ids(result)


def test_a_phrase_with_a_stop_word_finds_its_exact_words(engine: SearchEngine) -> None:
    assert ids(run(engine, '"presumption of innocence"')) == [id_of(PRESUMPTION)]
    assert ids(run(engine, '"presumption innocence"')) == []  # the gap is kept, not ignored


def test_a_stop_word_never_removes_documents(engine: SearchEngine) -> None:
    alone = set(ids(run(engine, "international")))
    with_stop = run(engine, "international where")
    assert set(ids(with_stop)) == alone == {id_of(PRESUMPTION), id_of(INTERNATIONAL)}
    assert with_stop.all_words is None  # "where" is not a missing word in English
    assert ids(run(engine, "чтобы задержать")) == [id_of(RU_STOP)]
    assert ids(run(engine, "sonra qaçqınlar")) == [id_of(AZ_STOP)]


def test_an_exclusion_does_not_stand_in_for_a_stop_word(engine: SearchEngine) -> None:
    assert ids(run(engine, "where NOT journalist")) == ids(run(engine, "where"))
    assert id_of(PRESUMPTION) not in ids(run(engine, 'court NOT "presumption of innocence"'))


def test_a_stop_word_still_binds_where_its_language_keeps_it(engine: SearchEngine) -> None:
    # "чтобы" is a Russian stop word only: English texts must still contain it.
    assert ids(run(engine, "international AND чтобы")) == []
    assert len(ids(run(engine, "international AND where"))) == 2


def test_searched_across_languages_a_stop_word_binds_no_text_of_a_language_without_it(
    engine: SearchEngine,
) -> None:
    # "to" and "in" have no translation: the Russian text, reached through "активист", need
    # not have them (before, it had to hold the English words and was not found at all).
    across = run(engine, "activists to detain in Baku", expand=True)
    assert id_of(RU_STOP) in ids(across)
    assert across.hits[ids(across).index(id_of(RU_STOP))].missing == ()
    # A Latin stop word Azerbaijani also has as a word ("at", horse) is still asked of
    # Azerbaijani texts; unexpanded, nothing changes: "чтобы" still binds English texts.
    horse = run(engine, "at qaçqınlar", expand=True)
    assert [(hit.id, hit.missing) for hit in horse.hits] == [(id_of(AZ_STOP), ("at",))]
    assert ids(run(engine, "international AND чтобы")) == []


def test_a_query_of_stop_words_finds_the_texts_that_have_them(engine: SearchEngine) -> None:
    # Each language's fields drop its stop words; the stops field still finds them, any case.
    for query, doc in (("doing", PRESUMED), ("чтобы", RU_STOP), ("sonra", AZ_STOP)):
        result = run(engine, query)
        assert ids(result) == [id_of(doc)], query
        assert result.notices == (), query
    assert ids(run(engine, "where")) == [id_of(PRESUMPTION)]
    assert "<mark>Doing</mark> so" in run(engine, "doing").hits[0].snippet  # shown where it stands


def test_an_excluded_stop_word_excludes_the_texts_that_have_it(engine: SearchEngine) -> None:
    assert ids(run(engine, "international NOT where")) == [id_of(INTERNATIONAL)]
    assert id_of(RU_STOP) not in ids(run(engine, "задержать NOT чтобы"))


@pytest.mark.parametrize(
    "query", ["NOT NOT court", "court NOT NOT x", "url:court", "snippet_text:court", "also_at:x"]
)
def test_what_the_parser_cannot_read_is_searched_as_plain_words(
    engine: SearchEngine, query: str
) -> None:
    result = run(engine, query)
    assert PLAIN_WORDS_NOTICE in result.notices
    if "court" in query:
        assert id_of(COURT) in ids(result)


def test_highlighting_reads_the_rewritten_queries(engine: SearchEngine) -> None:
    marked = engine.highlight(PRESUMPTION.text, "en", '"presumption of innocence" where')
    assert "<mark>presumption</mark>" in marked[0]


def test_the_share_of_words_needed_and_when_it_applies() -> None:
    assert minimum_to_match(np.array([2, 3, 4, 8])).tolist() == [1, 2, 3, 6]
    few = np.array([3, 2, 1, 2])
    none = np.zeros(4, dtype=np.int64)
    everyone = np.ones(4, dtype=bool)
    assert listed(few, none, everyone, 3).tolist() == [True, True, False, True]
    # the last one matches its two of three only through stop words: no real word at all
    assert listed(few, np.array([0, 0, 0, 2]), everyone, 3).tolist() == [True, True, False, False]
    enough = np.array([3] * RELAX_BELOW + [2])
    assert not listed(enough, np.zeros_like(enough), np.ones(len(enough), dtype=bool), 3)[-1]


def test_tiers_order_before_scores() -> None:
    counts = np.array([1, 2, 2, 1])
    scores = np.array([9.0, 1.0, 2.0, 8.0])
    order = by_tier(counts, 3, lambda at, left: np.argsort(-scores[at])[:left])
    assert order.tolist() == [2, 1, 0]


def test_nothing_with_most_of_the_words_lists_those_with_any_one(engine: SearchEngine) -> None:
    result = run(engine, "journalist zebra unicorn")  # most would be two of three
    assert ids(result) == [id_of(COURT)]
    assert result.widened == ("words",)
    assert result.hits[0].missing == ("zebra", "unicorn")
    assert result.partial_notice is None
    assert result.widened_notice is not None
    assert result.widened_notice in result.to_json()["notices"]  # type: ignore[operator]
    assert result.to_json()["widened"] == ["words"]


def test_a_stop_word_alone_is_no_word_in_common(engine: SearchEngine) -> None:
    result = run(engine, "where zebra unicorn")  # PRESUMPTION has "where", nothing else
    assert result.total == 0
    assert result.widened == ()
    assert result.widened_notice is None


def test_nothing_within_the_filters_lists_what_matches_outside_them(engine: SearchEngine) -> None:
    within = engine.search(SearchRequest(query="journalist", filters={"language": ("az",)}))
    assert set(ids(within)) == {id_of(COURT)}
    assert within.widened == ("filters",)
    assert within.widened_notice is not None
    assert "filters" in within.widened_notice
    found = engine.search(SearchRequest(query="journalist", filters={"language": ("en",)}))
    assert found.widened == ()  # found as asked: nothing widened
