"""Which countries a document is about, its topics and its type: the facets' tags.

Terms (country names in en, ru and az from CLDR, the region's demonyms and capitals, the
topics' terms of ``coi/data/topics.tsv``) and the document are compared on analysed forms
(:func:`coi.lang.index_term`), so ``Афганистане`` meets ``Афганистан`` and ``Əfqanıstandan``
meets ``Əfqanıstan``. A country name must be capitalised where it stands, which keeps Russian
``того`` (Togo) and ``мали`` (Mali) out.

"About" is not "mentioned": a country is *about* when the title names it, or when it has at
least :attr:`TaggingOptions.country_min_mentions` mentions making up at least
:attr:`TaggingOptions.country_about_share` of all country mentions; every country found is
*mentioned*. A topic is tagged when the title has one of its terms or the text has at least
:attr:`TaggingOptions.topic_min_hits` hits (more for long texts).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale

from coi.lang import index_term, word_parts
from coi.thesaurus import country_concepts

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "ru", "az")
MAX_NGRAM = 4
COUNTRY_EXTRAS: dict[str, dict[str, tuple[str, ...]]] = {
    # Forms documents use beyond CLDR's names: demonyms, capitals, regions, old names.
    "AZE": {
        "en": ("Azerbaijani", "Baku", "Nakhchivan", "Soviet Azerbaijan"),
        "ru": ("Баку", "Нахичевань", "азербайджанский", "азербайджанцы"),
        "az": ("Bakı", "Naxçıvan", "azərbaycanlı"),
    },
    "ARM": {"en": ("Armenian", "Yerevan"), "ru": ("Ереван", "армянский"), "az": ("İrəvan",)},
    "GEO": {"en": ("Georgian", "Tbilisi"), "ru": ("Тбилиси", "грузинский"), "az": ("Tbilisi",)},
    "RUS": {
        "en": ("Russian Federation", "Moscow", "Chechnya", "Dagestan"),
        "ru": ("Российская Федерация", "Москва", "Чечня", "Дагестан", "российский"),
        "az": ("Moskva", "Çeçenistan", "Dağıstan"),
    },
    "AFG": {
        "en": ("Afghan", "Kabul", "Hazara"),
        "ru": ("Кабул", "афганский", "афганцы"),
        "az": ("Kabil", "əfqan"),
    },
    "IRN": {"en": ("Iranian", "Tehran"), "ru": ("Тегеран", "иранский"), "az": ("Tehran",)},
    "TUR": {
        "en": ("Turkish", "Ankara", "Istanbul"),
        "ru": ("Анкара", "Стамбул", "турецкий"),
        "az": ("Ankara", "İstanbul"),
    },
    "UKR": {"en": ("Ukrainian", "Kyiv"), "ru": ("Киев", "украинский"), "az": ("Kiyev",)},
    "SYR": {"en": ("Syrian", "Damascus"), "ru": ("Дамаск", "сирийский"), "az": ("Dəməşq",)},
    "IRQ": {"en": ("Iraqi", "Baghdad"), "ru": ("Багдад", "иракский"), "az": ("Bağdad",)},
}
KARABAKH = {
    "en": ("Nagorno-Karabakh", "Karabakh"),
    "ru": ("Нагорный Карабах", "Карабах"),
    "az": ("Dağlıq Qarabağ", "Qarabağ"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class TaggingOptions:
    """Thresholds of the tagging rules (see the module docstring)."""

    country_min_mentions: int = 2
    country_about_share: float = 0.3
    topic_min_hits: int = 2
    topic_hits_per_1000_words: float = 1.5


@dataclass(frozen=True, slots=True, kw_only=True)
class Tags:
    """What tagging decided for one document."""

    countries: tuple[str, ...]
    countries_mentioned: tuple[str, ...]
    topics: tuple[str, ...]
    doc_type: str


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic of the taxonomy with its labels, scope notes and tagging terms."""

    slug: str
    labels: dict[str, str]
    scope: dict[str, str]
    """What the topic covers (and what it leaves to others), one line per language."""
    terms: dict[str, tuple[str, ...]]


@lru_cache(maxsize=1)
def all_topics() -> tuple[Topic, ...]:
    """The topic taxonomy, in file order."""
    topics = []
    header: list[str] | None = None
    for line in (DATA / "topics.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        row = dict(zip(header, cells, strict=True))
        topics.append(
            Topic(
                slug=row["slug"],
                labels={lang: row[f"label_{lang}"] for lang in LANGUAGES},
                scope={lang: row[f"scope_{lang}"] for lang in LANGUAGES},
                terms={
                    lang: tuple(t.strip() for t in row[f"terms_{lang}"].split("|") if t.strip())
                    for lang in LANGUAGES
                },
            )
        )
    return tuple(topics)


def _topic(slug: str) -> Topic:
    """The topic with this slug (KeyError when the taxonomy has none)."""
    for topic in all_topics():
        if topic.slug == slug:
            return topic
    raise KeyError(slug)


def topic_label(slug: str, ui: str = "en") -> str:
    """A topic's label in the interface language (English when that language has none)."""
    labels = _topic(slug).labels
    return labels.get(ui) or labels["en"]


def topic_scope(slug: str, ui: str = "en") -> str:
    """A topic's scope note in the interface language (English when that language has none).

    Raises:
        KeyError: the taxonomy has no topic ``slug``.
    """
    scope = _topic(slug).scope
    return scope.get(ui) or scope["en"]


def _form(text: str, language: str) -> tuple[str, ...]:
    terms = (index_term(word, language) for word, _, _ in word_parts(text))
    return tuple(t for t in terms if t)


@lru_cache(maxsize=len(LANGUAGES))
def _matcher(language: str) -> dict[tuple[str, ...], set[tuple[str, str]]]:
    """Analysed term sequences of ``language`` -> {("country"|"topic", id)}."""
    table: dict[tuple[str, ...], set[tuple[str, str]]] = {}

    def add(term: str, kind: str, ident: str) -> None:
        form = _form(term, language)
        if form:
            table.setdefault(form, set()).add((kind, ident))

    for concept in country_concepts():
        iso3 = concept.id.removeprefix("country-")
        for name in concept.terms.get(language, ()):
            add(name, "country", iso3)
        add(Locale(language).territories.get(_alpha2(iso3), iso3), "country", iso3)
        for extra in COUNTRY_EXTRAS.get(iso3, {}).get(language, ()):
            add(extra, "country", iso3)
    for name in KARABAKH[language]:
        add(name, "country", "AZE")
    for topic in all_topics():
        for term in topic.terms[language]:
            add(term, "topic", topic.slug)
    return table


@lru_cache(maxsize=512)
def _alpha2(iso3: str) -> str:
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    return country.alpha_2 if country else ""


def _hits(text: str, language: str) -> tuple[Counter[str], Counter[str]]:
    """Country and topic hits in ``text`` read as ``language``."""
    table = _matcher(language if language in LANGUAGES else "en")
    lang = language if language in LANGUAGES else "en"
    words = [(index_term(w, lang), w[:1].isupper()) for w, _, _ in word_parts(text)]
    words = [(t, upper) for t, upper in words if t]
    countries: Counter[str] = Counter()
    topics: Counter[str] = Counter()
    i = 0
    while i < len(words):
        for size in range(min(MAX_NGRAM, len(words) - i), 0, -1):
            found = table.get(tuple(t for t, _ in words[i : i + size]))
            if not found:
                continue
            for kind, ident in found:
                if kind == "topic":
                    topics[ident] += 1
                elif words[i][1]:  # a country's name is capitalised where it stands
                    countries[ident] += 1
            i += size - 1
            break
        i += 1
    return countries, topics


def tag(
    title: str,
    text: str,
    language: str,
    url: str = "",
    declared_doc_type: str | None = None,
    options: TaggingOptions | None = None,
) -> Tags:
    """Countries (about and mentioned), topics and type of one document."""
    options = options or TaggingOptions()
    title_countries, title_topics = _hits(title, language)
    countries, topics = _hits(text, language)
    countries.update(title_countries)
    total = sum(countries.values())
    about = set(title_countries) | {
        iso3
        for iso3, n in countries.items()
        if n >= options.country_min_mentions and n / total >= options.country_about_share
    }
    words = max(len(text.split()), 1)
    needed = max(options.topic_min_hits, options.topic_hits_per_1000_words * words / 1000)
    chosen = set(title_topics) | {slug for slug, n in topics.items() if n >= needed}
    return Tags(
        countries=tuple(sorted(about)),
        countries_mentioned=tuple(sorted(countries)),
        topics=tuple(t.slug for t in all_topics() if t.slug in chosen),
        doc_type=classify_doc_type(title, text, url, declared_doc_type),
    )


DOC_TYPES = (
    "report",
    "news",
    "press-release",
    "legislation",
    "court-decision",
    "policy-guideline",
    "query-response",
    "statistics",
    "other",
)
_URL_TYPES = (
    (re.compile(r"/(press|press-releases?|pressreleases?)/"), "press-release"),
    (re.compile(r"/(news|novosti|xeberler|xəbərlər|articles?)/"), "news"),
    (re.compile(r"/(laws?|legislation|zakon|qanun)/"), "legislation"),
    (re.compile(r"/(judgments?|decisions?|case-law|court)/"), "court-decision"),
    (re.compile(r"/(statistics?|statistika)/"), "statistics"),
    (re.compile(r"/(reports?|doklady?|hesabat)/"), "report"),
)
_TITLE_TYPES = (
    (re.compile(r"press release|пресс-релиз|mətbuat açıqlaması", re.I), "press-release"),
    (re.compile(r"query response|ответ на запрос|sorğuya cavab", re.I), "query-response"),
    (re.compile(r"\b(law|act|decree)\b|закон|указ|qanun|fərman", re.I), "legislation"),
    (
        re.compile(r"judgment|decision of the court|решение суда|постановление|qərar", re.I),
        "court-decision",
    ),
    (re.compile(r"guidelines?|policy|руководство|rəhbər", re.I), "policy-guideline"),
    (re.compile(r"statistics|статистика|statistika", re.I), "statistics"),
    (re.compile(r"\breport\b|доклад|отчет|отчёт|hesabat|məruzə", re.I), "report"),
)


def classify_doc_type(title: str, text: str, url: str = "", declared: str | None = None) -> str:
    """The document type from the source's declaration, the URL, the title, then length."""
    if declared in DOC_TYPES:
        return declared
    for pattern, kind in _URL_TYPES:
        if pattern.search(url.lower()):
            return kind
    for pattern, kind in _TITLE_TYPES:
        if pattern.search(title):
            return kind
    if len(text.split()) > 3000:
        return "report"
    return "other"
