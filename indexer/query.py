"""Reading a user's query: Whoosh syntax across coi's fields, and never a failure.

Whoosh's syntax (AND by default, OR, NOT, "phrases", "proximity"~5, wild*cards, brackets,
field prefixes) is searched across the title and text fields of every language and the name
keys. ``title:`` and ``text:`` prefixes cover the fields of all languages. A query Whoosh cannot
read (unbalanced quotes or brackets, a stray ``:``, an unknown field, a dangling operator) is
searched as its plain words instead, and the caller is told so; so is a query Whoosh's parser
fails on in any other way (``NOT NOT x``) or one aimed at a field that is only stored (``url:``).

After parsing, stop words are freed where their language dropped them
(:mod:`indexer.stopwords`), and a query of plain words gives its words as clauses that may be
matched in part (:mod:`indexer.coordination`).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from whoosh.fields import Schema
from whoosh.qparser import MultifieldParser
from whoosh.query import And, NullQuery, Query

from coi.lang.lexicon import Presence
from indexer.expansion import Remembered, expand_query
from indexer.facets import FACETS
from indexer.folding import folded_as_fallback
from indexer.schema import SEARCH_FIELDS, TEXT_LANGUAGES
from indexer.stopwords import (
    clause_label,
    free_stopwords,
    freed_languages,
    is_stop_word,
    language_name,
)
from indexer.wordsparse import read_words

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
QUERYABLE_FIELDS = {facet.field for facet in FACETS} | {"names"}
_SYNTAX = re.compile(r"[\"():*?^~\[\]{}]")
"""Characters that make a query syntax rather than plain words (see :func:`_plain`)."""


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query object and what the user should be told about how it was read."""

    query: Query
    notices: tuple[str, ...] = ()
    expanded: tuple[str, ...] = ()
    """Terms the thesaurus added in other languages."""
    clauses: tuple[Query, ...] = ()
    """For plain words: one clause per word (with its translations), which a document may
    partly match; empty for syntax, which keeps its exact meaning, and for a single word."""
    labels: tuple[str, ...] = ()
    """Each clause's words as typed (folded), to say which a document lacks."""
    free: tuple[tuple[str, ...], ...] = ()
    """Each clause's languages whose documents it does not bind (a stop word there)."""
    stop: tuple[bool, ...] = ()
    """Whether each clause's word is a stop word in some language (no meaningful word)."""


def parse_query(
    text: str,
    schema: Schema,
    *,
    expand: bool = False,
    dropped: Collection[str] = (),
    present: Presence | None = None,
    remembered: Remembered | None = None,
) -> ParsedQuery:
    """Read ``text`` as Whoosh syntax over coi's fields, falling back to its plain words.

    With ``expand``, the equivalents of the query's words in the other languages are added at
    lower weight (:mod:`indexer.expansion`), except the terms in ``dropped`` and translations
    ``present`` says the collection does not have (``remembered``: what was found with it).
    """
    notices: list[str] = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(TRUNCATED_NOTICE)
    parser = MultifieldParser(list(SEARCH_FIELDS), schema)
    read = _read_syntax(parser, text, schema, expand, dropped, present, remembered)
    if read is None:
        words = " ".join(w for w in _WORD.findall(text) if w not in OPERATORS)
        notices.append(PLAIN_WORDS_NOTICE)
        plain = _parsed(parser, words) if words else None
        if plain is None:
            return ParsedQuery(NullQuery, tuple(notices))
        read, text = (*plain, ()), words
    source, query, added = read
    freed = free_stopwords(query, source, stops_field="stops" in schema, across=expand)
    notices += [_stopword_notice(lang, words) for lang, words in freed.unsearchable.items()]
    query = folded_as_fallback(freed.query)
    clauses: tuple[Query, ...] = ()
    if _plain(text) and type(query) is And and len(query.subqueries) > 1:
        clauses = tuple(query.subqueries)
    return ParsedQuery(
        query,
        tuple(notices),
        added,
        clauses,
        tuple(clause_label(c) for c in clauses),
        tuple(tuple(sorted(freed_languages(c))) for c in clauses),
        tuple(is_stop_word(c) for c in clauses),
    )


def _read_syntax(
    parser: MultifieldParser,
    text: str,
    schema: Schema,
    expand: bool,
    dropped: Collection[str],
    present: Presence | None,
    remembered: Remembered | None,
) -> tuple[str, Query, tuple[str, ...]] | None:
    """The parsed text, its query and the expansion's added terms; None if unreadable."""
    if not _readable(text, schema):
        return None
    if expand:
        expanded = expand_query(text, dropped=dropped, present=present, remembered=remembered)
        if expanded.added:
            read = _parsed(parser, _expand_aliases(expanded.text))
            if read is not None:
                return (*read, expanded.added)
    read = _parsed(parser, _expand_aliases(text))
    return None if read is None else (*read, ())


def _parsed(parser: MultifieldParser, text: str) -> tuple[str, Query] | None:
    """Whoosh's reading of ``text``, or None when it reads nothing or fails.

    Whoosh's parser raises bare ``Exception``, ``IndexError`` and others on input it does not
    foresee (``NOT NOT x``); whatever it raises, the words are searched plainly instead. Words,
    ``OR``, brackets, fields, boosts and phrases are read without running the parser over them
    (:mod:`indexer.wordsparse`: the same query, built sooner).
    """
    try:
        query = read_words(parser, SEARCH_FIELDS, text)
        if query is None:
            query = parser.parse(text)
    except Exception:  # the parser's errors are untyped (see the docstring)
        return None
    return None if query is NullQuery else (text, query)


def _plain(text: str) -> bool:
    """Whether ``text`` is only words: no operator, quote, bracket, field, wildcard or boost."""
    return not _SYNTAX.search(text) and not any(w in OPERATORS for w in text.split())


def _stopword_notice(lang: str, words: tuple[str, ...]) -> str:
    quoted = ", ".join(f"“{word}”" for word in words)
    return (
        f"Words as common as {quoted} are not indexed in {language_name(lang)} texts: "
        "only documents having them in another language's text are found (type a name with "
        "its capital to find it as a name)."
    )


def _readable(text: str, schema: Schema) -> bool:
    """Whether the syntax is well formed enough to trust Whoosh's reading of it."""
    if text.count('"') % 2 or text.count("(") != text.count(")"):
        return False
    if re.search(r":(\s|$)", text) or re.search(r"(^|\s):", text):
        return False
    if _DANGLING.search(text):
        return False
    for field in _PREFIX.findall(text):
        if field in FIELD_ALIASES or field in QUERYABLE_FIELDS:
            continue
        if field not in schema or not schema[field].indexed:  # url:, snippet_text: are stored
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
