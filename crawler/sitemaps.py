"""Start points from sitemaps and feeds: what a site itself lists as its documents.

Sitemaps (``<urlset>`` and nested ``<sitemapindex>``) and RSS/Atom feeds are parsed with lxml
(recovering from broken XML); only URLs inside the source's scope are kept. A site's sitemap can
list far more than a crawl wants: the source's page budget still bounds the crawl.
"""

from __future__ import annotations

import logging

from lxml import etree

from coi.errors import FetchError
from coi.models import Source
from crawler.fetch import Fetcher
from crawler.urls import in_scope, normalize_url

log = logging.getLogger("coi.crawler.sitemaps")
MAX_SITEMAP_BYTES = 10_000_000
MAX_NESTED_SITEMAPS = 20


def urls_in_xml(body: bytes, base: str) -> tuple[list[str], list[str]]:
    """``(page URLs, nested sitemap URLs)`` of a sitemap, sitemap index, RSS or Atom feed."""
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(recover=True, resolve_entities=False))
    except etree.XMLSyntaxError:
        return [], []
    if root is None:
        return [], []
    pages: list[str] = []
    nested: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname
        parent = element.getparent()
        parent_tag = etree.QName(parent).localname if parent is not None else ""
        if tag == "loc" and element.text:
            (nested if parent_tag == "sitemap" else pages).append(element.text.strip())
        elif tag == "link" and parent_tag in ("item", "entry"):
            href = element.get("href") or (element.text or "").strip()
            if href and element.get("rel", "alternate") == "alternate":
                pages.append(href)
    normal = [u for u in (normalize_url(p, base) for p in pages) if u]
    return normal, [u for u in (normalize_url(n, base) for n in nested) if u]


def start_points(fetcher: Fetcher, source: Source, listed: tuple[str, ...]) -> list[str]:
    """In-scope page URLs from the sitemaps and feeds ``listed`` for ``source``."""
    found: dict[str, None] = {}
    queue = list(listed)
    fetched = 0
    while queue and fetched < MAX_NESTED_SITEMAPS:
        url = queue.pop(0)
        fetched += 1
        try:
            status, text = fetcher.get_text(url, limit=MAX_SITEMAP_BYTES)
        except FetchError as exc:
            log.warning("sitemap or feed %s unreachable: %s", url, exc)
            continue
        if status >= 400:
            log.warning("sitemap or feed %s answered %s", url, status)
            continue
        pages, nested = urls_in_xml(text.encode("utf-8"), url)
        queue += nested
        for page in pages:
            if in_scope(page, source):
                found.setdefault(page)
    return list(found)
