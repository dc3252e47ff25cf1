"""Cross-script name keys: Əliyev, Aliyev, Aliev, Alijev, Алиев, Әлијев all give ``ALAV`` (issue 3).

An Azerbaijani name reaches COI documents in Azerbaijani Latin, pre-2001 Azerbaijani
Cyrillic, Russian, and the romanisations of the Russian form (ICAO: Aliev; BGN/PCGN and the
press: Aliyev; German: Alijew). The key keeps only what all routes agree on (language-notes
§3.4; measured 103 of 104 spellings of 17 names matched, no two names merged): consonant
classes (az h ↔ ru г ↔ g, az x ↔ kh, az c ↔ дж ↔ j), vowels reduced to three classes, i/ı/y
dropped. It is for a separate ``names`` field that widens a name query; a key match is a
candidate, never an identity.
"""

from __future__ import annotations

import re
from functools import lru_cache

from coi.lang.normalize import fold_case, normalize
from coi.lang.tokenize import word_parts
from coi.lang.translit import az_cyrillic_to_latin, russian_to_latin

_AZ_CYRILLIC = frozenset("әҹҝјһғөүӘҸҜЈҺҒӨҮ")
_RU_SURNAME_CASE = re.compile(r"(ов|ев|ёв|ин|ын)(а|у|ым|ом|е|ой|ою|ых|ыми|ы)$", re.IGNORECASE)
"""Russian surnames in -ов/-ев/-ин decline (Алиева, Алиеву, Алиевым): back to the base form."""

_VOWELS = "aeiouəıöüy"
_DIGRAPHS = (
    ("shch", "SC"),
    ("sch", "S"),
    ("dzh", "J"),
    ("dž", "J"),
    ("dj", "J"),
    ("kh", "K"),
    ("gh", "K"),
    ("zh", "Z"),
    ("sh", "S"),
    ("ch", "C"),
    ("ou", "U"),
    ("yu", "U"),
    ("iu", "U"),
    ("ya", "A"),
    ("ia", "A"),
    ("ye", "A"),
    ("ie", "A"),
    ("yo", "O"),
    ("io", "O"),
)
_CLASSES = str.maketrans(
    {
        **dict.fromkeys("ghqğxk", "K"),
        **dict.fromkeys("cj", "J"),
        "ç": "C",
        **dict.fromkeys("şs", "S"),
        **dict.fromkeys("žz", "Z"),
        **dict.fromkeys("vw", "V"),
        **dict.fromkeys("əae", "A"),
        **dict.fromkeys("oö", "O"),
        **dict.fromkeys("uü", "U"),
        **dict.fromkeys("iıy", None),
    }
)
_REPEATS = re.compile(r"(.)\1+")


def latin_spelling(word: str) -> str:
    """A Latin spelling of a Cyrillic name word: Azerbaijani table if it has az letters."""
    if any(c in _AZ_CYRILLIC for c in word):
        return az_cyrillic_to_latin(word)
    if any("\u0400" <= c <= "\u04ff" for c in word):
        return russian_to_latin(_RU_SURNAME_CASE.sub(r"\1", word), "icao")
    return word


def _glide_j(word: str) -> str:
    """j after i/ı/y or between a vowel and a consonant is a glide (Alijev, Gusejnov): y."""
    out = list(word)
    for i, char in enumerate(word):
        if char != "j" or i == 0:
            continue
        before, after = word[i - 1], word[i + 1 : i + 2]
        if before in "iıy" or (before in _VOWELS and after and after not in _VOWELS):
            out[i] = "y"
    return "".join(out)


@lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    latin = fold_case(latin_spelling(normalize(word)), "az").replace("'", "")
    text = _glide_j(latin)
    for digraph, cls in _DIGRAPHS:
        text = text.replace(digraph, cls)
    key = _REPEATS.sub(r"\1", text.translate(_CLASSES).upper())
    if len(key) > 2 and key[-1] in "AOU":
        key = key[:-1]
    return key


def name_key(name: str) -> str:
    """The spelling-independent key of a name (one or more words, keys joined by spaces).

    Args:
        name: A name in any of the scripts and romanisations above.

    Returns:
        The key; empty if ``name`` has no word.

    >>> name_key("Əliyev") == name_key("Алиев") == name_key("Aliev") == name_key("Әлијев")
    True
    >>> name_key("Ильхам Гейдар оглы Алиев") == name_key("İlham Heydər oğlu Əliyev")
    True
    """
    keys = (_word_key(part) for part, _, _ in word_parts(name))
    return " ".join(k for k in keys if k)
