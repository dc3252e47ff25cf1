"""Cross-language query expansion through the trilingual thesaurus.

``refugee women`` becomes ``((refugee) OR беженец^0.5 OR беженцы^0.5 OR qaçqın^0.5) (...)``:
every plain word (or run of up to three words) that names a thesaurus concept is OR-ed with
the concept's terms in the other languages, each at half weight, so documents with the user's
own word rank above those found through a translation. Phrases, field searches, wildcards and
operators are left as the user wrote them. The result lists what was added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coi.taxonomy.thesaurus import Thesaurus, load

EXPANSION_BOOST = 0.5
"""Weight of an added term relative to the user's own."""
MAX_SPAN = 3
_TOKEN = re.compile(r'"[^"]*"\S*|[\w.-]+:(?:"[^"]*"|[^\s()]+)|[()]|[^\s()]+')
_PLAIN = re.compile(r"^\w[\w'’-]*$")
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})


@dataclass(frozen=True, slots=True)
class Expanded:
    """The rewritten query and the terms added to it."""

    text: str
    added: tuple[str, ...]


def expand_query(text: str, thesaurus: Thesaurus | None = None) -> Expanded:
    """Add the thesaurus equivalents of the query's plain words (see the module docstring)."""
    thesaurus = thesaurus or load()
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    plain = [_PLAIN.match(t) is not None and t not in _OPERATORS for _, _, t in tokens]
    replacements: list[tuple[int, int, str]] = []
    added: list[str] = []
    i = 0
    while i < len(tokens):
        for size in range(min(MAX_SPAN, len(tokens) - i), 0, -1):
            if not all(plain[i : i + size]):
                continue
            span = " ".join(token for _, _, token in tokens[i : i + size])
            expansions = thesaurus.expand(span)
            if expansions:
                start, end = tokens[i][0], tokens[i + size - 1][1]
                alternatives = [_quoted(e.term) for e in expansions]
                group = " OR ".join([f"({span})", *alternatives])
                replacements.append((start, end, f"({group})"))
                added += [e.term for e in expansions if e.term not in added]
                i += size
                break
        else:
            i += 1
    for start, end, replacement in reversed(replacements):
        text = text[:start] + replacement + text[end:]
    return Expanded(text=text, added=tuple(added))


def _quoted(term: str) -> str:
    """A thesaurus term as query syntax: a word, or a phrase without punctuation, down-weighted."""
    words = re.findall(r"\w+", term)
    body = words[0] if len(words) == 1 else '"' + " ".join(words) + '"'
    return f"{body}^{EXPANSION_BOOST}"
