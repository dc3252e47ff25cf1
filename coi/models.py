"""The domain model: the only vocabulary the crawler, the indexer and the web exchange.

Every type is a small frozen dataclass so a value can be passed between layers (and threads)
without anyone changing it behind another's back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

SOURCE_KINDS = ("government", "international", "ngo", "media", "court", "academic")
"""Kinds of publisher a source may declare (``kind`` in ``[[sources]]``)."""

DOC_TYPES = (
    "report",
    "news",
    "press-release",
    "legislation",
    "court-decision",
    "policy-guideline",
    "query-response",
    "statistics",
    "listing",
    "other",
)
"""Document types (the ``doc_type`` facet): what a source or a page may declare, and what
:func:`coi.taxonomy.doctypes.classify_doc_type` decides otherwise."""

DATE_SOURCES = ("metadata", "page", "dateline", "url", "file", "import", "curator")
"""Where a publication date came from, best evidence first: the page's metadata
(``citation_publication_date``, ``DC.date``, ``article:published_time``, schema.org
``datePublished``), a ``<time>`` element in the article, a dateline in the text, the URL, a
PDF's own date fields (the *file's* date, which may be when it was saved, not published), the
librarian's word at ``coi add``, a curator's correction."""

DATE_PRECISIONS = ("year", "month", "day")
"""How much of a publication date is known; a year-precision date is stored as 1 January."""


def date_label(value: date | None, precision: str) -> str | None:
    """``2020``, ``2020-08`` or ``2020-08-15``: a date as far as it is known."""
    if value is None:
        return None
    return value.isoformat()[: {"year": 4, "month": 7}.get(precision, 10)]


SORTS = ("relevance", "recent", "newest", "added")
"""Orders a search can ask for; ``recent`` is relevance with newer documents lifted."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A publisher coi crawls, declared in ``config.toml``."""

    id: str
    """Stable slug; the value of the ``source`` facet."""
    name: str
    """Publisher's name as a citation shows it."""
    kind: str
    """One of :data:`SOURCE_KINDS`."""
    country: str
    """ISO 3166-1 alpha-3 code of the country where the publisher sits."""
    start_urls: tuple[str, ...]
    """Where a crawl of this source begins."""
    allow: tuple[str, ...]
    """URL prefixes the crawl may follow; empty means the start URLs' own hosts."""
    deny: tuple[str, ...] = ()
    """URL prefixes the crawl must never follow, even inside ``allow``."""
    description: str = ""
    """What the source is (mandate, methodology), shown on the sources page."""
    max_pages: int | None = None
    """Page budget of this source; ``None`` takes ``crawler.max_pages_per_source``."""
    sitemaps: tuple[str, ...] = ()
    """Sitemaps and RSS/Atom feeds whose URLs are crawled as start points too."""
    doc_type: str | None = None
    """Type of this source's documents (one of :data:`DOC_TYPES`, ``news`` for a
    news agency) unless a page's metadata or URL section says otherwise; ``None``: guessed."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    """One HTTP response (or imported file) as the crawler hands it to extraction and the store."""

    url: str
    """Final URL after redirects (the document's canonical URL)."""
    status: int
    content_type: str
    """Media type without parameters, lower-cased (``text/html``)."""
    body: bytes
    retrieved: datetime
    """When the response arrived (UTC)."""
    headers: dict[str, str] = field(default_factory=dict)
    """Headers kept for provenance and conditional requests (ETag, Last-Modified, Date, ...)."""
    encoding: str | None = None
    """Charset the server declared, if any (extraction verifies it)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Extracted:
    """What extraction found in one fetched body: pure data, no I/O."""

    title: str
    """Title of the page or file; never empty (falls back to the URL's last segment)."""
    text: str
    """Main text without menus, footers and markup; paragraphs separated by blank lines."""
    published: date | None = None
    """Publication date the page states, if any (never a copyright year or a guess)."""
    published_from: str | None = None
    """Where :attr:`published` came from: one of :data:`DATE_SOURCES`; None when undated."""
    published_precision: str = "day"
    """How much of :attr:`published` the evidence gave: one of :data:`DATE_PRECISIONS`."""
    author: str | None = None
    """Author(s) the page or file names (``citation_author``, ``DC.creator``, a byline, a
    PDF's ``/Author``), ``; ``-separated; never the site's name."""
    publisher: str | None = None
    """Publisher named for this very document (``coi add --publisher``); None: the source's."""
    declared_language: str | None = None
    """Language the page declares (``<html lang>``, ``Content-Language``), ISO 639-1; evidence
    for a short page whose few words a detector cannot place."""
    links: tuple[str, ...] = ()
    """Absolute URLs the body links to (for the crawl frontier)."""
    pages: tuple[int, ...] = ()
    """For PDFs: offset in ``text`` where each page starts (page n starts at ``pages[n-1]``)."""
    declared_type: str | None = None
    """Document type the page's metadata declares (schema.org, Dublin Core, ``citation_*``), as
    one of :data:`DOC_TYPES`, or ``listing`` for a page that is mostly links (a menu, a section
    index, contacts); ``None`` when it declares none coi can use."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Enrichment:
    """What coi adds to extracted text: language now, countries/topics/type from the taxonomy."""

    language: str
    """ISO 639-1 code of the main language, or ``und`` when the evidence is too thin."""
    language_shares: dict[str, float] = field(default_factory=dict)
    """Share of the text in each language detected, for documents mixing languages."""
    countries: tuple[str, ...] = ()
    """ISO3 codes of the countries the document is *about* (the ``country`` facet)."""
    countries_mentioned: tuple[str, ...] = ()
    """ISO3 codes of every country mentioned, about or not."""
    topics: tuple[str, ...] = ()
    """Topic slugs from the taxonomy."""
    doc_type: str = "other"
    """Document type slug (report, news, legislation, ...)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Version:
    """One archived state of a document: what a fetch returned when its text had changed."""

    id: int
    document_id: str
    retrieved: datetime
    """When coi fetched these bytes (UTC)."""
    http_status: int
    content_type: str
    sha256: str
    """SHA-256 of the original bytes; names the blob in the archive."""
    size: int
    """Length of the original bytes."""
    title: str
    text: str
    published: date | None
    enrichment: Enrichment
    headers: dict[str, str] = field(default_factory=dict)
    """Response headers that matter for provenance (ETag, Last-Modified, Content-Type, Date)."""
    pages: tuple[int, ...] = ()
    author: str | None = None
    declared_type: str | None = None
    """The document type the page's metadata declared (see :attr:`Extracted.declared_type`)."""
    published_from: str | None = None
    """Where :attr:`published` came from (see :attr:`Extracted.published_from`)."""
    published_precision: str = "day"
    publisher: str | None = None
    """Publisher given for this document at import, if any (see :attr:`Extracted.publisher`)."""
    declared_language: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A URL (or imported file) coi keeps, with its latest version."""

    id: str
    """Stable id derived from the canonical URL (or, for imported files, the content hash)."""
    url: str
    source: str
    """Id of the :class:`Source` it came from."""
    first_seen: datetime
    last_checked: datetime
    gone: bool
    """True once the URL answered 404/410: kept, searchable and citable, but marked."""
    latest: Version
    version_count: int = 1
    corrections: dict[str, Any] = field(default_factory=dict)
    """Curators' corrections (field -> value); they win over the machine's values below."""

    @property
    def title(self) -> str:
        """Title as shown: corrected, else extracted."""
        return str(self.corrections.get("title", self.latest.title))

    @property
    def published(self) -> date | None:
        """Publication date as shown: corrected, else extracted."""
        if "published" in self.corrections:
            value = self.corrections["published"]
            return date.fromisoformat(value) if value else None
        return self.latest.published

    @property
    def published_from(self) -> str | None:
        """Where the shown publication date came from (``curator`` once corrected)."""
        if "published" in self.corrections:
            return "curator" if self.corrections["published"] else None
        return self.latest.published_from if self.latest.published else None

    @property
    def published_precision(self) -> str:
        """How much of the shown publication date is known (a correction gives a day)."""
        if "published" in self.corrections:
            return "day"
        return self.latest.published_precision

    @property
    def published_label(self) -> str | None:
        """The shown publication date as far as it is known: ``2020``, ``2020-08``, or
        ``2020-08-15``."""
        return date_label(self.published, self.published_precision)

    @property
    def author(self) -> str | None:
        """Author(s) the latest version names."""
        return self.latest.author

    @property
    def language(self) -> str:
        """Language as shown: corrected, else detected."""
        return str(self.corrections.get("language", self.latest.enrichment.language))

    @property
    def countries(self) -> tuple[str, ...]:
        """Countries the document is about: corrected, else tagged."""
        return tuple(self.corrections.get("countries", self.latest.enrichment.countries))

    @property
    def topics(self) -> tuple[str, ...]:
        """Topic slugs: corrected, else tagged."""
        return tuple(self.corrections.get("topics", self.latest.enrichment.topics))

    @property
    def doc_type(self) -> str:
        """Document type: corrected, else classified."""
        return str(self.corrections.get("doc_type", self.latest.enrichment.doc_type))

    @property
    def hidden(self) -> bool:
        """A curator hid the document (e.g. a menu page the crawler kept): not in search."""
        return bool(self.corrections.get("hidden", False))


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchRequest:
    """A search as the CLI, the web page and the API ask for it."""

    query: str = ""
    """Whoosh query syntax; empty browses everything the filters allow (newest first)."""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Facet name -> accepted values: OR within a facet, AND across facets."""
    page: int = 1
    per_page: int = 10
    sort: Literal["relevance", "recent", "newest", "added"] = "relevance"
    expand: bool = True
    """Add the thesaurus's equivalents of the query's words in the other languages."""
    dropped: tuple[str, ...] = ()
    """Added terms the user took out of the expansion (never added again)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Hit:
    """One document in a result list, in the shape of the JSON API."""

    id: str
    title: str
    url: str
    language: str
    countries: tuple[str, ...]
    topics: tuple[str, ...]
    source: str
    doc_type: str
    published: date | None
    retrieved: datetime
    score: float
    snippet: str
    """HTML: the matching passage, escaped, with matched terms in ``<mark>``."""
    gone: bool = False
    """The URL has disappeared; the archived copy is what remains."""
    also_at: tuple[str, ...] = ()
    """URLs of the same text elsewhere (duplicates shown once)."""
    author: str | None = None
    """Author(s) the document names."""
    page: int | None = None
    """For a PDF: the page the snippet's passage is on."""
    published_from: str | None = None
    """Where :attr:`published` came from (one of :data:`DATE_SOURCES`)."""
    published_precision: str = "day"
    """How much of :attr:`published` is known (one of :data:`DATE_PRECISIONS`)."""
    missing: tuple[str, ...] = ()
    """Words of the query this document lacks (listed after those having all of them)."""

    @property
    def published_label(self) -> str | None:
        """The publication date as far as it is known (``2020``, ``2020-08``, ``2020-08-15``)."""
        return date_label(self.published, self.published_precision)


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchResult:
    """A page of hits with facet counts; :meth:`to_json` gives the agreed API shape."""

    query: str
    total: int
    page: int
    per_page: int
    hits: tuple[Hit, ...]
    facets: dict[str, dict[str, int]]
    """Facet name -> value -> number of matching documents."""
    notices: tuple[str, ...] = ()
    """Things the user should know (e.g. the query was read as plain words)."""
    expanded: tuple[str, ...] = ()
    """Terms added to the query in the other languages (thesaurus, lexicon; lower weight)."""
    all_words: int | None = None
    """When documents with only most of the query's words are listed too (too few have all):
    how many have all of them (they come first); None when every hit has every word."""
    dropped: tuple[str, ...] = ()
    """Terms the user took out of the expansion (the request's ``dropped``)."""
    widened: tuple[str, ...] = ()
    """When the search as asked found nothing: what it let go of to find these hits,
    ``filters`` (they match outside the request's filters) and/or ``words`` (they have at
    least one of the words, not most)."""

    @property
    def widened_notice(self) -> str | None:
        """The plain sentence saying how a search that found nothing was widened (or None)."""
        if "filters" in self.widened and "words" in self.widened:
            return (
                "No document matches your filters, and none has most of your words: these "
                "documents outside the filters have at least one of them."
            )
        if "filters" in self.widened:
            return "No document matches your filters: these documents match without them."
        if "words" in self.widened:
            return (
                "No document has most of your words: these have at least one of them (each "
                "says which it lacks)."
            )
        return None

    @property
    def partial_notice(self) -> str | None:
        """The plain sentence saying that some hits lack words (None when none does)."""
        if self.all_words is None or "words" in self.widened:
            return None
        if self.all_words == 0:
            return (
                "No document has all your words; these have most of them "
                "(each says which it lacks)."
            )
        if self.all_words == 1:
            return (
                "Only 1 of these documents has all your words; after it come documents with "
                "most of them (each says which it lacks)."
            )
        return (
            f"Only {self.all_words} of these documents have all your words; after them come "
            "documents with most of them (each says which it lacks)."
        )

    def to_json(self) -> dict[str, object]:
        """Return the object ``coi search --json`` prints and ``/api/search`` sends."""
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "notices": [
                *self.notices,
                *filter(None, [self.widened_notice, self.partial_notice]),
            ],
            "expanded": list(self.expanded),
            "all_words": self.all_words,
            "dropped": list(self.dropped),
            "widened": list(self.widened),
            "hits": [
                {
                    "id": hit.id,
                    "title": hit.title,
                    "url": hit.url,
                    "language": hit.language,
                    "countries": list(hit.countries),
                    "topics": list(hit.topics),
                    "source": hit.source,
                    "doc_type": hit.doc_type,
                    "published": hit.published.isoformat() if hit.published else None,
                    "retrieved": hit.retrieved.isoformat(),
                    "score": round(hit.score, 4),
                    "snippet": hit.snippet,
                    "gone": hit.gone,
                    "also_at": list(hit.also_at),
                    "author": hit.author,
                    "page": hit.page,
                    "published_from": hit.published_from,
                    "published_precision": hit.published_precision if hit.published else None,
                    "missing": list(hit.missing),
                }
                for hit in self.hits
            ],
            "facets": {name: dict(counts) for name, counts in self.facets.items()},
        }
