"""Extraction of hostile bytes: nothing but coi's own errors ever escapes (bounded fuzzing).

Bodies are built from the pieces that broke parsers before (nested ``<math>``/``<title>``,
control characters, stray declarations, broken entities), and PDFs from a valid one with a few
bytes changed, as damaged files on the web are.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sitesrv import PDF_PAGES, make_pdf

from coi.errors import CoiError
from coi.models import Fetched
from crawler.extract import extract

MARKUP = st.sampled_from(
    [
        "<html>",
        "<body>",
        "<p>",
        "</p>",
        "<title>",
        "</title>",
        "<math>",
        "<svg>",
        "<table><tr><td>",
        "<meta charset='utf-16'>",
        "<?xml version='1.0'?>",
        "<!DOCTYPE html>",
        "<!--",
        "-->",
        "<![CDATA[",
        "<script>",
        "&#0;",
        "&#xD800;",
        "<a href='javascript:alert(1)'>",
        "<a href='http://[::1'>",
        "<meta name='date' content='2024-13-45'>",
        "Detention of asylum seekers ",
    ]
)
CONTROL = st.sampled_from([chr(code) for code in range(32)] + ["\x7f", "\ufeff"])
HTML_BODIES = st.lists(st.one_of(MARKUP, CONTROL, st.text(max_size=8)), max_size=24).map(
    lambda parts: "".join(parts).encode("utf-8", "surrogatepass")
)
PDF = make_pdf(PDF_PAGES, "Annual report 2023")


def fetched(body: bytes, content_type: str) -> Fetched:
    return Fetched(
        url="https://example.org/page",
        status=200,
        content_type=content_type,
        body=body,
        retrieved=datetime(2024, 1, 1, tzinfo=UTC),
    )


def extract_or_refuse(body: bytes, content_type: str) -> None:
    """Extraction gives a document or refuses with a coi error; anything else fails the test."""
    with contextlib.suppress(CoiError):
        extract(fetched(body, content_type))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HTML_BODIES)
@example(b"<math><title><math>x<html>")  # htmldate's cleaning tripped lxml's AssertionError
@example(b"<html><body><math><title><math>\x0b Detention report, Baku 2024\x0b<html></body>")
def test_hostile_html_never_escapes_as_a_foreign_error(body: bytes) -> None:
    extract_or_refuse(body, "text/html")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, len(PDF) - 1), st.integers(0, 255)), min_size=1, max_size=6)
)
@example([(PDF.index(b"trailer\n") + 7, ord("5"))])  # pypdf raised AttributeError
def test_damaged_pdfs_never_escape_as_a_foreign_error(changes: list[tuple[int, int]]) -> None:
    body = bytearray(PDF)
    for position, value in changes:
        body[position] = value
    extract_or_refuse(bytes(body), "application/pdf")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_served_as_a_page_never_escape(body: bytes) -> None:
    extract_or_refuse(body, "text/html")
