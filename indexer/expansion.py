"""Cross-language query expansion: the trilingual thesaurus first, the bilingual lexicon after.

``refugee women`` becomes ``((refugee) OR беженец^0.5 OR qaçqın^0.5) ((women) OR ...)``:
every plain word (or run of up to three words) that names a thesaurus concept is OR-ed with
the concept's terms in the other languages, each at half weight, so documents with the user's
own word rank above those found through a translation. A word (or unit of up to four words)
the thesaurus does not know is OR-ed with its translations from the bilingual lexicon
(:mod:`coi.lang.lexicon`), lower still and scaled by their confidence, at most
:data:`MAX_ALTERNATIVES` of them. Phrases, field searches, wildcards, operators, words under
NOT and words inside a group of a non-text field are left as the user wrote them. A word with
Azerbaijani letters is also searched as a text typed without them writes it (``qacqinlar``),
in Azerbaijani titles and texts.

Expansion only ever adds hits: a word becomes ``(word OR alternatives)`` where it stood, and
nothing is expanded where an alternative would take hits away (under NOT). The result lists
what was added; terms in ``dropped`` (the user took them out) are never added.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import lru_cache

from coi.lang import analyze
from coi.lang.fold_az import unlettered
from coi.lang.inflect import russian_forms
from coi.lang.lexicon import Lexicon, Presence, Translation
from coi.lang.lexicon import load as load_lexicon
from coi.lang.reading import AZ_LETTERS
from coi.taxonomy.matching import hits
from coi.taxonomy.thesaurus import LANGUAGES, Thesaurus, load

EXPANSION_BOOST = 0.5
"""Weight of a thesaurus term relative to the user's own."""
LEXICON_BOOST = 0.3
"""Weight of a lexicon translation of confidence 1 (the thesaurus is curated, the lexicon not)."""
MIN_LEXICON_BOOST = 0.05
UNLETTERED_BOOST = 0.5
"""Weight of a word's spelling without Azerbaijani letters (the same word, less surely)."""
MAX_ALTERNATIVES = 4
"""Lexicon translations added per word or unit at most, the most confident first."""
PER_LANGUAGE = 2
"""Lexicon translations added per word or unit and target language at most."""
MAX_SPAN = 3
MAX_UNIT = 4
_TOKEN = re.compile(r'"[^"]*"\S*|[\w.-]+:(?:"[^"]*"|[^\s()]+)|[()]|[^\s()]+')
_PLAIN = re.compile(r"^\w[\w'’-]*$")
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
_NEGATIONS = frozenset({"NOT", "ANDNOT"})
_TEXT_FIELD = re.compile(r"^(title|text)(_\w+)?:$")


@dataclass(frozen=True, slots=True)
class Alternative:
    """A term added beside a query word, its weight, and spellings searched with it."""

    term: str
    boost: float
    spellings: tuple[str, ...] = ()
    language: str = ""
    """Searched only in this language's title and text (a lexicon translation); empty: in
    every field a plain word is searched in (a thesaurus term)."""


@dataclass(frozen=True, slots=True)
class Expanded:
    """The rewritten query and the terms added to it."""

    text: str
    added: tuple[str, ...]


class Remembered:
    """The alternatives found for runs of words in one collection, kept for the next query.

    Finding a word's translations asks the collection how many documents have each candidate
    and reads the lexicon (2-7 ms for a query of three words); the same words come back with
    the next page, a facet click or the next officer's query on the subject. Keep one per
    state of the collection (a searcher), since what ``present`` says decides the answer.
    """

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._found: dict[tuple[object, ...], tuple[int, list[Alternative]]] = {}

    def get(self, key: tuple[object, ...]) -> tuple[int, list[Alternative]] | None:
        return self._found.get(key)

    def put(self, key: tuple[object, ...], found: tuple[int, list[Alternative]]) -> None:
        if len(self._found) >= self.size:
            self._found.pop(next(iter(self._found)))
        self._found[key] = found


def expand_query(
    text: str,
    thesaurus: Thesaurus | None = None,
    lexicon: Lexicon | None = None,
    dropped: Collection[str] = (),
    present: Presence | None = None,
    remembered: Remembered | None = None,
) -> Expanded:
    """Add the other-language equivalents of the query's plain words (see the module docstring).

    ``present`` tells in how many documents the searched collection has a term; lexicon
    translations it does not have are not added, and of the others those it uses more come
    first (the thesaurus's are always added: they are few and curated). ``remembered`` keeps
    the alternatives found with that ``present`` for the next query.
    """
    thesaurus = thesaurus if thesaurus is not None else load()
    lexicon = lexicon if lexicon is not None else load_lexicon()
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    plain = _expandable([token for _, _, token in tokens])
    grouped = _in_field_group([token for _, _, token in tokens])
    replacements: list[tuple[int, int, str]] = []
    added: list[str] = []
    azerbaijani = AZ_LETTERS.search(text) is not None
    i = 0
    while i < len(tokens):
        ahead = slice(i, i + max(MAX_SPAN, MAX_UNIT))
        words = tuple(token for _, _, token in tokens[ahead])
        key = (thesaurus, lexicon, words, tuple(plain[ahead]), tuple(sorted(dropped)), azerbaijani)
        found = remembered.get(key) if remembered is not None else None
        if found is None:
            found = _alternatives(
                tokens, plain, i, thesaurus, lexicon, set(dropped), present, azerbaijani
            )
            if remembered is not None:
                remembered.put(key, found)
        size, alternatives = found
        if alternatives:
            span = " ".join(token for _, _, token in tokens[i : i + size])
            start, end = tokens[i][0], tokens[i + size - 1][1]
            fields = "" if grouped[i] else None
            group = " OR ".join([f"({span})", *(_quoted(a, fields) for a in alternatives)])
            replacements.append((start, end, f"({group})"))
            added += [a.term for a in alternatives if a.term not in added]
        i += size
    for start, end, replacement in reversed(replacements):
        text = text[:start] + replacement + text[end:]
    return Expanded(text=text, added=tuple(added))


def _unlettered(word: str, dropped: set[str], present: Presence | None) -> Alternative | None:
    """A word with Azerbaijani letters as a text typed without them writes it (``qacqinlar``
    for ``qaçqınlar``), searched in Azerbaijani titles and texts at :data:`UNLETTERED_BOOST`:
    such a text is indexed by its own spelling, which the word's terms never meet (its folded
    field holds only words with the letters). None for another word, one the user dropped, or
    one the collection does not have."""
    if not AZ_LETTERS.search(word):
        return None
    spelled = unlettered(word)
    if spelled in dropped or (present is not None and present(spelled, "az") == 0):
        return None
    return Alternative(spelled, UNLETTERED_BOOST, (), "az")


def _alternatives(
    tokens: list[tuple[int, int, str]],
    plain: list[bool],
    i: int,
    thesaurus: Thesaurus,
    lexicon: Lexicon,
    dropped: set[str],
    present: Presence | None,
    azerbaijani: bool,
) -> tuple[int, list[Alternative]]:
    """How many tokens from ``i`` on are expanded, and their alternatives: the longest span
    the thesaurus knows, else the longest unit the lexicon translates (``azerbaijani``: the
    query has Azerbaijani letters), and a single word's spelling without Azerbaijani letters
    (:func:`_unlettered`)."""

    def spelled_too(size: int, alternatives: list[Alternative]) -> tuple[int, list[Alternative]]:
        spelled = _unlettered(tokens[i][2], dropped, present) if size == 1 and plain[i] else None
        return size, alternatives if spelled is None else [*alternatives, spelled]

    for size in range(min(MAX_SPAN, len(tokens) - i), 0, -1):
        if all(plain[i : i + size]):
            span = " ".join(token for _, _, token in tokens[i : i + size])
            expansions = thesaurus.expand(span)
            if expansions:
                terms = [e.term for e in expansions if e.term not in dropped]
                alternatives = [Alternative(term, EXPANSION_BOOST) for term in dict.fromkeys(terms)]
                return spelled_too(size, alternatives)
    for size in range(min(MAX_UNIT, len(tokens) - i), 0, -1):
        if all(plain[i : i + size]):
            span = " ".join(token for _, _, token in tokens[i : i + size])
            translations = _translations(span, thesaurus, lexicon, dropped, present, azerbaijani)
            if translations:
                return spelled_too(
                    size,
                    [
                        Alternative(t.term, _boost(t), _spellings(t), t.language)
                        for t in translations
                    ],
                )
    return spelled_too(1, [])


def _translations(
    span: str,
    thesaurus: Thesaurus,
    lexicon: Lexicon,
    dropped: set[str],
    present: Presence | None,
    azerbaijani: bool,
) -> list[Translation]:
    """The lexicon's most confident translations of ``span`` that are not the user's own words
    (a step the thesaurus agrees with counts double)."""

    if _names_a_place(span):
        return []

    def agrees(english: str, term: str, language: str) -> bool:
        concepts = thesaurus.concepts_of(english)
        return bool(concepts) and bool(concepts & thesaurus.concepts_of(term))

    translations = lexicon.translate(
        span,
        agrees=agrees,
        present=present,
        per_language=PER_LANGUAGE,
        azerbaijani_query=azerbaijani,
    )
    if not translations:
        return []
    own = {(language, tuple(analyze(span, language))) for language in LANGUAGES}
    kept = [
        t
        for t in translations
        if t.term not in dropped and (t.language, tuple(analyze(t.term, t.language))) not in own
    ]
    return sorted(kept, key=lambda t: -t.confidence)[:MAX_ALTERNATIVES]


@lru_cache(maxsize=20_000)
def _names_a_place(span: str) -> bool:
    """Whether ``span``, typed with a capital, names a place coi's tagger knows (``Baku``,
    ``Bakıda``, ``Баку``, ``Gəncə``): not translated, since the names field meets its every
    spelling, and the lexicon would read it as a common word (``Baku`` as Azerbaijani *bak*,
    tank: бак, forecastle, container)."""
    return span[:1].isupper() and any(hits(span, language).countries for language in LANGUAGES)


def _boost(translation: Translation) -> float:
    return max(MIN_LEXICON_BOOST, round(LEXICON_BOOST * translation.confidence, 2))


def _expandable(tokens: list[str]) -> list[bool]:
    """Per token: a plain word that may be expanded (not an operator, not under NOT, not in a
    group of a non-text field such as ``country:(...)``)."""
    plain = [_PLAIN.match(t) is not None and t not in _OPERATORS for t in tokens]
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in _NEGATIONS and i + 1 < len(tokens):
            end = _operand_end(tokens, i + 1)
            plain[i + 1 : end] = [False] * (end - i - 1)
            i = end
            continue
        if token.endswith(":") and not _TEXT_FIELD.match(token) and i + 1 < len(tokens):
            end = _operand_end(tokens, i + 1)
            plain[i + 1 : end] = [False] * (end - i - 1)
            i = end
            continue
        i += 1
    return plain


def _in_field_group(tokens: list[str]) -> list[bool]:
    """Per token: whether it stands inside a ``field:(...)`` group, whose field applies to it."""
    grouped = [False] * len(tokens)
    for i, token in enumerate(tokens[:-1]):
        if token.endswith(":") and tokens[i + 1] == "(":
            end = _operand_end(tokens, i)
            grouped[i + 1 : end] = [True] * (end - i - 1)
    return grouped


def _operand_end(tokens: list[str], start: int) -> int:
    """The index after the operand beginning at ``start``: one token, or a bracketed group
    (with the field prefix before it, if any)."""
    i = start
    if tokens[i].endswith(":") and i + 1 < len(tokens) and tokens[i + 1] == "(":
        i += 1
    if tokens[i] != "(":
        return i + 1
    depth = 0
    for j in range(i, len(tokens)):
        depth += {"(": 1, ")": -1}.get(tokens[j], 0)
        if depth == 0:
            return j + 1
    return len(tokens)


def _quoted(alternative: Alternative, fields: str | None) -> str:
    """An alternative as query syntax: a word, or a phrase without punctuation, down-weighted,
    with its other spellings at the same weight; a translation in its language's title and
    text fields only (a translation's words mean nothing in the other languages' fields, and
    each field searched costs), unless ``fields`` is given ("" inside a user's field group,
    whose field applies)."""
    words = re.findall(r"\w+", alternative.term)
    body = words[0] if len(words) == 1 else '"' + " ".join(words) + '"'
    boost = f"^{alternative.boost:g}"
    texts = (body, *alternative.spellings)
    if fields is not None or not alternative.language:
        return " OR ".join(text + boost for text in texts)
    prefixes = (f"title_{alternative.language}:", f"text_{alternative.language}:", "names:")
    return " OR ".join(prefix + text + boost for text in texts for prefix in prefixes)


def _spellings(translation: Translation) -> tuple[str, ...]:
    return spellings(translation.term, translation.language)


@lru_cache(maxsize=20_000)
def spellings(term: str, language: str) -> tuple[str, ...]:
    """Case forms of a Russian word that the Russian analyzer stems apart from the word, one
    per stem (``пепел``: ``пепла``, whose stem is ``пепл``), so a lemma from the lexicon meets
    the forms texts write; none for other languages and units."""
    if language != "ru" or " " in term or "-" in term:
        return ()
    stems = {tuple(analyze(term, "ru"))}
    out: list[str] = []
    for form in sorted(russian_forms(term)):
        stem = tuple(analyze(form, "ru"))
        if stem and stem not in stems:
            stems.add(stem)
            out.append(form)
    return tuple(out)


def presence_in(doc_frequency: Callable[[str, str], int]) -> Presence:
    """In how many documents the index has a term, or the likeliest of its :func:`spellings`,
    in a language's text (a unit: its rarest word); ``doc_frequency(field, word)`` counts a
    word's documents (``Searcher.doc_frequency`` or the search tables' remembered one)."""

    def documents(text: str, field: str, language: str) -> int:
        words = analyze(text, language)
        return min((doc_frequency(field, word) for word in words), default=0)

    def present(term: str, language: str) -> int:
        field = f"text_{language}"
        return max(documents(text, field, language) for text in (term, *spellings(term, language)))

    return present
