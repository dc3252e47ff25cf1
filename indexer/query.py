"""Reading a user's query: Whoosh syntax across coi's fields, and never a failure.

Whoosh's syntax (AND by default, OR, NOT, "phrases", "proximity"~5, wild*cards, brackets,
field prefixes) is searched across the title and text fields of every language and the name
keys. ``title:`` and ``text:`` prefixes cover the fields of all languages. A query Whoosh cannot
read (unbalanced quotes or brackets, a stray ``:``, an unknown field, a dangling operator) is
searched as its plain words instead, and the caller is told so.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from whoosh.fields import Schema
from whoosh.qparser import MultifieldParser
from whoosh.query import NullQuery, Query

from coi.lang.lexicon import Presence
from indexer.expansion import expand_query
from indexer.schema import SEARCH_FIELDS, TEXT_LANGUAGES

MAX_QUERY_CHARS = 1000
"""Longer queries are cut (nobody types more; a pasted page would only be slow)."""
PLAIN_WORDS_NOTICE = (
    "Your query could not be read as search syntax; it was searched as plain words."
)
TRUNCATED_NOTICE = f"Your query was cut to its first {MAX_QUERY_CHARS} characters."

_PREFIX = re.compile(r"(?<![\w-])([A-Za-z_]+):")
_ALIAS = re.compile(r'(?<![\w-])(title|text):("[^"]*"|\(|[^\s()"]+)')
_WORD = re.compile(r"\w+")
_DANGLING = re.compile(r"(^\s*(AND|OR|ANDNOT|ANDMAYBE)\b)|(\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\s*$)")
FIELD_ALIASES = {"title", "text"}
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
"""Left out of a plain-words reading: a dangling operator is syntax, not a word to find."""
QUERYABLE_FIELDS = {"language", "source", "doc_type", "country", "topic", "collection", "names"}


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query object and what the user should be told about how it was read."""

    query: Query
    notices: tuple[str, ...] = ()
    expanded: tuple[str, ...] = ()
    """Terms the thesaurus added in other languages."""


def parse_query(
    text: str,
    schema: Schema,
    *,
    expand: bool = False,
    dropped: Collection[str] = (),
    present: Presence | None = None,
) -> ParsedQuery:
    """Read ``text`` as Whoosh syntax over coi's fields, falling back to its plain words.

    With ``expand``, the equivalents of the query's words in the other languages are added at
    lower weight (:mod:`indexer.expansion`), except the terms in ``dropped`` and translations
    ``present`` says the collection does not have.
    """
    notices: list[str] = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(TRUNCATED_NOTICE)
    parser = MultifieldParser(list(SEARCH_FIELDS), schema)
    if _readable(text, schema):
        if expand:
            expanded = expand_query(text, dropped=dropped, present=present)
            if expanded.added:
                query = parser.parse(_expand_aliases(expanded.text))
                if query is not NullQuery:
                    return ParsedQuery(query, tuple(notices), expanded.added)
        query = parser.parse(_expand_aliases(text))
        if query is not NullQuery:
            return ParsedQuery(query, tuple(notices))
    words = " ".join(w for w in _WORD.findall(text) if w not in OPERATORS)
    notices.append(PLAIN_WORDS_NOTICE)
    return ParsedQuery(parser.parse(words) if words else NullQuery, tuple(notices))


def _readable(text: str, schema: Schema) -> bool:
    """Whether the syntax is well formed enough to trust Whoosh's reading of it."""
    if text.count('"') % 2 or text.count("(") != text.count(")"):
        return False
    if re.search(r":(\s|$)", text) or re.search(r"(^|\s):", text):
        return False
    if _DANGLING.search(text):
        return False
    for field in _PREFIX.findall(text):
        if field not in FIELD_ALIASES and field not in QUERYABLE_FIELDS and field not in schema:
            return False
    return bool(_WORD.search(text))


def _expand_aliases(text: str) -> str:
    """``title:x`` -> ``(title_az:x OR title_ru:x OR ...)``, likewise ``text:``; a bracketed
    group is taken whole, with the groups inside it (an expanded word is one), and the
    prefixes inside it expanded too."""
    out: list[str] = []
    position = 0
    for match in _ALIAS.finditer(text):
        if match.start() < position:
            continue
        kind, value = match.group(1), match.group(2)
        end = match.end()
        if value == "(":
            end = _group_end(text, match.start(2))
            value = "(" + _expand_aliases(text[match.end() : end - 1]) + ")"
        fields = " OR ".join(f"{kind}_{lang}:{value}" for lang in TEXT_LANGUAGES)
        out += [text[position : match.start()], f"({fields})"]
        position = end
    return "".join(out) + text[position:]


def _group_end(text: str, start: int) -> int:
    """The index after the bracket that closes the one at ``start`` (quoted text skipped)."""
    depth, quoted = 0, False
    for i in range(start, len(text)):
        char = text[i]
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "()":
            depth += 1 if char == "(" else -1
            if depth == 0:
                return i + 1
    return len(text)
