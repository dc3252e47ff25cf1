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
