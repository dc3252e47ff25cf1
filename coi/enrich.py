"""The one enrichment step every extracted version passes through, crawled or imported.

Keeping it in one place means ``coi crawl``, ``coi add`` and ``coi retag`` can never disagree
on how a document's language, countries, topics and type are decided.
"""

from __future__ import annotations

from coi.lang import detect
from coi.models import Enrichment, Extracted, Source


def enrich(extracted: Extracted, *, url: str, source: Source | None = None) -> Enrichment:
    """Decide what coi adds to an extracted version: its language(s) and, per paragraph,
    the share of each language in a document that mixes them."""
    guess = detect(f"{extracted.title}\n\n{extracted.text}")
    return Enrichment(language=guess.language, language_shares=dict(guess.shares))
