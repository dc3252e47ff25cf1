"""Snippets: the best-matching passage of a document, escaped, with matched words in <mark>.

Everything that comes from a crawled page is HTML-escaped here, so a page containing
``<script>`` shows as text wherever the snippet is rendered.
"""

from __future__ import annotations

import bisect
import html
import re

from whoosh import highlight
from whoosh.analysis import Analyzer

LEAD_CHARS = 240
"""Length of the opening shown when no query word is found in the stored text."""


class MarkFormatter(highlight.Formatter):
    """Matched words in ``<mark>``, every other character escaped."""

    between = " … "

    def format_token(self, text: str, token: highlight.Token, replace: bool = False) -> str:
        return f"<mark>{html.escape(highlight.get_text(text, token, replace))}</mark>"

    def _text(self, text: str) -> str:
        return html.escape(text)


WINDOW_BEFORE = 300
WINDOW_AFTER = 700
FALLBACK_CHARS = 3000
"""Without a surface hit (e.g. a Latin query on Cyrillic Azerbaijani), the opening is analysed."""


def _first_match(text: str, terms: frozenset[str]) -> re.Match[str] | None:
    """Where the first word that may give one of ``terms`` is (see :func:`candidate_window`)."""
    prefixes = sorted({t[: max(3, len(t) - 1)] for t in terms if len(t) >= 3}, key=len)
    if not prefixes:
        return None
    pattern = re.compile("|".join(re.escape(p) for p in reversed(prefixes)), re.IGNORECASE)
    return pattern.search(text)


def match_offset(text: str, terms: frozenset[str]) -> int:
    """The offset in ``text`` of the passage a snippet shows (0: the opening)."""
    found = _first_match(text, terms)
    return found.start() if found else 0


def page_of(pages: tuple[int, ...] | list[int], offset: int) -> int | None:
    """The PDF page holding ``offset`` (pages start at the offsets ``pages``); None if no PDF."""
    if not pages:
        return None
    return bisect.bisect_right(pages, offset) or 1


def candidate_window(text: str, terms: frozenset[str]) -> str:
    """The part of ``text`` worth analysing for a snippet.

    Analysing a whole stored text for every hit on a page cost 90% of a query's time (measured
    with bench/search.py). Index terms are nearly always a prefix of the words they come from,
    so a case-insensitive search for them finds where the matches are; only the window around
    the first one is analysed.
    """
    found = _first_match(text, terms)
    if found:
        start = max(found.start() - WINDOW_BEFORE, 0)
        start = text.rfind(" ", 0, start) + 1 if start else 0
        return text[start : found.end() + WINDOW_AFTER]
    return text[:FALLBACK_CHARS]


def make_snippet(text: str, terms: frozenset[str], analyzer: Analyzer) -> str:
    """The passages of ``text`` around ``terms`` (as ``analyzer`` produces them), or its lead."""
    if terms:
        passage = highlight.highlight(
            candidate_window(text, terms),
            terms,
            analyzer,
            highlight.ContextFragmenter(maxchars=200, surround=60),
            MarkFormatter(),
            top=2,
        )
        if passage:
            return str(passage)
    lead = " ".join(text[: LEAD_CHARS * 2].split())
    if len(lead) > LEAD_CHARS:
        lead = lead[:LEAD_CHARS].rsplit(" ", 1)[0] + " …"
    return html.escape(lead)


def mark_all(text: str, terms: frozenset[str], analyzer: Analyzer) -> str:
    """All of ``text``, escaped, with every word whose index term is in ``terms`` marked."""
    if not terms:
        return html.escape(text)
    out: list[str] = []
    last = 0
    for token in analyzer(text, chars=True, removestops=False, mode="index"):
        if token.text in terms:
            out.append(html.escape(text[last : token.startchar]))
            out.append(f"<mark>{html.escape(text[token.startchar : token.endchar])}</mark>")
            last = token.endchar
    out.append(html.escape(text[last:]))
    return "".join(out)
