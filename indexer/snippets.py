"""Snippets: the best-matching passage of a document, escaped, with matched words in <mark>.

Everything that comes from a crawled page is HTML-escaped here, so a page containing
``<script>`` shows as text wherever the snippet is rendered.
"""

from __future__ import annotations

import html

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


def make_snippet(text: str, terms: frozenset[str], analyzer: Analyzer) -> str:
    """The passages of ``text`` around ``terms`` (as ``analyzer`` produces them), or its lead."""
    if terms:
        passage = highlight.highlight(
            text,
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
