"""Whoosh analyzers per language (first cut; the language work replaces the internals).

``analyzer_for(lang)`` and ``name_analyzer()`` are the stable entry points the schema uses.
PyStemmer is wrapped in module-level functions because Whoosh pickles the schema, analyzers
included, and a PyStemmer object cannot be pickled.
"""

from __future__ import annotations

from functools import lru_cache

import Stemmer
from whoosh.analysis import Analyzer, LowercaseFilter, RegexTokenizer, StemFilter

LANGUAGES = ("az", "ru", "en")
"""Languages with an analyzer of their own; everything else uses the fallback."""


@lru_cache(maxsize=1)
def _russian() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("russian")


@lru_cache(maxsize=1)
def _english() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def stem_russian(word: str) -> str:
    """Snowball Russian stem of a lower-cased word."""
    return str(_russian().stemWord(word.replace("ё", "е")))


def stem_english(word: str) -> str:
    """Snowball (Porter2) English stem of a lower-cased word."""
    return str(_english().stemWord(word))


def analyzer_for(lang: str) -> Analyzer:
    """The analyzer for text in ``lang`` (``az``, ``ru``, ``en``; anything else: fallback)."""
    base = RegexTokenizer() | LowercaseFilter()
    if lang == "ru":
        return base | StemFilter(stemfn=stem_russian)
    if lang == "en":
        return base | StemFilter(stemfn=stem_english)
    return base


def name_analyzer() -> Analyzer:
    """The analyzer of the ``names`` field (spelling-independent name keys)."""
    return RegexTokenizer() | LowercaseFilter()
