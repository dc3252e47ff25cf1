"""Matching and BM25F scoring of a whole query at once, over posting lists read into arrays.

Whoosh matches a query document by document: every posting costs a few Python calls (move the
matcher, read the field length, score). Profiled with ``bench/search.py``'s queries at 10,000
documents, that was most of a search. Facet counts need every match anyway, so nothing is
gained by stepping: here each term's postings are read block by block (Whoosh's on-disk format:
delta-coded document numbers, float32 weights) into numpy arrays, scored with Whoosh's own BM25F
formula on whole arrays, and the query tree is combined with array operations (union: scores
summed per document; intersection; exclusion).

The scores are Whoosh's, computed with the same operations in the same order (the tests compare
them on every kind of query). Query nodes this module does not know (phrases, wildcards, ranges,
...) are matched by Whoosh's own matcher for that node and joined in, so every query works and
only the common shapes (words in many fields, OR, AND, NOT) take the fast path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce
from typing import Any

import numpy as np
from whoosh.query import And, AndNot, Every, Not, NullQuery, Or, Phrase, Query, Term
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from indexer.engine.positions import in_sequence, read_positions
from indexer.engine.segments import NO_IDS, NO_SCORES, Segment, Where, Whole, term_postings
from indexer.phrases import GappedPhrase

DENSE_SHARE = 16
"""A union is counted per document number once its postings reach 1/16 of the documents
searched (a segment's, or the whole index's)."""

Part = tuple[np.ndarray, np.ndarray]
"""Matches in one segment or the whole index: ascending unique document numbers and their
scores."""


@dataclass(frozen=True, slots=True)
class Matches:
    """A query's matches across the index: ascending document numbers and their scores."""

    docnums: np.ndarray
    scores: np.ndarray


@dataclass(frozen=True, slots=True)
class ClauseMatches:
    """Documents matching any of several clauses: how many each matches, and which."""

    docnums: np.ndarray
    scores: np.ndarray
    """Each document's scores of the clauses it matches, summed (an AND's score if all)."""
    counts: np.ndarray
    """How many of the clauses each document matches."""
    per_clause: tuple[np.ndarray, ...]
    """Each clause's matching document numbers, ascending."""


class ArrayMatcher:
    """Matches queries against one searcher (make a new one when the searcher changes)."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        weighting = searcher.weighting
        self._bm25 = weighting if type(weighting) is BM25F else None
        self._segments = [Segment(sub, offset) for sub, offset in searcher.leaf_searchers()]
        self._whole = Whole(self._segments)
        self._average_lengths: dict[str, float] = {}
        self._read: dict[tuple[int, str, str, float], Part] = {}
        """The terms read by the match under way: a query may hold one term twice (a word's
        folded spelling counts only where its exact terms miss, :mod:`indexer.folding`)."""

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """One match: the terms it reads are kept until it ends, then let go."""
        self._read = {}
        try:
            yield
        finally:
            self._read = {}

    def doc_frequency(self, field: str, text: str) -> int:
        """In how many documents of the index ``field`` has the word ``text`` (deleted ones
        included, as Whoosh counts), through each segment's remembered look-ups."""
        if field not in self.searcher.schema:
            return 0
        try:
            term = self.searcher.schema[field].to_bytes(text)
        except ValueError:
            return 0
        infos = (segment.term_info(field, term) for segment in self._segments)
        return sum(info.doc_frequency() for info in infos if info is not None)

    def match(self, query: Query, stop: Callable[[], bool] | None = None) -> Matches:
        """Every live document ``query`` matches, with the score Whoosh would give it.

        ``stop`` is asked before each segment after the first: once it says so, the segments
        not yet read are left out (a search's time budget, :mod:`indexer.limits`).
        """
        parts: list[Part] = []
        with self._reading():
            for segment in self._segments:
                if parts and stop is not None and stop():
                    break
                parts.append(self._node(query, segment))
        if not parts:
            return Matches(NO_IDS, NO_SCORES)
        read = self._segments[: len(parts)]
        docnums = np.concatenate(
            [ids + segment.offset for (ids, _), segment in zip(parts, read, strict=True)]
        )
        return Matches(docnums, np.concatenate([scores for _, scores in parts]))

    def match_clauses(self, clauses: list[Query]) -> ClauseMatches:
        """Every live document matching at least one of ``clauses``, with how many it matches.

        Each clause is matched once; the AND of them is the documents matching all, with the
        same scores (what :mod:`indexer.coordination` needs to list those with most after).
        """
        if not self._segments:
            return ClauseMatches(NO_IDS, NO_SCORES, NO_IDS, tuple(NO_IDS for _ in clauses))
        with self._reading():
            parts = [self._node(clause, self._whole) for clause in clauses]
        ids, scores, counts = _counted_union(parts, self._whole.size)
        return ClauseMatches(ids, scores, counts, tuple(part_ids for part_ids, _ in parts))

    def _node(self, query: Query, segment: Where) -> Part:
        kind = type(query)
        if query is NullQuery:
            return NO_IDS, NO_SCORES
        if kind is Term:
            key = (id(segment), query.fieldname, query.text, query.boost)
            read = self._read.get(key)
            if read is None:
                if isinstance(segment, Whole):
                    read = self._term_across(query, segment)
                else:
                    read = self._term(query, segment)
                self._read[key] = read
            return read
        if kind is Or and not query.minmatch and query.scale is None:
            return self._union(query, segment)
        if kind is And:
            return self._intersection(query, segment)
        if kind is AndNot:
            ids, scores = self._node(query.a, segment)
            keep = ~np.isin(ids, self._ids(query.b, segment), assume_unique=True)
            return ids[keep], scores[keep]
        if kind is Not:
            ids = np.setdiff1d(segment.live_ids, self._ids(query.query, segment), True)
            return ids, np.ones(len(ids))  # Whoosh's inverse matcher scores 1.0
        if kind is Phrase or kind is GappedPhrase:
            return _per_segment(self._phrase, query, segment)
        if kind is Every and query.fieldname is None:
            return segment.live_ids, np.full(len(segment.live_ids), float(query.boost))
        return _per_segment(self._by_whoosh, query, segment)

    def _ids(self, query: Query, segment: Where) -> np.ndarray:
        return self._node(query, segment)[0]

    def _term(self, query: Term, segment: Segment) -> Part:
        known = self._indexed(query)
        if known is None:
            return NO_IDS, NO_SCORES
        field, text = known
        if field.scorable and not segment.has_text(query.fieldname):
            return NO_IDS, NO_SCORES  # e.g. a language no document of this segment is in
        if self._bm25 is None:
            return self._by_whoosh(query, segment)
        try:
            ids, weights = term_postings(segment, query.fieldname, text)
        except TermNotFound:
            return NO_IDS, NO_SCORES
        live = segment.live[ids]
        if not live.all():
            ids, weights = ids[live], weights[live]
        return self._scored(
            query, field, text, ids, weights, self._whole.of(segment, query.fieldname)
        )

    def _term_across(self, query: Term, whole: Whole) -> Part:
        """:meth:`_term` in every segment at once: its postings gathered, then scored once."""
        known = self._indexed(query)
        if known is None:
            return NO_IDS, NO_SCORES
        field, text = known
        if self._bm25 is None:
            return _per_segment(self._term, query, whole)
        found_ids: list[np.ndarray] = []
        found_weights: list[np.ndarray] = []
        for segment in whole.segments:
            if field.scorable and not segment.has_text(query.fieldname):
                continue
            try:
                ids, weights = term_postings(segment, query.fieldname, text)
            except TermNotFound:
                continue
            found_ids.append(ids + segment.offset if segment.offset else ids)
            found_weights.append(weights)
        if not found_ids:
            return NO_IDS, NO_SCORES
        if len(found_ids) == 1:
            ids, weights = found_ids[0], found_weights[0]
        else:
            ids, weights = np.concatenate(found_ids), np.concatenate(found_weights)
        if not whole.all_live:
            live = whole.live[ids]
            if not live.all():
                ids, weights = ids[live], weights[live]
        return self._scored(query, field, text, ids, weights, whole.lengths(query.fieldname))

    def _indexed(self, query: Term) -> tuple[Any, bytes] | None:
        """The term's field and its word as the index holds it; None where there is no such
        field or the word cannot be in it (a number field given a word)."""
        schema = self.searcher.schema
        if query.fieldname not in schema:
            return None
        field = schema[query.fieldname]
        try:
            return field, field.to_bytes(query.text)
        except ValueError:
            return None

    def _scored(
        self,
        query: Term,
        field: Any,
        text: bytes,
        ids: np.ndarray,
        weights: np.ndarray,
        lengths: np.ndarray,
    ) -> Part:
        """A term's postings with their scores: BM25F, or the weight of an unscored field."""
        if field.scorable:
            scores = self._bm25f(query.fieldname, text, weights, lengths[ids])
        else:
            scores = weights  # Whoosh's WeightScorer: the posting's weight
        if query.boost != 1.0:
            scores = scores * query.boost
        return ids, scores

    def _bm25f(self, field: str, text: bytes, tf: np.ndarray, fl: np.ndarray) -> np.ndarray:
        """``whoosh.scoring.bm25`` on arrays, operation for operation (same floats)."""
        weighting = self._bm25
        assert weighting is not None
        parent = self.searcher
        idf = parent.idf(field, text)
        avgfl = self._average_lengths.get(field)
        if avgfl is None:  # Whoosh sums it over the segments on every call
            avgfl = self._average_lengths[field] = parent.avg_field_length(field) or 1
        B = weighting._field_B.get(field, weighting.B)
        K1 = weighting.K1
        return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))

    def _union(self, query: Or, segment: Where) -> Part:
        parts = [self._node(sub, segment) for sub in query.subqueries]
        parts = [part for part in parts if len(part[0])]
        if not parts:
            return NO_IDS, NO_SCORES
        ids, scores = _union(parts, segment.size)
        if query.boost != 1.0:
            scores = scores * query.boost
        return ids, scores

    def _intersection(self, query: And, segment: Where) -> Part:
        positive = [sub for sub in query.subqueries if type(sub) is not Not]
        negative = [sub.query for sub in query.subqueries if type(sub) is Not]
        if not positive:  # only exclusions: the inverse of their union
            positive, negative = [Not(Or(negative))], []
        ids, scores = reduce(_intersect, (self._node(sub, segment) for sub in positive))
        for excluded in negative:
            keep = ~np.isin(ids, self._ids(excluded, segment), assume_unique=True)
            # Whoosh intersects with an inverse matcher, which adds its score of 1.0.
            ids, scores = ids[keep], scores[keep] + 1.0
        if query.boost != 1.0:
            scores = scores * query.boost
        return ids, scores

    def _phrase(self, query: Phrase, segment: Segment) -> Part:
        """Words in sequence (``slop`` apart at most): the documents with all of them, then
        their positions, read for those documents only.

        Whoosh's phrase matcher steps through the words' postings document by document and
        unpickles the positions of every document they share; a phrase of two common words
        took 0.4 s at 100,000 documents. The score is Whoosh's: the words' scores added.
        Which documents have the phrase is remembered per segment (:class:`PhraseMemory`):
        expansion adds the same multiword names (``Russian Federation``) to many queries.
        """
        schema = self.searcher.schema
        if query.fieldname not in schema or not query.words:
            return self._by_whoosh(query, segment)
        field = schema[query.fieldname]
        if not field.format or not field.format.supports("positions"):
            return self._by_whoosh(query, segment)  # Whoosh's own error
        try:
            words = [field.to_bytes(word) for word in query.words]
        except ValueError:
            return NO_IDS, NO_SCORES
        parts = [self._term(Term(query.fieldname, word), segment) for word in words]
        ids, scores = reduce(_intersect, parts)
        if not len(ids):
            return ids, scores
        gaps = tuple(getattr(query, "gaps", None) or (0,) * (len(words) - 1))
        key = (query.fieldname, tuple(words), query.slop, gaps)
        having = segment.phrases.get(key)
        if having is None:
            positions = [
                read_positions(segment.reader.postings(query.fieldname, word), ids, field.format)
                for word in words
            ]
            having = ids[in_sequence(positions, query.slop, gaps)]
            segment.phrases.put(key, having)
        keep = np.isin(ids, having, assume_unique=True)
        ids, scores = ids[keep], scores[keep]
        if query.boost != 1.0:
            scores = scores * query.boost
        return ids, scores

    def _by_whoosh(self, query: Query, segment: Segment) -> Part:
        """Whoosh's own matcher for a node this module does not compute itself."""
        matcher = query.matcher(segment.searcher, self.searcher.context())
        ids: list[int] = []
        scores: list[float] = []
        while matcher.is_active():
            ids.append(matcher.id())
            scores.append(matcher.score())
            matcher.next()
        return np.array(ids, dtype=np.int64), np.array(scores, dtype=np.float64)


def _per_segment(read: Callable[[Any, Segment], Part], query: Query, where: Where) -> Part:
    """``read`` of a node in one segment, or in each segment of the whole, joined."""
    if isinstance(where, Segment):
        return read(query, where)
    parts = [
        (ids + segment.offset, scores)
        for segment in where.segments
        for ids, scores in [read(query, segment)]
        if len(ids)
    ]
    if not parts:
        return NO_IDS, NO_SCORES
    return np.concatenate([ids for ids, _ in parts]), np.concatenate([sc for _, sc in parts])


def _union(parts: list[Part], size: int) -> Part:
    """Documents in any part, each with its scores summed in the parts' order (as Whoosh does).

    Many postings against the segment's size (a common word in many fields): counted per
    document number in one pass; few: sorted (``np.unique``), which costs less than a pass
    over every document number of a big segment.
    """
    ids = np.concatenate([ids for ids, _ in parts])
    scores = np.concatenate([scores for _, scores in parts])
    if len(ids) * DENSE_SHARE >= size:
        found = np.flatnonzero(np.bincount(ids, minlength=size))
        return found, np.bincount(ids, weights=scores, minlength=size)[found]
    found, where = np.unique(ids, return_inverse=True)
    return found, np.bincount(where, weights=scores)


def _counted_union(parts: list[Part], size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_union` of the parts, with how many parts each document is in."""
    ids = np.concatenate([ids for ids, _ in parts]) if parts else NO_IDS
    scores = np.concatenate([scores for _, scores in parts]) if parts else NO_SCORES
    if len(ids) * DENSE_SHARE >= size:
        counted = np.bincount(ids, minlength=size)
        found = np.flatnonzero(counted)
        summed = np.bincount(ids, weights=scores, minlength=size)[found]
        return found, summed, counted[found]
    found, where, counted = np.unique(ids, return_inverse=True, return_counts=True)
    return found, np.bincount(where, weights=scores, minlength=len(found)), counted


def _intersect(left: Part, right: Part) -> Part:
    """Documents in both parts, their scores added: the shorter list looked up in the longer."""
    if len(left[0]) <= len(right[0]):
        short, long = left, right
    else:
        short, long = right, left
    if not len(short[0]):
        return NO_IDS, NO_SCORES
    at = np.minimum(np.searchsorted(long[0], short[0]), len(long[0]) - 1)
    hit = long[0][at] == short[0]
    # a + b == b + a in floating point, so which side is searched does not change a score.
    return short[0][hit], short[1][hit] + long[1][at[hit]]
