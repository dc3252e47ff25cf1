"""Stemming per language: Snowball (PyStemmer) for ru and en, coi's own for az (issue 3).

PyStemmer objects cannot be pickled, and Whoosh pickles analyzers into the index, so the
stemmers are held by module-level cached functions, never by analyzer instances.
"""

from __future__ import annotations

from functools import lru_cache

import Stemmer

from coi.lang.normalize import fold_case
from coi.lang.stem_az import stem_az
from coi.lang.translit import az_cyrillic_to_latin

_RU_VOWELS = frozenset("аеёиоуыэюяйь")


@lru_cache(maxsize=2)
def _snowball(algorithm: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(algorithm)


def fleeting_vowel(stem: str) -> str:
    """Drop the fleeting е/о of a Russian Snowball stem (беженец → беженц, ребенок → ребенк).

    Snowball strips the case ending of беженцев (→ беженц) but leaves the nominative беженец
    whole, so the two never met. Every stem ending in consonant + ец/ок/ек (four letters or
    more) loses the vowel; after л the soft sign appears as in the oblique forms (палец →
    пальц). Applied to every stem, it is consistent: человек and человека both give человк.
    """
    if len(stem) < 4 or stem[-2:] not in ("ец", "ок", "ек") or stem[-3] in _RU_VOWELS:
        return stem
    if stem[-3] == "л" and stem[-1] == "ц":
        return stem[:-2] + "ьц"
    return stem[:-2] + stem[-1]


def keep_an(word: str, stem: str) -> str:
    """Give back the н Snowball takes from words in -ан/-ян (Иран → ира, but Иране → иран).

    Snowball reads a final -ан as a short participle (задержан → задержа), which splits
    every noun in -ан: Иран, Азербайджан, Афганистан, Казахстан. Keeping the н after а/я
    makes these nouns whole and keeps participles together (задержан, задержанный → задержан).
    """
    if len(word) > len(stem) and stem.endswith(("а", "я")) and word[len(stem)] == "н":
        return stem + "н"
    return stem


@lru_cache(maxsize=100_000)
def stem_ru(word: str) -> str:
    """Snowball Russian stem of a lower-cased word: ё folded, -ан kept, fleeting vowels dropped."""
    word = word.replace("ё", "е")
    return fleeting_vowel(keep_an(word, str(_snowball("russian").stemWord(word))))


@lru_cache(maxsize=100_000)
def stem_en(word: str) -> str:
    """Snowball English (Porter2) stem of a lower-cased word."""
    return str(_snowball("english").stemWord(word))


def stem(word: str, lang: str) -> str:
    """Stem one word as a word of ``lang``.

    Args:
        word: A single word (it is case-folded for ``lang`` first).
        lang: ``ru``, ``en`` or ``az`` (Azerbaijani in Cyrillic is transliterated to Latin
            first); any other language is returned folded but unstemmed.

    Returns:
        The stem.

    >>> stem("беженцев", "ru") == stem("беженец", "ru")
    True
    >>> stem("гачгынларын", "az")
    'qaçqın'
    """
    if lang == "az":
        return stem_az(fold_case(az_cyrillic_to_latin(word), "az"))
    word = fold_case(word, lang)
    if lang == "ru":
        return stem_ru(word)
    if lang == "en":
        return stem_en(word)
    return word
