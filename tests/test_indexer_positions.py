"""A phrase's words are found in sequence in exactly the documents where Whoosh's rule finds them:
each word within ``slop`` positions after the one before it, past the gaps of dropped words."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.engine.positions import in_sequence

Document = list[list[int]]
"""One document: each word's ascending positions in it."""


def followed(words: Document, slop: int, gaps: tuple[int, ...]) -> bool:
    """Whoosh's rule, one document at a time (as ``whoosh.matching`` applies it)."""
    ends = set(words[0])
    for following, gap in zip(words[1:], gaps, strict=True):
        ends = {end + gap + step for end in ends for step in range(1, slop + 1)} & set(following)
    return bool(ends)


def positions_of(words: int) -> st.SearchStrategy[Document]:
    each = st.lists(st.integers(0, 60), min_size=1, max_size=12, unique=True).map(sorted)
    return st.lists(each, min_size=words, max_size=words)


@st.composite
def phrases(draw: st.DrawFn) -> tuple[list[Document], int, tuple[int, ...]]:
    words = draw(st.integers(2, 4))
    documents = draw(st.lists(positions_of(words), min_size=1, max_size=30))
    slop = draw(st.integers(1, 3))
    gaps = tuple(draw(st.lists(st.integers(0, 2), min_size=words - 1, max_size=words - 1)))
    return documents, slop, gaps


@settings(max_examples=300, deadline=None)
@given(phrases())
def test_documents_with_the_words_in_sequence_are_whooshs(
    phrase: tuple[list[Document], int, tuple[int, ...]],
) -> None:
    documents, slop, gaps = phrase
    words = []
    for word in range(len(documents[0])):
        lists = [document[word] for document in documents]
        counts = np.array([len(each) for each in lists], dtype=np.int64)
        words.append((np.array([p for each in lists for p in each], dtype=np.int64), counts))
    expected = [followed(document, slop, gaps) for document in documents]
    assert in_sequence(words, slop, gaps).tolist() == expected


def test_two_words_side_by_side_and_apart() -> None:
    # Two documents: the second word right after the first in one, three after it in the other.
    first = (np.array([4, 0], dtype=np.int64), np.array([1, 1], dtype=np.int64))
    second = (np.array([5, 3], dtype=np.int64), np.array([1, 1], dtype=np.int64))
    assert in_sequence([first, second], 1, (0,)).tolist() == [True, False]
    assert in_sequence([first, second], 3, (0,)).tolist() == [True, True]
