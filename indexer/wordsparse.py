"""Reading a query of words without running Whoosh's parser over it: the same query, sooner.

Whoosh's parser tries each of its dozen taggers at every character of the query and then runs a
dozen filters over the tagged nodes; on a query the thesaurus and lexicon expanded (a few hundred
characters of ``(word) OR title_ru:перевод^0.3 OR ...``) that was most of the ~9 ms a query
spent being read (profiled with ``bench/search.py``). Almost every query is words, brackets,
``OR``, field prefixes of the analysed fields, boosts and quoted phrases: the user's own words
and what expansion writes. For those, :func:`read_words` builds the syntax tree Whoosh's
filters would end with (the nodes of Whoosh's own classes: fields, then multifield, boosts,
then ``OR``) and lets Whoosh turn it into the query and normalise it, so the query is Whoosh's
own (``tests/test_indexer_wordsparse.py`` compares the two on generated queries). Anything else
(another operator, a wildcard, a range, a slop, a single quote Whoosh would read as quoting,
brackets that do not pair up) returns None, and the caller uses Whoosh's parser.
"""

from __future__ import annotations

import re
from typing import Any

from whoosh.fields import Schema
from whoosh.qparser import QueryParser, syntax
from whoosh.qparser.plugins import PhrasePlugin
from whoosh.query import NullQuery, Query, Term
from whoosh.query.compound import BinaryQuery, CompoundQuery

_TOKEN = re.compile(
    r"""(?P<space>\s+)
    |(?P<open>\()
    |(?P<close>\))
    |(?:(?P<field>\w+):)?
     (?:"(?P<phrase>[^"\n]*)"|(?P<word>[^\s()"^:*?~\[\]{}]+))
     (?:\^(?P<boost>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:$|(?=[\ \t\r\n)])))?""",
    re.VERBOSE,
)
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE"})
"""Whoosh's operator words: ``OR`` between spaces is read here, the others by Whoosh."""
_QUOTING = re.compile(r"(^|(?<=\W))'")
"""Where Whoosh's single-quote tagger may start a quoted term."""
_OR = object()
"""The ``OR`` operator in a level of the tree, before it groups its neighbours."""


def read_words(parser: QueryParser, fields: tuple[str, ...], text: str) -> Query | None:
    """What ``parser.parse(text)`` gives, for a multifield ``parser`` over ``fields`` with no
    field boosts and Whoosh's default plugins, when ``text`` is words, brackets, ``OR``,
    prefixes of analysed fields, boosts and phrases; None for any other text.
    """
    schema = parser.schema
    if _QUOTING.search(text):
        return None
    levels: list[list[Any]] = [[]]
    at = 0
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None:
            return None
        at = match.end()
        if match["space"]:
            continue
        if match["open"]:
            levels.append([])
            continue
        if match["close"]:
            if len(levels) == 1:
                return None
            group = _Bracketed(levels.pop())
            levels[-1].append(group)
            continue
        node = _node(match, text, schema, fields)
        if node is None:
            return None
        levels[-1].append(node)
    if len(levels) != 1:
        return None
    top = levels[0]
    # Whoosh's group filter unwraps a query that is one bracketed group.
    tree = top[0] if len(top) == 1 and isinstance(top[0], _Bracketed) else syntax.AndGroup(top)
    if not _apply_or(tree):
        return None
    query = tree.query(parser)
    if not query:
        query = NullQuery
    return _spliced(query).normalize()


def _spliced(query: Query) -> Query:
    """``query`` with each group of terms nested in a group of its own kind (a word's group of
    fields inside an ``OR`` of its translations) opened into it, in place, each term's boost
    multiplied by its group's.

    Whoosh's normalisation opens such groups too, but lifts each term out through a deep copy
    (``with_boost``): half the time of reading an expanded query (profiled over
    ``bench/search.py``'s queries). The tree is this reading's own, so nothing else sees it
    change, and normalisation then gives a query equal to Whoosh's: the terms are deduplicated
    and freed of empty queries by the parent in the same order, with the same boosts. Only
    groups of plain terms are opened: a phrase or group inside may be rewritten by its own
    normalisation first, which is left to Whoosh. A group without a boost holding only such a
    group (a bracketed word) is that group, as normalisation makes it.
    """
    if not _group(query):
        return query
    opened: list[Query] = []
    for sub in query.subqueries:
        sub = _spliced(sub)
        if _group(sub) and len(sub.subqueries) == 1 and sub.boost == 1.0:
            only = sub.subqueries[0]
            if _terms(only) and only.boost == 1.0:
                sub = only  # a bracketed word: its group of fields, as normalisation unwraps it
        if isinstance(sub, type(query)) and _terms(sub):
            for term in sub.subqueries:
                term.boost = term.boost * sub.boost
            opened.extend(sub.subqueries)
        else:
            opened.append(sub)
    query.subqueries = opened
    return query


def _terms(query: Query) -> bool:
    """Whether ``query`` is a group of plain terms (a word's group of fields)."""
    return _group(query) and all(type(term) is Term for term in query.subqueries)


def _group(query: Query) -> bool:
    """Whether ``query`` is a group normalisation opens (AND, OR), not a binary operator."""
    return isinstance(query, CompoundQuery) and not isinstance(query, BinaryQuery)


class _Bracketed(syntax.AndGroup):
    """A bracketed group (Whoosh's parser makes one of its default group, AND)."""


def _node(match: re.Match[str], text: str, schema: Schema, fields: tuple[str, ...]) -> Any:
    """A word or phrase as Whoosh's filters leave it: in its field, or in a group of one copy
    per searched field (Whoosh's multifield plugin), with its boost; ``OR`` as a marker; None
    when the token is beyond what :func:`read_words` reads."""
    field, word, phrase = match["field"], match["word"], match["phrase"]
    if word is not None and word in _OPERATORS:
        if word != "OR" or field or match["boost"] or not _spaced(text, match):
            return None
        return _OR
    if field is not None and not _analysed(schema, field):
        return None
    if phrase is not None:
        start = match.start("phrase")
        node = PhrasePlugin.PhraseNode(phrase, start)
        node.startchar, node.endchar = start - 1, match.end("phrase") + 1
    else:
        node = syntax.WordNode(word)
        node.startchar, node.endchar = match.start("word"), match.end("word")
    boost = float(match["boost"]) if match["boost"] else 1.0
    if field is not None:
        node.fieldname, node.boost = field, boost
        return node
    copies = []
    for name in fields:
        copy = _copy(node)
        copy.fieldname = name
        copies.append(copy)
    return syntax.OrGroup(copies, boost=boost)


def _copy(node: Any) -> Any:
    """A copy of a word or phrase node (as ``copy.copy`` makes it, without its machinery)."""
    copied = object.__new__(type(node))
    copied.__dict__.update(node.__dict__)
    return copied


def _spaced(text: str, match: re.Match[str]) -> bool:
    """Whether ``OR`` stands between spaces, where Whoosh reads it as the operator."""
    start, end = match.start(), match.end()
    return start > 0 and text[start - 1].isspace() and end < len(text) and text[end].isspace()


def _analysed(schema: Schema, field: str) -> bool:
    """Whether ``field`` is one Whoosh's parser analyses a word in (text, not a number)."""
    return (
        field in schema
        and schema[field].analyzer is not None
        and not (schema[field].self_parsing())
    )


def _apply_or(group: Any) -> bool:
    """Group ``OR``'s neighbours as Whoosh's operator filter does, left to right, a word or
    group joining the ``OR`` group on its left (even a word's group of fields, as Whoosh's
    does); then inside each group. False where an ``OR`` lacks a neighbour."""
    nodes = group.nodes
    position = 0
    while position < len(nodes):
        if nodes[position] is not _OR:
            position += 1
            continue
        if position == 0 or position == len(nodes) - 1 or nodes[position + 1] is _OR:
            return False
        left, right = nodes[position - 1], nodes[position + 1]
        if isinstance(left, syntax.OrGroup):
            left.append(right)
            del nodes[position : position + 2]
        else:
            nodes[position - 1 : position + 2] = [syntax.OrGroup([left, right])]
    return all(_apply_or(node) for node in nodes if isinstance(node, syntax.GroupNode))
