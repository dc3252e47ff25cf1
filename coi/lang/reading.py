"""Which languages a query word may be in, from its letters (for the thesaurus and the lexicon).

A query is too short to detect (language-notes §1.3), but its letters narrow it down: ə, ğ, ı
are Azerbaijani; other Latin words may be English or Azerbaijani. Cyrillic is Russian, or
Azerbaijani in its older script, which older texts and Russian keyboards still give
(``гачгынлар`` is ``qaçqınlar``). Letters only Cyrillic Azerbaijani has (ә, һ, ҹ, ҝ, ј, ө, ү, ғ)
settle it; without them, a word Russian's dictionary (pymorphy3) does not know may be
Azerbaijani as well, while a word it knows is read as Russian only, so an ordinary Russian word
is never transliterated into a false Azerbaijani match (``закон`` never meets ``zak``).
"""

from __future__ import annotations

import re

from coi.lang.lemma import known_ru

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
AZ_LETTERS = re.compile(r"[əƏğĞıİşŞçÇöÖüÜ]")
"""Latin letters an Azerbaijani word may have and an English one has not."""
AZ_ONLY_CYRILLIC = re.compile(r"[әӘһҺҹҸҝҜјЈөӨүҮғҒ]")
"""Letters only Azerbaijani in its Cyrillic script has."""
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")


def word_languages(words: str) -> tuple[str, ...]:
    """The languages (of az, ru, en) ``words`` may be read in, likeliest first.

    >>> word_languages("гачгынлар"), word_languages("беженцы"), word_languages("Әлијев")
    (('ru', 'az'), ('ru',), ('az',))
    >>> word_languages("qaçqın"), word_languages("refugee")
    (('az',), ('en', 'az'))
    """
    if _CYRILLIC.search(words):
        if AZ_ONLY_CYRILLIC.search(words):
            return ("az",)
        russian = all(
            known_ru(word.lower().replace("ё", "е")) for word in _CYRILLIC_WORD.findall(words)
        )
        return ("ru",) if russian else ("ru", "az")
    if AZ_LETTERS.search(words):
        return ("az",)
    return ("en", "az")
