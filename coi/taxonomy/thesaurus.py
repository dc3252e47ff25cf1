"""The trilingual thesaurus: the same concept in English, Russian and Azerbaijani.

A user searches in one language; the documents are in three. The thesaurus holds the core
asylum and COI vocabulary (``coi/taxonomy/data/thesaurus.tsv``, readable and extendable by a
librarian) and every country's names in the three languages from CLDR (via Babel) and ISO 3166 (via
pycountry, with its translations), and lets a search add a concept's terms in the other
languages to a query.

Terms are matched on their analysed form (:func:`coi.lang.analyze`), so ``беженцев`` finds the
concept of ``беженец`` and ``qaçqınların`` the one of ``qaçqın``.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycountry
from babel import Locale
from countryinfo import all_countries

from coi.errors import CoiError
from coi.lang import analyze
from coi.lang.reading import word_languages
from coi.taxonomy.tables import read_table, split_list

DATA = Path(__file__).resolve().parent / "data" / "thesaurus.tsv"
LANGUAGES = ("en", "ru", "az")


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
        for language in word_languages(words):
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


@lru_cache(maxsize=1)
def country_concepts() -> tuple[Concept, ...]:
    """Every ISO 3166 country as a concept, named in en, ru and az by CLDR, then by the ISO 3166
    names pycountry holds (:func:`_iso_names`): CLDR gives one short name, and the long and
    common ones documents use (``Democratic Republic of the Congo``, ``Объединённые Арабские
    Эмираты``, ``Государство Палестина``) come from ISO's list and its translations. Built
    once per process: the tagger's term tables (one per language) and the thesaurus read it."""
    locales = {language: Locale(language) for language in LANGUAGES}
    named: list[tuple[str, dict[str, tuple[str, ...]]]] = []
    for country in pycountry.countries:
        cldr = {
            language: locale.territories.get(country.alpha_2)
            for language, locale in locales.items()
        }
        if all(cldr.values()):
            iso = _iso_names(country)
            terms = {
                language: tuple(dict.fromkeys((_spelled_out(str(cldr[language])), *iso[language])))
                for language in LANGUAGES
            }
            named.append((country.alpha_3, terms))
    demonyms = _english_demonyms()
    concepts = []
    for alpha_3, terms in named:
        terms = _unambiguous(alpha_3, terms, named)
        terms["en"] = tuple(dict.fromkeys((*terms["en"], *demonyms.get(alpha_3, ()))))
        concepts.append(Concept(id=f"country-{alpha_3}", terms=terms))
    return tuple(concepts)


_PEOPLES_ACROSS_BORDERS = frozenset({"Kirghiz", "Tadzhik"})
"""Demonyms that name a people living in several countries (Afghanistan's Tajiks above all),
as ``coi/taxonomy/data/places.tsv`` explains for the ethnonyms it leaves out."""


@lru_cache(maxsize=1)
def _english_demonyms() -> dict[str, tuple[str, ...]]:
    """Per ISO alpha-3 code, the English demonyms countryinfo holds (``Nigerian``,
    ``Eritrean``, ``Sudanese``), as a text names a country through its people: "Eritrean
    conscripts", "Nigerian police". Left out: a demonym two countries share (``Congolese``,
    ``Dominican``), one that is also a language's name (``Spanish``, ``Albanian``, ``Somali``:
    a language or a people as often as a country; the region's main countries have theirs in
    ``coi/taxonomy/data/places.tsv``), and those of :data:`_PEOPLES_ACROSS_BORDERS`."""
    languages = set(Locale("en").languages.values())
    owners: dict[str, set[str]] = {}
    for country in all_countries():
        info = country.info()
        alpha_3 = (info.get("ISO") or {}).get("alpha3")
        for demonym in (info.get("demonym") or "").split(","):
            if alpha_3 and (demonym := demonym.strip()) and "/" not in demonym:
                owners.setdefault(demonym, set()).add(alpha_3)
    demonyms: dict[str, tuple[str, ...]] = {}
    for demonym, alpha_3s in sorted(owners.items()):
        if len(alpha_3s) == 1 and demonym not in languages | _PEOPLES_ACROSS_BORDERS:
            (alpha_3,) = alpha_3s
            demonyms[alpha_3] = (*demonyms.get(alpha_3, ()), demonym)
    return demonyms


_ISO_NAME_FIELDS = ("name", "official_name", "common_name")
_ACCENT = "\u0301"
"""The stress mark some Russian translations carry (``Респу́блика``), which no text writes."""


def _iso_names(country: object) -> dict[str, tuple[str, ...]]:
    """A country's ISO 3166 names (name, official and common name) in English and, where ISO's
    translations have them, in Russian and Azerbaijani.

    ISO sorts by the main word (``Congo, The Democratic Republic of the``, ``Корея,
    Республика``); such a name is put back in the order a document writes it where English
    shows how (it ends in "of" or "of the", or adds one word: ``Virgin Islands, British``), and
    left out where not. Azerbaijani keeps only names of several words: the one-word ones of its
    catalogue are older or foreign spellings (``Katar``, ``Dominik``) that CLDR's name beats.
    """
    english = [name for field in _ISO_NAME_FIELDS if (name := getattr(country, field, None))]
    names: dict[str, tuple[str, ...]] = {}
    for language in LANGUAGES:
        translate = _iso_translation(language)
        kept = []
        for original in english:
            name = translate(original).replace(_ACCENT, "")
            if language != "en" and name == original:
                continue  # not translated
            if "," in name:
                if language == "az" or not _invertible(original) or name.count(",") != 1:
                    continue
                main, rest = name.split(", ")
                name = re.sub(r"^(?:The|the) ", "", f"{rest} {main}")
            if language == "az" and " " not in name:
                continue
            kept.append(re.sub(r"^the ", "", name))
        names[language] = tuple(dict.fromkeys(kept))
    return names


def _invertible(english: str) -> bool:
    """Whether an English ISO name in sort order (``Korea, Republic of``) can be put back."""
    if english.count(",") != 1:
        return False
    rest = english.split(", ")[1]
    return rest.endswith((" of", " of the")) or " " not in rest


@lru_cache(maxsize=len(LANGUAGES))
def _iso_translation(language: str) -> Callable[[str], str]:
    """pycountry's gettext catalogue of ISO 3166 names for ``language`` (English: as is)."""
    if language == "en":
        return str
    catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    return catalogue.gettext


def _unambiguous(
    alpha_3: str,
    terms: dict[str, tuple[str, ...]],
    named: list[tuple[str, dict[str, tuple[str, ...]]]],
) -> dict[str, tuple[str, ...]]:
    """``terms`` less the one-word ISO names that also stand inside another country's name:
    ``Congo`` is ISO's name of the Republic of the Congo, and documents write it as often for
    the Democratic Republic. CLDR's name (the first) always stays."""

    def inside_another(term: str, language: str) -> bool:
        word = f" {term.casefold()} "
        return any(
            word in f" {other.casefold()} "
            for other_3, other_terms in named
            if other_3 != alpha_3
            for other in other_terms[language]
        )

    return {
        language: (
            names[0],
            *(n for n in names[1:] if " " in n or not inside_another(n, language)),
        )
        for language, names in terms.items()
    }


@lru_cache(maxsize=1)
def load() -> Thesaurus:
    """The thesaurus: curated concepts plus the countries (built once per process)."""
    return Thesaurus([*read_concepts(), *country_concepts()])
