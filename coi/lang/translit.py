"""Transliteration between scripts: Azerbaijani Cyrillic ↔ Latin, Russian → Latin (issue 3).

Azerbaijani was written in Cyrillic until 1991–2001, so older documents (and Soviet-era names)
must be converted to today's Latin spelling before they can match newer text. No PyPI package
covers Azerbaijani, so the official table lives here; Russian uses ``iuliia`` (MIT).
"""

from __future__ import annotations

from functools import lru_cache

import iuliia

_CYRILLIC = "абвгғдеәжзиыјкҝлмнопрстуүфхһчҹшөАБВГҒДЕӘЖЗИЫЈКҜЛМНОПРСТУҮФХҺЧҸШӨ"
_LATIN = "abvqğdeəjziıykglmnoprstuüfxhçcşöABVQĞDEƏJZİIYKGLMNOPRSTUÜFXHÇCŞÖ"
_AZ_CYR_TO_LAT = {
    **dict(zip(_CYRILLIC, _LATIN, strict=True)),
    # Russian letters in loanwords and the 1939–1958 alphabet (й for ј, ҷ for ҹ, қ for ҝ).
    **{"ё": "yo", "ю": "yu", "я": "ya", "ц": "ts", "щ": "şç", "й": "y", "э": "e", "ҷ": "c"},
    **{"Ё": "Yo", "Ю": "Yu", "Я": "Ya", "Ц": "Ts", "Щ": "Şç", "Й": "Y", "Э": "E", "Ҷ": "C"},
    **{"қ": "g", "Қ": "G", "ъ": "", "ь": "", "Ъ": "", "Ь": ""},
}
"""Official correspondence of 1991 (BGN/PCGN 1993 table; language-notes §3.1): г is q, һ is h,
ҹ is c, ҝ is g, ј is y, х is x, ы is ı, и is i."""

_AZ_LAT_TO_CYR = {
    lat: cyr for cyr, lat in _AZ_CYR_TO_LAT.items() if len(lat) == 1 and cyr not in "йЙҷҶқҚэЭ"
}


def az_cyrillic_to_latin(text: str) -> str:
    """Azerbaijani Cyrillic → Latin by the official 1991 correspondence.

    Letters outside the table (Latin, digits, punctuation) pass through, so mixed text is safe.
    Multi-letter outputs of Russian loan letters keep the case of their neighbour
    (``ЮНЕСКО`` → ``YUNESKO``, ``Юнус`` → ``Yunus``).

    >>> az_cyrillic_to_latin("Илһам Әлијев Ҝәнҹәдә гачгынларла ҝөрүшдү.")
    'İlham Əliyev Gəncədə qaçqınlarla görüşdü.'
    """
    out: list[str] = []
    for i, char in enumerate(text):
        latin = _AZ_CYR_TO_LAT.get(char, char)
        if len(latin) > 1 and _upper_word(text, i):
            latin = latin.upper()
        out.append(latin)
    return "".join(out)


def _upper_word(text: str, i: int) -> bool:
    """Whether the letter at ``i`` is part of an all-capital word."""
    neighbours = text[i - 1 : i] + text[i + 1 : i + 2]
    return any(c.isupper() for c in neighbours)


def az_latin_to_cyrillic(text: str) -> str:
    """Azerbaijani Latin → Cyrillic (the inverse of the 1991 table, without loan letters).

    Used to build and test the Cyrillic-Azerbaijani detection profile from Latin text.

    >>> az_latin_to_cyrillic("Gəncədə qaçqınlar")
    'Ҝәнҹәдә гачгынлар'
    """
    return "".join(_AZ_LAT_TO_CYR.get(c, c) for c in text)


RUSSIAN_SCHEMES = {
    "icao": iuliia.ICAO_DOC_9303,
    "bgn": iuliia.BGN_PCGN,
    "gost": iuliia.GOST_779,
    "mvd310": iuliia.MVD_310,
    "mvd782": iuliia.MVD_782,
    "wikipedia": iuliia.WIKIPEDIA,
}
"""Romanisations of Russian a COI document may have used (language-notes §3.2)."""


@lru_cache(maxsize=8192)
def russian_to_latin(text: str, scheme: str = "icao") -> str:
    """Romanise Russian ``text`` with ``iuliia``.

    The default is ICAO Doc 9303, the standard of Russian passports since 2013–14: it is how
    an applicant's name is written in their travel documents, hence in asylum files (Алиев →
    Aliev, Юлия → Iuliia). ``bgn`` (BGN/PCGN, used by the press and gazetteers: Aliyev),
    ``gost`` (GOST 7.79 A = ISO 9), ``mvd310``, ``mvd782`` and ``wikipedia`` give the spellings
    of older documents. iuliia's stray Cyrillic ё in BGN/PCGN and GOST output is written ë.

    Args:
        text: Russian text.
        scheme: One of :data:`RUSSIAN_SCHEMES`.

    Returns:
        The romanised text.

    Raises:
        ValueError: ``scheme`` is unknown.
    """
    try:
        schema = RUSSIAN_SCHEMES[scheme]
    except KeyError:
        known = ", ".join(RUSSIAN_SCHEMES)
        raise ValueError(f"unknown scheme {scheme!r}; use one of {known}") from None
    return str(schema.translate(text)).replace("ё", "ë").replace("Ё", "Ë")
