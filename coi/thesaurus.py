"""The trilingual thesaurus: the same concept in English, Russian and Azerbaijani.

A user searches in one language; the documents are in three. The thesaurus holds the core
asylum and COI vocabulary (``coi/data/thesaurus.tsv``, readable and extendable by a librarian)
and every country's name in the three languages from CLDR (via Babel), and lets a search add a
concept's terms in the other languages to a query.

Terms are matched on their analysed form (:func:`coi.lang.analyze`), so ``беженцев`` finds the
concept of ``беженец`` and ``qaçqınların`` the one of ``qaçqın``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycountry
from babel import Locale

from coi.errors import CoiError
from coi.lang import analyze
from coi.tables import read_table, split_list

DATA = Path(__file__).resolve().parent / "data" / "thesaurus.tsv"
LANGUAGES = ("en", "ru", "az")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_AZ_LETTERS = re.compile(r"[əƏğĞıİşŞçÇöÖüÜ]")


class ThesaurusError(CoiError):
    """The thesaurus file is malformed; the message names the line."""


@dataclass(frozen=True, slots=True)
class Concept:
    """One concept and its terms per language."""

    id: str
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Expansion:
    """A term added to a query: the word in another language and the concept it came from."""

    term: str
    language: str
    concept: str


class Thesaurus:
    """Concepts indexed by the analysed form of every term."""

    def __init__(self, concepts: list[Concept]) -> None:
        self.concepts = {concept.id: concept for concept in concepts}
        self._by_form: dict[tuple[str, tuple[str, ...]], set[str]] = {}
        for concept in concepts:
            for language, terms in concept.terms.items():
                for term in terms:
                    form = tuple(analyze(term, language))
                    if form:
                        self._by_form.setdefault((language, form), set()).add(concept.id)

    def concepts_of(self, words: str) -> set[str]:
        """Concepts whose term in any language has the analysed form of ``words``."""
        found: set[str] = set()
        for language in _candidate_languages(words):
            form = tuple(analyze(words, language))
            if form:
                found |= self._by_form.get((language, form), set())
        return found

    def expand(self, words: str) -> list[Expansion]:
        """The terms of the concepts of ``words`` in every language, except ``words`` itself."""
        own = {(lang, tuple(analyze(words, lang))) for lang in LANGUAGES}
        out: list[Expansion] = []
        for concept_id in sorted(self.concepts_of(words)):
            for language, terms in self.concepts[concept_id].terms.items():
                for term in terms:
                    if (language, tuple(analyze(term, language))) not in own:
                        out.append(Expansion(term=term, language=language, concept=concept_id))
        return out

    def duplicates(self) -> dict[tuple[str, str], set[str]]:
        """Terms (language, term) claimed by more than one concept (should be none)."""
        claimed: dict[tuple[str, str], set[str]] = {}
        for concept in self.concepts.values():
            for language, terms in concept.terms.items():
                for term in terms:
                    claimed.setdefault((language, term.casefold()), set()).add(concept.id)
        return {key: ids for key, ids in claimed.items() if len(ids) > 1}


def _candidate_languages(words: str) -> tuple[str, ...]:
    """Languages a query word can be read in, from its script."""
    if _CYRILLIC.search(words):
        return ("ru",)
    if _AZ_LETTERS.search(words):
        return ("az",)
    return ("en", "az")


def read_concepts(path: Path = DATA) -> list[Concept]:
    """The curated concepts of the TSV file.

    Raises:
        ThesaurusError: a line without all three languages, or a repeated id.
    """
    concepts: list[Concept] = []
    seen: set[str] = set()
    header, rows = read_table(path)
    for number, cells in rows:
        if len(cells) != len(header) or not all(c.strip() for c in cells):
            raise ThesaurusError(f"{path}:{number}: every concept needs an id and en, ru, az")
        concept_id = cells[0].strip()
        if concept_id in seen:
            raise ThesaurusError(f"{path}:{number}: concept {concept_id!r} is declared twice")
        seen.add(concept_id)
        terms = {
            language: split_list(cell) for language, cell in zip(header[1:], cells[1:], strict=True)
        }
        concepts.append(Concept(id=concept_id, terms=terms))
    return concepts


_CLDR_SHORTENED = re.compile(r"(?<!\w)(о-ва|о-в|Св\.)(?!\w)")
_CLDR_SPELLED_OUT = {"о-ва": "острова", "о-в": "остров", "Св.": "Святой"}


def _spelled_out(name: str) -> str:
    """A CLDR country name with its Russian abbreviations written in full.

    CLDR shortens "island" (``о-в Рождества``, ``о-ва Кука``); the abbreviation is no word the
    tokenizer keeps, so "Рождества" (Christmas) alone read as Christmas Island and "Кука" (Cook,
    a surname) as the Cook Islands. Spelled out, the name needs both of its words.
    """
    return _CLDR_SHORTENED.sub(lambda found: _CLDR_SPELLED_OUT[found.group()], name)


def country_concepts() -> list[Concept]:
    """Every ISO 3166 country as a concept, named in en, ru and az by CLDR."""
    locales = {language: Locale(language) for language in LANGUAGES}
    out = []
    for country in pycountry.countries:
        names = {
            language: locale.territories.get(country.alpha_2)
            for language, locale in locales.items()
        }
        if all(names.values()):
            out.append(
                Concept(
                    id=f"country-{country.alpha_3}",
                    terms={lang: (_spelled_out(str(name)),) for lang, name in names.items()},
                )
            )
    return out


@lru_cache(maxsize=1)
def load() -> Thesaurus:
    """The thesaurus: curated concepts plus the countries (built once per process)."""
    return Thesaurus(read_concepts() + country_concepts())
