"""Enrichment passes what the source and the page declare about a document's type to tagging."""

from __future__ import annotations

from dataclasses import replace

from coi.models import Extracted, Source
from coi.taxonomy.enrich import enrich

NEWS_AGENCY = Source(
    id="turan-az",
    name="Turan Information Agency",
    kind="media",
    country="AZE",
    start_urls=("https://turan.az/en",),
    allow=(),
    doc_type="news",
)
HEADLINE = Extracted(
    title="Parliament adopts law on NGOs",
    text="The Milli Majlis adopted amendments to the law on non-governmental organisations.",
)


def test_a_sources_declared_type_reaches_its_documents() -> None:
    url = "https://turan.az/en/2024/05/ngo-law"
    assert enrich(HEADLINE, url=url).doc_type == "legislation"  # the title's guess
    assert enrich(HEADLINE, url=url, source=NEWS_AGENCY).doc_type == "news"


def test_the_pages_own_declaration_wins_over_the_sources() -> None:
    law = replace(HEADLINE, declared_type="legislation")
    assert enrich(law, url="https://turan.az/en/1", source=NEWS_AGENCY).doc_type == "legislation"
