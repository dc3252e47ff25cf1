"""Every inflected form of a Russian word, from a morphological dictionary (pymorphy3).

A stemmer guesses a word's ending from its letters, and for names it guesses wrong both ways:
Snowball reads the ``-ев`` of ``Киев`` and the ``-ен`` of ``Мюнхен`` as endings (``ки``,
``мюнх``) but not those of ``Киеве`` and ``Мюнхене``, so a name and its case forms never meet;
and it gives ``Нигерии`` (Nigeria) and ``Нигера`` (Niger) one stem. pymorphy3 knows from
OpenCorpora's dictionary, or from the endings of words like it, which forms a word really has,
so a name can be matched on exactly those forms. It is a maintained analyser with the
dictionary packaged, and generating forms is all coi asks of it.
"""

from __future__ import annotations

from functools import lru_cache

import pymorphy3


@lru_cache(maxsize=1)
def morph_analyzer() -> pymorphy3.MorphAnalyzer:
    """The one Russian morphological analyser of a process (its dictionary takes ~15 MB)."""
    return pymorphy3.MorphAnalyzer(lang="ru")


def readings(word: str) -> list[pymorphy3.analyzer.Parse]:
    """pymorphy3's readings of ``word``, likeliest first; none for a word it cannot read.

    Its shape check asks Unicode for the name of every letter, and letters that have none (a
    Tangut ideograph, typed into a search or found in a page) raised ValueError out of a search.
    """
    try:
        return list(morph_analyzer().parse(word))
    except ValueError:
        return []


@lru_cache(maxsize=20_000)
def russian_forms(word: str) -> frozenset[str]:
    """The case and number forms of ``word`` (lower case, ``ё`` written ``е``) when it is a
    nominative: every form of each reading of it as a nominative, with the word itself.

    >>> sorted(russian_forms("нигерия"))
    ['нигерией', 'нигерии', 'нигерию', 'нигерия']
    >>> "киеве" in russian_forms("киев")
    True
    """
    word = word.replace("ё", "е")
    forms = {word}
    for parse in readings(word):
        if "nomn" in parse.tag:
            forms.update(form.word.replace("ё", "е") for form in parse.lexeme)
    return frozenset(forms)
