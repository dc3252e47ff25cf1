"""What one search may cost, so no query can stall the others.

``word *``, ``*a*``, ``text:*``, ``[a TO z]`` and 2,000 filter values each took 3-6 s: Whoosh
expands a wildcard, prefix or range into every word of the lexicon it matches (``*a*`` reads
the whole lexicon of each of the dozen text fields and opens a matcher per word), and
``text:*`` reads every posting of every word. Here a query is bounded before it is matched:

- a wildcard, prefix, range, fuzzy or regular-expression term stands for at most
  :data:`MAX_EXPANSION` words (the first in the lexicon's order; the lexicon is read no further
  than :data:`MAX_SCANNED` words), and all of them together for at most :data:`MAX_TERMS`;
- ``field:*`` (any value in a field) stands for every document;
- a query has at most :data:`MAX_TERMS` terms once its words are put in every field (the
  rest are left out), and a request at most :data:`MAX_FILTER_VALUES` filter values;
- matching stops at a deadline (:class:`Budget`) and the hits found so far are shown.

Each cut comes with a notice telling the user what was left out.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from whoosh.query import CompoundQuery, Every, NullQuery, Or, Phrase, Query, Term
from whoosh.query.terms import MultiTerm
from whoosh.reading import IndexReader

from coi.errors import QueryError

MAX_EXPANSION = 64
"""Words one wildcard, prefix or range may stand for."""
MAX_SCANNED = 20_000
"""Lexicon entries read to find them (a pattern with no literal start reads the lexicon)."""
MAX_TERMS = 1_500
"""Terms in a query once each word is looked up in every field (a word is a dozen terms)."""
MAX_FILTER_VALUES = 100
"""Filter values in one request (an officer picks a few; a hostile client sent 2,000)."""
QUERY_SECONDS = 2.0
"""How long matching one query may take before the hits found so far are shown."""

EXPANSION_NOTICE = (
    "A wildcard or range in your query matched too many words; only the first {n} were searched."
)
TERMS_NOTICE = "Your query has too many words; only its first words were searched."
TIME_NOTICE = "The search took too long and was stopped; these are the hits found so far."


def check_filter_count(filters: Mapping[str, Sequence[str]]) -> None:
    """Refuse a request with more than :data:`MAX_FILTER_VALUES` filter values.

    Raises:
        QueryError: there are more (the web answers 400 with this message).
    """
    count = sum(len(values) for values in filters.values())
    if count > MAX_FILTER_VALUES:
        raise QueryError(
            f"a search takes at most {MAX_FILTER_VALUES} filter values; this one has {count}"
        )


@dataclass
class Budget:
    """The deadline of one search, and whether it was reached."""

    seconds: float = QUERY_SECONDS
    deadline: float = field(init=False)
    exceeded: bool = False

    def __post_init__(self) -> None:
        self.deadline = time.monotonic() + self.seconds

    def spent(self) -> bool:
        """Whether the deadline has passed (remembered, for the notice)."""
        if not self.exceeded and time.monotonic() >= self.deadline:
            self.exceeded = True
        return self.exceeded


@dataclass(frozen=True, slots=True)
class Bounded:
    """A query cut to what a search may cost, and the notices saying what was cut."""

    query: Query
    notices: tuple[str, ...]


def bound_query(query: Query, reader: IndexReader, budget: Budget) -> Bounded:
    """``query`` with its expansions, terms and ``field:*`` bounded (see the module docstring)."""
    bounder = _Bounder(reader, budget)
    bounded = bounder.node(query)
    notices = []
    if bounder.expansion_cut:
        notices.append(EXPANSION_NOTICE.format(n=MAX_EXPANSION))
    if bounder.terms_cut:
        notices.append(TERMS_NOTICE)
    return Bounded(bounded if bounded is not None else NullQuery, tuple(notices))


class _Bounder:
    """One walk over a query tree, counting the terms it keeps."""

    def __init__(self, reader: IndexReader, budget: Budget) -> None:
        self.reader = reader
        self.budget = budget
        self.terms = 0
        self.expansion_cut = False
        self.terms_cut = False

    def node(self, query: Query) -> Query | None:
        """The bounded ``query``, or None when nothing of it is left."""
        if isinstance(query, Every):
            return Every(boost=query.boost) if query.fieldname else query
        if isinstance(query, MultiTerm):
            return self._expand(query)
        if isinstance(query, Term | Phrase):
            size = len(query.words) if isinstance(query, Phrase) else 1
            if self.terms + size > MAX_TERMS:
                self.terms_cut = True
                return None
            self.terms += size
            return query
        if isinstance(query, CompoundQuery):
            return self._compound(query)
        if not query.is_leaf():
            return query.apply(lambda child: _or_null(self.node(child)))
        return query

    def _compound(self, query: CompoundQuery) -> Query | None:
        kept = []
        for sub in query.subqueries:
            if self.terms >= MAX_TERMS:
                self.terms_cut = True
                break
            bounded = self.node(sub)
            if bounded is not None and bounded is not NullQuery:
                kept.append(bounded)
        if not kept:
            return None
        bounded_query = copy.copy(query)
        bounded_query.subqueries = kept
        return bounded_query

    def _expand(self, query: MultiTerm) -> Query | None:
        """The words ``query`` stands for, as an OR of terms (the array matcher's fast path)."""
        allowed = min(MAX_EXPANSION, MAX_TERMS - self.terms)
        if query.field() not in self.reader.schema:
            return None
        words: list[bytes] = []
        scanning = _Scanning(self.reader, self.budget)
        for btext in query._btexts(scanning):
            if len(words) == allowed:
                self.expansion_cut = True
                break
            words.append(btext)
        if scanning.cut:
            self.expansion_cut = True
        self.terms += len(words)
        if not words:
            return None
        decode = self.reader.schema[query.field()].from_bytes
        return Or([Term(query.field(), decode(word), boost=query.boost) for word in words])


def _or_null(query: Query | None) -> Query:
    return NullQuery if query is None else query


class _Scanning:
    """A reader whose lexicon walks stop after :data:`MAX_SCANNED` words or at the deadline."""

    _WALKS = frozenset({"lexicon", "expand_prefix", "terms_from", "all_terms", "terms_within"})

    def __init__(self, reader: IndexReader, budget: Budget) -> None:
        self._reader = reader
        self._budget = budget
        self.cut = False

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._reader, name)
        if name not in self._WALKS:
            return attribute

        def bounded(*args: Any, **kwargs: Any) -> Iterator[Any]:
            for count, item in enumerate(islice(attribute(*args, **kwargs), MAX_SCANNED + 1)):
                if count == MAX_SCANNED or (count % 1024 == 0 and self._budget.spent()):
                    self.cut = True
                    return
                yield item

        return bounded
