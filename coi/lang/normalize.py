"""Text normalisation shared by detection, the analyzers and the name keys (issue 3).

Everything here is a pure ``str -> str`` function and idempotent, so text can be normalised at
crawl time, again at index time and once more for a query without drifting apart.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CYRILLIC_TO_LATIN_LOOKALIKES = dict(
    zip(
        "аеорсхуіјәһкАВЕКМНОРСТХУІЈӘҺ",
        "aeopcxyijəhkABEKMHOPCTXYIJƏH",
        strict=True,
    )
)
"""Cyrillic letters that look like a Latin letter (language-notes §1.5), mapped to it."""
LATIN_TO_CYRILLIC_LOOKALIKES = {lat: cyr for cyr, lat in CYRILLIC_TO_LATIN_LOOKALIKES.items()}

_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_PLAIN = str.maketrans(
    {
        **_LIGATURES,
        **dict.fromkeys("“”„‟«»〝〞＂", '"'),
        **dict.fromkeys("‘’‚‛′", "'"),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        **dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008", " "),
        **dict.fromkeys("\u2009\u200a\u202f\u205f\u3000", " "),
        **dict.fromkeys("\u00ad\u200b\u2060\ufeff", None),
    }
)
"""Ligatures, typographic quotes, dashes and spaces to plain ASCII; invisible breaks removed."""

_WORD = re.compile(r"[^\W\d_]+")
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*\r?\n[ \t]*(?=[^\W\d_])")


def _script(char: str) -> str:
    """``L`` for a Latin letter, ``C`` for a Cyrillic one, ``""`` otherwise."""
    if char in CYRILLIC_TO_LATIN_LOOKALIKES:
        return "C"
    if char in LATIN_TO_CYRILLIC_LOOKALIKES or char.isascii():
        return "L"
    name = unicodedata.name(char, "")
    return "L" if name.startswith("LATIN") else "C" if name.startswith("CYRILLIC") else ""


@lru_cache(maxsize=65536)
def _repair_word(word: str) -> str:
    """One word in one script: the minority script's look-alike letters take the majority's."""
    scripts = [_script(c) for c in word]
    if "L" not in scripts or "C" not in scripts:
        return word
    # Letters without a look-alike (l, ş, д, ы ...) say which script the word is really in.
    fixed = {
        s: sum(1 for c, sc in zip(word, scripts, strict=True) if sc == s and not _lookalike(c))
        for s in "LC"
    }
    total = {s: scripts.count(s) for s in "LC"}
    target = max("LC", key=lambda s: (fixed[s], total[s], s == "L"))
    table = CYRILLIC_TO_LATIN_LOOKALIKES if target == "L" else LATIN_TO_CYRILLIC_LOOKALIKES
    return "".join(table.get(c, c) for c in word)


def _lookalike(char: str) -> bool:
    return char in CYRILLIC_TO_LATIN_LOOKALIKES or char in LATIN_TO_CYRILLIC_LOOKALIKES


def fix_mixed_script(text: str) -> str:
    """Repair words that mix Latin and Cyrillic look-alike letters (``bölmә``, ``Bеlә``).

    2.7 % of real Azerbaijani web sentences contain such a word (language-notes §0); left alone,
    the word matches neither spelling. In each word with both scripts, the script that owns the
    letters without a look-alike wins (ties: the majority, then Latin), and the other script's
    look-alikes are mapped to it.
    """
    return _WORD.sub(lambda m: _repair_word(m.group()), text)


def _drop_diaeresis_after_ie(text: str) -> str:
    """ё → е (and Ё → Е), also when the diaeresis is a separate combining mark."""
    decomposed = unicodedata.normalize("NFD", text)
    out: list[str] = []
    base = ""
    for char in decomposed:
        if unicodedata.combining(char):
            if char == "\u0308" and base in "еЕ":
                continue
        else:
            base = char
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


def normalize(text: str, lang: str | None = None) -> str:
    """Normalise ``text`` for matching and display; idempotent.

    NFC; ligatures (ﬁ → fi), typographic quotes, dashes and spaces to plain ones; soft hyphens
    and zero-width spaces removed; words hyphenated at a line end (PDF text) joined when the line
    goes on in lower case; mixed Latin/Cyrillic words repaired (:func:`fix_mixed_script`); for
    Russian, ё → е (Russian text writes ё only sometimes, so both spellings must meet).

    Args:
        text: Any text.
        lang: ISO 639-1 code of the text, if known (only ``ru`` changes the result).

    Returns:
        The normalised text.
    """
    text = unicodedata.normalize("NFC", text).translate(_PLAIN)
    text = _LINE_END_HYPHEN.sub(lambda m: _join_or_keep(m, text), text)
    text = unicodedata.normalize("NFC", fix_mixed_script(text))
    if lang == "ru":
        text = _drop_diaeresis_after_ie(text)
    return text


def _join_or_keep(match: re.Match[str], text: str) -> str:
    """Join a line-end hyphenation when the next line continues the word in lower case."""
    return "" if text[match.end()].islower() else match.group()


TURKIC = frozenset({"az", "tr", "kk", "tt", "crh", "gag"})
"""Languages whose dotted and dotless i are separate letters (I ↔ ı, İ ↔ i)."""
_TURKIC_UPPER = str.maketrans({"I": "ı", "İ": "i"})


def fold_case(text: str, lang: str | None = None) -> str:
    """Case-fold ``text`` for matching, Turkic-aware.

    For Turkic languages (:data:`TURKIC`) I → ı and İ → i before ``casefold`` (``QAÇQIN`` →
    ``qaçqın``). For any other language, including ``None`` (unknown), ordinary ``casefold``,
    except that İ → i: İ only occurs in Turkic text and ``casefold`` would turn it into i plus a
    combining dot, which matches nothing. A dotless capital I cannot be decided without the
    language, so for ``None`` it becomes i (right for English and Russian text).

    Args:
        text: Any text.
        lang: ISO 639-1 code, or ``None`` when unknown.

    Returns:
        The folded text.
    """
    if lang in TURKIC:
        return text.translate(_TURKIC_UPPER).casefold()
    return text.replace("İ", "i").casefold()
