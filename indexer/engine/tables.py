"""Per-searcher arrays of facet values, sort columns and hidden duplicates, read once per change.

A search counts all seven facets over every matching document. Whoosh's grouping re-reads each
matching document's values per query and per facet; here each facet is two parallel arrays of
(document number, value code) pairs built when the searcher opens, so counting is one gather and
one ``bincount`` over a mask of the documents in question, and a filter is a mask of the
documents having (or, with ``not_``, lacking) the chosen values.
"""

from __future__ import annotations

from functools import reduce

import numpy as np
from whoosh.query import Term
from whoosh.searching import Searcher

from indexer.engine.arraymatch import ArrayMatcher
from indexer.facets import EXCLUDE_PREFIX, FACET_BY_NAME, Facet, year_range


class FacetValues:
    """One facet's values: every (document, value) pair as two arrays."""

    def __init__(self, values: list[str], docs: np.ndarray, codes: np.ndarray) -> None:
        self.values = values
        self.docs = docs
        self.codes = codes
        self._code_of = {value: code for code, value in enumerate(values)}

    def counts(self, among: np.ndarray) -> dict[str, int]:
        """How many documents of the boolean mask ``among`` have each value (zeros left out)."""
        counted = np.bincount(self.codes[among[self.docs]], minlength=len(self.values))
        return {self.values[code]: int(counted[code]) for code in np.flatnonzero(counted)}

    def having(self, wanted: tuple[str, ...], size: int) -> np.ndarray:
        """A mask of the documents with any of the ``wanted`` values."""
        mask = np.zeros(size, dtype=bool)
        codes = [self._code_of[value] for value in wanted if value in self._code_of]
        if codes:
            mask[self.docs[np.isin(self.codes, codes)]] = True
        return mask


class SearchTables:
    """What searches need besides the postings, for one searcher (discard it with the searcher)."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.size = searcher.reader().doc_count_all()
        self.matcher = ArrayMatcher(searcher)
        self._facets: dict[str, FacetValues] = {}
        self._columns: dict[str, np.ndarray] = {}
        self._hidden: np.ndarray | None = None

    @property
    def hidden(self) -> np.ndarray:
        """A mask of duplicates grouped under another document (searched, never listed)."""
        if self._hidden is None:
            # Every document names its group's preferred document, or "-" when it is one.
            mask = np.ones(self.size, dtype=bool)
            mask[self.matcher.match(Term("duplicate_of", "-")).docnums] = False
            self._hidden = mask
        return self._hidden

    def column(self, name: str) -> np.ndarray:
        """A numeric column (``year``, ``published``, ``retrieved``) for every document."""
        column = self._columns.get(name)
        if column is None:
            reader = self.searcher.reader()
            values = reader.column_reader(name) if self.size else ()
            column = np.fromiter((int(v or 0) for v in values), dtype=np.int64, count=self.size)
            self._columns[name] = column
        return column

    def facet(self, facet: Facet) -> FacetValues:
        """The (document, value) pairs of ``facet``."""
        table = self._facets.get(facet.name)
        if table is None:
            table = self._facets[facet.name] = (
                self._years() if facet.name == "year" else self._terms(facet.field)
            )
        return table

    def filter_mask(self, name: str, values: tuple[str, ...]) -> np.ndarray:
        """The documents a filter lets through: any of ``values``; a ``not_`` filter: none."""
        if name.startswith(EXCLUDE_PREFIX):
            return ~self.filter_mask(name.removeprefix(EXCLUDE_PREFIX), values)
        if name == "year":
            years = self.column("year")  # 0: undated, in no range
            return reduce(
                np.logical_or,
                ((years >= start) & (years <= end) for start, end in map(year_range, values)),
            )
        return self.facet(FACET_BY_NAME[name]).having(values, self.size)

    def _terms(self, field: str) -> FacetValues:
        values, docs = [], []
        for term in self.searcher.reader().lexicon(field):
            value = term.decode("utf-8")
            values.append(value)
            docs.append(self.matcher.match(Term(field, value)).docnums)
        codes = [np.full(len(d), code, dtype=np.int32) for code, d in enumerate(docs)]
        return FacetValues(values, _joined(docs, np.int64), _joined(codes, np.int32))

    def _years(self) -> FacetValues:
        years = self.column("year")
        dated = np.flatnonzero(years)
        distinct, codes = np.unique(years[dated], return_inverse=True)
        return FacetValues([str(y) for y in distinct], dated, codes.astype(np.int32))


def _joined(arrays: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(arrays).astype(dtype) if arrays else np.zeros(0, dtype=dtype)
