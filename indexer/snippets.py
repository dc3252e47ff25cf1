"""Snippets: the best-matching passage of a document, escaped, with matched words in <mark>.

Everything that comes from a crawled page is HTML-escaped here, so a page containing
``<script>`` shows as text wherever the snippet is rendered.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from functools import lru_cache

from whoosh.analysis import Analyzer

from coi.lang import index_term
from coi.lang.fold_az import folded_term
from coi.lang.sounds import name_forms, sound_key
from indexer.analysis import stop_term
from indexer.passages import passages, word_matches

LEAD_CHARS = 240
"""Length of the opening shown when no query word is found in the stored text."""


WINDOW_BEFORE = 300
WINDOW_AFTER = 700
FALLBACK_CHARS = 3000
"""Without a surface hit (e.g. a Latin query on Cyrillic Azerbaijani), the opening is analysed."""

FIRST_CHUNK_CHARS = 2_000
"""How much of a stored text is lower-cased first when looking for the first match; each next
piece is twice the last. Lower-casing all 20,000 stored characters for every hit cost a third
of its snippet (bench/search.py --steps), and the first match is usually near the start."""


def match_offset(text: str, terms: frozenset[str]) -> int:
    """The offset in ``text`` of the passage a snippet shows (0: the opening)."""
    found = _first_prefix(text, terms)
    return found[0] if found else 0


def page_of(pages: tuple[int, ...] | list[int], offset: int) -> int | None:
    """The PDF page holding ``offset`` (pages start at the offsets ``pages``); None if no PDF."""
    if not pages:
        return None
    return bisect.bisect_right(pages, offset) or 1


def candidate_window(text: str, terms: frozenset[str], folded: frozenset[str] = frozenset()) -> str:
    """The part of ``text`` worth analysing for a snippet.

    Analysing a whole stored text for every hit on a page cost 90% of a query's time (measured
    with bench/search.py). Index terms are nearly always a prefix of the words they come from,
    so a case-insensitive search for them finds where the matches are; only the window around
    the first one is analysed. Folded Azerbaijani terms are looked for the same way in the text
    with its letters folded one for one (so offsets hold).
    """
    found = _first_prefix(text, terms)
    if found is None and folded:
        found = _first_prefix(text.translate(_AZ_FOLD_CHARS), folded)
    if found is not None:
        return _around(text, *found)
    return text[:FALLBACK_CHARS]


def _first_prefix(text: str, terms: frozenset[str]) -> tuple[int, int] | None:
    """The first place a term's prefix stands in ``text``, any case (the longest at a tie).

    A ``find`` per prefix in the lower-cased text, not one case-blind pattern of them all: the
    pattern tried every prefix at every character, a third of a snippet's time when none is
    in a stored text of 20,000 characters. The text is lower-cased a piece at a time from its
    start (:data:`FIRST_CHUNK_CHARS`), up to the piece with a match. ``İ`` is lower-cased
    first by hand, the one letter whose lower case is two characters (offsets hold).
    """
    prefixes = {t[: max(3, len(t) - 1)].lower() for t in terms if len(t) >= 3}
    if not prefixes:
        return None
    reach = max(map(len, prefixes))
    start, size = 0, FIRST_CHUNK_CHARS
    while start < len(text):
        found = _first_in_chunk(text, prefixes, start, start + size, reach)
        if found is not None:
            return found
        start, size = start + size, size * 2
    return None


def _first_in_chunk(
    text: str, prefixes: set[str], start: int, end: int, reach: int
) -> tuple[int, int] | None:
    """The first prefix starting in ``text[start:end]`` (the longest at a tie), in ``text``'s
    offsets; the piece lower-cased reaches ``reach`` characters (the longest prefix) past
    ``end`` so a match across the cut is found, and one more so the letter before the cut is
    lower-cased with what follows it (a Greek final sigma)."""
    lowered = text[start : end + reach + 1].replace("İ", "i").lower()
    last = end - start  # a match must start before the cut: a later one is the next piece's
    found: tuple[int, int] | None = None
    for prefix in prefixes:
        at = lowered.find(prefix, 0, (found[0] + 1 if found else last) + len(prefix) - 1)
        if 0 <= at < last and (
            found is None or (at, -len(prefix)) < (found[0], found[0] - found[1])
        ):
            found = (at, at + len(prefix))
    return None if found is None else (start + found[0], start + found[1])


@dataclass(frozen=True, slots=True)
class OtherMatches:
    """What a query matched in a document beside its language's terms: name keys (``names``
    and ``names_az``), Azerbaijani folded terms (``az_folded``) and stop words (``stops``)."""

    language: str = "und"
    names: frozenset[str] = frozenset()
    names_az: frozenset[str] = frozenset()
    folded: frozenset[str] = frozenset()
    stops: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.names or self.names_az or self.folded or self.stops)

    def name_matches(self, word: str) -> bool:
        """Whether ``word`` (as written in the text) is one of the names the query matched."""
        keys, keys_az = _name_keys(word, self.language)
        return not (self.names.isdisjoint(keys) and self.names_az.isdisjoint(keys_az))

    def match_key(self, word: str) -> str | None:
        """What ``word`` (as written) matched: a name's key, a stop word or a folded
        Azerbaijani term, each kept apart from the others and from index terms; or None."""
        if word[:1].isupper() and (self.names or self.names_az):
            keys, keys_az = _name_keys(word, self.language)
            shared = (self.names & keys) | (self.names_az & keys_az)
            if shared:
                return "\x00" + min(shared)
        if self.stops:
            stop = _stop_term(word)
            if stop is not None and stop in self.stops:
                return "\x01" + stop
        if self.folded:
            folded = folded_term(word)
            if folded is not None and folded in self.folded:
                return "\x02" + folded
        return None


@lru_cache(maxsize=65536)
def _stop_term(word: str) -> str | None:
    """``word`` as the ``stops`` field holds it (None: no stop word)."""
    other = index_term(word, "other")
    return stop_term(other) if other else None


@lru_cache(maxsize=65536)
def _name_keys(word: str, language: str) -> tuple[frozenset[str], frozenset[str]]:
    """The keys of ``word``'s name forms as the ``names`` and ``names_az`` fields hold them."""
    forms = name_forms(word, language)
    return (
        frozenset(sound_key(form) for form in forms),
        frozenset(sound_key(form, azerbaijani=True) for form in forms),
    )


_CAPITALISED = re.compile(
    r"(?<!\w)[A-Z\u00c0-\u00de\u0100-\u024f\u0400-\u042f\u0460-\u04ff][\w'’]*"
)
"""Words starting with a Latin or Cyrillic capital (a few lower-case letters of the extended
ranges too, which the caller's ``isupper`` check drops), cut at hyphens as the name fields
cut them (``Sturridge-Smith`` is keyed as Sturridge and Smith)."""
_AZ_FOLD_CHARS = str.maketrans("əƏıçÇşŞğĞöÖüÜİ", "eEicCsSgGoOuUI")
"""Azerbaijani letters to their keyboard stand-ins, one character each, so offsets hold."""


def name_window(text: str, other: OtherMatches) -> str | None:
    """The part of ``text`` around the first name the query matched through its key, if any.

    A name is the most specific thing a query can match, and in another script (a search for
    Aliyev finding Алиев) no other word of the query may show where the document matched.
    The capitalised words are read in text order, each distinct one keyed once (a stored text of
    20,000 characters has a few hundred, written a few thousand times), up to the first that
    matches: a document found through a name usually names it early.
    """
    if not (other.names or other.names_az):
        return None
    seen: set[str] = set()
    for found in _CAPITALISED.finditer(text):
        word = found.group()
        if word in seen:
            continue
        seen.add(word)
        if word[0].isupper() and other.name_matches(word):
            return _around(text, found.start(), found.end())
    return None


def _around(text: str, start: int, end: int) -> str:
    begin = max(start - WINDOW_BEFORE, 0)
    begin = text.rfind(" ", 0, begin) + 1 if begin else 0
    return text[begin : end + WINDOW_AFTER]


def make_snippet(
    text: str, terms: frozenset[str], analyzer: Analyzer, other: OtherMatches | None = None
) -> str:
    """The passages of ``text`` around ``terms`` (as ``analyzer`` produces them) or the names
    and folded words of ``other`` — the passage with a matched name first — or its lead."""
    other = other or OtherMatches()
    if terms or other:
        window = name_window(text, other) or candidate_window(
            text, terms | other.stops, other.folded
        )
        matches = word_matches(window, terms, analyzer, other.match_key if other else None)
        passage = passages(window, matches, opens=text.startswith(window))
        if passage:
            return passage
    lead = " ".join(text[: LEAD_CHARS * 2].split())
    if len(lead) > LEAD_CHARS:
        lead = lead[:LEAD_CHARS].rsplit(" ", 1)[0] + " …"
    return html.escape(lead)


def mark_all(text: str, terms: frozenset[str], analyzer: Analyzer) -> str:
    """All of ``text``, escaped, with every word whose index term is in ``terms`` marked."""
    if not terms:
        return html.escape(text)
    out: list[str] = []
    last = 0
    for token in analyzer(text, chars=True, removestops=False, mode="index"):
        if token.text in terms:
            out.append(html.escape(text[last : token.startchar]))
            out.append(f"<mark>{html.escape(text[token.startchar : token.endchar])}</mark>")
            last = token.endchar
    out.append(html.escape(text[last:]))
    return "".join(out)
