"""Queries of words read without Whoosh's parser are exactly the queries Whoosh's parser reads:
the same tree, terms, fields, boosts and phrase positions, on generated queries of every shape
the shortcut takes (and on any text, where it declines what it does not read)."""

from __future__ import annotations

from functools import cache
from typing import Any
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st
from whoosh.qparser import MultifieldParser
from whoosh.query import NullQuery, Query

from indexer.query import parse_query
from indexer.schema import SEARCH_FIELDS, build_schema
from indexer.wordsparse import read_words

WORDS = (
    "refugee", "women", "беженцев", "Беженцы", "qaçqınların", "İlham", "Əliyev", "ŞƏKİ",
    "the", "and", "where", "и", "в", "və", "bu", "police", "Баку", "Bakı", "2019", "e-mail",
    "don't", "co-operation", "U.S.", "x", "to", "TO", "Or", "or", "naïve", "Алиев", "C++",
    "mother-in-law", "qaçqın’", "a.b", "жёлтый", "ёлка", "!", ",", "-", "Sturridge-Smith",
)  # fmt: skip
FIELDS = ("title_ru", "text_en", "text_az", "names", "names_az", "az_folded", "title_other")


@cache
def parser() -> Any:
    return MultifieldParser(list(SEARCH_FIELDS), build_schema())


def shape(query: Query) -> Any:
    """Everything of a query that matching, scoring and the stop-word rewrite read."""
    subqueries = getattr(query, "subqueries", None)
    return (
        type(query).__name__,
        getattr(query, "fieldname", None),
        getattr(query, "text", None),
        tuple(getattr(query, "words", ()) or ()),
        getattr(query, "boost", None),
        getattr(query, "slop", None),
        tuple(getattr(query, "char_ranges", ()) or ()),
        getattr(query, "minmatch", None),
        getattr(query, "scale", None),
        tuple(shape(sub) for sub in subqueries) if subqueries else None,
    )


def same_as_whoosh(text: str) -> bool:
    """Whether the shortcut read ``text`` (asserting it read it as Whoosh does)."""
    ours = read_words(parser(), SEARCH_FIELDS, text)
    if ours is None:
        return False
    theirs = parser().parse(text)
    assert ours == theirs, text
    assert repr(ours) == repr(theirs), text
    assert shape(ours) == shape(theirs), text
    return True


word = st.one_of(
    st.sampled_from(WORDS),
    st.text(st.sampled_from("abçəıöüğşабвгдеёжяİI.-’'1"), min_size=1, max_size=6),
)
boost = st.sampled_from(("", "^0.5", "^0.3", "^2", "^0.05", "^.5", "^1"))


@st.composite
def term(draw: st.DrawFn) -> str:
    field = draw(st.sampled_from(("", "", "", *(f"{name}:" for name in FIELDS))))
    if draw(st.booleans()):
        words = draw(st.lists(word, min_size=0, max_size=3))
        return f'{field}"{" ".join(words)}"{draw(boost)}'
    return f"{field}{draw(word)}{draw(boost)}"


def expression(depth: int) -> st.SearchStrategy[str]:
    part = (
        term() if depth == 0 else st.one_of(term(), expression(depth - 1).map(lambda e: f"({e})"))
    )
    joined = st.tuples(st.sampled_from((" ", " OR ", "  ")), part)
    return st.tuples(part, st.lists(joined, max_size=4)).map(
        lambda parts: parts[0] + "".join(sep + text for sep, text in parts[1])
    )


@settings(max_examples=400, deadline=None)
@given(expression(2))
# A bracketed group holding a boosted group of phrases; an OR joining an empty phrase's group:
# normalisation rewrites both before opening them, so they are left to it.
@example('"" ((refugee "" ! OR "refugee"^0.5))')
@example('refugee (""^0.5 OR ((refugee refugee "refugee refugee"))) OR refugee')
def test_generated_words_groups_or_fields_boosts_and_phrases_read_as_whoosh_reads_them(
    text: str,
) -> None:
    if "'" not in text:  # a quote after a space or bracket is Whoosh's quoting: declined
        assert same_as_whoosh(text)
    else:
        same_as_whoosh(text)


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from("ab яə()\"^:*?~[]{}'’ORANDTNE-.0.5\t\n"), max_size=24))
def test_any_text_is_read_as_whoosh_reads_it_or_left_to_whoosh(text: str) -> None:
    try:
        parser().parse(text)
    except Exception:
        return
    same_as_whoosh(text)


def test_what_expansion_writes_is_read_by_the_shortcut() -> None:
    expanded = (
        '((polşa) OR Poland^0.5 OR "Republic of Poland"^0.5 OR Польша^0.5) ((scream) OR '
        "title_az:qışqırmaq^0.3 OR text_az:qışqırmaq^0.3 OR names:qışqırmaq^0.3) where"
    )
    assert same_as_whoosh(expanded)
    assert same_as_whoosh('title_en:"left hand"^0.08 и в')
    assert same_as_whoosh("country:AZE police")


def test_syntax_beyond_words_is_left_to_whoosh() -> None:
    declined = ("police AND court", "NOT x", "pol*", "year:2020", '"a b"~3', "'a b'",
                "[a TO b]", "x^", "title_ru:(a b)", "(a b", "a b)", "x OR", "OR x")  # fmt: skip
    for text in declined:
        assert read_words(parser(), SEARCH_FIELDS, text) is None, text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS[:20]), min_size=1, max_size=4))
def test_a_search_reads_expanded_words_as_before(words: list[str]) -> None:
    """The whole reading of a query (expansion, stop words, clauses) is unchanged."""
    text = " ".join(words)
    schema = build_schema()
    ours = parse_query(text, schema, expand=True)
    with mock.patch("indexer.query.read_words", return_value=None):
        theirs = parse_query(text, schema, expand=True)
    assert ours == theirs
    assert shape(ours.query) == shape(theirs.query)
    assert [shape(c) for c in ours.clauses] == [shape(c) for c in theirs.clauses]
    assert ours.query is not NullQuery or theirs.query is NullQuery
