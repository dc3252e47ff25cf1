"""Choose the extractor by what a body really is, not only by what the server says.

A "PDF" that starts with ``<html`` is HTML; an ``application/octet-stream`` that starts with
``%PDF`` is a PDF. Anything else that is neither HTML, PDF nor plain text is refused with a
reason, as is a body whose bytes are not text at all: compressed bytes (a server that gzips a
page twice, or serves an archive as ``text/html``) are ``compressed-body`` and other binary
bytes ``binary-body``, so neither is ever stored as a garbage document.
"""

from __future__ import annotations

from coi.errors import BadContent
from coi.models import Extracted, Fetched
from crawler.extract_html import decode_html, extract_html
from crawler.extract_pdf import extract_pdf

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})
COMPRESSED_MAGIC = (
    b"\x1f\x8b",  # gzip
    b"PK\x03\x04",  # zip
    b"BZh",  # bzip2
    b"\xfd7zXZ\x00",  # xz
    b"\x28\xb5\x2f\xfd",  # zstandard
    b"7z\xbc\xaf\x27\x1c",  # 7-zip
)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
CONTROL_BYTES = frozenset(range(32)) - frozenset(b"\t\n\r\x0c\x1b")
MAX_CONTROL_SHARE = 0.05
"""Share of control bytes above which the start of a body is not text in any charset."""


def is_binary(head: bytes) -> bool:
    """Whether the first bytes of a body are not text: NUL bytes (outside UTF-16) or many
    control bytes no text encoding produces."""
    if not head or head.startswith(UTF16_BOMS):
        return False
    controls = sum(1 for byte in head if byte in CONTROL_BYTES)
    return b"\x00" in head or controls / len(head) > MAX_CONTROL_SHARE


def sniff(fetched: Fetched) -> str:
    """``html``, ``pdf`` or ``text``: what the body is, from its first bytes and its type.

    Raises:
        BadContent: compressed or binary bytes, or a type coi does not read.
    """
    claims_text = fetched.content_type in HTML_TYPES | TEXT_TYPES
    if claims_text and fetched.body.startswith(COMPRESSED_MAGIC):
        raise BadContent("compressed-body", f"{fetched.url}: compressed bytes, not a page")
    head = fetched.body[:1024].lstrip().lower()
    if head.startswith(b"%pdf"):
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "html"
    if claims_text and is_binary(fetched.body[:1024]):
        raise BadContent("binary-body", f"{fetched.url}: binary bytes, not text")
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
