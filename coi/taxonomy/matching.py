"""Where a text names a country or a topic: the term tables and the matcher that reads them.

The tables hold every country's names (CLDR, ISO 3166, demonyms: :mod:`coi.taxonomy.thesaurus`),
the place names of ``coi/taxonomy/data/places.tsv``, the world's larger cities
(:mod:`coi.taxonomy.gazetteer`), the leaders and bodies of ``coi/taxonomy/data/actors.tsv`` and
the topics' terms, as analysed term sequences, each with the guards that hold it to its written
form (see :mod:`coi.taxonomy.tagging` for the rules). :func:`hits` reads a text against them:
its country mentions and topic hits, passage by passage. What the counts decide is
:mod:`coi.taxonomy.countries` and :mod:`coi.taxonomy.topic_rules`.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import product
from typing import NamedTuple

from coi.lang import az_cyrillic_to_latin, fold_case, index_term, normalize, word_parts
from coi.lang.inflect import russian_forms
from coi.lang.stem_az import suffixed
from coi.taxonomy.gazetteer import city_names
from coi.taxonomy.tables import read_table, split_list
from coi.taxonomy.thesaurus import country_concepts
from coi.taxonomy.topics import DATA, LANGUAGES, all_topics, outside_subjects, topic


@lru_cache(maxsize=1)
def place_names() -> dict[str, dict[str, tuple[str, ...]]]:
    """Place names beyond CLDR's, per id and language, from ``coi/taxonomy/data/places.tsv``.

    The id is an ISO 3166-1 alpha-3 code, :data:`~coi.taxonomy.tagging.USSR`,
    :data:`~coi.taxonomy.tagging.KOSOVO`, or ``none`` for phrases
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
    listed: Counter[str]
    """Per country, its mentions that stand in an enumeration of countries (:func:`listed`)."""


PASSAGE_WORDS = 50
"""Words (stopwords left out) of a passage, the unit of a topic's spread: about a paragraph, so
that a declaration's article on education, a Factbook field or a news sentence that lists
several words of a topic gives it one passage, while a report about the topic has it in many."""
TOPIC_KINDS = frozenset({"topic", "topic-acronym"})
LOWER_TOPIC_KINDS = frozenset({"topic", "topic-weak"})
"""Topic kinds held to their written form less the ending (:func:`_base`) and to lower case."""
COUNTRY_KINDS = frozenset({"name", "acronym", "adjective", "city"})
NAME_KINDS = frozenset({"name", "adjective"})
"""The kinds a place or actor name is entered as (one word in capitals becomes ``acronym``)."""
CITY_MIN_BASE = 4
LIST_MIN_COUNTRIES = 5
"""Distinct countries an enumeration names: a table or a list of nationalities in statistics
(applicants from Afghanistan, Pakistan, Iran, Iraq, Syria ...), a Factbook field of border
countries or trade partners. Four countries side by side are still prose often enough (Russian
troops near Belarus, Ukrainian and Polish officials said)."""
LIST_GAP_WORDS = 3
"""Words (stopwords left out) between two country mentions of one enumeration: a figure and
its unit (``Pakistan – 40 nəfər``, ``Iraq 534 km;``) fit, a clause does not."""
_INITIALISM = re.compile(r"\b(?:[A-Z]\.){2,}")
_SENTENCE_END = re.compile(r"[.!?…]\s")


def _words(text: str, language: str) -> list[Word]:
    """The words of ``text`` that are not stopwords, read as ``language``."""
    return _sentence_words(text, language)[0]


def _sentence_words(text: str, language: str) -> tuple[list[Word], list[int]]:
    """The words of ``text`` that are not stopwords, read as ``language``, and the number of
    the sentence each stands in (a full stop, ``!`` or ``?`` before a space ends one).

    Initialisms lose their dots first (``U.S.`` is read as ``US``), as the tokenizer would
    otherwise split them into letters.
    """
    text = _INITIALISM.sub(lambda m: m.group().replace(".", ""), text)
    words = []
    sentences = []
    sentence = previous_end = 0
    for word, start, end in word_parts(text):
        term = index_term(word, language)
        if term:
            written = _written(word, language)
            case = CAPITALS if len(word) > 1 and word.isupper() else int(word[:1].isupper())
            words.append((term, written, case))
            sentence += bool(_SENTENCE_END.search(text, previous_end, start))
            sentences.append(sentence)
            previous_end = end
    return words, sentences


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
        written: tuple[Held, ...]
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


def _held_forms(words: list[Word], language: str) -> tuple[Held, ...]:
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


def hits(
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
    words, sentences = _sentence_words(text, lang)
    countries: Counter[str] = Counter()
    topics: Counter[str] = Counter()
    passages: dict[str, set[int]] = {}
    weak: list[tuple[str, int, str]] = []
    found_as: dict[str, Counter[str]] = {}
    mentions: list[Mention] = []
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
        if named_here:
            mentions.append((i, i + size, sentences[i], frozenset(named_here)))
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
    passage_count = len(words) // PASSAGE_WORDS + 1
    return Hits(countries, topics, spread, passage_count, strong, named, found_as, listed(mentions))


Mention = tuple[int, int, int, frozenset[str]]
"""Where a text names countries: its first word, the word after it, its sentence (see
:func:`_sentence_words`), and the countries."""


def listed(mentions: list[Mention]) -> Counter[str]:
    """Per country, its mentions that stand in an enumeration: a run of mentions each at most
    :data:`LIST_GAP_WORDS` words after the one before and in its sentence (a table's lines end
    none), naming :data:`LIST_MIN_COUNTRIES` countries or more.

    A list names each country once and says nothing of any one of them: the statistics of
    Azerbaijan's migration service name the nationalities of its applicants, and a country
    named only there is mentioned, not what the page is about.
    """
    found: Counter[str] = Counter()
    run: list[Mention] = []
    for mention in [*mentions, (-1, -1, -1, frozenset[str]())]:
        start, _, sentence, _ = mention
        if run and sentence == run[-1][2] and 0 <= start - run[-1][1] <= LIST_GAP_WORDS:
            run.append(mention)
            continue
        if len(frozenset[str]().union(*(named for *_, named in run))) >= LIST_MIN_COUNTRIES:
            for *_, named in run:
                found.update(named)
        run = [mention]
    return found


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
