"""The document type an HTML page declares in its metadata, and what coi makes of it."""

from __future__ import annotations

import pytest
from corpus import require_corpus

from coi.models import Source
from coi.taxonomy.enrich import enrich
from crawler.extract_html import extract_html

BODY = "<p>" + "Amendments to the law on non-governmental organisations were adopted. " * 5 + "</p>"


def page(head: str, body: str = BODY) -> bytes:
    return f"<html><head><title>On NGOs</title>{head}</head><body>{body}</body></html>".encode()


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<script type="application/ld+json">{"@type": "NewsArticle"}</script>', "news"),
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": '
            '[{"@type": "WebPage"}, {"@type": ["Legislation", "CreativeWork"]}]}</script>',
            "legislation",
        ),
        ('<meta name="DC.type" content="Press release">', "press-release"),
        ('<meta name="dcterms.type" content="Judgment">', "court-decision"),
        ('<meta name="citation_technical_report_number" content="COI-2024-7">', "report"),
        ('<meta property="og:type" content="article">', None),  # every CMS post is "article"
        ('<script type="application/ld+json">{"@type": "Article"}</script>', None),
        ('<script type="application/ld+json">{"@type": "News</script>', None),  # broken JSON
        ('<meta name="DC.type" content="Text">', None),
    ],
)
def test_declared_type_from_the_page_metadata(head: str, expected: str | None) -> None:
    assert extract_html(page(head), "https://example.org/a").declared_type == expected


def test_microdata_declares_a_type_too() -> None:
    body = f'<article itemscope itemtype="https://schema.org/Report">{BODY}</article>'
    assert extract_html(page("", body), "https://example.org/a").declared_type == "report"


def test_a_real_report_page_with_og_type_article_declares_nothing() -> None:
    path = require_corpus() / "ovdinfo-reports" / "2014" / "ej-report" / "index.html"
    body = path.read_bytes()
    assert b'property="og:type" content="article"' in body
    assert extract_html(body, "https://ovdinfo.org/reports/ej-report").declared_type is None


def test_the_declared_type_reaches_the_document_over_the_sources() -> None:
    head = '<script type="application/ld+json">{"@type": "Legislation"}</script>'
    extracted = extract_html(page(head), "https://turan.az/en/2024/ngo-law")
    news = Source(
        id="turan-az",
        name="Turan",
        kind="media",
        country="AZE",
        start_urls=("https://turan.az/en",),
        allow=(),
        doc_type="news",
    )
    enrichment = enrich(extracted, url="https://turan.az/en/2024/ngo-law", source=news)
    assert enrichment.doc_type == "legislation"


def report_page(n: int) -> bytes:
    """One page of a site whose pages link to the next reports."""
    links = "".join(f'<li><a href="/r/{m}">Report {m}</a></li>' for m in range(n + 1, n + 4))
    text = (
        f"Report {n} documents detention conditions, access to lawyers and the treatment of "
        f"asylum seekers in facility number {n}. Monitors visited {n % 17 + 2} cells and "
        f"interviewed {n % 23 + 5} detainees about food, medical care and family visits."
    )
    return page("", f"<article><h1>Report {n}</h1><p>{text}</p><ul>{links}</ul></article>")


def test_a_page_reads_the_same_however_often_it_was_read_before() -> None:
    """The same bytes give the same text whatever the process read before: a page read again
    (a retry, a re-crawl in a long-running process, a mirror's copy) once came out as another
    text, its paragraph dropped as a "duplicate" of itself, and was saved as a changed version."""
    first = extract_html(report_page(8), "https://site.example/r/8").text
    for _ in range(4):
        again = extract_html(report_page(8), "https://site.example/r/8").text
        assert again == first
