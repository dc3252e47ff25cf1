"""A document's text, tokenized once for its several fields, gives each field the words the
tokenizer gives that field's whole value."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coi.lang.tokenize import word_texts
from indexer import valuewords
from indexer.valuewords import value_words

PIECES = st.lists(
    st.sampled_from([*"aBЯбƏı1_. \t\n-‐‑'’\u00ad\u0301", "\r\n", "-\n", "- \n ", "x-"]),
    max_size=20,
).map("".join)
"""Texts dense in what cuts words or joins them, ending in a hyphen as often as not."""


@pytest.fixture(autouse=True)
def remember_every_value(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short generated values go through the memory as a document's long text does."""
    monkeypatch.setattr(valuewords, "LONG_VALUE", 0)


@settings(deadline=None)
@given(title=PIECES, text=PIECES, text_first=st.booleans())
def test_title_and_text_give_the_words_of_each_whole_value(
    title: str, text: str, text_first: bool
) -> None:
    valuewords._memory.__dict__.clear()
    whole = f"{title}\n{text}"
    order = (text, whole) if text_first else (whole, text)
    for value in order:
        assert value_words(value) == word_texts(value)
    for value in order:  # again, now from memory
        assert value_words(value) == word_texts(value)


def test_a_hyphenated_title_end_joins_the_text_as_the_tokenizer_joins_it() -> None:
    valuewords._memory.__dict__.clear()
    text = "gee of the report"
    assert value_words(text) == ["gee", "of", "the", "report"]
    assert value_words(f"Refu-\n{text}") == ["Refu-\ngee", "of", "the", "report"]


def test_long_values_are_remembered_only_a_few_at_a_time() -> None:
    valuewords._memory.__dict__.clear()
    for number in range(10):
        assert value_words(f"text {number}") == ["text", str(number)]
    assert len(valuewords._memory.recent) == valuewords.REMEMBERED
