"""Plain-text rendering of search results for the terminal (``coi search`` without ``--json``)."""

from __future__ import annotations

import html
import re

from coi.models import SearchResult

_TAG = re.compile(r"<[^>]+>")


def snippet_text(snippet_html: str) -> str:
    """The snippet as terminal text: highlights shown as ``[word]``, markup and entities gone."""
    marked = re.sub(r"<mark[^>]*>(.*?)</mark>", r"[\1]", snippet_html, flags=re.S)
    return html.unescape(_TAG.sub("", marked))


def format_result(result: SearchResult) -> str:
    """A readable page of hits followed by the facet counts."""
    lines = [f"{result.total} documents (page {result.page})"]
    lines += [f"note: {notice}" for notice in result.notices]
    if result.widened_notice:
        lines.append(f"note: {result.widened_notice}")
    if result.partial_notice:
        lines.append(f"note: {result.partial_notice}")
    if result.expanded:
        lines.append("also searched: " + ", ".join(result.expanded))
    first = (result.page - 1) * result.per_page + 1
    for number, hit in enumerate(result.hits, start=first):
        published = hit.published.isoformat() if hit.published else "undated"
        lines.append("")
        lines.append(f"{number}. {hit.title}")
        lines.append(f"   {hit.source} · {published} · {hit.language} · {hit.url}")
        if hit.missing:
            lines.append("   missing: " + ", ".join(hit.missing))
        if hit.snippet:
            lines.append(f"   {snippet_text(hit.snippet)}")
    for facet, counts in result.facets.items():
        if counts:
            values = ", ".join(f"{value} ({count})" for value, count in list(counts.items())[:10])
            lines.append(f"\n{facet}: {values}")
    return "\n".join(lines)
