"""A document's words, found once for the several fields that hold its text.

A build puts a document's text in its language's field (``text_ru``) and again, after its
title, in ``stops`` and, for Azerbaijani, ``az_folded``: two or three times 3,000 words through
the same tokenizer, which is about half the time of indexing a text's terms (measured on the
5,207 text values of ``bench/index.py``'s 1,000 documents, warm caches: 5.4 s of 12 s). So the
words of the last few long values are remembered, and a value that is one of them with lines
before it (a title, then its text) tokenizes only those lines; a value that such a remembered
one ends with takes its words from the remembered list.

The words are the ones :func:`coi.lang.tokenize.word_texts` gives the whole value: no word
runs across a line break unless a hyphen ends the line before it (a hyphenation, joined by the
tokenizer), and a cut there is never taken.
"""

from __future__ import annotations

import threading

from coi.lang.tokenize import HYPHENS, word_texts

LONG_VALUE = 1_000
"""Characters from which a value's words are remembered (a title is tokenized afresh: cheap)."""
REMEMBERED = 3
"""Long values remembered: a document's text and its title-and-text, with one to spare."""

_memory = threading.local()
"""Each thread's own remembered values (a server's scheduled update may index beside a
command's)."""


def value_words(value: str) -> list[str]:
    """``word_texts(value)``, without tokenizing again what the last long values held.

    The list may be shared with other calls: read it, never change it.
    """
    if len(value) < LONG_VALUE:
        return word_texts(value)
    recent: dict[str, list[str]] = _memory.__dict__.setdefault("recent", {})
    words = recent.get(value)
    if words is None:
        words = _from_recent(value, recent)
        if len(recent) >= REMEMBERED:
            del recent[next(iter(recent))]
        recent[value] = words
    return words


def _from_recent(value: str, recent: dict[str, list[str]]) -> list[str]:
    """The words of ``value``, from a remembered value it ends with or that ends with it."""
    for known, words in recent.items():
        if len(known) < len(value) and _lines_then(value, known):
            return word_texts(value[: len(value) - len(known)]) + words
        if len(value) < len(known) and _lines_then(known, value):
            return words[len(word_texts(known[: len(known) - len(value)])) :]
    return word_texts(value)


def _lines_then(whole: str, tail: str) -> bool:
    """Whether ``whole`` is some lines and then ``tail``, with no word across the cut (so its
    words are those of the lines, then those of ``tail``)."""
    cut = len(whole) - len(tail)
    if whole[cut - 1] != "\n" or not whole.endswith(tail):
        return False
    head = whole[:cut].rstrip(" \t\r\n")
    return not head or head[-1] not in HYPHENS
