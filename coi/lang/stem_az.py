"""A light, vowel-harmony-aware Azerbaijani stemmer (issue 3; language-notes §2.4–2.5).

Snowball has no Azerbaijani stemmer and its Turkish one is wrong for it (it cannot see ə as a
vowel, and devoices kitab → kitap). This one strips *inflection only*, outermost first:

=============  ==========================================  ======================================
class          suffixes (A = a/ə, I = ı/i/u/ü by harmony)  why
=============  ==========================================  ======================================
predicative    -dIrlAr, -dIr                               "is/are" on nouns: qaçqındır
relative       -kI, only right after -dA                   Bakıdakı "the one in Baku"
case           -ndAn -dAn -ndA -dA -nIn -In -nA -yA -A     ablative, locative, genitive, dative,
               -nI -I -ylA -lA                             accusative, instrumental (ilə as -lA)
possessive     -ImIz -mIz -InIz -nIz -sI -Im -I            our, your, his/her/its, my
plural         -lAr                                        qaçqınlar, ölkələr
=============  ==========================================  ======================================

Derivation (-lIq, -çI, -lI, -sIz), verb endings and negation -mA are never stripped: they
change the meaning (azadlıq ≠ azad, qanunsuz ≠ qanun). A suffix only matches when its vowel
agrees with the last vowel left (harmony), buffer forms (-nIn -nA -yA -nI -ylA -mIz -nIz -sI
-ndA -ndAn) only after a vowel, vowel-initial forms (-In -A -I -Im -ImIz -InIz) only after a
consonant, and at least three letters with a vowel must remain.

The same ending often has two readings (qanunun = qanun + un or qanu + nun; kəndə = kənd + ə or
kən + də). Every reading is generated, and the longest stem that is a known word in the MIT
lexicon of aznlp-disc/stemmer wins (so qan "blood" and qanun "law" stay apart). Words the
lexicon does not know (mostly names: Naxçıvan, Gəncə) take the greedy longest-suffix reading,
then a final ğ or y is read as the q or k it stands for before a vowel, bare or inflected, and
a final vowel + n (from four letters on) and a final vowel are dropped, so that both readings
of their endings (Naxçıvan+ın, Gəncə+nin, İran+da or İra+nda) and the bare name give the
same stem (Qarabağ, Qarabağda and Qarabağın are all qarabaq; İran and İranda both ira).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from importlib import resources

VOWELS = frozenset("aıoueəiöü")
BACK_VOWELS = frozenset("aıou")
_I_AFTER = dict(zip("aıoueəiöü", "ııuuiiiüü", strict=True))
"""The 4-way harmony vowel (written I) after each vowel."""

_ANY, _AFTER_VOWEL, _AFTER_CONSONANT, _AFTER_DA = "any", "vowel", "consonant", "dA"
SUFFIX_CLASSES: tuple[tuple[tuple[str, str], ...], ...] = (
    (("dIrlAr", _ANY), ("dIr", _ANY)),
    (("kI", _AFTER_DA),),
    (
        ("ndAn", _AFTER_VOWEL),
        ("dAn", _ANY),
        ("ndA", _AFTER_VOWEL),
        ("dA", _ANY),
        ("nIn", _AFTER_VOWEL),
        ("ylA", _AFTER_VOWEL),
        ("In", _AFTER_CONSONANT),
        ("nA", _AFTER_VOWEL),
        ("yA", _AFTER_VOWEL),
        ("nI", _AFTER_VOWEL),
        ("lA", _ANY),
        ("A", _AFTER_CONSONANT),
        ("I", _AFTER_CONSONANT),
    ),
    (
        ("ImIz", _AFTER_CONSONANT),
        ("InIz", _AFTER_CONSONANT),
        ("mIz", _AFTER_VOWEL),
        ("nIz", _AFTER_VOWEL),
        ("sI", _AFTER_VOWEL),
        ("Im", _AFTER_CONSONANT),
        ("I", _AFTER_CONSONANT),
    ),
    (("lAr", _ANY),),
)
"""Suffix templates per class, outermost class first, longest first within a class."""
MIN_WORD = 4
"""Shorter words are returned unchanged: too little left to tell a suffix from the root."""
_PASSES = 3


def _last_vowel(text: str) -> str | None:
    for char in reversed(text):
        if char in VOWELS:
            return char
    return None


@lru_cache(maxsize=1024)
def _realise(template: str, vowel: str) -> str:
    """The suffix template with A and I replaced by the vowels harmony asks for after ``vowel``."""
    a = "a" if vowel in BACK_VOWELS else "ə"
    return template.replace("A", a).replace("I", _I_AFTER[vowel])


def suffixed(word: str, template: str) -> str:
    """``word`` with the suffix ``template`` (A = a/ə, I = ı/i/u/ü) in its vowel harmony:
    ``suffixed("iran", "dA")`` is ``iranda``, ``suffixed("gəncə", "nIn")`` is ``gəncənin``."""
    return word + _realise(template, _last_vowel(word) or "a")


@lru_cache(maxsize=64)
def _endings(template: str) -> tuple[str, ...]:
    """Every spelling of the suffix ``template`` (a cheap first test before harmony)."""
    return tuple({_realise(template, v) for v in "aeoö"})


def _strips(word: str, template: str, condition: str) -> str | None:
    """``word`` without the suffix ``template`` if it ends in it under the rules, else None."""
    if not word.endswith(_endings(template)):
        return None
    rest = word[: -len(template)]
    vowel = _last_vowel(rest)
    if vowel is None or len(rest) < 3 or not word.endswith(_realise(template, vowel)):
        return None
    ends_in_vowel = rest[-1] in VOWELS
    if condition == _AFTER_VOWEL and not ends_in_vowel:
        return None
    if condition == _AFTER_CONSONANT and ends_in_vowel:
        return None
    if condition == _AFTER_DA and not rest.endswith(("da", "də")):
        return None
    return rest


@lru_cache(maxsize=2)
def class_endings(
    endings: Callable[[str], tuple[str, ...]] = _endings,
) -> tuple[tuple[str, ...], ...]:
    """Every spelling (by ``endings``) of every suffix of each class: a word ending in none of
    them has none of the class's suffixes to strip, found in one call instead of one a suffix (a
    build stems each new Azerbaijani word: 13 suffixes, most words end in none of them). The
    folded stemmer (:mod:`coi.lang.fold_az`) asks with its own, folded spellings."""
    return tuple(
        tuple(sorted({ending for template, _ in suffixes for ending in endings(template)}))
        for suffixes in SUFFIX_CLASSES
    )


def _readings(word: str) -> list[str]:
    """Every stem reachable by stripping suffixes in class order, over up to three passes."""
    seen = {word}
    frontier = [word]
    for _ in range(_PASSES):
        found: list[str] = []
        for start in frontier:
            states = [start]
            for suffixes, endings in zip(SUFFIX_CLASSES, class_endings(), strict=True):
                stripped = [
                    rest
                    for state in states
                    if state.endswith(endings)
                    for template, condition in suffixes
                    if (rest := _strips(state, template, condition)) is not None
                ]
                states += stripped
            found += [s for s in states if s not in seen]
            seen.update(states)
        if not found:
            break
        frontier = found
    return sorted(seen, key=lambda s: (-len(s), s))


def _greedy(word: str) -> str:
    """The reading that takes the longest matching suffix of each class, to a fixpoint."""
    for _ in range(_PASSES):
        before = word
        for suffixes in SUFFIX_CLASSES:
            for template, condition in suffixes:
                rest = _strips(word, template, condition)
                if rest is not None:
                    word = rest
                    break
        if word == before:
            break
    return word


def _restorations(stem: str) -> tuple[str, ...]:
    """``stem`` and its dictionary form before a vowel: uşağ → uşaq, ürəy → ürək."""
    if stem.endswith("ğ"):
        return stem, stem[:-1] + "q"
    if stem.endswith("y") and len(stem) > 2 and stem[-2] in "eəiöü":
        return stem, stem[:-1] + "k"
    return (stem,)


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """The Azerbaijani lexicon shipped in ``data/az-lexicon.txt`` (front-coded, see its header)."""
    text = resources.files("coi.lang").joinpath("data/az-lexicon.txt").read_text("utf-8")
    words: list[str] = []
    previous = ""
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        previous = previous[: int(line[0])] + line[1:]
        words.append(previous)
    return frozenset(words)


@lru_cache(maxsize=100_000)
def stem_az(word: str) -> str:
    """Stem one lower-cased (Turkic-folded) Azerbaijani word in Latin script.

    Anything after an apostrophe is cut first (some writers separate suffixes on names:
    Bakı'da).

    >>> [stem_az(w) for w in ("qaçqın", "qaçqınlar", "qaçqına", "qaçqınların")]
    ['qaçqın', 'qaçqın', 'qaçqın', 'qaçqın']
    >>> stem_az("qanunun"), stem_az("qanı")
    ('qanun', 'qan')
    """
    word = word.split("'", 1)[0]
    if len(word) < MIN_WORD:
        return word
    known = lexicon()
    for reading in _readings(word):
        for form in _restorations(reading):
            if form in known:
                return form
    stem = _restorations(_greedy(word))[-1]
    if len(stem) >= 4 and stem[-1] == "n" and stem[-2] in VOWELS:
        stem = stem[:-1]
    if len(stem) > 3 and stem[-1] in VOWELS:
        stem = stem[:-1]
    return stem
