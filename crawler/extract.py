"""Choose the extractor by what a body really is, not only by what the server says.

A "PDF" that starts with ``<html`` is HTML; an ``application/octet-stream`` that starts with
``%PDF`` is a PDF. Anything else that is neither HTML, PDF nor plain text is refused with a
reason, as is a body whose bytes are not text at all.
"""

from __future__ import annotations

from coi.errors import BadContent
from coi.models import Extracted, Fetched
from crawler.extract_html import decode_html, extract_html
from crawler.extract_pdf import extract_pdf

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})


def sniff(fetched: Fetched) -> str:
    """``html``, ``pdf`` or ``text``: what the body is, from its first bytes and its type."""
    head = fetched.body[:1024].lstrip().lower()
    if head.startswith(b"%pdf"):
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "html"
    if fetched.content_type in HTML_TYPES:
        return "html"
    if fetched.content_type in TEXT_TYPES:
        return "text"
    if fetched.content_type in PDF_TYPES:
        raise BadContent("fake-pdf", f"{fetched.url}: served as PDF but is not one")
    raise BadContent(
        f"unsupported-type:{fetched.content_type}", f"{fetched.url}: {fetched.content_type}"
    )


def extract(fetched: Fetched) -> Extracted:
    """Title, text and metadata of a fetched body.

    Raises:
        BadContent: a body of a type coi does not read.
        ExtractError: a body of a type coi reads that yields no text.
    """
    kind = sniff(fetched)
    if kind == "pdf":
        return extract_pdf(fetched.body, fetched.url)
    if kind == "html":
        return extract_html(
            fetched.body,
            fetched.url,
            fetched.encoding,
            content_language=fetched.headers.get("content-language"),
        )
    text = decode_html(fetched.body, fetched.encoding)
    if "\x00" in text:
        raise BadContent("binary-body", f"{fetched.url}: not text")
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
    body = "\n\n".join(p for p in paragraphs if p)
    if not body:
        raise BadContent("empty-body", f"{fetched.url}: no text")
    first = body.split("\n", 1)[0][:200]
    return Extracted(title=first, text=body)
