"""coi.lang normalisation, case folding and tokenisation (issue 3)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coi.lang import fix_mixed_script, fold_case, normalize, tokenize, word_parts
from coi.lang.tokenize import plain_words, word_texts


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Bеlә bölmә", "Belə bölmə"),  # Cyrillic е and ә inside Latin Azerbaijani words
        ("Мoсква", "Москва"),  # Latin o inside a Russian word
        ("Bakı Москва", "Bakı Москва"),  # one script per word: nothing to repair
    ],
)
def test_fix_mixed_script_repairs_lookalikes(raw: str, expected: str) -> None:
    assert fix_mixed_script(raw) == expected


def test_normalize_plain_forms() -> None:
    text = "«Правозащитники» — ﬁnal “quote” soft\u00adhyphen qua-\nlity Nagorno-\nKarabakh"
    expected = '"Правозащитники" - final "quote" softhyphen quality Nagorno-\nKarabakh'
    assert normalize(text) == expected


def test_normalize_russian_yo() -> None:
    assert normalize("Ребёнок ЁЛКА", "ru") == "Ребенок ЕЛКА"
    assert normalize("ребёнок") == "ребёнок"  # only Russian folds ё


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("QAÇQIN İLHAM ƏLİYEV", "az", "qaçqın ilham əliyev"),
        ("KAPI İSTANBUL", "tr", "kapı istanbul"),
        ("İLHAM REFUGEES", None, "ilham refugees"),
        ("БЕЖЕНЕЦ", "ru", "беженец"),
    ],
)
def test_fold_case(text: str, lang: str | None, expected: str) -> None:
    assert fold_case(text, lang) == expected


def test_tokenize_keeps_inner_apostrophes_and_hyphens() -> None:
    tokens = tokenize("«Беженцы» из Нагорно-Карабаха, O’Brien; qaçqınlar, COVID-19.")
    assert tokens == ["Беженцы", "из", "Нагорно-Карабаха", "O’Brien", "qaçqınlar", "COVID-19"]


def test_word_parts_split_compounds_but_not_hyphenation() -> None:
    text = "Нагорно-Карабаха quali-\nty"
    parts = [(p, text[s:e]) for p, s, e in word_parts(text)]
    assert parts == [("Нагорно", "Нагорно"), ("Карабаха", "Карабаха"), ("quali-\nty", "quali-\nty")]


def test_tokenize_keeps_combining_marks_in_words() -> None:
    assert tokenize("ре\u0301бенок cafe\u0301") == ["ре\u0301бенок", "cafe\u0301"]


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    once_ru = normalize(text, "ru")
    assert normalize(once_ru, "ru") == once_ru


@given(st.text(), st.sampled_from(["az", "tr", "ru", "en", None]))
def test_fold_case_is_idempotent(text: str, lang: str | None) -> None:
    once = fold_case(text, lang)
    assert fold_case(once, lang) == once


@given(st.text())
def test_word_parts_are_slices_of_the_text(text: str) -> None:
    for part, start, end in word_parts(text):
        assert text[start:end] == part
        assert part


TRICKY = st.lists(
    st.sampled_from(
        [*"aBЯбƏı1_. \t\n-‐‑'’\u00ad\u0301", "\r\n", "-\n", "- \n "],
    ),
    max_size=30,
).map("".join)
"""Texts dense in what cuts words or joins them: hyphens at line ends, apostrophes, marks."""


@settings(deadline=None)  # the first call compiles the patterns
@given(TRICKY)
def test_word_texts_are_the_texts_of_word_parts(text: str) -> None:
    assert word_texts(text) == [part for part, _, _ in word_parts(text)]


def test_word_texts_cut_a_line_end_hyphen_only_before_a_capital() -> None:
    text = "Нагорно-Карабаха quali-\nty Foo-\n Bar"
    assert word_texts(text) == ["Нагорно", "Карабаха", "quali-\nty", "Foo", "Bar"]


@settings(deadline=None)
@given(st.one_of(TRICKY, st.text()))
def test_plain_words_are_the_texts_of_word_parts(text: str) -> None:
    words = plain_words(text)
    assert words is None or words == [part for part, _, _ in word_parts(text)]
    if not any(c in text for c in "\u00ad\u0301\n"):
        assert words is not None or not text.isascii()
