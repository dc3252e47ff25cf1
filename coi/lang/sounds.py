"""A name's consonant skeleton: the key where a name meets its transcriptions in any direction.

Russian writes foreign names by their sound (Sturridge → Старридж, Kavanaugh → Кавано, López →
Лопес, Xi Jinping → Си Цзиньпин), English writes Russian and Azerbaijani ones by a
romanisation (Алиев → Aliyev, Əliyev → Aliyev); letters disagree mostly in the vowels and in
how each language spells the same consonant. The skeleton keeps what survives all of these:
the consonants, each sound's spellings written as one class (ch, tch, ç, ч, ц, j, dzh, dge,
zh → J; c before e/i → S; c, k, q, ck, g, h, x, kh → K, as Russian writes h as г or х; s, z →
S; w, v, f, ph → V, as German v is Russian ф: Vettel/Феттель), silent letters dropped (vowel +
gh, a final e after a consonant, h or kh after a vowel before a consonant: John/Джон,
Ahmed/Ахмед), vowels dropped except that a
word starting with one starts with ``A`` and that the glide of a surname's -yev after a vowel
is kept as ``Y`` (Aliyev, Aliev, Алиев are ``ALYV``; Аллев is ``ALV``), and doubled letters
written once. A Russian word
the dictionary knows is read in its dictionary form first (Вашингтона is Вашингтон).

Measured with ``bench/names.py`` on 68 names in two or three spellings (174 pairs): 91 % of
pairs meet (the key of :mod:`coi.lang.names`, which keeps vowel classes: 71 %), no two names
merge (without the glide, Aliyev and Allev did), and a quarter of the names share their key
with a capitalised common word (13 %).
English phonetic keys from a library were measured on the same pairs after ICAO romanisation
(jellyfish 1.3: Soundex 58 %, Metaphone 49 %, NYSIIS 35 %): they know English spelling, not
how Russian and Azerbaijani transcribe, so this key is coi's own. Allowing one edit between
keys gained 2 points of recall for four times the false matches.

A key match is a candidate for a name query, never an identity: the ``names`` field that holds
these keys is searched beside the exact fields, which rank first.
"""

from __future__ import annotations

import re
from functools import lru_cache

from coi.lang.lemma import known_ru, lemma_ru
from coi.lang.names import latin_spelling
from coi.lang.normalize import fold_case, normalize
from coi.lang.tokenize import word_parts
from coi.lang.translit import az_cyrillic_to_latin

_LETTERS = str.maketrans(
    {
        **dict(zip("əıöüğáàâãäåéèêëíìîïóòôõøúùûñ", "eiougaaaaaaeeeeiiiiooooouuun", strict=True)),
        **{"ç": "ch", "ş": "sh", "ž": "zh", "š": "sh", "č": "ch", "ß": "ss"},
    }
)
"""Azerbaijani and accented letters to the plain letter or digraph an English writer uses."""
_NOT_LETTER = re.compile(r"[^a-z]")
_AZERBAIJANI = re.compile(r"[əığşçöüqx]")
_RUSSIAN = re.compile(r"[а-яё]", re.IGNORECASE)
_AZ_CYRILLIC = re.compile(r"[әҹҝјһғөүӘҸҜЈҺҒӨҮ]")
_AZ_NAME_CASE = (
    re.compile(r"'?(?:[dt][aə]n?|[ıiuü]n|y[aə]|l[aə]r)$"),
    re.compile(r"'?n(?:d[aə]n?|[ıiuü]n)$"),
)
"""Azerbaijani case endings of a name with a consonant: -da/-dan (in/from), -ın (of), -ya, and
their forms after a vowel, -nda/-ndan/-nın (which ending it has depends on the stem)."""
_SURNAMES = ("ов", "ев", "ёв", "ин", "ын")
"""A surname's base form (Исмаилов would be lemmatised as a form of Исмаил)."""
_SOFT_VOWEL = re.compile(r"ь(?=[её])", re.IGNORECASE)
"""ь before е/ё, which ICAO drops, is a glide English writes y or i (Васильев: Vasilyev)."""
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        # The glide of a surname's -yev/-yov after a vowel stem is kept, vowels are not:
        # Aliyev, Aliev, Алиев have it, Allev does not (Abdullayev/Абдуллаев, Vasilyev).
        (r"(?:[iy]+|(?<=[aeiou]))[eo](?=va?$)", "Y"),
        (r"ng$", "n"),  # final -ng (pinyin) is Russian н: Deng/Дэн, Jinping/Цзиньпин
        (r"ge$", "j"),  # George, Page: Джордж, Пейдж
        (r"(?<=\w\w[^aeiouy])e$", ""),  # silent final e: Sturridge, Cromwelle
        (r"c(?=[eiy])", "S"),  # Barcelona, Cecil
        (r"(?<=[aeiouy])gh", ""),  # Kavanaugh, Wright, Hugh: silent
        (r"ght", "t"),
        (r"shch|sch|sh", "S"),
        (r"tsz|chzh|dzh|dsh|tch|dge|dg|dj|zh|ch|ts|tz|cz|j", "J"),
        (r"ph|f", "V"),
        (r"th", "T"),
        (r"(?<=[aeiou])k?h(?![aeiouy])|(?<=[aeiou])x(?=[^aeiouy])", ""),  # John/Джон, Naxçıvan
        (r"ck|kh|qu|c|q|k|g|h|x", "K"),
        (r"[sz]", "S"),
        (r"[wv]", "V"),
    )
)
_VOWEL = re.compile(r"[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def _word_skeleton(word: str, azerbaijani: bool) -> str:
    word = normalize(word)
    lower = word.lower()
    russian = _RUSSIAN.search(word) and not _AZ_CYRILLIC.search(word)
    if russian and not lower.endswith(_SURNAMES) and known_ru(lower):
        word = lemma_ru(lower)  # Вашингтона, Москве: the form a name is written in
    if russian:
        word = _SOFT_VOWEL.sub("и", word)
    latin = fold_case(latin_spelling(word), "az")
    if azerbaijani or _AZERBAIJANI.search(latin):
        latin = latin.replace("c", "j")  # Azerbaijani c is English j: Gəncə, Ganja, Гянджа
    latin = _NOT_LETTER.sub("", latin.translate(_LETTERS))
    if not latin:
        return ""
    starts_with_vowel = latin[0] in "aeiou" or latin[:2] in ("ye", "yu", "ya", "yo")  # Юлия/Yulia
    for pattern, replacement in _RULES:
        latin = pattern.sub(replacement, latin)
    skeleton = _VOWEL.sub("", _REPEATS.sub(r"\1", latin)).upper()
    return ("A" + skeleton) if starts_with_vowel else skeleton


def name_forms(word: str, language: str) -> tuple[str, ...]:
    """The forms of a capitalised ``word`` of a ``language`` text worth keying: the word, and in
    Azerbaijani, which suffixes names, also its bare form in Latin script (``Barselonada``,
    ``Барселонада``: ``Barselona``; only endings with a consonant matter, the key drops vowels).

    >>> name_forms("Barselonada", "az"), name_forms("Ərdoğanın", "az")
    (('Barselonada', 'Barselona'), ('Ərdoğanın', 'Ərdoğan', 'Ərdoğa'))
    """
    if language != "az":
        return (word,)
    latin = az_cyrillic_to_latin(word)
    bare = (ending.sub("", latin) for ending in _AZ_NAME_CASE)
    return word, *dict.fromkeys(form for form in bare if len(form) >= 3 and form != latin)


def sound_key(name: str, *, azerbaijani: bool = False) -> str:
    """The consonant skeleton of a name (one or more words, keys joined by spaces).

    Args:
        name: A name in Latin (any romanisation, Azerbaijani letters) or Cyrillic script.
        azerbaijani: Read a Latin ``c`` as Azerbaijani (English j: ``Starric`` is Sturridge),
            not only in words with a letter only Azerbaijani has (``Gəncə``).

    Returns:
        The key; empty if ``name`` has no word of letters.

    >>> sound_key("Старридж") == sound_key("Sturridge")
    True
    >>> sound_key("Бернерс-Ли") == sound_key("Berners-Lee")
    True
    >>> sound_key("Əliyev") == sound_key("Алиев") == sound_key("Aliyev")
    True
    >>> sound_key("Starric", azerbaijani=True) == sound_key("Sturridge")
    True
    """
    keys = (_word_skeleton(part, azerbaijani) for part, _, _ in word_parts(name))
    return " ".join(k for k in keys if k)
