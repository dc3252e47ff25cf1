"""Searching: one entry point for the CLI, the web page and the JSON API.

A query is matched once, with all its matches scored on arrays (:mod:`indexer.arraymatch`);
facet counts, filters and column sorts are array operations over per-searcher tables
(:mod:`indexer.tables`), built once each time the index changes. Whoosh's own grouping re-reads
every matching document's values per query and per facet, which the measured notes show is the
dominant cost with multi-valued facets. Duplicates a curator or the crawler
grouped are searched but shown once: only each group's preferred document is listed, with the
others' URLs as "also at".
"""

from __future__ import annotations

import html
import threading
from datetime import UTC, date, datetime
from functools import reduce
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.index import Index
from whoosh.query import And, Every, Not, NullQuery, Or, Query, Term
from whoosh.searching import Searcher

from coi.errors import QueryError
from coi.models import Hit, SearchRequest, SearchResult
from indexer.facets import FACETS, normalize_filters, order_counts
from indexer.query import parse_query
from indexer.recency import recency_boost
from indexer.schema import field_language
from indexer.snippets import OtherMatches, make_snippet, mark_all
from indexer.storage import open_for_searching
from indexer.tables import SearchTables

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
        self._search_tables: SearchTables | None = None

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
            self._ix = open_for_searching(self.index_dir)
        if self._searcher is None:
            self._searcher = self._ix.searcher()
        elif not self._searcher.up_to_date():
            # Not searcher.refresh(): it reuses segment readers, and a reused segment keeps
            # the deletions it had, so a replaced document would show twice.
            self._searcher.close()
            self._searcher = self._ix.searcher()
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
        tables = self._tables(searcher)
        matches = tables.matcher.match(query)
        listed = ~tables.hidden[matches.docnums]
        docnums, scores = matches.docnums[listed], matches.scores[listed]
        matched = np.zeros(tables.size, dtype=bool)
        matched[docnums] = True
        allowed = {name: tables.filter_mask(name, values) for name, values in filters.items()}
        if allowed:
            passing = reduce(np.logical_and, allowed.values())[docnums]
            docnums, scores = docnums[passing], scores[passing]
        limit = request.page * request.per_page
        sort = effective_sort(request)
        sort_columns = SORT_COLUMNS.get(sort)
        if sort_columns is None:
            if sort == "recent":
                scores = scores * recency_boost(tables.column("published")[docnums], date.today())
            order = _best(docnums, scores, limit)
        else:
            keys = [-tables.column(name)[docnums] for name in reversed(sort_columns)]
            order = np.lexsort((docnums, *keys))[:limit]
        start = (request.page - 1) * request.per_page
        hits = tuple(
            self._hit(searcher, int(docnums[i]), float(scores[i]), query) for i in order[start:]
        )
        return SearchResult(
            query=request.query,
            total=len(docnums),
            page=request.page,
            per_page=request.per_page,
            hits=hits,
            facets=_facet_counts(tables, matched, allowed),
            notices=notices,
            expanded=expanded,
        )

    def _tables(self, searcher: Searcher) -> SearchTables:
        if self._search_tables is None or self._search_tables.searcher is not searcher:
            self._search_tables = SearchTables(searcher)
        return self._search_tables

    def _hit(self, searcher: Searcher, docnum: int, score: float, query: Query) -> Hit:
        stored = searcher.stored_fields(docnum)
        language = stored.get("language", "und")
        suffix = field_language(language)
        text_field = f"text_{suffix}"
        matched: dict[str, set[str]] = {}
        for field, text in query.iter_all_terms():
            matched.setdefault(field, set()).add(
                text.decode("utf-8") if isinstance(text, bytes) else text
            )
        terms = frozenset(matched.get(text_field, set()) | matched.get(f"title_{suffix}", set()))
        other = OtherMatches(
            language=language,
            names=frozenset(matched.get("names", ())),
            names_az=frozenset(matched.get("names_az", ())),
            folded=frozenset(matched.get("az_folded", ())) if suffix == "az" else frozenset(),
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
            snippet=make_snippet(stored.get("snippet_text", ""), terms, analyzer, other),
            gone=bool(stored.get("gone", False)),
            also_at=tuple(stored.get("also_at") or ()),
        )


def _best(docnums: np.ndarray, scores: np.ndarray, limit: int) -> np.ndarray:
    """Positions of the ``limit`` best scores, best first; equal scores by document number.

    Exact, so pages never overlap: which of several equal hits make the first page does not
    depend on how many are asked for.
    """
    candidates = np.arange(len(scores))
    if len(scores) > limit:
        kth = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        candidates = np.flatnonzero(scores >= kth)
    order = np.lexsort((docnums[candidates], -scores[candidates]))
    return candidates[order[:limit]]


def _facet_counts(
    tables: SearchTables, matched: np.ndarray, allowed: dict[str, np.ndarray]
) -> dict[str, dict[str, int]]:
    """Counts per facet; a facet's own filter is left out of its own counts."""
    counts: dict[str, dict[str, int]] = {}
    for facet in FACETS:
        among = matched
        for name, mask in allowed.items():
            if name != facet.name:
                among = among & mask
        counts[facet.name] = order_counts(facet, tables.facet(facet).counts(among))
    return counts


SORT_COLUMNS = {"newest": ("published", "retrieved"), "added": ("retrieved",)}
"""Sorts by columns (highest first); the others rank by relevance."""


def effective_sort(request: SearchRequest) -> str:
    """The order the hits are really in: browsing without words has no relevance, so newest
    first, as ecoi.net lists a country."""
    if not request.query.strip() and request.sort in ("relevance", "recent"):
        return "newest"
    return request.sort


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
