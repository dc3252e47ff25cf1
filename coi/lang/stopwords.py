"""Stopword lists: Snowball for ru and en, a curated function-word list for az (issue 3).

Short lists on purpose: broader ones (stopwords-iso) drop words a COI search needs (ru
``белый``, az ``ay`` "month", ``zaman`` "time"). The lists are in folded, unstemmed form.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from coi.lang.normalize import normalize


@lru_cache(maxsize=8)
def stopwords(lang: str) -> frozenset[str]:
    """The stopwords of ``lang`` (``ru``, ``en``, ``az``); empty for any other language.

    Each list is ``data/stopwords-LANG.txt`` (see its header for its source): ru and en are the
    Snowball lists, az a curated function-word list. Words are normalised as the language's
    analyzer normalises them (ru ё folded to е), so the language layer needs no search library.
    """
    if lang not in ("az", "ru", "en"):
        return frozenset()
    file = resources.files("coi.lang").joinpath(f"data/stopwords-{lang}.txt")
    words = (w.strip() for w in file.read_text("utf-8").split("\n"))
    return frozenset(normalize(w, lang) for w in words if w and not w.startswith("#"))
