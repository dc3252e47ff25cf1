"""Stopword lists: Snowball for ru and en, a curated function-word list for az (issue 3).

Short lists on purpose: broader ones (stopwords-iso) drop words a COI search needs (ru
``белый``, az ``ay`` "month", ``zaman`` "time"). The lists are in folded, unstemmed form.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from whoosh.lang.stopwords import stoplists

from coi.lang.normalize import normalize


@lru_cache(maxsize=8)
def stopwords(lang: str) -> frozenset[str]:
    """The stopwords of ``lang`` (``ru``, ``en``, ``az``); empty for any other language.

    ru and en are the Snowball lists Whoosh ships (BSD; ru with ё folded to е, as the ru
    analyzer folds it); az is ``data/stopwords-az.txt`` (see its header for sources).
    """
    if lang == "az":
        text = resources.files("coi.lang").joinpath("data/stopwords-az.txt").read_text("utf-8")
        return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))
    if lang in ("ru", "en"):
        return frozenset(normalize(w, lang) for w in stoplists[lang])
    return frozenset()
