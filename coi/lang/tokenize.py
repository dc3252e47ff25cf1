"""Word tokens of raw text, with their character offsets (issue 3).

The tokenizer runs on *raw* text so that offsets stay valid for highlighting; what would
break a word in raw text (a soft hyphen, a combining accent, a PDF line-end hyphenation) is
kept inside the token and removed later by :func:`coi.lang.normalize`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060"
_APOSTROPHES = "'’ʼ‘`"
HYPHENS = "-‐‑"
"""The hyphens that join a word's parts, or a word hyphenated at a line end."""
_HYPHEN_SET = frozenset(HYPHENS)


@lru_cache(maxsize=1)
def _marks() -> str:
    """A regex class body of every combining mark in the BMP (``\\w`` does not match them)."""
    ranges: list[str] = []
    start: int | None = None
    for code in range(0x10000):
        is_mark = unicodedata.category(chr(code)).startswith("M")
        if is_mark and start is None:
            start = code
        elif not is_mark and start is not None:
            ranges.append(f"\\u{start:04x}-\\u{code - 1:04x}")
            start = None
    return "".join(ranges)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    letter = f"(?:[^\\W_]|[{_marks()}])"
    chunk = f"{letter}(?:{letter}|[{_INVISIBLE}])*"
    joiner = f"(?:[{_APOSTROPHES}]|[{HYPHENS}](?:[ \\t]*\\r?\\n[ \\t]*)?)"
    token = re.compile(f"{chunk}(?:{joiner}{chunk})*")
    hyphen = re.compile(f"[{HYPHENS}]([ \\t]*\\r?\\n[ \\t]*)?")
    return token, hyphen


def tokenize(text: str) -> list[str]:
    """The word tokens of ``text``, as written.

    A token is a run of letters, digits and combining marks; apostrophes and hyphens inside
    it are kept (``O'Brien``, ``Bakı'da``, ``qat-qat``, ``COVID-19``, ``кто-то``).

    >>> tokenize("«Беженцы» из Нагорно-Карабаха, O’Brien; qaçqınlar.")
    ['Беженцы', 'из', 'Нагорно-Карабаха', 'O’Brien', 'qaçqınlar']
    """
    token, _ = _patterns()
    return token.findall(text)


def word_parts(text: str) -> Iterator[tuple[str, int, int]]:
    """The units coi indexes: tokens split at their hyphens, with start and end offsets.

    ``Нагорно-Карабаха`` gives ``Нагорно`` and ``Карабаха``, so a query for either part
    matches. A hyphen at a line end followed by a lower-case letter is a hyphenation, not a
    compound, and stays inside the part (normalisation joins it).
    """
    token, hyphen = _patterns()
    for match in token.finditer(text):
        start = match.start()
        word = match.group()
        if _HYPHEN_SET.isdisjoint(word):  # most words: no cut to look for (one C call: a
            # generator over the hyphens cost a third of the tokenizer's time)
            yield word, start, match.end()
            continue
        for cut in hyphen.finditer(word):
            end = match.start() + cut.start()
            if cut.group(1) and text[match.start() + cut.end()].islower():
                continue
            yield text[start:end], start, end
            start = match.start() + cut.end()
        yield text[start : match.end()], start, match.end()


@lru_cache(maxsize=1)
def _part_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A part of :func:`word_parts` as one match (a hyphen joins only at a line end), and a
    hyphen at a line end."""
    letter = f"(?:[^\\W_]|[{_marks()}])"
    chunk = f"{letter}(?:{letter}|[{_INVISIBLE}])*"
    joiner = f"(?:[{_APOSTROPHES}]|[{HYPHENS}][ \\t]*\\r?\\n[ \\t]*)"
    return re.compile(f"{chunk}(?:{joiner}{chunk})*"), re.compile(f"[{HYPHENS}][ \\t]*\\r?\\n")


def word_texts(text: str) -> list[str]:
    """The texts of :func:`word_parts`, without offsets: what indexing needs.

    One ``findall`` instead of a Python step per word: half the time of :func:`word_parts`
    (measured on 60 generated documents of 3,000 words: 0.34-0.41 s against 0.17-0.19 s), and
    :func:`plain_words`' simpler pattern for a text without combining marks (0.26 s against
    0.18 s). Only a text with a hyphen at a line end has its words looked at one by one, to cut
    those before a capital (``Foo-\\nBar``).
    """
    words = plain_words(text)
    if words is not None:
        return words
    part, line_end = _part_patterns()
    words = part.findall(text)
    if line_end.search(text) is None:
        return words
    return [
        piece
        for word in words
        for piece in ((p for p, _, _ in word_parts(word)) if "\n" in word else (word,))
    ]


_PLAIN_WORD = re.compile(f"[^\\W_]++(?:[{_APOSTROPHES}][^\\W_]++)*+")
"""Letters, with apostrophes inside. Possessive (no character is both a letter and an
apostrophe, so giving a matched one back could never make another match): 16% quicker,
measured on 1,000 texts of 3,000 words (1.42 s against 1.69 s)."""


@lru_cache(maxsize=1)
def _not_plain() -> re.Pattern[str]:
    return re.compile(f"[{_marks()}{_INVISIBLE}]|[{HYPHENS}][ \\t]*\\r?\\n")


def plain_words(text: str) -> list[str] | None:
    """The texts of :func:`word_parts` of a text without combining marks, invisible characters
    or a hyphen at a line end, by a pattern of letters and apostrophes only; None for another
    text. Three times faster than :func:`word_texts` (whose pattern tries the combining marks
    at every letter), measured on the windows snippets are made from.
    """
    if _not_plain().search(text):
        return None
    return _PLAIN_WORD.findall(text)
