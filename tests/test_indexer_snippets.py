"""What a hit's snippet shows: a passage that opens where its sentence does, the name the
query found however it is written, and no stop word marked where it is not what matched."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from indexfixtures import Doc, id_of, indexed_engine

from coi.lang import index_term
from coi.models import Hit, SearchRequest
from indexer.analysis import LANGUAGES, analyzer_for
from indexer.passages import word_matches
from indexer.search import SearchEngine
from indexer.snippets import FALLBACK_CHARS, FIRST_CHUNK_CHARS, WINDOW_AFTER, candidate_window

LEAD = "The report describes the situation in the country at length. " * 12
"""Enough opening text that what a query finds further on is not in the lead shown otherwise."""
INTERVIEW = Doc(
    "en-interview",
    "en",
    "An actor looks back",
    LEAD + "He said that the series had taught him a great deal about courage, about friendship "
    "and about how much can go wrong, because clearly something has gone wrong for young men.'\n"
    "In the interview he also admitted that he wouldn't be doing any prequels or sequels when "
    "the series comes to an end next summer.",
)
WEB = Doc(
    "en-web",
    "en",
    "The inventor of the web",
    LEAD * 5 + "The web was proposed by Tim Berners-Lee at CERN in 1989.",
)
REFUGEES_RU = Doc(
    "ru-refugees",
    "ru",
    "Беженцы в Баку",
    "Из года в год из страны уезжают многие. Беженцев из соседних стран принимают в Баку "
    "без документов.",
)
DOCS = (INTERVIEW, WEB, REFUGEES_RU)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    with indexed_engine(tmp_path_factory.mktemp("snippets"), DOCS) as engine:
        yield engine


def hit(engine: SearchEngine, query: str, doc: Doc) -> Hit:
    result = engine.search(SearchRequest(query=query, per_page=20))
    return next(h for h in result.hits if h.id == id_of(doc))


def test_a_passage_opens_where_its_sentence_does(engine: SearchEngine) -> None:
    snippet = hit(engine, "doing", INTERVIEW).snippet
    assert snippet.startswith("In the interview he also admitted")
    assert "<mark>doing</mark>" in snippet
    assert "men." not in snippet  # not the tail of the sentence before


def test_a_passage_ends_at_its_sentence_end_when_in_reach(engine: SearchEngine) -> None:
    assert hit(engine, "doing", INTERVIEW).snippet.endswith("next summer.")


@pytest.mark.parametrize("query", ["Бернерс-Ли", "Berners-Lee", "Бернерс"])
def test_a_double_barrelled_name_is_shown_however_typed(engine: SearchEngine, query: str) -> None:
    snippet = hit(engine, query, WEB).snippet
    assert "Tim <mark>Berners</mark>" in snippet  # found past the opening, which comes whole


def test_a_stop_word_is_not_marked_where_the_other_words_matched(engine: SearchEngine) -> None:
    snippet = hit(engine, "беженцы из", REFUGEES_RU).snippet
    assert "<mark>Беженцев</mark>" in snippet
    assert "<mark>из</mark>" not in snippet.lower()


def test_a_stop_word_searched_alone_is_still_marked(engine: SearchEngine) -> None:
    assert "<mark>из</mark>" in hit(engine, "из", REFUGEES_RU).snippet


WORDS = st.lists(
    st.sampled_from(["Baku", "baku", "Bakuda", "O’Brien", "из", "Из", "qat", "a", "1"]),
    max_size=12,
)
GLUE = st.sampled_from([" ", "-", "'", "’", "_", ". ", "\n", "\u0301", "-\n", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(WORDS, GLUE), max_size=6), st.sampled_from(LANGUAGES))
def test_the_words_marked_are_the_analyzers_words(
    pieces: list[tuple[list[str], str]], lang: str
) -> None:
    # Whatever the text, a snippet marks exactly the words whose index term the query matched.
    text = "".join(glue.join(words) + glue for words, glue in pieces)
    analyzer = analyzer_for(lang)
    terms = frozenset({index_term("Baku", lang), index_term("из", lang)} - {None})
    expected = [
        (start, end)
        for token in analyzer(text, chars=True, removestops=False, mode="query")
        if not token.stopped and token.text in terms
        for start, end in [(token.startchar, token.endchar)]
    ]
    assert [(start, end) for start, end, _ in word_matches(text, terms, analyzer)] == expected


FILLER = st.text(alphabet="abkİiıΣσς Ə.\n", max_size=90)


CUTS = (FIRST_CHUNK_CHARS, 3 * FIRST_CHUNK_CHARS)
"""Where the first two pieces the stored text is lower-cased in end."""


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(CUTS),
    st.integers(-6, 6),
    st.lists(FILLER, max_size=30),
    st.sampled_from(["bak", "İstə", "əli", "σας"]),
)
def test_the_passage_shown_is_around_the_first_match_however_far(
    cut: int, shift: int, fillers: list[str], word: str
) -> None:
    # The stored text is lower-cased piece by piece; the passage is still the first match's
    # (the longest prefix at a tie), wherever it stands against the pieces' cuts.
    text = "x" * (cut + shift) + word.upper() + "Ba".join(fillers)
    lowered = text.replace("İ", "i").lower()
    terms = frozenset({word, "baku"})
    prefixes = {term[: max(3, len(term) - 1)].lower() for term in terms}
    found = [(lowered.find(p), -len(p)) for p in prefixes if lowered.find(p) >= 0]
    window = candidate_window(text, terms)
    if not found:
        assert window == text[:FALLBACK_CHARS]
        return
    at, minus_length = min(found)
    assert text[: at - minus_length + WINDOW_AFTER].endswith(window)
    assert len(window) > WINDOW_AFTER - minus_length
