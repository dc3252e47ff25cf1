"""The one enrichment step every extracted version passes through, crawled or imported.

Keeping it in one place means ``coi crawl`` and ``coi add`` can never disagree on how a
document's language, countries, topics and type are decided.
"""

from __future__ import annotations

from langdetect import DetectorFactory, LangDetectException, detect_langs

from coi.models import Enrichment, Extracted, Source

DetectorFactory.seed = 0  # langdetect is random unless seeded; the same text must get the same tag

MIN_LETTERS_FOR_LANGUAGE = 20
"""Below this many letters a language guess is noise: the result is ``und``."""


def enrich(extracted: Extracted, *, url: str, source: Source | None = None) -> Enrichment:
    """Decide what coi adds to an extracted version (language now; taxonomy tags later)."""
    return Enrichment(language=_language(f"{extracted.title}\n{extracted.text}"))


def _language(text: str) -> str:
    sample = text[:20_000]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS_FOR_LANGUAGE:
        return "und"
    try:
        guesses = detect_langs(sample)
    except LangDetectException:
        return "und"
    return str(guesses[0].lang) if guesses else "und"
