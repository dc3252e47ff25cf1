"""Russian lemmas from a morphological dictionary (pymorphy3), for the index terms of Russian.

Snowball cuts endings by their letters, so forms whose stem changes fall apart: пепел and
пепла (a fleeting е), Алиев and Алиева (it reads -ев as an ending of one but not the other),
Киев and Киеве. pymorphy3 knows from OpenCorpora's dictionary, or from the endings of words
like an unknown one, which dictionary form a word is a form of, so every form of a word gets
the same term. It is slow per word (tens of microseconds, more for an unknown word), which
the analyzers' per-word caches absorb: a text's distinct words are far fewer than its words.
"""

from __future__ import annotations

from functools import lru_cache

from coi.lang.inflect import morph_analyzer, readings


@lru_cache(maxsize=200_000)
def lemma_ru(word: str) -> str:
    """The dictionary form of a lower-cased Russian word, ё written е.

    The most probable reading wins (pymorphy3 orders readings by their frequency in
    OpenCorpora), so ``стали`` is a form of ``стать``, not of ``сталь``.

    >>> lemma_ru("пепла"), lemma_ru("алиевым"), lemma_ru("детей")
    ('пепел', 'алиев', 'ребенок')
    """
    found = readings(word)
    return str(found[0].normal_form).replace("ё", "е") if found else word


@lru_cache(maxsize=100_000)
def known_ru(word: str) -> bool:
    """Whether pymorphy3's dictionary has the lower-cased Russian ``word`` (its lemma of an
    unknown word is a guess from similar endings: ``обрадор`` would become ``обрадора``)."""
    return bool(morph_analyzer().word_is_known(word))
