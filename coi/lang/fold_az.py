"""Azerbaijani as typed without its letters: one folded term for qaçqın, qacqin and qachqin.

Many users type Azerbaijani on an English, Russian or Turkish keyboard, and many sources drop
the letters a keyboard lacks: ``qacqin`` for ``qaçqın``, ``vetendasliq`` for ``vətəndaşlıq``,
``Eliyev`` for ``Əliyev``, ``Xankendi`` written ``Khankendi``. :func:`fold_az` writes a word
the way all of these meet (ə/ä → e, ı → i, ç → c, ş → s, ğ → g, ö → o, ü → u, and the digraphs
ch, sh, gh, kh → c, s, g, x), and :func:`folded_term` strips its inflection.

The correct spelling's stemmer cannot be reused on folded text: its vowel harmony needs ı and ü,
and its lexicon is spelled with the letters. So the suffixes are stripped here without harmony
(a = a/ə, I = i/ı/u/ü once folded) and the longest reading found in the *folded* lexicon wins;
a word the lexicon lacks takes the longest-suffix reading. Index and query both fold the raw
word first and then strip, so they always agree, whatever the spelling; the folded field is
searched beside the exact one, at a lower weight, so the exact spelling ranks first.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product

from coi.lang.normalize import fold_case, normalize
from coi.lang.stem_az import MIN_WORD, SUFFIX_CLASSES, class_endings, lexicon
from coi.lang.translit import az_cyrillic_to_latin

_LETTERS = str.maketrans(
    {"ə": "e", "ä": "e", "ı": "i", "ç": "c", "ş": "s", "ğ": "g", "ö": "o", "ü": "u"}
)
_DIGRAPHS = (("ch", "c"), ("sh", "s"), ("gh", "g"), ("kh", "x"))
"""How English and Russian romanisation write ç, ş, ğ and x."""
_VOWELS = frozenset("aeiou")
_ANY, _AFTER_VOWEL, _AFTER_CONSONANT, _AFTER_DA = "any", "vowel", "consonant", "dA"


@lru_cache(maxsize=65_536)
def fold_az(word: str) -> str:
    """A lower-cased Azerbaijani word (Latin or Cyrillic) without the letters a keyboard lacks.

    Remembered: the folded field asks for each new word twice (whether folding changes it,
    then its term), and normalising a word costs tens of microseconds.

    >>> fold_az("Qaçqınlar") == fold_az("qacqinlar") == fold_az("QACHQINLAR")
    True
    >>> fold_az("Vətəndaşlıq"), fold_az("Khankendi")
    ('vetendasliq', 'xankendi')
    """
    text = fold_case(az_cyrillic_to_latin(normalize(word)), "az")
    text = text.translate(_LETTERS)
    for digraph, letter in _DIGRAPHS:
        text = text.replace(digraph, letter)
    return text.replace("'", "").replace("’", "")


def unlettered(word: str) -> str:
    """``word`` lower-cased as a text typed without Azerbaijani letters writes it, each replaced
    by the plain Latin letter it looks like (the digraphs left alone: a text writes one way).

    >>> unlettered("Qaçqınların"), unlettered("Əliyev")
    ('qacqinlarin', 'eliyev')
    """
    return fold_case(word, "az").translate(_LETTERS)


@lru_cache(maxsize=1)
def folded_lexicon() -> frozenset[str]:
    """The Azerbaijani lexicon (:func:`coi.lang.stem_az.lexicon`), folded."""
    return frozenset(fold_az.__wrapped__(word) for word in lexicon())  # not remembered


@lru_cache(maxsize=128)
def _endings(template: str) -> tuple[str, ...]:
    """Every folded spelling of a suffix template (A: a/e; I: i/u), harmony left out."""
    choices = [("a", "e") if c == "A" else ("i", "u") if c == "I" else (c,) for c in template]
    return tuple(sorted({"".join(letters) for letters in product(*choices)}))


def _strips(word: str, template: str, condition: str) -> str | None:
    """``word`` without a folded spelling of the suffix, if the rest may carry it."""
    if not word.endswith(_endings(template)):
        return None
    rest = word[: -len(template)]
    if len(rest) < 3 or not _VOWELS.intersection(rest):
        return None
    ends_in_vowel = rest[-1] in _VOWELS
    if condition == _AFTER_VOWEL and not ends_in_vowel:
        return None
    if condition == _AFTER_CONSONANT and ends_in_vowel:
        return None
    if condition == _AFTER_DA and not rest.endswith(("da", "de")):
        return None
    return rest


def _readings(word: str) -> list[str]:
    """Every stem reachable by stripping suffixes in class order, longest first."""
    seen = {word}
    frontier = [word]
    while frontier:
        found: list[str] = []
        for start in frontier:
            states = [start]
            for suffixes, endings in zip(SUFFIX_CLASSES, class_endings(_endings), strict=True):
                states += [
                    rest
                    for state in states
                    if state.endswith(endings)
                    for template, condition in suffixes
                    if (rest := _strips(state, template, condition)) is not None
                ]
            found += [s for s in states if s not in seen]
            seen.update(states)
        frontier = found
    return sorted(seen, key=lambda s: (-len(s), s))


@lru_cache(maxsize=200_000)
def folded_term(word: str) -> str | None:
    """The term of the folded field for one raw word: :func:`fold_az`, then its inflection
    stripped (see the module docstring); None for a word with no letter.

    >>> folded_term("qaçqınların") == folded_term("qacqin") == folded_term("qachqinlar")
    True
    >>> folded_term("sığınacaqda") == folded_term("siginacaq")
    True
    """
    folded = fold_az(word)
    if not any(c.isalpha() for c in folded):
        return None
    if len(folded) < MIN_WORD:
        return folded
    readings = _readings(folded)
    known = folded_lexicon()
    for reading in readings:
        for form in _restorations(reading):
            if form in known:
                return form
    return _restorations(min(readings, key=len))[-1]


def _restorations(stem: str) -> tuple[str, ...]:
    """``stem`` and its dictionary form before a vowel: usag (uşağ) → usaq, urey → urek."""
    if stem.endswith("g"):
        return stem, stem[:-1] + "q"
    if stem.endswith("y") and len(stem) > 2 and stem[-2] in "eiou":
        return stem, stem[:-1] + "k"
    return (stem,)
