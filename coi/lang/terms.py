"""Index terms of text: the one pipeline the Whoosh analyzers and the taxonomy share (issue 3).

``analyze(text, lang)`` and ``indexer.analysis.analyzer_for(lang)`` call the same
:func:`index_term`, so a country or topic term matched with ``analyze`` is exactly what the
index holds.
"""

from __future__ import annotations

from functools import lru_cache

from coi.lang.lemma import lemma_ru
from coi.lang.normalize import fold_case, normalize
from coi.lang.stem import stem_az, stem_en
from coi.lang.stopwords import stopwords
from coi.lang.tokenize import word_parts
from coi.lang.translit import az_cyrillic_to_latin

STEMMED = ("az", "ru", "en")
"""Languages with stopwords and a stemmer; any other is only normalised and case-folded."""


def _cyrillic(word: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in word)


def _latin(word: str) -> bool:
    return any("a" <= c <= "z" or "\u00c0" <= c <= "\u024f" or c == "ə" for c in word)


@lru_cache(maxsize=200_000)
def index_term(word: str, lang: str) -> str | None:
    """The index term of one raw word (a hyphen-free token), or None for a stopword.

    normalize → (az: Cyrillic → Latin) → fold_case → stopwords → stem (Russian: the lemma,
    :mod:`coi.lang.lemma`, which keeps пепел and пепла together where Snowball splits them).
    In ru and en text a word in the other script (an English name in a Russian report) is
    analysed as the language of its script, which is what a query in that script gets too.
    """
    if lang not in STEMMED:
        return fold_case(normalize(word), None) or None
    word = normalize(word, lang)
    if lang == "az" and _cyrillic(word):
        word = az_cyrillic_to_latin(word)
    word = fold_case(word, lang)
    if not word or word in stopwords(lang):
        return None
    if lang == "az":
        return stem_az(word) or None
    if _cyrillic(word):
        return lemma_ru(normalize(word, "ru"))
    if _latin(word):
        return stem_en(word)
    return word


def analyze(text: str, lang: str) -> list[str]:
    """The index terms of ``text`` read as ``lang``: what the index stores for it.

    Args:
        text: Any text (a document, a query, a country name).
        lang: ``az``, ``ru``, ``en``, or any other code (normalised and folded only).

    Returns:
        The terms in text order, stopwords left out.

    >>> analyze("Беженцев из Афганистана", "ru")
    ['беженец', 'афганистан']
    >>> analyze("Qaçqınların hüquqları", "az") == analyze("Гачгынларын һүгуглары", "az")
    True
    """
    return [t for part, _, _ in word_parts(text) if (t := index_term(part, lang)) is not None]
