"""Which countries a document is about, its topics and its type: the facets' tags.

Terms (country names in en, ru and az from CLDR plus the place names of
``coi/taxonomy/data/places.tsv``, the world's larger cities (:mod:`coi.taxonomy.gazetteer`) and
the leaders, security services and armed groups that stand for a country
(``coi/taxonomy/data/actors.tsv``: Putin, the FSB, the Taliban), the topics' terms of
``coi/taxonomy/data/topics.tsv``) and the document are compared on analysed forms
(:func:`coi.lang.index_term`), so ``Афганистане`` meets ``Афганистан``, ``в Гяндже`` meets
``Гянджа`` and ``Əfqanıstandan`` meets ``Əfqanıstan``; a Russian place or actor name is matched
on its case forms (:func:`coi.lang.inflect.russian_forms`: ``Киеве`` is Kyiv, ``Нигерии``
Nigeria and never Niger);
Azerbaijani in Cyrillic letters is read in Latin ones. Countries are ISO 3166-1 alpha-3 codes,
and :data:`USSR` (ISO 3166-3 ``SUN``) stands for the Soviet Union, whose republics go to their
successor states. Guards keep common words out:

- A country name written with a capital must be capitalised where it stands, which keeps
  Russian ``того`` (Togo) and ``мали`` (Mali) out; one written in capitals (``US``, ``СССР``)
  must stand in capitals (``us`` is a pronoun), and ``U.S.`` is read as ``US``. Adjectives
  and demonyms written in lower case (``афганский``, ``əfqan``), as Russian and Azerbaijani
  spell them, match in any case.
- Azerbaijani only appends suffixes, so an inflected name starts with the whole name
  (``Gəncədə``, ``SSRİ-də``). The stem alone is not enough: ``Gəncə`` and ``gənc`` ("young",
  ``Gənclər`` "youth") share the stem ``gənc``. Topic terms are held to their written form
  likewise (:func:`_base`): ``national`` is not ``nationality``. A topic term in lower case
  does not match a word in capitals (``AIDS`` is not ``aid``); one in capitals (``LGBT``,
  ``ЛГБТ``) does, and needs one (``СИЗО``, a remand prison, is not ``сизый``, grey).
- A text led by a subject outside COI (``coi/taxonomy/data/outside.tsv``: sport, entertainment) that
  has no COI topic is about no country: a match report from Glasgow tells an officer nothing
  about the United Kingdom. The countries it names stay mentioned.
- Phrases in which a place names something else (the OSCE Minsk Group negotiates on Karabakh,
  not Belarus; the District of Columbia) are read as a whole and count for no country.

"About" is not "mentioned": every country found is *mentioned*; a country is *about* when the
text names it and its weight (mentions, each in the title counting
:attr:`TaggingOptions.title_weight`) is at least :attr:`TaggingOptions.country_min_mentions`
and at least :attr:`TaggingOptions.country_about_share` of all countries' weight
(:attr:`TaggingOptions.country_title_share` for a country the title names). A text that names
no country is about the title's. A topic is
tagged when its hits (title hits weighted the same way) reach
:attr:`TaggingOptions.topic_min_hits` (more for long texts:
:attr:`TaggingOptions.topic_hits_per_1000_words`) in as many passages
(:data:`PASSAGE_WORDS`; all of them when the text has fewer, never more than
:data:`SUBJECT_SPREAD`), make up at least
:attr:`TaggingOptions.topic_min_share` of all topic hits and at least
:attr:`TaggingOptions.topic_min_lead` of the leading topic's (a topic in
:data:`SUBJECT_SPREAD` passages or more needs neither). The passages tell "is about this"
from "covers everything once": a word in one sentence, a declaration's article on education
or a country profile's field on elections is one passage however many hits it holds; a
report about the topic has it in passage after passage. A long text whose leading topic is in
fewer than :data:`REFERENCE_SPREAD` of its passages, and in fewer than
:data:`SUBJECT_SPREAD`, covers every topic once (the UDHR, a Factbook profile) and gets
none.

A topic's weak terms (:attr:`Topic.weak`: ``court``, ``students``, ``children``, ``war``) are
hits only in a passage where one of its other terms (or one of a related topic's,
:attr:`Topic.weak_with`: ``return`` beside ``refugees``) stands, or when the title has one:
counting every ``court`` tagged news on US immigration policy and a nanny's lawsuit with the
judiciary, every ``students`` a story on the 1968 massacre with education, every ``war`` a
story on defectors since the Korean War with the security situation (issue #5). A title with
only a weak term (``Migrant Children ...``, ``... woman is stabbed``) lets them count when the
text has one of the topic's terms somewhere. A term in double quotes must be written so exactly:
``"выборы"`` are elections, ``выбор`` (a choice) shares their stem, and ``"Гран-при"`` is no
``грани`` (edge).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import product
from typing import NamedTuple

from coi.config import TaxonomyConfig
from coi.lang import az_cyrillic_to_latin, fold_case, index_term, normalize, word_parts
from coi.lang.inflect import russian_forms
from coi.lang.stem_az import suffixed
from coi.taxonomy.doctypes import classify_doc_type
from coi.taxonomy.evidence import CountryEvidence, Explanation, TopicEvidence
from coi.taxonomy.gazetteer import city_names
from coi.taxonomy.tables import read_table, split_list
from coi.taxonomy.thesaurus import country_concepts
from coi.taxonomy.topics import DATA, LANGUAGES, all_topics, outside_subjects, topic

USSR = "SUN"
"""ISO 3166-3 code of the Soviet Union: a facet value of its own for documents about it."""
KOSOVO = "XKX"
"""The user-assigned ISO 3166 code the EU and UNHCR give Kosovo, which ISO 3166-1 does not list
but asylum statistics and COI collections do (CLDR names it as ``XK``)."""


@lru_cache(maxsize=1)
def place_names() -> dict[str, dict[str, tuple[str, ...]]]:
    """Place names beyond CLDR's, per id and language, from ``coi/taxonomy/data/places.tsv``.

    The id is an ISO 3166-1 alpha-3 code, :data:`USSR`, :data:`KOSOVO`, or ``none`` for phrases
    in which a place names something else (the OSCE Minsk Group negotiates on Karabakh, not
    Belarus). The file's header lists the names left out on purpose, as common words or places
    of several countries.
    """
    return _names_by_id("places.tsv")


@lru_cache(maxsize=1)
def actor_names() -> dict[str, dict[str, tuple[str, ...]]]:
    """Names of people and bodies that stand for one country, per id and language, from
    ``coi/taxonomy/data/actors.tsv``: news names a country through its leaders, security services
    and armed groups ("Trump said", "the FSB detained", "the Taliban took Kabul") as often as by
    its name, and each such mention counts for the country as its name would."""
    return _names_by_id("actors.tsv")


def _names_by_id(file: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """A names table of ``coi/data``: per id, per language, its names (rows sharing an id
    merged, so that a table can give each person or place a row of its own)."""
    names: dict[str, dict[str, tuple[str, ...]]] = {}
    header, rows = read_table(DATA / file)
    for _, cells in rows:
        row = dict(zip(header, cells, strict=True))
        known = names.setdefault(row["id"], {lang: () for lang in LANGUAGES})
        for lang in LANGUAGES:
            known[lang] += split_list(row[lang])
    return names


TaggingOptions = TaxonomyConfig
"""Thresholds of the tagging rules (see the module docstring): the ``[taxonomy]`` settings."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Tags:
    """What tagging decided for one document."""

    countries: tuple[str, ...]
    countries_mentioned: tuple[str, ...]
    topics: tuple[str, ...]
    doc_type: str


Word = tuple[str, str, int]
"""A word as the tagger reads it: index term, written form (case-folded, in Latin letters for
Azerbaijani) and case (see :data:`LOWER`)."""
LOWER, CAPITALISED, CAPITALS = 0, 1, 2
"""A word's case: ``sud``, ``Sud`` or ``SUD`` (two letters or more, all capitals)."""
Held = str | frozenset[str]
"""What one word of a term must be where it stands: a string it must start with, or the set of
forms it must be one of (a Russian name's case forms, :func:`coi.lang.inflect.russian_forms`)."""
Entry = tuple[str, str, tuple[Held, ...]]
"""What a term sequence stands for: kind, id and what each of its words must be where it stands
(see :func:`_applies`). Kinds: ``topic``, ``topic-acronym`` (a topic term in capitals: LGBT),
``name`` (a capitalised country name), ``acronym`` (a country name in capitals: USA, СССР),
``adjective`` (a country's lower-case adjective or demonym), ``city`` (a city of
:mod:`coi.taxonomy.gazetteer`, capitalised), ``none`` (a phrase in which a place names something
else)."""


class Hits(NamedTuple):
    """What a text names: country mentions, topic hits and their spread."""

    countries: Counter[str]
    topics: Counter[str]
    spread: Counter[str]
    """Per topic, the passages (:data:`PASSAGE_WORDS`) with a hit."""
    passages: int
    strong: frozenset[str]
    """The topics with a hit of one of their (not weak) terms."""
    named: frozenset[str]
    """The topics with a hit of any of their terms, weak ones counted or not."""
    found_as: dict[str, Counter[str]]
    """Per country and topic that counted, the words that made it, as written (case-folded)."""


PASSAGE_WORDS = 50
"""Words (stopwords left out) of a passage, the unit of a topic's spread: about a paragraph, so
that a declaration's article on education, a Factbook field or a news sentence that lists
several words of a topic gives it one passage, while a report about the topic has it in many."""
REFERENCE_PASSAGES = 10
REFERENCE_SPREAD = 0.23
"""A text of at least :data:`REFERENCE_PASSAGES` passages whose leading topic stands in fewer
than this share of them covers everything once and is about no topic: the UDHR gives religion
and education an article each, a Factbook profile gives elections a field, while a report on
arrests has them in a quarter of its passages or more (issue #5)."""
SUBJECT_SPREAD = 10
"""A topic in this many passages or more is a subject of the text however long it is: a long
text needs the topic in no more passages than this (the 16,000-word report names freedom of
expression in 17 of its 320 passages, fewer than its length asks of hits), and it is kept
however small its share of all topic hits: OVD-Info's annual report names torture in 25 of its
320 passages, with under a tenth of the report's topic hits. And the text is no reference work: a
crawled report keeps its page's boilerplate, which lowers every topic's share (OVD-Info's
19,000-word report on arrests, as crawled, has political opposition in 76 of 335 passages, 23%;
the UDHR has no topic in more than 5)."""
SHORT_PASSAGES = 3
SHORT_HITS = 3
"""A text of at most :data:`SHORT_PASSAGES` passages (a news item of up to about 250 words) has
a topic it names :data:`SHORT_HITS` times even when all of them stand in one passage: its story
is told in one or two paragraphs, so spread says little there."""
TOPIC_KINDS = frozenset({"topic", "topic-acronym"})
LOWER_TOPIC_KINDS = frozenset({"topic", "topic-weak"})
"""Topic kinds held to their written form less the ending (:func:`_base`) and to lower case."""
COUNTRY_KINDS = frozenset({"name", "acronym", "adjective", "city"})
NAME_KINDS = frozenset({"name", "adjective"})
"""The kinds a place or actor name is entered as (one word in capitals becomes ``acronym``)."""
CITY_MIN_BASE = 4
_INITIALISM = re.compile(r"\b(?:[A-Z]\.){2,}")


def _words(text: str, language: str) -> list[Word]:
    """The words of ``text`` that are not stopwords, read as ``language``.

    Initialisms lose their dots first (``U.S.`` is read as ``US``), as the tokenizer would
    otherwise split them into letters.
    """
    text = _INITIALISM.sub(lambda m: m.group().replace(".", ""), text)
    words = []
    for word, _, _ in word_parts(text):
        term = index_term(word, language)
        if term:
            written = _written(word, language)
            case = CAPITALS if len(word) > 1 and word.isupper() else int(word[:1].isupper())
            words.append((term, written, case))
    return words


@lru_cache(maxsize=100_000)
def _written(word: str, language: str) -> str:
    """A word as written, case-folded (Azerbaijani in Latin letters, Russian ``ё`` as ``е``, as
    most texts write it); cached like :func:`coi.lang.index_term`, since it too runs for every
    word of every document."""
    if language == "az":
        return fold_case(az_cyrillic_to_latin(normalize(word, "az")), "az")
    if language == "ru":
        return word.lower().replace("ё", "е")
    return word.lower()


def _base(written: str, language: str) -> str:
    """What a topic term's inflected forms start with.

    The stem is not enough: stems conflate derivations (``nationality`` and ``national`` are
    both ``nation``; ``housing`` and ``House`` are ``hous``), so the written word must start
    with the term less its last letter (``nationalities``, ``uşağı`` for ``uşaq``); a short
    word must be whole. Russian endings are longer (``судебный``, ``судебной``; ``дети``,
    ``детей``), so a Russian term loses all its final vowels, ``й`` and ``ь``, keeping three
    letters; forms with a fleeting vowel (``беженцы`` for ``беженец``) need a term of their own.
    """
    if language == "ru":
        return _RUSSIAN_ENDING.sub("", written) or written
    return written[:-1] if len(written) > 3 else written


_RUSSIAN_ENDING = re.compile(r"(?<=\w\w\w)[аеёиоуыэюяйь]+$")


@lru_cache(maxsize=len(LANGUAGES))
def _matcher(language: str) -> dict[tuple[str, ...], set[Entry]]:
    """Analysed term sequences of ``language`` -> what they stand for."""
    table: dict[tuple[str, ...], set[Entry]] = {}

    def add(
        term: str, kind: str, ident: str, words: list[Word] | None = None, *, held: bool = False
    ) -> None:
        exact = len(term) > 2 and term[0] == term[-1] == '"'
        words = words or _words(term.strip('"') if exact else term, language)
        if not words:
            return
        if kind in NAME_KINDS and language == "ru":
            _add_russian_name(table, kind, ident, words)
            return
        if kind in NAME_KINDS and language == "az" and words[-1][2] != CAPITALS:
            written = tuple(w for _, w, _ in words)
            for key in _azerbaijani_keys(words):
                table.setdefault(key, set()).add((_name_kind(kind, words), ident, written))
            return
        if kind == "city":
            written = _held_forms(words, language)
            if not written:
                return
        elif kind in LOWER_TOPIC_KINDS:
            written = tuple(frozenset({w}) if exact else _base(w, language) for _, w, _ in words)
            if any(case == CAPITALS for _, _, case in words):
                kind = "topic-acronym"
        else:
            if held or (kind == "none" and language == "en"):
                written = _held_forms(words, language)
            else:
                written = tuple(w for _, w, _ in words) if language == "az" else ()
            kind = _name_kind(kind, words)
        table.setdefault(tuple(t for t, _, _ in words), set()).add((kind, ident, written))

    for concept in country_concepts():
        iso3 = concept.id.removeprefix("country-")
        for name in concept.terms.get(language, ()):
            add(name, "name", iso3)
    for ident, names in place_names().items():
        for name in names[language]:
            kind = "none" if ident == "none" else "name"
            add(name, "adjective" if kind == "name" and name[:1].islower() else kind, ident)
    for iso3, names in city_names().items():
        for name in names.get(language, ()):
            words = _words(name, language)
            if tuple(t for t, _, _ in words) not in table:
                add(name, "city", iso3, words)
    # After the cities, which yield to every name before them: an actor's name is held to its
    # written form and leaves a city of the same stem in place.
    for ident, names in actor_names().items():
        for name in names[language]:
            add(name, "adjective" if name[:1].islower() else "name", ident, held=True)
    for entry in (*all_topics(), *outside_subjects()):
        for term in entry.terms[language]:
            add(term, "topic", entry.slug)
        for term in entry.weak[language]:
            add(term, "topic-weak", entry.slug)
    return table


def _name_kind(kind: str, words: list[Word]) -> str:
    """``acronym`` for a one-word name in capitals (``USA``, ``СССР``), else ``kind``."""
    if kind == "name" and len(words) == 1 and words[0][2] == CAPITALS:
        return "acronym"
    return kind


def _add_russian_name(
    table: dict[tuple[str, ...], set[Entry]], kind: str, ident: str, words: list[Word]
) -> None:
    """Enter a Russian place or actor name under the stems of all its case forms, each word
    held to those forms (:func:`coi.lang.inflect.russian_forms`): ``Киеве`` is Kyiv though
    Snowball stems ``Киев`` apart from it, and ``Нигерии`` is Nigeria, never Niger, though
    the stems of the two names' forms meet."""
    forms = [russian_forms(written) for _, written, _ in words]
    stems = [{t for form in word_forms if (t := index_term(form, "ru"))} for word_forms in forms]
    entry = (_name_kind(kind, words), ident, tuple(forms))
    for key in product(*stems):
        table.setdefault(key, set()).add(entry)


AZ_ENDINGS = (
    "dA", "dAn", "dAkI", "In", "nIn", "A", "yA", "nA", "I", "nI", "lA", "ylA", "lAr", "lArI",
    "sI", "dIr", "lI", "lIlArIn",
)  # fmt: skip
"""Case, possessive, plural and -lI endings (A = a/ə, I = ı/i/u/ü by vowel harmony), appended
to an Azerbaijani name to find the stems its inflected forms take (:func:`_azerbaijani_keys`):
those that gave a stem no other did over every name of the tables (longer chains of them, such
as -lArdAn or -sIndA, end in the same stems)."""


def _azerbaijani_keys(words: list[Word]) -> set[tuple[str, ...]]:
    """The index-term sequences of an Azerbaijani name and of its inflected forms.

    Azerbaijani appends suffixes to the whole name, and a word's written form already holds it
    to the whole name; but the stemmer reads a name it does not know by its endings and may
    cut an inflected form elsewhere than the bare name: ``Ərdoğan`` is ``ərdoğ`` while
    ``Ərdoğanın`` is ``ərdoq``, and ``Rusiyalı`` (Russian) keeps its ``-lı``. The name is
    entered under every stem its last word takes with :data:`AZ_ENDINGS` in its harmony.
    """
    head = tuple(term for term, _, _ in words[:-1])
    last = words[-1][1]
    stems = {words[-1][0]}
    for template in AZ_ENDINGS:
        if term := index_term(suffixed(last, template), "az"):
            stems.add(term)
    return {(*head, stem) for stem in stems}


def _held_forms(words: list[Word], language: str) -> tuple[str, ...]:
    """What the words of a city's or an actor's name, or of an English phrase that names no
    country (``St Martin's``, a church, beside the island's ``St Martin``), must start with where
    it stands; empty to leave it out (a Russian actor's name is held to its case forms instead:
    :func:`_add_russian_name`).

    Stems alone would make ``Golfe`` (Angola) of ``golf`` and ``Киты`` (Japan) of ``Китая``,
    so English and Azerbaijani hold each word to its whole name
    (``Toyota's``, ``Bakıda``, ``Putinin``) and Russian to its name less the ending
    (:func:`_base`: ``Москве``), which must keep :data:`CITY_MIN_BASE` letters: ``Пали``
    (India) would be any form of ``палить``.
    """
    if language != "ru":
        return tuple(w for _, w, _ in words)
    forms = tuple(_base(w, language) for _, w, _ in words)
    return forms if all(len(form) >= CITY_MIN_BASE for form in forms) else ()


def _applies(entry: Entry, window: list[Word]) -> bool:
    """Whether the words of ``window`` really are what ``entry`` stands for (the guards).

    A name or a city must be capitalised, an acronym in capitals; a topic term written in lower case
    does not match a word in capitals (``AIDS`` is not ``aid``), one in capitals needs a word
    in capitals (``СИЗО`` is not ``сизый``); each
    word must start with the entry's written form (:func:`_base`; an Azerbaijani place's
    whole name).
    """
    kind, _, written = entry
    first_case = window[0][2]
    if kind in ("name", "city") and first_case == LOWER:
        return False
    if kind == "acronym" and first_case != CAPITALS:
        return False
    if kind in LOWER_TOPIC_KINDS and any(w[2] == CAPITALS for w in window):
        return False
    if kind == "topic-acronym" and all(w[2] != CAPITALS for w in window):
        return False
    return all(_fits(w[1], held) for w, held in zip(window, written, strict=False))


def _fits(written: str, held: Held) -> bool:
    """Whether a word written so is what :data:`Held` asks of it."""
    return written in held if isinstance(held, frozenset) else written.startswith(held)


def _hits(
    text: str,
    language: str,
    context: frozenset[str] = frozenset(),
    hinted: frozenset[str] = frozenset(),
) -> Hits:
    """Country mentions and topic hits in ``text`` read as ``language``.

    A weak term (:attr:`Topic.weak`) is a hit only in a passage where a term of its topic (or
    of a topic of its :attr:`Topic.weak_with`) also stands, or when the topic is in ``context``
    (the title names it with a term), or in ``hinted`` (the title names it with a weak term)
    and the text has one of its terms somewhere: ``court`` in a report on trials is evidence,
    ``court`` in a story on a trade dispute is not; ``children`` under the headline "Migrant
    Children ..." are when the text speaks of unaccompanied minors, ``woman`` under a headline
    on a woman's murder is not.
    """
    lang = language if language in LANGUAGES else "en"
    table = _matcher(lang)
    reach = _reach(lang)
    words = _words(text, lang)
    countries: Counter[str] = Counter()
    topics: Counter[str] = Counter()
    passages: dict[str, set[int]] = {}
    weak: list[tuple[str, int, str]] = []
    found_as: dict[str, Counter[str]] = {}
    i = 0
    while i < len(words):
        size, found = _longest(table, reach, words, i)
        passage = i // PASSAGE_WORDS
        phrase = " ".join(written for _, written, _ in words[i : i + size])
        # Once per topic or country: a word may match several of its terms (refugee, refugees).
        slugs = {ident for kind, ident, _ in found if kind in TOPIC_KINDS}
        named_here = {ident for kind, ident, _ in found if kind in COUNTRY_KINDS}
        topics.update(slugs)
        countries.update(named_here)
        for ident in slugs | named_here:
            found_as.setdefault(ident, Counter())[phrase] += 1
        for slug in slugs:
            passages.setdefault(slug, set()).add(passage)
        weak.extend({(ident, passage, phrase) for kind, ident, _ in found if kind == "topic-weak"})
        i += size
    strong = frozenset(passages)
    for slug, passage, phrase in weak:
        if (
            slug in context
            or (slug in hinted and slug in strong)
            or any(passage in passages.get(s, ()) for s in _backers(slug))
        ):
            topics[slug] += 1
            passages.setdefault(slug, set()).add(passage)
            found_as.setdefault(slug, Counter())[phrase] += 1
    spread = Counter({slug: len(found) for slug, found in passages.items()})
    named = strong | {slug for slug, _, _ in weak}
    return Hits(countries, topics, spread, len(words) // PASSAGE_WORDS + 1, strong, named, found_as)


@lru_cache(maxsize=64)
def _backers(slug: str) -> tuple[str, ...]:
    """The topics whose terms in a passage make a weak term of ``slug`` count there."""
    return (slug, *topic(slug).weak_with)


@lru_cache(maxsize=len(LANGUAGES))
def _reach(language: str) -> dict[str, int]:
    """The longest term sequence of ``language``'s matcher that starts with each index term:
    most words start none, so most positions of a text need no look-up at all."""
    reach: dict[str, int] = {}
    for key in _matcher(language):
        reach[key[0]] = max(reach.get(key[0], 0), len(key))
    return reach


def _longest(
    table: dict[tuple[str, ...], set[Entry]],
    reach: dict[str, int],
    words: list[Word],
    start: int,
) -> tuple[int, list[Entry]]:
    """The longest phrase at ``start`` that stands for something: its length and meanings
    (``reach``: :func:`_reach` of the table's language)."""
    longest = min(reach.get(words[start][0], 0), len(words) - start)
    for size in range(longest, 0, -1):
        window = words[start : start + size]
        found = [e for e in table.get(tuple(t for t, _, _ in window), ()) if _applies(e, window)]
        # A phrase in which a place names something else overrules the place it spells.
        other = [entry for entry in found if entry[0] == "none"]
        if found:
            return size, other or found
    return 1, []


def _country_evidence(
    title: Counter[str], text: Counter[str], options: TaggingOptions
) -> tuple[list[CountryEvidence], bool]:
    """Each country's weight and share, whether it is about it (see the module docstring),
    and whether the text named no country so that the title's decided.

    A country the title names needs a smaller share of the text
    (:attr:`TaggingOptions.country_title_share`): a headline names what the story is about, and
    a story on the US and El Salvador names Panama and the Dominican Republic as often as El
    Salvador. A text that names no country at all is about the title's (a story from a tent
    camp on "the Texas border" never says "United States" again).
    """
    if not text:
        weight = Counter({iso3: options.title_weight * n for iso3, n in title.items()})
        total = sum(weight.values())
        return [CountryEvidence(c, n, n / total, 0.0, True) for c, n in weight.items()], True
    weight = Counter({iso3: n + options.title_weight * title[iso3] for iso3, n in text.items()})
    total = sum(weight.values())
    found = []
    for iso3, n in weight.most_common():
        needed = _share_needed(iso3, title, options)
        about = n >= options.country_min_mentions and n / total >= needed
        found.append(CountryEvidence(iso3, n, n / total, needed, about))
    for iso3, n in title.items():
        if iso3 not in text:
            needed = _share_needed(iso3, title, options)
            weight_in_title = options.title_weight * n
            found.append(CountryEvidence(iso3, weight_in_title, 0.0, needed, False, True))
    return found, False


def _share_needed(iso3: str, title: Counter[str], options: TaggingOptions) -> float:
    """The share of all countries' weight ``iso3`` needs to be what a document is about."""
    if iso3 in title:
        return min(options.country_title_share, options.country_about_share)
    return options.country_about_share


def _topic_evidence(
    title: Hits, text: Hits, words: int, options: TaggingOptions, *, reference: bool
) -> list[TopicEvidence]:
    """Each topic's hits and passages against what it needs (see the module docstring); a
    ``reference`` work gets none."""
    weight = options.title_weight
    score = {slug: n + weight * title.topics[slug] for slug, n in text.topics.items()}
    spread = {slug: n + weight * title.topics[slug] for slug, n in text.spread.items()}
    total = sum(score.values())
    needed = max(options.topic_min_hits, options.topic_hits_per_1000_words * words / 1000)
    # A text shorter than the passages needed must have the topic in every passage it has,
    # unless it is a short news item (SHORT_PASSAGES) that names the topic SHORT_HITS times:
    # a 200-word story on a rally says "campaign", "midterms" and "voters" in one paragraph.
    spread_needed = min(needed, text.passages, SUBJECT_SPREAD)
    # A topic far behind the document's leading one is a side issue of it, unless it stands in
    # SUBJECT_SPREAD passages or more (issue #5).
    leading = max(score.values(), default=0)
    found = []
    for slug, n in sorted(score.items(), key=lambda item: -item[1]):
        share, lead = n / total, n / leading
        chosen = (
            not reference
            and n >= needed
            and (spread[slug] >= spread_needed or _short_and_named(text, n))
            and (
                (share >= options.topic_min_share and lead >= options.topic_min_lead)
                or spread[slug] >= SUBJECT_SPREAD
            )
        )
        found.append(
            TopicEvidence(slug, n, spread[slug], needed, spread_needed, share, lead, chosen)
        )
    return found


def _short_and_named(text: Hits, hits: int) -> bool:
    """Whether a short text names a topic often enough for one passage to do (issue #5)."""
    return text.passages <= SHORT_PASSAGES and hits >= SHORT_HITS


def _outside_only(chosen: set[str]) -> bool:
    """Whether a text is led by a subject outside COI and has no COI topic: a match report or
    a film review is about no country, whatever place its teams or its story come from."""
    outside = _outside_slugs()
    return bool(chosen & outside) and not chosen - outside


@lru_cache(maxsize=1)
def _outside_slugs() -> frozenset[str]:
    """The slugs of :func:`coi.taxonomy.topics.outside_subjects`, read once for every document."""
    return frozenset(subject.slug for subject in outside_subjects())


def _reference_work(text: Hits) -> bool:
    """Whether a long text covers every topic once (see :data:`REFERENCE_SPREAD`)."""
    if text.passages < REFERENCE_PASSAGES or not text.spread:
        return False
    leading = max(text.spread.values())
    return leading < REFERENCE_SPREAD * text.passages and leading < SUBJECT_SPREAD


FOUND_AS_SHOWN = 6
"""The most frequent words shown per country or topic in an explanation."""


def _found_as(title: Hits, text: Hits) -> dict[str, tuple[tuple[str, int], ...]]:
    """Per country and topic, the words of title and text that made it, most frequent first:
    what a librarian reads to see that ``St Martin's`` (a church) made Saint Martin."""
    merged: dict[str, Counter[str]] = {}
    for hits in (title, text):
        for ident, words in hits.found_as.items():
            merged.setdefault(ident, Counter()).update(words)
    return {ident: tuple(words.most_common(FOUND_AS_SHOWN)) for ident, words in merged.items()}


def explain(
    title: str, text: str, language: str, *, options: TaggingOptions | None = None
) -> Explanation:
    """What tagging weighs for one document: every country and topic it names, with the counts
    and thresholds that decide, and the rules that overrule them (:func:`tag` takes its tags
    from here)."""
    options = options or TaggingOptions()
    title_hits = _hits(title, language)
    text_hits = _hits(text, language, context=title_hits.strong, hinted=title_hits.named)
    words = max(len(text.split()), 1)
    reference = _reference_work(text_hits)
    topics = _topic_evidence(title_hits, text_hits, words, options, reference=reference)
    outside = _outside_only({topic.slug for topic in topics if topic.chosen})
    countries, from_title = _country_evidence(title_hits.countries, text_hits.countries, options)
    if outside:
        countries = [replace(country, about=False) for country in countries]
    found_as = _found_as(title_hits, text_hits)
    return Explanation(
        countries=tuple(replace(c, found_as=found_as.get(c.iso3, ())) for c in countries),
        topics=tuple(replace(t, found_as=found_as.get(t.slug, ())) for t in topics),
        passages=text_hits.passages,
        reference_work=reference,
        outside_only=outside,
        countries_from_title=from_title,
        mentioned=tuple(sorted(set(title_hits.countries) | set(text_hits.countries))),
    )


def tag(
    title: str,
    text: str,
    language: str,
    url: str = "",
    *,
    page_type: str | None = None,
    source_type: str | None = None,
    options: TaggingOptions | None = None,
) -> Tags:
    """Countries (about and mentioned), topics and type of one document.

    ``page_type`` and ``source_type`` are what the page's metadata and the source's
    configuration declare about the type; :func:`classify_doc_type` weighs them.
    """
    why = explain(title, text, language, options=options)
    chosen = {topic.slug for topic in why.topics if topic.chosen}
    return Tags(
        countries=tuple(sorted(c.iso3 for c in why.countries if c.about)),
        countries_mentioned=why.mentioned,
        topics=tuple(t.slug for t in all_topics() if t.slug in chosen),
        doc_type=classify_doc_type(title, text, url, page_type=page_type, source_type=source_type),
    )
