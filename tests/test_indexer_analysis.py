"""Whoosh analyzers: same terms as coi.lang.analyze, matches across forms and scripts (#3)."""

from __future__ import annotations

import doctest
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.fields import TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import QueryParser

import indexer.analysis
from coi.lang import analyze
from indexer.analysis import LANGUAGES, analyzer_for, name_analyzer


def _terms(analyzer: object, text: str) -> list[str]:
    return [t.text for t in analyzer(text)]  # type: ignore[operator]


def test_doctests() -> None:
    result = doctest.testmod(indexer.analysis)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize("lang", [*LANGUAGES, "de"])
def test_analyzer_agrees_with_analyze(lang: str) -> None:
    text = "Беженцев из Афганистана, qaçqınların hüquqları; the refugees' rights. Нагорно-Карабах"
    assert _terms(analyzer_for(lang), text) == analyze(text, lang)


@pytest.mark.parametrize("lang", [*LANGUAGES, "other"])
def test_analyzers_pickle(lang: str) -> None:
    analyzer = pickle.loads(pickle.dumps(analyzer_for(lang)))
    assert _terms(analyzer, "Qaçqın") == _terms(analyzer_for(lang), "Qaçqın")
    assert pickle.loads(pickle.dumps(name_analyzer())) == name_analyzer()


def test_offsets_point_into_the_raw_text() -> None:
    text = "Жур\u00adналисты — qaçqın-\nlar"
    # Whoosh reuses one Token object, so read each while it is current.
    tokens = [
        (text[t.startchar : t.endchar], t.pos)
        for t in analyzer_for("ru")(text, positions=True, chars=True)
    ]
    assert tokens == [("Жур\u00adналисты", 0), ("qaçqın-\nlar", 1)]


@pytest.mark.parametrize(
    ("lang", "document", "queries"),
    [
        ("ru", "Число беженцев выросло", ["беженец", "беженцы", "Беженцев"]),
        ("az", "Qaçqınların hüquqları pozulub", ["qaçqın", "QAÇQINLAR", "гачгынларын"]),
        ("az", "Гачгынларын һүгуглары", ["qaçqınlar", "hüquq"]),
        ("en", "Refugees were arrested", ["refugee", "arrest"]),
    ],
)
def test_query_finds_other_forms(lang: str, document: str, queries: list[str]) -> None:
    _assert_found("body", analyzer_for(lang), document, queries)


def test_name_field_matches_across_scripts() -> None:
    _assert_found("names", name_analyzer(), "Прокурор Алиев заявил", ["Aliyev", "Əliyev", "Aliev"])


def _assert_found(field: str, analyzer: object, document: str, queries: list[str]) -> None:
    index = RamStorage().create_index(Schema(**{field: TEXT(analyzer=analyzer)}))
    with index.writer() as writer:
        writer.add_document(**{field: document})
    with index.searcher() as searcher:
        for query in queries:
            parsed = QueryParser(field, index.schema).parse(query)
            assert len(searcher.search(parsed)) == 1, query


@settings(max_examples=200, deadline=None)
@given(st.text(), st.sampled_from([*LANGUAGES, "other"]))
def test_analyzers_accept_any_text(text: str, lang: str) -> None:
    assert all(isinstance(term, str) and term for term in _terms(analyzer_for(lang), text))
    assert all(term for term in _terms(name_analyzer(), text))
