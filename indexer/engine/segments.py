"""A searcher's segments as array matching reads them: each segment's live documents, field
lengths, remembered term look-ups and phrases, a term's postings in it; and all of them as one.

Read once per searcher (a new index generation starts afresh), for
:mod:`indexer.engine.arraymatch` to match and score queries on.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher, W3TermInfo
from whoosh.matching import FilterMatcher, Matcher
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

from indexer.engine.phrasememory import PhraseMemory
from indexer.engine.postings import LENGTH_OF_CODE, PostingArrays, length_codes

_LENGTH_OF_BYTE = np.array([length or 0 for length in LENGTH_OF_CODE], dtype=np.float64)
NO_IDS = np.zeros(0, dtype=np.int64)
NO_SCORES = np.zeros(0, dtype=np.float64)
_NO_LIVE = np.zeros(0, dtype=bool)

TERMS_REMEMBERED = 4096
"""Term look-ups each segment keeps the answer of (found or not): ~2.3 MB a segment at most.

A search of three words at 10,000 documents makes ~230 term look-ups (each word in every
language's fields of each segment, its translations' document counts), a quarter of them twice;
one look-up in Whoosh's on-disk hash table costs ~17 µs. Paging, a facet click or the next
officer's query on the same subject asks for the same terms again."""


class Segment:
    """One segment's searcher and what is read from it once: live documents, field lengths."""

    def __init__(self, searcher: Searcher, offset: int) -> None:
        self.searcher = searcher
        self.offset = offset
        self.reader = searcher.reader()
        self.size = self.reader.doc_count_all()
        live = np.ones(self.size, dtype=bool)
        if self.reader.has_deletions():
            live[:] = False
            live[list(self.reader.all_doc_ids())] = True  # all_doc_ids skips deleted ones
        self.live = live
        self.live_ids = np.flatnonzero(live).astype(np.int64)
        self.arrays = PostingArrays.open(self.reader)
        self.term_info = lru_cache(maxsize=TERMS_REMEMBERED)(self._term_info)
        """The term's postings information in this segment, None where it has no such term."""
        self.phrases = PhraseMemory()
        self._has_text: dict[str, bool] = {}

    def _term_info(self, field: str, text: bytes) -> W3TermInfo | None:
        try:
            return self.reader.term_info(field, text)
        except TermNotFound:
            return None

    def has_text(self, field: str) -> bool:
        """Whether any document of the segment has words in ``field`` (a scorable field).

        A word is looked up in the fields of every language; skipping the fields a segment has
        no text in saves a term look-up each (a hash probe in the segment's files).
        """
        present = self._has_text.get(field)
        if present is None:
            present = self._has_text[field] = self.reader.field_length(field) > 0
        return present

    def length_codes(self, field: str) -> np.ndarray:
        """Each document's length of ``field`` in Whoosh's one-byte code."""
        codes = np.zeros(self.size, dtype=np.uint8)
        stored = length_codes(getattr(self.reader, "_perdoc", None), field, self.size)
        if stored:
            codes[: len(stored)] = np.frombuffer(stored, dtype=np.uint8)
        return codes


class Whole:
    """All the segments of a searcher read as one: each term's postings gathered from every
    segment (document numbers offset to the index's), then scored and combined once.

    Combining a query tree segment by segment repeats every array operation of every node per
    segment; a query expanded to ~25 terms a word made ~250 small array operations per
    segment, most of the slowest searches' matching time at 10,000 documents (4 segments).
    """

    def __init__(self, segments: list[Segment]) -> None:
        self.segments = segments
        self.size = sum(segment.size for segment in segments)
        self.live = np.concatenate([segment.live for segment in segments]) if segments else _NO_LIVE
        self.live_ids = np.flatnonzero(self.live).astype(np.int64)
        self.all_live = bool(self.live.all())
        """Whether no document is deleted."""
        self._lengths: dict[str, np.ndarray] = {}

    def lengths(self, field: str) -> np.ndarray:
        """Each document's length of ``field`` (in tokens, as Whoosh's scorer sees it)."""
        lengths = self._lengths.get(field)
        if lengths is None:
            codes = [segment.length_codes(field) for segment in self.segments]
            lengths = _LENGTH_OF_BYTE[np.concatenate(codes)] if codes else NO_SCORES
            self._lengths[field] = lengths
        return lengths

    def of(self, segment: Segment, field: str) -> np.ndarray:
        """The lengths of ``field`` in one segment (a view of :meth:`lengths`)."""
        return self.lengths(field)[segment.offset : segment.offset + segment.size]


Where = Segment | Whole
"""What a query node is matched in: one segment, or all of them as one."""


def term_postings(segment: Segment, field: str, text: bytes) -> tuple[np.ndarray, np.ndarray]:
    """A term's document numbers and weights in ``segment``, deleted documents included.

    A slice of the segment's posting arrays where it has them; otherwise Whoosh's blocks.

    Raises:
        TermNotFound: the segment has no such term.
    """
    info = segment.term_info(field, text)
    if info is None:
        raise TermNotFound(f"{field}:{text!r}")
    if segment.arrays is not None:
        found = segment.arrays.postings(info)
        if found is not None:
            return found
    return _postings(segment.reader.postings(field, text))


def _postings(matcher: Matcher) -> tuple[np.ndarray, np.ndarray]:
    """A term's document numbers and weights, read a block at a time where the format allows."""
    while isinstance(matcher, FilterMatcher):  # deletions: applied by the caller
        matcher = matcher.child
    if type(matcher) is not W3LeafMatcher or matcher._byteids:
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)
    id_blocks, weight_blocks = [], []
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        stored_ids, stored_weights = matcher._data[0], matcher._data[1]
        id_blocks.append(np.cumsum(np.array(stored_ids, dtype=np.int64)))  # delta-coded
        weight_blocks.append(_weights(stored_weights, len(stored_ids)))
        matcher._next_block()
    if not id_blocks:
        return NO_IDS, NO_SCORES
    return np.concatenate(id_blocks), np.concatenate(weight_blocks)


def _weights(stored: Any, count: int) -> np.ndarray:
    """A block's weights: None means all 1.0, a float means all that value, else one each."""
    if stored is None:
        return np.ones(count)
    if isinstance(stored, float):
        return np.full(count, stored)
    return np.array(stored, dtype=np.float64)
