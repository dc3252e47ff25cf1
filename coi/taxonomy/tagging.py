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
no country is about the title's. Mentions in an enumeration of countries
(:func:`coi.taxonomy.matching.listed`: a table of applicants' nationalities, a Factbook field
of border countries) stay mentioned but weigh nothing. The country an official source declares
(a ministry's, a migration service's, a court's: :mod:`coi.taxonomy.countries`) is evidence:
where the text names it, it weighs :attr:`TaggingOptions.source_country_weight` more, and a
text about no country it names is about the source's. A topic is
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

from collections import Counter
from dataclasses import dataclass, replace

from coi.config import TaxonomyConfig
from coi.taxonomy.countries import country_evidence
from coi.taxonomy.doctypes import classify_doc_type
from coi.taxonomy.evidence import Explanation
from coi.taxonomy.matching import Hits, hits
from coi.taxonomy.topic_rules import outside_only, reference_work, topic_evidence
from coi.taxonomy.topics import all_topics

USSR = "SUN"
"""ISO 3166-3 code of the Soviet Union: a facet value of its own for documents about it."""
KOSOVO = "XKX"
"""The user-assigned ISO 3166 code the EU and UNHCR give Kosovo, which ISO 3166-1 does not list
but asylum statistics and COI collections do (CLDR names it as ``XK``)."""


TaggingOptions = TaxonomyConfig
"""Thresholds of the tagging rules (see the module docstring): the ``[taxonomy]`` settings."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Tags:
    """What tagging decided for one document."""

    countries: tuple[str, ...]
    countries_mentioned: tuple[str, ...]
    topics: tuple[str, ...]
    doc_type: str


FOUND_AS_SHOWN = 6
"""The most frequent words shown per country or topic in an explanation."""


def _found_as(title: Hits, text: Hits) -> dict[str, tuple[tuple[str, int], ...]]:
    """Per country and topic, the words of title and text that made it, most frequent first:
    what a librarian reads to see that ``St Martin's`` (a church) made Saint Martin."""
    merged: dict[str, Counter[str]] = {}
    for part in (title, text):
        for ident, words in part.found_as.items():
            merged.setdefault(ident, Counter()).update(words)
    return {ident: tuple(words.most_common(FOUND_AS_SHOWN)) for ident, words in merged.items()}


def explain(
    title: str,
    text: str,
    language: str,
    *,
    options: TaggingOptions | None = None,
    source_country: str | None = None,
) -> Explanation:
    """What tagging weighs for one document: every country and topic it names, with the counts
    and thresholds that decide, and the rules that overrule them (:func:`tag` takes its tags
    from here). ``source_country`` is the country of an official source
    (:func:`coi.taxonomy.countries.official_country`)."""
    options = options or TaggingOptions()
    title_hits = hits(title, language)
    text_hits = hits(text, language, context=title_hits.strong, hinted=title_hits.named)
    words = max(len(text.split()), 1)
    reference = reference_work(text_hits)
    topics = topic_evidence(title_hits, text_hits, words, options, reference=reference)
    outside = outside_only({topic.slug for topic in topics if topic.chosen})
    countries, from_title = country_evidence(
        title_hits.countries,
        text_hits.countries,
        options,
        listed=text_hits.listed,
        home=source_country,
    )
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
        source_country=source_country,
    )


def tag(
    title: str,
    text: str,
    language: str,
    url: str = "",
    *,
    page_type: str | None = None,
    source_type: str | None = None,
    source_country: str | None = None,
    options: TaggingOptions | None = None,
) -> Tags:
    """Countries (about and mentioned), topics and type of one document.

    ``page_type`` and ``source_type`` are what the page's metadata and the source's
    configuration declare about the type; :func:`classify_doc_type` weighs them.
    ``source_country`` is the country of an official source, evidence of what it is about.
    """
    why = explain(title, text, language, options=options, source_country=source_country)
    chosen = {topic.slug for topic in why.topics if topic.chosen}
    return Tags(
        countries=tuple(sorted(c.iso3 for c in why.countries if c.about)),
        countries_mentioned=why.mentioned,
        topics=tuple(t.slug for t in all_topics() if t.slug in chosen),
        doc_type=classify_doc_type(title, text, url, page_type=page_type, source_type=source_type),
    )
