"""Stop words never remove documents: a word a language's analyzer drops is not required there.

Each language's fields leave out its stop words (``where``, ``чтобы``, ``sonra``), but a query
word is searched in every language's fields, so before this an English text could never match
``international where``: the AND still asked for ``where``, which no English field holds. Here a
query is rewritten after parsing:

- in an AND, a word dropped by language L's analyzer is satisfied by any document in L (a
  ``language:L`` alternative of weight 0, so it changes no score) as long as some other word of
  that AND is searched in L; in other languages the word is still required, except, when the
  query is searched across languages (expanded), in those that have no such word: the ``in``
  and ``with`` of "cyclist killed in collision with car" have no translation, and a Russian or
  Azerbaijani text reached through the other words' translations never has them;
- in a phrase, the words the analyzer dropped leave their gap: ``"presumption of innocence"``
  matches ``presumpt`` and ``innoc`` two positions apart in English text, not one;
- a stop word is also searched in the ``stops`` field, which holds the words each language's
  fields drop (:func:`indexer.analysis.stop_term`): ``doing`` alone, or ``NOT where``, finds or
  excludes the texts that have the word, as a plain engine does;
- in an index written before that field, a query of nothing but L's stop words is left as it is
  (freeing them would list every document in L) and the caller is told which words English,
  Russian or Azerbaijani texts cannot be searched for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from whoosh.query import And, AndNot, Not, Or, Phrase, Query, Term

from coi.lang import word_parts
from coi.lang.lexicon import load as load_lexicon
from indexer.analysis import LANGUAGES, stop_term
from indexer.phrases import GappedPhrase

LANGUAGE_NAMES = {"az": "Azerbaijani", "ru": "Russian", "en": "English"}
_KINDS = ("title", "text")
STOPS_FIELD = "stops"


@dataclass(frozen=True, slots=True)
class Freed:
    """The rewritten query and the stop words it could not free, by language."""

    query: Query
    unsearchable: dict[str, tuple[str, ...]]
    """Language -> stop words of a query made only of that language's stop words."""


def free_stopwords(
    query: Query, text: str, *, stops_field: bool = True, across: bool = False
) -> Freed:
    """Rewrite ``query`` (parsed from ``text``) as the module docstring says; ``stops_field``:
    the index has the ``stops`` field; ``across``: the query was expanded into the other
    languages."""
    unsearchable: dict[str, list[str]] = {}
    rewritten = _Rewrite(text, stops_field, across)(query)
    clauses = list(rewritten.subqueries) if type(rewritten) is And else [rewritten]
    binding = [_binding(clause, _freeable_in(clause, across)) for clause in clauses]
    for clause in clauses:
        if _has_stops(clause):
            continue
        for lang in _stopped_in(clause) - freed_languages(clause):
            if not any(lang not in other for other in binding):
                unsearchable.setdefault(lang, []).extend(_own_words(clause))
    return Freed(rewritten, {lang: tuple(words) for lang, words in unsearchable.items()})


@dataclass(frozen=True, slots=True)
class _Rewrite:
    """Phrases gapped everywhere; stop words searched in the ``stops`` field everywhere (after a
    NOT too: ``NOT where`` excludes the texts having it), and freed only where they are asked
    for, not after a NOT (``where`` excluded would exclude nothing more than before)."""

    text: str
    stops_field: bool
    across: bool

    def __call__(self, query: Query, positive: bool = True) -> Query:
        kind = type(query)
        if self.stops_field and (kind is Or or kind is Term) and _stopped_in(query):
            return _with_stops(query)
        if kind is And:
            subs = [self(sub, positive) for sub in query.subqueries]
            if positive:
                return _free_in_and(subs, query.boost, self.across)
            return And(subs, boost=query.boost)
        if kind is Or:
            subs = [self(sub, positive) for sub in query.subqueries]
            return Or(subs, boost=query.boost, minmatch=query.minmatch, scale=query.scale)
        if kind is AndNot:
            return AndNot(self(query.a, positive), self(query.b, False))
        if kind is Not:
            return Not(self(query.query, False), boost=query.boost)
        if kind is Phrase:
            return _gapped(query, self.text)
        return query


def _with_stops(clause: Query) -> Query:
    """A word's clause that some language dropped, with the word in the ``stops`` field too."""
    terms = {stop_term(word) for word in _own_words(clause)} - {None}
    if not terms:
        return clause
    leaves = [clause] if type(clause) is Term else list(clause.subqueries)
    stops = [Term(STOPS_FIELD, term) for term in sorted(t for t in terms if t)]
    boost = 1.0 if type(clause) is Term else clause.boost
    return Or([*leaves, *stops], boost=boost)


def _has_stops(clause: Query) -> bool:
    """Whether a clause searches the ``stops`` field (so its stop words are searchable)."""
    leaves = [clause] if type(clause) is Term else clause.leaves()
    return any(type(leaf) is Term and leaf.fieldname == STOPS_FIELD for leaf in leaves)


def _free_in_and(clauses: Sequence[Query], boost: float, across: bool) -> Query:
    """Each clause dropped in a language gets that language as an alternative, if another
    clause still has to match there."""
    stopped = [_freeable_in(clause, across) for clause in clauses]
    binding = [
        _binding(clause, freeable) for clause, freeable in zip(clauses, stopped, strict=True)
    ]
    freed = []
    for at, (clause, languages) in enumerate(zip(clauses, stopped, strict=True)):
        free = sorted(
            lang
            for lang in languages
            if any(lang not in other for i, other in enumerate(binding) if i != at)
        )
        if free:
            clause = Or([clause, _any_of_languages(free)])
        freed.append(clause)
    return And(freed, boost=boost)


def _binding(clause: Query, freeable: frozenset[str]) -> frozenset[str]:
    """The languages whose documents a clause cannot bind: those it may be freed in
    (``freeable``, :func:`_freeable_in`), and all for an exclusion (it asks for no word, so it
    cannot stand in for a stopped one)."""
    return frozenset(LANGUAGES) if type(clause) is Not else freeable


def _freeable_in(clause: Query, across: bool) -> frozenset[str]:
    """The languages a clause may be freed in: those that dropped its word and, ``across``
    languages, for an untranslated stop word, those that have no such word
    (:meth:`coi.lang.lexicon.Lexicon.strangers`)."""
    stopped = _stopped_in(clause)
    if not stopped or not across or _translated(clause):
        return stopped
    words = _own_words(clause)
    if not words:
        return stopped
    lexicon = load_lexicon()
    return stopped | frozenset.intersection(*(lexicon.strangers(word) for word in words))


def _translated(clause: Query) -> bool:
    """Whether a clause has words in other languages beside the user's own (an expansion's)."""
    leaves = [clause] if type(clause) is Term else clause.leaves()
    return any(
        type(leaf) is Term and leaf.fieldname.endswith("_other") and leaf.boost != 1.0
        for leaf in leaves
    )


def _stopped_in(clause: Query) -> frozenset[str]:
    """The languages whose analyzer dropped this clause's word (from the fields it reaches).

    A word is searched in the ``_other`` fields (normalised only, no stop words) and in each
    language's fields its analyzer keeps it in; a title or text kind reaching ``_other`` but not
    L's field means L dropped it. A clause the user aimed at fields of their own names
    (``text_ru:что``) reaches no ``_other`` field and is left alone.
    """
    if type(clause) is not Or and type(clause) is not Term:
        return frozenset()
    leaves = [clause] if type(clause) is Term else list(clause.leaves())
    if any(type(leaf) is not Term for leaf in leaves):
        return frozenset()
    fields = {leaf.fieldname for leaf in leaves}
    return frozenset(
        lang
        for lang in LANGUAGES
        if any(f"{kind}_other" in fields and f"{kind}_{lang}" not in fields for kind in _KINDS)
    )


def is_stop_word(clause: Query) -> bool:
    """Whether a clause's word is a stop word in some language (not a meaningful word)."""
    return bool(_stopped_in(clause))


def _any_of_languages(languages: Sequence[str]) -> Query:
    """Any document in one of ``languages``, scoring nothing: ``language:L^0`` terms joined two
    by two (Whoosh sums an ``OR`` of more than two in an array and takes a document whose sum is
    0 for one that did not match: "women where" lost its English documents when ``where`` was
    freed in three languages)."""
    query: Query = Term("language", languages[-1], boost=0.0)
    for lang in reversed(languages[:-1]):
        query = Or([Term("language", lang, boost=0.0), query])
    return query


def freed_languages(clause: Query) -> frozenset[str]:
    """The languages whose documents a clause does not bind (see :func:`_free_in_and`)."""
    if type(clause) is not Or:
        return frozenset()
    freed: set[str] = set()
    for sub in clause.subqueries:
        leaves = [sub] if type(sub) is Term else list(sub.leaves())
        if leaves and all(_is_language_alternative(leaf) for leaf in leaves):
            freed.update(leaf.text for leaf in leaves)
    return frozenset(freed)


def _is_language_alternative(query: Query) -> bool:
    return type(query) is Term and query.fieldname == "language" and query.boost == 0.0


def _own_words(clause: Query) -> list[str]:
    """The user's words of a clause: its ``_other`` terms at full weight (not translations)."""
    words: list[str] = []
    for leaf in clause.leaves() if type(clause) is not Term else [clause]:
        own = type(leaf) is Term and leaf.fieldname.endswith("_other") and leaf.boost == 1.0
        if own and leaf.text not in words:
            words.append(leaf.text)
    return words


def clause_label(clause: Query) -> str:
    """A clause as the user typed it, for "missing: ..." (its own words, folded)."""
    return " ".join(_own_words(clause))


def _gapped(phrase: Phrase, text: str) -> Query:
    """The phrase with the word gaps its analyzer left (see the module docstring)."""
    ranges = phrase.char_ranges
    if not ranges or len(ranges) != len(phrase.words) or len(ranges) < 2:
        return phrase
    gaps = tuple(
        sum(1 for _ in word_parts(text[end:start])) for (_, end), (start, _) in pairwise(ranges)
    )
    if not any(gaps):
        return phrase
    return GappedPhrase(
        phrase.fieldname,
        phrase.words,
        gaps,
        slop=phrase.slop,
        boost=phrase.boost,
        char_ranges=phrase.char_ranges,
    )


def language_name(lang: str) -> str:
    """The English name of one of coi's analysed languages."""
    return LANGUAGE_NAMES.get(lang, lang)


def freed_stop_terms(query: Query, language: str) -> frozenset[str]:
    """The ``stops`` terms of the clauses a document in ``language`` did not have to match
    (freed there by :func:`_free_in_and`): in such a document a stop word is not what matched,
    and marking every ``из`` of a Russian text for ``беженцы из Baku`` only hides the words that
    did."""
    if type(query) is Or and language in freed_languages(query):
        return frozenset(
            leaf.text
            for leaf in query.leaves()
            if type(leaf) is Term and leaf.fieldname == STOPS_FIELD
        )
    return frozenset().union(*(freed_stop_terms(sub, language) for sub in query.children()))
