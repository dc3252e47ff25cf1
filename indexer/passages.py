"""Picking and marking the passages of a snippet: the words a query matched, the best one or two
stretches of about :data:`FRAGMENT_CHARS` characters around them, escaped, matches in ``<mark>``.

Whoosh's highlighter did this through a Token object and four generators per word of the
window, which made snippets most of a search's time (measured by ``bench/snippets.py``). Here a
word's index term is one dict look-up in the table its analyzer's filter fills
(:meth:`indexer.analysis.TermFilter.index_table`), the same term the index holds, and fragments
are chosen over the list of matches.

A fragment starts at the sentence its first match is in when that starts close before it, so a
passage does not open on the tail of the sentence before (``men.' Doing so…``), and ends at a
sentence end when one is in reach; when that leaves room, the sentence before comes whole.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from typing import Any

from whoosh.analysis import Analyzer

from coi.lang import word_parts
from coi.lang.tokenize import plain_words
from indexer.analysis import TERM_CACHE_SIZE, WordTokenizer

FRAGMENT_CHARS = 200
"""About how long a fragment is (longer only when its matches need it)."""
SPAN_CHARS = 150
"""How far apart the first and last match of one fragment may be."""
CONTEXT_CHARS = 60
"""How much text a fragment shows at most before its first match."""
TOP = 2
"""Fragments shown at most."""
BETWEEN = " … "

Match = tuple[int, int, str]
"""A matched word: start and end offsets, and what it matched (its term or name key), so a
fragment is scored by how many different things of the query it shows."""
OtherKey = Callable[[str], "str | None"]
"""What a word (as written) matched beside its language's terms (a name, a folded word, a stop
word), or None."""

_UNSEEN = object()
_APOSTROPHES = "'’ʼ‘`"
_SENTENCE_START = re.compile(r"(?:[.!?…][\"'»”’)\]]*\s+|\n\s*)(?=\S)")
"""Where a sentence (or a paragraph) starts: after its full stop and the space after that."""
_SENTENCE_END = re.compile(r"[.!?…][\"'»”’)\]]*(?=\s|$)")
_SPACES = re.compile(r"\s+")


def word_matches(
    text: str, terms: frozenset[str], analyzer: Analyzer, other: OtherKey | None = None
) -> list[Match]:
    """The words of ``text`` whose index term (by ``analyzer``) is in ``terms``, or that
    ``other`` says the query matched otherwise, in text order.

    Each distinct word is looked up once, and only the matched ones are then found in the text
    with their offsets (:func:`coi.lang.tokenize.plain_words`; a text it does not take goes
    word by word through :func:`coi.lang.word_parts`).
    """
    table = _index_table(analyzer)
    if table is None:
        return _token_matches(text, terms, analyzer, other)
    known, compute = table
    words = plain_words(text)
    parts = list(word_parts(text)) if words is None else []
    matched: dict[str, str] = {}
    for word in set(words) if words is not None else {word for word, _, _ in parts}:
        term = known.get(word, _UNSEEN)
        if term is _UNSEEN:
            if len(known) >= TERM_CACHE_SIZE:
                known.clear()
            term = known[word] = compute(word)
        if term in terms:
            matched[word] = term
        elif other is not None and (key := other(word)) is not None:
            matched[word] = key
    if words is None:
        return [(start, end, matched[word]) for word, start, end in parts if word in matched]
    return sorted(
        (start, start + len(word), key)
        for word, key in matched.items()
        for start in _whole_word_starts(text, word)
    )


def _whole_word_starts(text: str, word: str) -> Iterator[int]:
    """Where ``word`` stands in ``text`` as one of its :func:`~coi.lang.tokenize.plain_words`."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        if not (
            before.isalnum()
            or (before in _APOSTROPHES and at > 1 and text[at - 2].isalnum())
            or after.isalnum()
            or (after in _APOSTROPHES and end + 1 < len(text) and text[end + 1].isalnum())
        ):
            yield at
        at = text.find(word, at + 1)


def _index_table(analyzer: Analyzer) -> tuple[dict[str, Any], Callable[[str], Any]] | None:
    """The word -> term table of one of :mod:`indexer.analysis`'s analyzers (None: another)."""
    items: list[Any] = getattr(analyzer, "items", [])
    if len(items) != 2 or type(items[0]) is not WordTokenizer:
        return None
    index_table = getattr(items[1], "index_table", None)
    return None if index_table is None else index_table()


def _token_matches(
    text: str, terms: frozenset[str], analyzer: Analyzer, other: OtherKey | None
) -> list[Match]:
    """:func:`word_matches` through Whoosh's tokens, for an analyzer without a table."""
    found: list[Match] = []
    for token in analyzer(text, chars=True, keeporiginal=True, removestops=False, mode="query"):
        if not token.stopped and token.text in terms:
            found.append((token.startchar, token.endchar, token.text))
        elif other is not None:
            key = other(token.original)
            if key is not None:
                found.append((token.startchar, token.endchar, key))
    return found


def passages(text: str, matches: list[Match], *, opens: bool = False) -> str:
    """The best :data:`TOP` fragments of ``text`` around ``matches``, in text order, joined by
    :data:`BETWEEN`; every character escaped, the matched words in ``<mark>`` ("" if none).
    ``opens``: ``text`` is the start of a document (so of a sentence)."""
    if not matches:
        return ""
    spans = sorted(_best_spans(matches))
    fragments: list[tuple[int, int]] = []
    for first, last in spans:
        begin, end = _extent(text, matches[first][0], matches[last][1], opens)
        if fragments and begin <= fragments[-1][1]:
            fragments[-1] = (fragments[-1][0], max(end, fragments[-1][1]))
        else:
            fragments.append((begin, end))
    return BETWEEN.join(_marked(text, begin, end, matches) for begin, end in fragments)


def _best_spans(matches: list[Match]) -> list[tuple[int, int]]:
    """The first and last match of the :data:`TOP` best fragments, which do not overlap.

    Every match starts a candidate taking the matches up to :data:`SPAN_CHARS` after it; a
    candidate showing more different query words wins, then more matches, then the earlier.
    """
    candidates: list[tuple[int, int, int, int]] = []
    last = 0
    for first, (start, _, _) in enumerate(matches):
        last = max(last, first)
        while last + 1 < len(matches) and matches[last + 1][1] - start <= SPAN_CHARS:
            last += 1
        distinct = len({key for _, _, key in matches[first : last + 1]})
        candidates.append((-distinct, first - last, first, last))
    candidates.sort()
    chosen: list[tuple[int, int]] = []
    for _, _, first, last in candidates:
        if all(last < taken[0] or first > taken[1] for taken in chosen):
            chosen.append((first, last))
            if len(chosen) == TOP:
                break
    return chosen


def _extent(text: str, start: int, end: int, opens: bool) -> tuple[int, int]:
    """Where a fragment whose matches run from ``start`` to ``end`` begins and ends."""
    reach = max(start - CONTEXT_CHARS, 0)
    begin = reach
    for found in _SENTENCE_START.finditer(text, reach, start + 1):
        begin = found.end()
    if begin == reach and reach > 0:  # mid-sentence: start at a word
        space = text.find(" ", reach, start)
        begin = space + 1 if space >= 0 else start
    limit = max(end + CONTEXT_CHARS, begin + FRAGMENT_CHARS)
    stop = end
    if limit >= len(text):
        stop = len(text)
    else:
        for found in _SENTENCE_END.finditer(text, end, limit):
            stop = found.end()
        if stop == end:  # no sentence ends in reach: stop at a word
            space = text.rfind(" ", end, limit)
            stop = space if space > end else end
    if stop - begin < FRAGMENT_CHARS:  # room left: the whole sentence before, if it fits
        earlier = _SENTENCE_START.search(text, max(stop - FRAGMENT_CHARS, 0), begin)
        if earlier is not None:
            begin = earlier.end()
        elif opens and stop <= FRAGMENT_CHARS:
            begin = 0
    return begin, stop


def _marked(text: str, begin: int, end: int, matches: list[Match]) -> str:
    """``text[begin:end]`` escaped, with its matches in ``<mark>``, its spaces collapsed."""
    out: list[str] = []
    at = begin
    for start, stop, _ in matches:
        if start < begin or stop > end:
            continue
        out.append(_plain(text[at:start]))
        out.append(f"<mark>{html.escape(text[start:stop])}</mark>")
        at = stop
    out.append(_plain(text[at:end]))
    return "".join(out).strip()


def _plain(text: str) -> str:
    return html.escape(_SPACES.sub(" ", text))
