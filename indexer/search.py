"""Searching: one entry point for the CLI, the web page and the JSON API.

Facet counts are computed from per-searcher value tables (document number -> facet values),
built once each time the index changes, over the document numbers a query matches. Whoosh's own
grouping re-reads every matching document's values per query and per facet, which the measured
notes show is the dominant cost with multi-valued facets. Duplicates a curator or the crawler
grouped are searched but shown once: only each group's preferred document is listed, with the
others' URLs as "also at".
"""

from __future__ import annotations

import heapq
import html
import threading
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime
from itertools import chain
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import Index
from whoosh.query import And, Every, Not, NullQuery, NumericRange, Or, Query, Term
from whoosh.searching import Searcher

from coi.errors import QueryError
from coi.models import Hit, SearchRequest, SearchResult
from indexer.collecting import MatchCollector
from indexer.facets import (
    EXCLUDE_PREFIX,
    FACET_BY_NAME,
    FACETS,
    normalize_filters,
    order_counts,
    year_range,
)
from indexer.query import parse_query
from indexer.schema import field_language
from indexer.snippets import make_snippet, mark_all

MAX_PAGE = 1000
NO_INDEX_NOTICE = "The index has not been built yet: run `coi crawl` and `coi index`."


class SearchEngine:
    """An open index with a searcher reused across requests and refreshed when the index changes.

    Safe to share between the threads of a web server: searches are serialised on a lock, since
    a Whoosh searcher is not meant for concurrent use.
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._lock = threading.Lock()
        self._ix: Index | None = None
        self._searcher: Searcher | None = None
        self._cache: dict[str, Any] = {}
        """Per-searcher tables (facet values, sort columns, hidden duplicates), built on use."""

    def close(self) -> None:
        """Release the searcher and the index."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            if self._ix is not None:
                self._ix.close()
            self._searcher = self._ix = None

    def search(self, request: SearchRequest) -> SearchResult:
        """Hits, facet counts and notices for one request (see the module docstring).

        Raises:
            QueryError: a filter or page the request cannot have.
        """
        if not 1 <= request.page <= MAX_PAGE:
            raise QueryError(f"page must be between 1 and {MAX_PAGE}")
        if not 1 <= request.per_page <= 100:
            raise QueryError("per_page must be between 1 and 100")
        filters = normalize_filters(request.filters)
        with self._lock:
            searcher = self._current_searcher()
            if searcher is None:
                return _empty(request, (NO_INDEX_NOTICE,))
            return self._run(searcher, request, filters)

    def similar(self, doc_id: str, text: str, language: str, limit: int = 5) -> list[Hit]:
        """Documents sharing the most distinctive words of ``text`` (more-like-this).

        The key terms are chosen by Whoosh's Bo1 model against the collection, in the field of
        the document's language, so common words do not make everything look alike.
        """
        field = f"text_{field_language(language)}"
        with self._lock:
            searcher = self._current_searcher()
            if searcher is None:
                return []
            terms = searcher.key_terms_from_text(field, text[:20_000], numterms=12)
            if not terms:
                return []
            query = Or([Term(field, term, boost=weight) for term, weight in terms])
            shown = And([Term("duplicate_of", "-"), Not(Term("id", doc_id))])
            results = searcher.search(query, filter=shown, limit=limit)
            return [self._hit(searcher, hit.docnum, hit.score, query) for hit in results]

    def highlight(self, text: str, language: str, query_text: str) -> list[str]:
        """The paragraphs of ``text`` as escaped HTML with the query's words in ``<mark>``.

        Used on the document page so a reader arriving from a search sees where it matched.
        """
        suffix = field_language(language)
        with self._lock:
            searcher = self._current_searcher()
            if searcher is None or not query_text.strip():
                return [html.escape(p) for p in text.split("\n\n")]
            query = parse_query(query_text, searcher.schema).query
            analyzer = searcher.schema[f"text_{suffix}"].analyzer
        terms = frozenset(
            term.decode("utf-8") if isinstance(term, bytes) else term
            for field, term in query.iter_all_terms()
            if field in (f"text_{suffix}", f"title_{suffix}")
        )
        return [mark_all(paragraph, terms, analyzer) for paragraph in text.split("\n\n")]

    def _current_searcher(self) -> Searcher | None:
        if self._ix is None:
            if not whoosh_index.exists_in(self.index_dir):
                return None
            self._ix = whoosh_index.open_dir(self.index_dir)
        if self._searcher is None:
            self._searcher = self._ix.searcher()
            self._cache = {}
        elif not self._searcher.up_to_date():
            # Not searcher.refresh(): it reuses segment readers, and a reused segment keeps
            # the deletions it had, so a replaced document would show twice.
            self._searcher.close()
            self._searcher = self._ix.searcher()
            self._cache = {}
        return self._searcher

    def _run(
        self, searcher: Searcher, request: SearchRequest, filters: dict[str, tuple[str, ...]]
    ) -> SearchResult:
        notices: tuple[str, ...] = ()
        expanded: tuple[str, ...] = ()
        if request.query.strip():
            parsed = parse_query(request.query, searcher.schema, expand=request.expand)
            query, notices, expanded = parsed.query, parsed.notices, parsed.expanded
        else:
            query = Every()
        if query is NullQuery:
            return _empty(request, notices)
        filter_queries = {name: _filter_query(name, values) for name, values in filters.items()}
        # Each filter (a few term look-ups) gives a set of document numbers; the query is
        # matched once, recording every match for the facets while ranking the allowed ones
        # (indexer.collecting). Facet counts and the total intersect these sets in memory.
        allowed = {name: set(searcher.docs_for_query(q)) for name, q in filter_queries.items()}
        passing = set.intersection(*allowed.values()) if allowed else None
        limit = request.page * request.per_page
        sort_columns = _sort(request, query)
        collector = MatchCollector(
            limit,
            hidden=self._hidden(searcher),
            allowed=passing,
            scored=sort_columns is None,
        )
        searcher.search_with_collector(query, collector)
        matched = collector.matched
        shown = matched if passing is None else matched & passing
        if sort_columns is None:
            ranked = collector.ranked()
        else:
            ranked = self._sorted(searcher, shown, sort_columns, limit)
        start = (request.page - 1) * request.per_page
        hits = tuple(self._hit(searcher, docnum, score, query) for docnum, score in ranked[start:])
        return SearchResult(
            query=request.query,
            total=len(shown),
            page=request.page,
            per_page=request.per_page,
            hits=hits,
            facets=self._facet_counts(searcher, matched, allowed),
            notices=notices,
            expanded=expanded,
        )

    def _hidden(self, searcher: Searcher) -> frozenset[int]:
        """Documents grouped under another one as its duplicates (searched, never listed)."""
        hidden = self._cache.get("hidden")
        if hidden is None:
            reader = searcher.reader()
            hidden = self._cache["hidden"] = frozenset(
                docnum
                for term in reader.lexicon("duplicate_of")
                if term != b"-"
                for docnum in reader.postings("duplicate_of", term).all_ids()
            )
        return hidden

    def _sorted(
        self, searcher: Searcher, docs: set[int], columns: tuple[str, ...], limit: int
    ) -> list[tuple[int, float]]:
        """The ``limit`` documents of ``docs`` with the highest values of ``columns``, in order.

        Ties fall back to the document number, so the order is the same on every page.
        """
        keys = [self._column(searcher, name) for name in columns]
        best = heapq.nsmallest(
            limit, docs, key=lambda docnum: (*(-key[docnum] for key in keys), docnum)
        )
        return [(docnum, 0.0) for docnum in best]

    def _column(self, searcher: Searcher, name: str) -> list[int]:
        """A numeric column's value for every document number (read once per searcher)."""
        column = self._cache.get(name)
        if column is None:
            reader = searcher.reader()
            values = reader.column_reader(name) if reader.doc_count_all() else []
            column = self._cache[name] = [int(value or 0) for value in values]
        return column

    def _facet_counts(
        self, searcher: Searcher, matched: set[int], allowed: dict[str, set[int]]
    ) -> dict[str, dict[str, int]]:
        """Counts per facet; a facet's own filter is left out of its own counts."""
        counts: dict[str, dict[str, int]] = {}
        for facet in FACETS:
            docs = matched
            for name, docs_allowed in allowed.items():
                if name != facet.name:
                    docs = docs & docs_allowed
            counts[facet.name] = order_counts(facet, self._count(searcher, facet.field, docs))
        return counts

    def _count(self, searcher: Searcher, field: str, docs: Iterable[int]) -> dict[str, int]:
        values = self._cache.get(f"values:{field}")
        if values is None:
            values = self._cache[f"values:{field}"] = _value_table(searcher, field)
        # Counting in C (Counter over a chained iterator), not one update() call per document.
        return dict(Counter(chain.from_iterable(map(values.__getitem__, docs))))

    def _hit(self, searcher: Searcher, docnum: int, score: float, query: Query) -> Hit:
        stored = searcher.stored_fields(docnum)
        language = stored.get("language", "und")
        suffix = field_language(language)
        text_field = f"text_{suffix}"
        terms = frozenset(
            text.decode("utf-8") if isinstance(text, bytes) else text
            for field, text in query.iter_all_terms()
            if field in (text_field, f"title_{suffix}")
        )
        analyzer = searcher.schema[text_field].analyzer
        published = stored.get("published") or 0
        return Hit(
            id=stored["id"],
            title=stored.get("title", ""),
            url=stored.get("url", ""),
            language=language,
            countries=_split(stored.get("country")),
            topics=_split(stored.get("topic")),
            source=stored.get("source", ""),
            doc_type=stored.get("doc_type", "other"),
            published=_date(published),
            retrieved=datetime.fromtimestamp(stored.get("retrieved", 0), tz=UTC),
            score=score,
            snippet=make_snippet(stored.get("snippet_text", ""), terms, analyzer),
            gone=bool(stored.get("gone", False)),
            also_at=tuple(stored.get("also_at") or ()),
        )


def _value_table(searcher: Searcher, field: str) -> list[tuple[str, ...]]:
    """For every document number, its values of ``field`` (built once per searcher)."""
    reader = searcher.reader()
    size = reader.doc_count_all()
    if size == 0:
        return []  # an empty index has no columns to read
    if field == "year":
        column = reader.column_reader("year")  # 0: undated, in no year
        return [(str(column[n]),) if column[n] else () for n in range(size)]
    table: list[list[str]] = [[] for _ in range(size)]
    for term in reader.lexicon(field):
        value = term.decode("utf-8")
        for docnum in reader.postings(field, term).all_ids():
            table[docnum].append(value)
    return [tuple(values) for values in table]


def _filter_query(name: str, values: tuple[str, ...]) -> Query:
    if name.startswith(EXCLUDE_PREFIX):
        return Not(_filter_query(name.removeprefix(EXCLUDE_PREFIX), values))
    facet = FACET_BY_NAME[name]
    if name == "year":
        return Or([NumericRange("year", *year_range(value)) for value in values])
    value_field = facet.field
    return Or([Term(value_field, value) for value in values])


def _sort(request: SearchRequest, query: Query) -> tuple[str, ...] | None:
    """The columns to order by, highest first; None orders by relevance."""
    sort = request.sort
    if isinstance(query, Every) and sort == "relevance":
        sort = "newest"  # browsing has no relevance: newest first, as ecoi.net lists a country
    if sort == "newest":
        return ("published", "retrieved")
    if sort == "added":
        return ("retrieved",)
    return None


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split(",") if v)


def _date(yyyymmdd: int) -> date | None:
    if not yyyymmdd:
        return None
    return date(yyyymmdd // 10000, yyyymmdd // 100 % 100, yyyymmdd % 100)


def _empty(request: SearchRequest, notices: tuple[str, ...]) -> SearchResult:
    return SearchResult(
        query=request.query,
        total=0,
        page=request.page,
        per_page=request.per_page,
        hits=(),
        facets={facet.name: {} for facet in FACETS},
        notices=notices,
    )


_ENGINES: dict[Path, SearchEngine] = {}
_ENGINES_LOCK = threading.Lock()


def search(index_dir: Path, request: SearchRequest) -> SearchResult:
    """Search the index at ``index_dir`` (one engine per index is kept open per process)."""
    with _ENGINES_LOCK:
        engine = _ENGINES.get(index_dir)
        if engine is None:
            engine = _ENGINES[index_dir] = SearchEngine(index_dir)
    return engine.search(request)
