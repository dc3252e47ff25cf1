"""The one enrichment step every extracted version passes through, crawled or imported.

Keeping it in one place means ``coi crawl``, ``coi add`` and ``coi retag`` can never disagree
on how a document's language, countries, topics and type are decided.
"""

from __future__ import annotations

from coi.lang import LanguageGuess, detect
from coi.models import Enrichment, Extracted, Source
from coi.taxonomy.countries import official_country
from coi.taxonomy.evidence import Explanation
from coi.taxonomy.tagging import TaggingOptions, explain, tag


def enrich(
    extracted: Extracted,
    *,
    url: str,
    source: Source | None = None,
    options: TaggingOptions | None = None,
) -> Enrichment:
    """Decide what coi adds to an extracted version: its language(s) (with the share of each in
    a document mixing them), the countries it is about and mentions, its topics and its type.

    The type weighs what the page's metadata declares against the source's ``doc_type`` (see
    :func:`coi.taxonomy.doctypes.classify_doc_type` for the order); the countries weigh an
    official source's declared country (:func:`coi.taxonomy.countries.official_country`)."""
    guess = _detect(extracted)
    tags = tag(
        extracted.title,
        extracted.text,
        guess.language,
        url=url,
        page_type=extracted.declared_type,
        source_type=source.doc_type if source else None,
        source_country=official_country(source),
        options=options,
    )
    return Enrichment(
        language=guess.language,
        language_shares=dict(guess.shares),
        countries=tags.countries,
        countries_mentioned=tags.countries_mentioned,
        topics=tags.topics,
        doc_type=tags.doc_type,
    )


def explain_tags(
    extracted: Extracted,
    *,
    source: Source | None = None,
    options: TaggingOptions | None = None,
) -> Explanation:
    """What :func:`enrich`'s tagging of an extracted version weighs, in the language it would
    detect (``coi doc why``)."""
    return explain(
        extracted.title,
        extracted.text,
        _detect(extracted).language,
        options=options,
        source_country=official_country(source),
    )


SHORT_PAGE_WORDS = 60
"""Below this many words a page's declared language beats the detector (issue 18: a Russian
section index of link slugs was detected as English); above it the text speaks for itself."""


def _detect(extracted: Extracted) -> LanguageGuess:
    """The language(s) of an extracted version, title and text read together; for a short
    page that declares its language (``<html lang>``, ``Content-Language``), that language."""
    guess = detect(f"{extracted.title}\n\n{extracted.text}")
    declared = extracted.declared_language
    if (
        declared is not None
        and declared != guess.language
        and len(extracted.text.split()) < SHORT_PAGE_WORDS
    ):
        return LanguageGuess(declared, guess.script, guess.confidence, {declared: 1.0})
    return guess
