"""HTML: main text without menus and footers, title, publication date, author, links and type.

Main text and metadata come from trafilatura (maintained, and the best-measured open main-text
extractor); links from lxml. Hostile markup makes those libraries raise errors of any type
(htmldate's cleaning trips an ``AssertionError`` in lxml on ``<math><title><math>``): each
library call is guarded, so a page loses at worst its metadata or falls back to its plain body
text, and a page nothing can read is refused as ``extract-failed``, never a crash.

Memory is bounded per page: trafilatura costs 70 to 110 times a page's size in memory on pages
of 1 to 2 MB (and half a minute or more per MB), lxml alone about 12 times (``bench/
large_page.py``). A page of more than :data:`MAX_MAIN_TEXT_CHARS` characters therefore gets
lxml's body text without the boilerplate elements instead of trafilatura's main text, and markup
beyond :data:`MAX_PARSED_CHARS` is not parsed at all (logged), so even a 50 MB page costs a few
hundred MB at most, not gigabytes.

Bytes are decoded defensively: UTF-8 when they are valid UTF-8 (whatever was declared), else
the declared charset, else charset-normalizer's guess, so a windows-1251 page declared as UTF-8
still reads as Russian.

The document type a page declares is read from schema.org (JSON-LD or microdata:
``NewsArticle``, ``Report``, ``Legislation``...), Dublin Core (``DC.type``) and the Highwire
``citation_*`` tags of technical reports and theses. ``og:type`` is left out on purpose: content
systems set ``article`` on every post, reports and laws included, so it cannot tell news from
anything else (a news source says so with ``doc_type`` in the configuration).

The publication date comes from :mod:`crawler.dates` (never trafilatura's guess, which reads a
footer's "© 2025" as a date), the authors from :mod:`crawler.authors` (never the site's name),
and a page that is mostly links is declared a ``listing`` (:mod:`crawler.listing`). The
language the page declares (``<html lang>``, ``Content-Language``) is kept as evidence for a
short page.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, TypeVar

import lxml.html
import trafilatura
from charset_normalizer import from_bytes
from lxml import etree
from trafilatura.deduplication import LRUCache

from coi.clock import utc_now
from coi.errors import ExtractError
from coi.models import Extracted
from crawler.authors import clean_names, html_authors
from crawler.dates import html_date
from crawler.json_ld import json_ld_nodes
from crawler.listing import is_listing
from crawler.urls import normalize_url

T = TypeVar("T")
PAGE_SEGMENTS = 4096
"""Text segments of one page remembered to drop its repeats (trafilatura's own default)."""
MAX_MAIN_TEXT_CHARS = 1_000_000
"""Larger pages are read with lxml alone (about 12 times their size in memory)."""
MAX_PARSED_CHARS = 10_000_000
"""Markup beyond this many characters is left unparsed."""
log = logging.getLogger("coi.crawler.extract")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)
BOILERPLATE_TAGS = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript")
SCHEMA_ORG_TYPES = {
    "NewsArticle": "news",
    "AnalysisNewsArticle": "news",
    "BackgroundNewsArticle": "news",
    "OpinionNewsArticle": "news",
    "ReportageNewsArticle": "news",
    "Report": "report",
    "Legislation": "legislation",
    "LegislationObject": "legislation",
    "Dataset": "statistics",
}
"""schema.org types that name one of coi's document types; generic ones (``Article``,
``WebPage``, ``BlogPosting``) say nothing about it."""
DC_TYPES = {
    "report": "report",
    "news": "news",
    "press release": "press-release",
    "legislation": "legislation",
    "law": "legislation",
    "court decision": "court-decision",
    "judgment": "court-decision",
    "judgement": "court-decision",
    "case law": "court-decision",
    "policy guideline": "policy-guideline",
    "guideline": "policy-guideline",
    "query response": "query-response",
    "statistics": "statistics",
    "dataset": "statistics",
}
"""``DC.type`` values (lower case, hyphens as spaces) -> coi's document types."""


def decode_html(body: bytes, declared: str | None = None) -> str:
    """The text of an HTML body, whatever its charset claims."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = [declared]
    meta = _META_CHARSET.search(body[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    for charset in candidates:
        if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
            try:
                return body.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
    best = from_bytes(body).best()
    if best is None:
        return body.decode("utf-8", "replace")
    return str(best)


def extract_html(
    body: bytes,
    url: str,
    declared: str | None = None,
    *,
    content_language: str | None = None,
    today: date | None = None,
) -> Extracted:
    """Extract what coi keeps from an HTML page.

    Args:
        body: the page's bytes.
        url: its URL.
        declared: the charset the server declared.
        content_language: the ``Content-Language`` header, if any.
        today: a date after it is refused as a publication date (default: today, UTC).

    Raises:
        ExtractError: the page is not parseable HTML or holds no text.
    """
    markup = decode_html(body, declared)
    if len(markup) > MAX_PARSED_CHARS:
        log.warning(
            "%s: only the first %d of %d characters parsed", url, MAX_PARSED_CHARS, len(markup)
        )
        markup = markup[:MAX_PARSED_CHARS]
    small = len(markup) <= MAX_MAIN_TEXT_CHARS
    try:
        tree = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError(f"{url}: not parseable HTML ({exc})") from exc
    except Exception as exc:  # lxml's own errors on hostile bytes (XMLSyntaxError, ...)
        raise ExtractError(f"{url}: unreadable HTML ({type(exc).__name__}: {exc})") from exc
    no_links: tuple[str, ...] = ()
    links = _guarded(lambda: _links(tree, url), no_links, url, "links")
    declared_type = _guarded(lambda: _declared_type(tree), None, url, "declared type")
    declared_language = _guarded(
        lambda: _declared_language(tree, content_language), None, url, "declared language"
    )
    metadata = (
        _guarded(
            lambda: trafilatura.extract_metadata(markup, default_url=url, extensive=False),
            None,
            url,
            "metadata",
        )
        if small
        else None
    )
    author = _guarded(lambda: _authors(tree, metadata), None, url, "authors")
    text = _guarded(lambda: _main_text(markup, url), None, url, "main text") if small else None
    text = _paragraphs(
        text or _guarded(lambda: _fallback_text(copy.deepcopy(tree)), "", url, "body text")
    )
    if not text:
        raise ExtractError(f"{url}: no text in the page")
    title = (metadata.title if metadata else None) or _guarded(
        lambda: _title(tree), None, url, "title"
    )
    today = today or utc_now().date()
    found = _guarded(lambda: html_date(tree, text, url, today), None, url, "date")
    listing = _guarded(lambda: is_listing(tree, text, url), False, url, "listing")
    return Extracted(
        title=" ".join((title or _last_segment(url)).split()),
        text=text,
        published=found.value if found else None,
        published_from=found.source if found else None,
        published_precision=found.precision if found else "day",
        author=author,
        links=links,
        declared_type="listing" if listing else declared_type,
        declared_language=declared_language,
    )


def _authors(tree: lxml.html.HtmlElement, metadata: Any) -> str | None:
    """The page's declared authors or byline, else trafilatura's byline finder's."""
    sitename = metadata.sitename if metadata else None
    found = html_authors(tree, sitename)
    if found is None and metadata is not None and metadata.author:
        found = "; ".join(clean_names(metadata.author.split(";"), sitename)) or None
    return found


def _main_text(markup: str, url: str) -> str | None:
    """trafilatura's main text: the article without menus, footers and comments.

    Repeated segments are dropped within the page only (a cache of its own each time):
    trafilatura's shared cache counts every page a process ever read, so a page read a third
    time lost its paragraph as a "duplicate" of itself and was saved as a changed version.
    """
    return trafilatura.extract(
        markup,
        url=url,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        deduplicate=LRUCache(maxsize=PAGE_SEGMENTS),
    )


def _guarded(call: Callable[[], T], fallback: T, url: str, what: str) -> T:
    """``call()``, or ``fallback`` when a parsing library fails on this page in any way."""
    try:
        return call()
    except Exception as exc:  # third-party parsers raise anything on hostile markup
        log.warning("%s of %s unreadable (%s: %s): left out", what, url, type(exc).__name__, exc)
        return fallback


def extract_links(body: bytes, url: str, declared: str | None = None) -> tuple[str, ...]:
    """Only the links of a page (for an unchanged page whose links the crawl still needs)."""
    try:
        return _links(lxml.html.document_fromstring(decode_html(body, declared)), url)
    except Exception:  # an archived page lxml cannot read has no links to follow
        return ()


def _links(tree: lxml.html.HtmlElement, base: str) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for href in tree.xpath("//a/@href"):
        url = normalize_url(str(href), base)
        if url:
            found.setdefault(url)
    return tuple(found)


def _declared_type(tree: lxml.html.HtmlElement) -> str | None:
    """The document type the page's metadata declares, if it names one of coi's."""
    for name in _schema_org_types(tree):
        if name in SCHEMA_ORG_TYPES:
            return SCHEMA_ORG_TYPES[name]
    meta = _meta(tree)
    dc_type = meta.get("dc.type") or meta.get("dcterms.type") or ""
    kind = DC_TYPES.get(" ".join(dc_type.lower().replace("-", " ").split()))
    if kind:
        return kind
    if any(n.startswith(("citation_technical_report", "citation_dissertation")) for n in meta):
        return "report"
    return None


def _schema_org_types(tree: lxml.html.HtmlElement) -> Iterator[str]:
    """The schema.org types of the page's JSON-LD nodes and microdata items."""
    for node in json_ld_nodes(tree):
        types = node.get("@type")
        for name in types if isinstance(types, list) else [types]:
            if isinstance(name, str):
                yield name.rsplit("/", 1)[-1]
    for itemtype in tree.xpath("//*[@itemscope]/@itemtype"):
        for url in str(itemtype).split():
            yield url.rstrip("/").rsplit("/", 1)[-1]


def _meta(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """The page's ``<meta name content>`` pairs, names lower-cased; the first of a name wins."""
    found: dict[str, str] = {}
    for element in tree.xpath("//meta[@name and @content]"):
        found.setdefault(str(element.get("name")).strip().lower(), str(element.get("content")))
    return found


def _fallback_text(tree: lxml.html.HtmlElement) -> str:
    """Body text without the usual boilerplate elements (when trafilatura finds no main text)."""
    for element in tree.xpath("//" + " | //".join(BOILERPLATE_TAGS)):
        element.drop_tree()
    body = tree.find("body")
    return body.text_content() if body is not None else ""


def _paragraphs(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def _title(tree: lxml.html.HtmlElement) -> str | None:
    titles = tree.xpath("//title/text()") or tree.xpath("//h1//text()")
    return str(titles[0]).strip() if titles else None


def _last_segment(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1] or url


def _declared_language(tree: lxml.html.HtmlElement, header: str | None) -> str | None:
    """The primary language subtag the page declares (``ru`` of ``ru-RU``): ``<html lang>``
    first, else the ``Content-Language`` header (one language only; a list says nothing)."""
    for value in (tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang"), header):
        if value and "," not in value:
            primary = value.strip().split("-", 1)[0].split("_", 1)[0].lower()
            if re.fullmatch(r"[a-z]{2}", primary):
                return primary
    return None
