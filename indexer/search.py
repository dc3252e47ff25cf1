"""Searching: one entry point for the CLI, the web page and the JSON API.

A query is matched once, with all its matches scored on arrays (:mod:`indexer.engine.arraymatch`);
facet counts, filters and column sorts are array operations over per-searcher tables
(:mod:`indexer.engine.tables`), built once each time the index changes. Whoosh's own grouping
re-reads every matching document's values per query and per facet, which the measured notes
show is the dominant cost with multi-valued facets. Duplicates a curator or the crawler
grouped are searched but shown once: only each group's preferred document is listed, with the
others' URLs as "also at".
"""

from __future__ import annotations

import html
import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import cached_property, lru_cache, reduce
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.index import Index
from whoosh.query import And, Every, Not, NullQuery, Or, Query, Term
from whoosh.searching import Searcher

from coi.errors import QueryError
from coi.lang.lexicon import Presence
from coi.models import Hit, SearchRequest, SearchResult
from indexer import coordination
from indexer.analysis import NOT_A_NAME
from indexer.engine import SearchTables, open_for_searching
from indexer.expansion import Remembered, presence_in
from indexer.facets import FACETS, normalize_filters, order_counts
from indexer.limits import QUERY_SECONDS, TIME_NOTICE, Budget, bound_query, check_filter_count
from indexer.query import ParsedQuery, parse_query
from indexer.recency import recency_boost
from indexer.schema import build_schema, field_language
from indexer.snippets import OtherMatches, make_snippet, mark_all, match_offset, page_of
from indexer.stopwords import freed_stop_terms

MAX_PAGE = 1000
NO_INDEX_NOTICE = "The index has not been built yet: run `coi crawl` and `coi index`."
DAMAGED_NOTICE = (
    "The index cannot be read just now; the administrator should run `coi check --repair`."
)
log = logging.getLogger("coi.search")


@lru_cache(maxsize=1)
def load_language_data() -> None:
    """Load the thesaurus, the lexicon and the query analysers, once per process.

    They took 10-15 s to load on a busy machine. A search loads them before its time budget
    starts, so loading never counts as matching time (a first ``coi search`` showed only the
    hits found in its first 2 s otherwise); ``coi serve`` loads them before it serves (and, with
    several workers, before they fork, so they share the memory), so no search waits for them.
    """
    parse_query("refugees беженцы qaçqınlar", build_schema(), expand=True)


class SearchEngine:
    """An open index and a pool of searchers on it, refreshed when the index changes.

    Safe to share between the threads of a web server. A Whoosh searcher is not meant for
    concurrent use, so each search checks one out of the pool (opening another when all are
    busy) and gives it back: no lock is held while a query runs, so one slow query no longer
    holds up everyone's (with one expensive-query client among 16, everyone's median went
    from 138 ms to 3,974 ms behind the one lock). The pool holds at most as many searchers as
    searches ever ran at once. A rebuild swaps the index folder (:mod:`indexer.build`): the
    engine notices by the folder's inode and opens the new one.
    """

    def __init__(self, index_dir: Path, *, query_seconds: float = QUERY_SECONDS) -> None:
        self.index_dir = index_dir
        self.query_seconds = query_seconds
        self._lock = threading.Lock()
        """Guards the open index and the idle searchers, never held across a query."""
        self._ix: Index | None = None
        self._inode = 0
        self._idle: list[_Pooled] = []

    def close(self) -> None:
        """Release the idle searchers and the index."""
        with self._lock:
            for pooled in self._idle:
                pooled.searcher.close()
            self._idle.clear()
            if self._ix is not None:
                self._ix.close()
            self._ix = None

    def search(self, request: SearchRequest) -> SearchResult:
        """Hits, facet counts and notices for one request (see the module docstring).

        Raises:
            QueryError: a filter or page the request cannot have.
        """
        if not 1 <= request.page <= MAX_PAGE:
            raise QueryError(f"page must be between 1 and {MAX_PAGE}")
        if not 1 <= request.per_page <= 100:
            raise QueryError("per_page must be between 1 and 100")
        check_filter_count(request.filters)
        filters = normalize_filters(request.filters)
        load_language_data()
        budget = Budget(self.query_seconds)
        try:
            with self._searcher() as pooled:
                if pooled is None:
                    return _empty(request, (NO_INDEX_NOTICE,))
                parsed, notices = self._parse(pooled, request, budget)
                result = self._run(pooled, request, filters, budget, parsed, notices)
                for widen in coordination.WIDENINGS:
                    if result.total or not request.query.strip() or budget.exceeded:
                        break
                    if "filters" not in widen or filters:
                        result = self._run(pooled, request, filters, budget, parsed, notices, widen)
                return result
        except OSError as exc:
            return _empty(request, (_damaged(self.index_dir, exc),))

    def similar(self, doc_id: str, text: str, language: str, limit: int = 5) -> list[Hit]:
        """Documents sharing the most distinctive words of ``text`` (more-like-this).

        The key terms are chosen by Whoosh's Bo1 model against the collection, in the field of
        the document's language, so common words do not make everything look alike.
        """
        field = f"text_{field_language(language)}"
        try:
            with self._searcher() as pooled:
                if pooled is None:
                    return []
                searcher = pooled.searcher
                terms = searcher.key_terms_from_text(field, text[:20_000], numterms=12)
                if not terms:
                    return []
                query = Or([Term(field, term, boost=weight) for term, weight in terms])
                shown = And(
                    [
                        Term("duplicate_of", "-"),
                        Not(Term("id", doc_id)),
                        *(
                            Not(Term(facet.field, value))
                            for facet in FACETS
                            for value in facet.unlisted
                        ),
                    ]
                )
                results = searcher.search(query, filter=shown, limit=limit)
                words = _QueryWords(query)
                return [self._hit(searcher, hit.docnum, hit.score, words) for hit in results]
        except OSError as exc:
            _damaged(self.index_dir, exc)
            return []

    def highlight(self, text: str, language: str, query_text: str) -> list[str]:
        """The paragraphs of ``text`` as escaped HTML with the query's words in ``<mark>``.

        Used on the document page so a reader arriving from a search sees where it matched.
        """
        suffix = field_language(language)
        plain = [html.escape(p) for p in text.split("\n\n")]
        if not query_text.strip():
            return plain
        try:
            with self._searcher() as pooled:
                if pooled is None:
                    return plain
                query = parse_query(query_text, pooled.searcher.schema).query
                analyzer = pooled.searcher.schema[f"text_{suffix}"].analyzer
        except OSError as exc:
            _damaged(self.index_dir, exc)
            return plain
        terms = frozenset(
            term
            for field, term in _word_terms(query)
            if field in (f"text_{suffix}", f"title_{suffix}")
        )
        return [mark_all(paragraph, terms, analyzer) for paragraph in text.split("\n\n")]

    @contextmanager
    def _searcher(self) -> Iterator[_Pooled | None]:
        """A searcher of the current index for this thread alone (None: there is no index)."""
        with self._lock:
            ix = self._current_index()
            pooled = None
            if ix is not None:
                latest = ix.latest_generation()
                while self._idle and pooled is None:
                    candidate = self._idle.pop()
                    if candidate.generation == latest:
                        pooled = candidate
                    else:
                        # Not searcher.refresh(): it reuses segment readers, and a reused
                        # segment keeps the deletions it had, so a replaced document would
                        # show twice.
                        candidate.searcher.close()
        if ix is None:
            yield None
            return
        if pooled is None:
            pooled = _Pooled(ix)  # opened outside the lock: reading a new index takes a while
        try:
            yield pooled
        finally:
            with self._lock:
                if pooled.ix is self._ix:
                    self._idle.append(pooled)
                else:
                    pooled.searcher.close()

    def _current_index(self) -> Index | None:
        """The open index, reopened when a rebuild swapped the folder (under the lock)."""
        try:
            inode = self.index_dir.stat().st_ino
        except FileNotFoundError:
            return self._ix  # mid-swap, or never built: keep what is open
        if self._ix is not None and inode == self._inode:
            return self._ix
        if not whoosh_index.exists_in(self.index_dir):
            return None
        for pooled in self._idle:
            pooled.searcher.close()
        self._idle.clear()
        self._ix, self._inode = open_for_searching(self.index_dir), inode
        return self._ix

    @staticmethod
    def _parse(
        pooled: _Pooled, request: SearchRequest, budget: Budget
    ) -> tuple[ParsedQuery, tuple[str, ...]]:
        """The request's query as read (once per search, whatever is widened) and its notices."""
        if not request.query.strip():
            return ParsedQuery(Every()), ()
        searcher = pooled.searcher
        parsed = parse_query(
            request.query,
            searcher.schema,
            expand=request.expand,
            dropped=request.dropped,
            present=pooled.present,
            remembered=pooled.expansions,
        )
        bounded = bound_query(parsed.query, searcher.reader(), budget)
        return replace(parsed, query=bounded.query), parsed.notices + bounded.notices

    def _run(
        self,
        pooled: _Pooled,
        request: SearchRequest,
        filters: dict[str, tuple[str, ...]],
        budget: Budget,
        parsed: ParsedQuery,
        notices: tuple[str, ...],
        widen: frozenset[str] = frozenset(),
    ) -> SearchResult:
        """One search; ``widen``: what to let go of (:data:`indexer.coordination.WIDENINGS`)."""
        searcher = pooled.searcher
        if "filters" in widen:
            filters = {}
        query = parsed.query
        if query is NullQuery or ("words" in widen and not parsed.clauses):
            return _empty(request, notices)
        tables = pooled.tables()
        allowed = {name: tables.filter_mask(name, values) for name, values in filters.items()}
        allowed.update(_unlisted_masks(tables, filters))
        wanted = len(parsed.clauses)
        docnums, scores, counts, per_clause = self._listed(
            tables, parsed, allowed, budget, any_word="words" in widen
        )
        if budget.exceeded:
            notices += (TIME_NOTICE,)
        matched = np.zeros(tables.size, dtype=bool)
        matched[docnums] = True
        if allowed:
            passing = reduce(np.logical_and, allowed.values())[docnums]
            docnums, scores = docnums[passing], scores[passing]
            if counts is not None:
                counts = counts[passing]
        if counts is not None and not np.any(counts < wanted):
            counts = None  # every hit has all the words: nothing to say
        limit = request.page * request.per_page
        order = self._order(tables, request, docnums, scores, counts, limit)
        start = (request.page - 1) * request.per_page
        lacking: dict[int, tuple[str, ...]] = {}
        if counts is not None:
            lacking = {
                int(docnums[i]): coordination.missing(per_clause, parsed.labels, int(docnums[i]))
                for i in order[start:]
                if counts[i] < wanted
            }
        words = _QueryWords(query)
        hits = tuple(
            self._hit(
                searcher, int(docnums[i]), float(scores[i]), words, lacking.get(int(docnums[i]))
            )
            for i in order[start:]
        )
        return SearchResult(
            query=request.query,
            total=len(docnums),
            page=request.page,
            per_page=request.per_page,
            hits=hits,
            facets=_facet_counts(tables, matched, allowed),
            notices=notices,
            expanded=parsed.expanded,
            all_words=None if counts is None else int(np.count_nonzero(counts == wanted)),
            dropped=request.dropped,
            widened=tuple(sorted(widen)) if len(docnums) else (),
        )

    @staticmethod
    def _listed(
        tables: SearchTables,
        parsed: ParsedQuery,
        allowed: dict[str, np.ndarray],
        budget: Budget,
        *,
        any_word: bool = False,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, tuple[np.ndarray, ...]]:
        """The documents a query lists (hidden duplicates left out, filters not yet applied):
        numbers, scores and, for plain words, how many words each has and each word's matches.

        Plain words are matched word by word so that, when too few documents the user can see
        have them all, those with most of them are listed too (:mod:`indexer.coordination`).
        """
        if not parsed.clauses:
            matches = tables.matcher.match(parsed.query, stop=budget.spent)
            keep = np.flatnonzero(~tables.hidden[matches.docnums])
            return matches.docnums[keep], matches.scores[keep], None, ()
        found = tables.matcher.match_clauses(list(parsed.clauses))
        shown = ~tables.hidden[found.docnums]
        eligible = shown
        if allowed:
            eligible = shown & reduce(np.logical_and, allowed.values())[found.docnums]
        free = np.zeros(len(found.docnums), dtype=np.int64)
        for languages in filter(None, parsed.free):
            free += tables.filter_mask("language", languages)[found.docnums]
        if any_word:  # only a meaningful word will do: stop words all count as free
            real = np.zeros(len(found.docnums), dtype=np.int64)
            for ids, stop in zip(found.per_clause, parsed.stop, strict=True):
                if not stop:
                    real += np.isin(found.docnums, ids)
            free = found.counts - real
        listed = coordination.listed(
            found.counts, free, eligible, len(parsed.clauses), any_word=any_word
        )
        keep = np.flatnonzero(shown & listed)
        return found.docnums[keep], found.scores[keep], found.counts[keep], found.per_clause

    @staticmethod
    def _order(
        tables: SearchTables,
        request: SearchRequest,
        docnums: np.ndarray,
        scores: np.ndarray,
        counts: np.ndarray | None,
        limit: int,
    ) -> np.ndarray:
        """Positions of the first ``limit`` hits in the request's order; when some hits lack
        words, those with more of the words always come first."""
        sort = effective_sort(request)
        sort_columns = SORT_COLUMNS.get(sort)
        if sort_columns is None:
            if sort == "recent":
                scores = scores * recency_boost(tables.column("published")[docnums], date.today())
            if counts is None:
                return _best(docnums, scores, limit)
            return coordination.by_tier(
                counts, limit, lambda at, left: _best(docnums[at], scores[at], left)
            )
        keys = [-tables.column(name)[docnums] for name in reversed(sort_columns)]
        if counts is not None:
            keys.append(-counts)
        return np.lexsort((docnums, *keys))[:limit]

    def _hit(
        self,
        searcher: Searcher,
        docnum: int,
        score: float,
        words: _QueryWords,
        missing: tuple[str, ...] | None = None,
    ) -> Hit:
        stored = searcher.stored_fields(docnum)
        language = stored.get("language", "und")
        suffix = field_language(language)
        text_field = f"text_{suffix}"
        matched = words.by_field
        terms = matched.get(text_field, frozenset()) | matched.get(f"title_{suffix}", frozenset())
        other = OtherMatches(
            language=language,
            names=matched.get("names", frozenset()),
            names_az=matched.get("names_az", frozenset()),
            folded=matched.get("az_folded", frozenset()) if suffix == "az" else frozenset(),
            stops=words.stops_in(language),
        )
        analyzer = searcher.schema[text_field].analyzer
        published = stored.get("published") or 0
        snippet_text = stored.get("snippet_text", "")
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
            snippet=make_snippet(snippet_text, terms, analyzer, other),
            gone=bool(stored.get("gone", False)),
            also_at=tuple(stored.get("also_at") or ()),
            author=stored.get("author") or None,
            page=_page(stored.get("pages"), snippet_text, terms),
            published_from=stored.get("published_from") or None,
            published_precision=stored.get("published_precision") or "day",
            missing=missing or (),
        )


class _Pooled:
    """A searcher of one index generation, and its tables (built on its first search)."""

    def __init__(self, ix: Index) -> None:
        self.ix = ix
        self.searcher = ix.searcher()
        self.generation = self.searcher.reader().generation()
        self._tables: SearchTables | None = None
        self.expansions = Remembered()
        """The translations found for runs of words, in this index generation."""

    @cached_property
    def present(self) -> Presence:
        """In how many documents of this generation a translation is (:func:`presence_in`)."""
        return presence_in(self.tables().matcher.doc_frequency)

    def tables(self) -> SearchTables:
        """The facet, column and matcher tables of this searcher."""
        if self._tables is None:
            self._tables = SearchTables(self.searcher)
        return self._tables


def _damaged(index_dir: Path, exc: OSError) -> str:
    """Log that the index cannot be read and say so to the user instead of failing."""
    log.error("the index at %s cannot be read (%s); run `coi check --repair`", index_dir, exc)
    return DAMAGED_NOTICE


def _unlisted_masks(
    tables: SearchTables, filters: dict[str, tuple[str, ...]]
) -> dict[str, np.ndarray]:
    """Masks leaving out the unlisted values of each facet the request does not filter on;
    keyed by the facet's name, so the facet's own counts still show them."""
    return {
        facet.name: ~tables.filter_mask(facet.name, facet.unlisted)
        for facet in FACETS
        if facet.unlisted and facet.name not in filters
    }


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


def _page(pages: list[int] | None, text: str, terms: frozenset[str]) -> int | None:
    """The PDF page of the passage shown (None for a document that is no PDF, without looking
    for the passage)."""
    return page_of(pages, match_offset(text, terms)) if pages else None


class _QueryWords:
    """What the snippets of one search's hits mark: read once per search, not once per hit
    (reading them, and which stop words a language freed, cost a hit as much as its snippet
    once snippets were fast: bench/snippets.py's profile)."""

    def __init__(self, query: Query) -> None:
        self.query = query
        self.by_field = _query_terms(query)
        self._stops: dict[str, frozenset[str]] = {}

    def stops_in(self, language: str) -> frozenset[str]:
        """The stop words marked in a document in ``language``: not those its language freed
        (:func:`freed_stop_terms`)."""
        found = self._stops.get(language)
        if found is None:
            found = self._stops[language] = self.by_field.get(
                "stops", frozenset()
            ) - freed_stop_terms(self.query, language)
        return found


def _query_terms(query: Query) -> dict[str, frozenset[str]]:
    """The terms of ``query`` by field, name keys only of capitalised words (:func:`_names`)."""
    matched: dict[str, set[str]] = {}
    for field, text in _word_terms(query):
        matched.setdefault(field, set()).add(text)
    terms = {field: frozenset(found) for field, found in matched.items()}
    for field in ("names", "names_az"):
        if field in terms:
            terms[field] = _names(terms[field])
    return terms


def _word_terms(query: Query) -> Iterator[tuple[str, str]]:
    """The (field, word) terms of ``query`` a snippet can mark. A number searched in a numeric
    field (``year:2020``) is held as encoded bytes that are no UTF-8 and no word of any text:
    decoding it failed the whole search with a 500."""
    for field, text in query.iter_all_terms():
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError:
                continue
        yield field, text


def _names(keys: Iterable[str]) -> frozenset[str]:
    """The name keys of a query's capitalised words: every lowercase word is also searched in
    the name fields, as a key no name has (:data:`indexer.analysis.NOT_A_NAME`), and looking
    for it in a snippet cost most of a hit's time."""
    return frozenset(key for key in keys if not key.startswith(NOT_A_NAME))


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
