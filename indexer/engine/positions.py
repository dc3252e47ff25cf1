"""Where a phrase's words stand: their positions read from Whoosh's postings for the candidate
documents only, and whether they follow each other, for all those documents at once.

Whoosh's phrase matcher steps document by document through the words' postings, unpickling the
positions of each and intersecting them as Python sets. Here a block of postings is read once,
only the wanted documents' positions are decoded (their gaps summed by numpy), and each
position is keyed by its document's index so that "followed by" is a binary search over the
whole candidate list.
"""

from __future__ import annotations

import pickle
from itertools import chain
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Positions as WhooshPositions
from whoosh.matching import FilterMatcher, Matcher

Positions = tuple[np.ndarray, np.ndarray]
"""A term's positions in several documents: all of them end to end, and how many each has."""
_DOC_SHIFT = 32
"""Bits below a document's index in a keyed position (positions stay far below 2**32)."""


def in_sequence(words: list[Positions], slop: int, gaps: tuple[int, ...]) -> np.ndarray:
    """Per document, whether each word follows the one before it within ``slop`` positions
    (Whoosh's rule), past the ``gaps`` of dropped words between them.

    All documents at once: a position is keyed by its document's index in the high bits, so
    each word's keys come in ascending order and "followed by" is a binary search of the
    positions reached among the next word's keys (no sorting, but where ``slop`` makes the
    positions reached overlap).
    """
    first, counts = words[0]
    ends = _keyed(first, counts)
    steps = np.arange(1, slop + 1, dtype=np.int64)
    for (following, following_counts), gap in zip(words[1:], gaps, strict=True):
        reach = (ends[:, None] + (gap + steps)).ravel()
        if slop > 1:
            reach = np.unique(reach)
        keys = _keyed(following, following_counts)
        at = np.searchsorted(keys, reach)
        inside = at < len(keys)
        reach, at = reach[inside], at[inside]
        ends = reach[keys[at] == reach]
        if not len(ends):
            break
    found = np.zeros(len(counts), dtype=bool)
    found[ends >> _DOC_SHIFT] = True
    return found


def _keyed(positions: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Each position with its document's index (0, 1, ... in ``counts``' order) above it."""
    documents = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    return (documents << _DOC_SHIFT) | positions


def read_positions(matcher: Matcher, docnums: np.ndarray, format_: Any) -> Positions:
    """The term's positions in each of ``docnums`` (ascending, all in its postings): all of
    them end to end, and how many each document has.

    Blocks holding none of them are skipped on their header; the others are read once.
    """
    while isinstance(matcher, FilterMatcher):  # deletions: the documents asked for are live
        matcher = matcher.child
    wanted = docnums.tolist()
    blockwise = (  # Whoosh's block format, with a value (the positions) of its own per posting
        type(matcher) is W3LeafMatcher
        and not matcher._byteids
        and (matcher._fixedsize is None or matcher._fixedsize < 0)
    )
    if not blockwise:
        lists = []
        for docnum in wanted:
            matcher.skip_to(docnum)
            lists.append(matcher.value_as("positions"))
        return _flat(lists)
    values: list[bytes] = []
    at = 0
    while at < len(wanted) and matcher.is_active():
        if matcher._maxid < wanted[at]:
            matcher._next_block()
            continue
        if matcher._data is None:
            matcher._read_data()
        ids = np.cumsum(np.array(matcher._data[0], dtype=np.int64))  # delta-coded
        upto = int(np.searchsorted(docnums, ids[-1], side="right"))
        block_values = matcher._data[2]
        values += [block_values[index] for index in np.searchsorted(ids, docnums[at:upto])]
        at = upto
        matcher._next_block()
    if type(format_) is not WhooshPositions:
        return _flat([format_.decode_positions(value) for value in values])
    gaps, counts = _flat([_position_gaps(value) for value in values])
    return _running_sums(gaps, counts), counts


def _position_gaps(value: bytes) -> list[int]:
    """The gaps between a posting's positions as ``whoosh.formats.Positions`` stores them: a
    4-byte count and a pickled list whose final stop byte may have been dropped."""
    if not value.endswith(b"."):
        value += b"."
    return pickle.loads(value[4:])


def _flat(lists: list[list[int]]) -> Positions:
    counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    flat = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(counts.sum()))
    return flat, counts


def _running_sums(gaps: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Each document's positions from its gaps: the running sum restarted at each document."""
    sums = np.cumsum(gaps)
    starts = np.cumsum(counts) - counts
    before = np.concatenate((np.zeros(1, dtype=np.int64), sums))[starts]
    return sums - np.repeat(before, counts)
