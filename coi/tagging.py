"""Which countries a document is about, its topics and its type: the facets' tags.

Terms (country names in en, ru and az from CLDR plus :data:`COUNTRY_EXTRAS`, the topics' terms
of ``coi/data/topics.tsv``) and the document are compared on analysed forms
(:func:`coi.lang.index_term`), so ``Афганистане`` meets ``Афганистан``, ``в Гяндже`` meets
``Гянджа`` and ``Əfqanıstandan`` meets ``Əfqanıstan``; Azerbaijani in Cyrillic letters is read
in Latin ones. Countries are ISO 3166-1 alpha-3 codes, and :data:`USSR` (ISO 3166-3 ``SUN``)
stands for the Soviet Union, whose republics go to their successor states. Three guards keep
common words out:

- A country name written with a capital must be capitalised where it stands, which keeps
  Russian ``того`` (Togo) and ``мали`` (Mali) out. Adjectives and demonyms written in lower
  case (``афганский``, ``əfqan``), as Russian and Azerbaijani spell them, match in any case.
- Azerbaijani only appends suffixes, so an inflected name starts with the whole name
  (``Gəncədə``, ``SSRİ-də``). The stem alone is not enough: ``Gəncə`` and ``gənc`` ("young",
  ``Gənclər`` "youth") share the stem ``gənc``.
- :data:`NOT_PLACES`: phrases in which a place names something else (the OSCE Minsk Group
  negotiates on Karabakh, not Belarus) are read as a whole and count for no country.

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

from coi.lang import az_cyrillic_to_latin, fold_case, index_term, normalize, word_parts
from coi.thesaurus import country_concepts

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "ru", "az")
MAX_NGRAM = 4
USSR = "SUN"
"""ISO 3166-3 code of the Soviet Union: a facet value of its own for documents about it."""

# Forms documents use beyond CLDR's names, for the region's main countries of origin: short,
# long and historical names (the Soviet republics), demonyms and adjectives, capitals, major
# cities and conflict regions. Left out on purpose, as common words, personal names or places
# of several countries: ru Грозный ("formidable"), Мир ("peace"), Львов (the surname of
# Lvova-Belova), Кум ("godfather"; Qom), Мары; az Düşənbə ("Monday"), Qum ("sand"), Laçın
# ("falcon"), qazax (also Azerbaijan's Qazax), türk and rus (Turkic; the Russian language); en
# Mary, Van, Brest (also France), Frunze (a surname), Tabriz and Shiraz (given names);
# Soviet/советский alone (post-Soviet); Persian; the ethnonyms Tajik, Uzbek, Turkmen, Kyrgyz,
# Kazakh and Somali (minorities across borders, Afghanistan's above all: their countries get
# the citizens' adjective, Kazakhstani); regions across borders: Kurdistan, Fergana,
# Badakhshan, Baluchistan, Zangezur (East Zangezur is Azerbaijani), Jalal-Abad/Cəlalabad
# (Jalalabad is Afghan).
# fmt: off
COUNTRY_EXTRAS: dict[str, dict[str, tuple[str, ...]]] = {
    USSR: {
        "en": ("USSR", "Soviet Union", "Union of Soviet Socialist Republics"),
        "ru": ("СССР", "Советский Союз", "Союз ССР", "Союз Советских Социалистических Республик"),
        "az": ("SSRİ", "Sovet İttifaqı", "Sovetlər İttifaqı",
               "Sovet Sosialist Respublikaları İttifaqı"),
    },
    "AZE": {
        "en": ("Azerbaijani", "Azeri", "Azerbaijan SSR", "Azerbaijani SSR", "Soviet Azerbaijan",
               "Baku", "Nakhchivan", "Ganja", "Kirovabad", "Sumgait", "Sumqayit", "Lankaran",
               "Lenkoran", "Mingachevir", "Nagorno-Karabakh", "Karabakh", "Artsakh",
               "Stepanakert", "Khankendi", "Shusha"),
        "ru": ("азербайджанский", "азербайджанцы", "азербайджанец", "Азербайджанская ССР",
               "Советский Азербайджан", "Баку", "Нахичевань", "Нахчыван", "Гянджа", "Кировабад",
               "Сумгаит", "Сумгайыт", "Ленкорань", "Мингечевир", "Нагорный Карабах", "Карабах",
               "Арцах", "Степанакерт", "Ханкенди", "Шуша"),
        "az": ("azərbaycanlı", "Azərbaycan SSR", "Sovet Azərbaycanı", "Bakı", "Naxçıvan",
               "Gəncə", "Kirovabad", "Sumqayıt", "Lənkəran", "Mingəçevir", "Dağlıq Qarabağ",
               "Qarabağ", "Xankəndi", "Şuşa"),
    },
    "ARM": {
        "en": ("Armenian", "Armenian SSR", "Yerevan", "Gyumri", "Leninakan", "Vanadzor", "Syunik"),
        "ru": ("армянский", "армяне", "Армянская ССР", "Ереван", "Гюмри", "Ленинакан", "Ванадзор",
               "Сюник"),
        "az": ("erməni", "Ermənistan SSR", "İrəvan", "Gümrü", "Vanadzor"),
    },
    "GEO": {
        "en": ("Georgian", "Georgian SSR", "Tbilisi", "Tiflis", "Batumi", "Kutaisi", "Abkhazia",
               "Sukhumi", "Sokhumi", "South Ossetia", "Tskhinvali", "Adjara", "Ajaria"),
        "ru": ("грузинский", "грузины", "Грузинская ССР", "Тбилиси", "Тифлис", "Батуми",
               "Кутаиси", "Абхазия", "Сухуми", "Сухум", "Южная Осетия", "Цхинвали", "Цхинвал",
               "Аджария"),
        "az": ("gürcü", "Gürcüstan SSR", "Tbilisi", "Tiflis", "Batumi", "Kutaisi", "Abxaziya",
               "Suxumi", "Cənubi Osetiya", "Sxinvali", "Acarıstan"),
    },
    "RUS": {
        "en": ("Russian Federation", "RSFSR", "Russian SFSR", "Moscow", "St Petersburg",
               "Saint Petersburg", "Chechnya", "Chechen Republic", "Grozny", "Dagestan",
               "Ingushetia", "North Ossetia", "North Caucasus"),
        "ru": ("российский", "россияне", "Российская Федерация", "РСФСР", "Москва",
               "Санкт-Петербург", "Петербург", "Чечня", "Чеченская Республика", "Дагестан",
               "Ингушетия", "Северная Осетия", "Северный Кавказ"),
        "az": ("rusiyalı", "Rusiya Federasiyası", "RSFSR", "Moskva", "Sankt-Peterburq",
               "Peterburq", "Çeçenistan", "Qroznı", "Dağıstan", "İnquşetiya", "Şimali Osetiya",
               "Şimali Qafqaz"),
    },
    "UKR": {
        "en": ("Ukrainian", "Ukrainian SSR", "Kyiv", "Kiev", "Kharkiv", "Kharkov", "Odesa",
               "Odessa", "Lviv", "Crimea", "Donbas", "Donbass", "Donetsk", "Luhansk", "Lugansk",
               "Mariupol"),
        "ru": ("украинский", "украинцы", "Украинская ССР", "Киев", "Харьков", "Харькова",
               "Одесса", "Крым", "Донбасс", "Донецк", "Луганск", "Мариуполь"),
        "az": ("ukraynalı", "Ukrayna SSR", "Kiyev", "Xarkov", "Odessa", "Krım", "Donbas",
               "Donetsk", "Luqansk", "Mariupol"),
    },
    "BLR": {
        "en": ("Belarusian", "Byelorussia", "Belorussia", "Byelorussian SSR", "Belorussian SSR",
               "Minsk", "Gomel", "Homel", "Grodno", "Hrodna"),
        "ru": ("белорусский", "белорусы", "Белоруссия", "Белорусская ССР", "Минск", "Гомель",
               "Гродно"),
        "az": ("Belorusiya", "Belarus SSR", "Minsk", "Qomel", "Qrodno"),
    },
    "MDA": {
        "en": ("Moldavian SSR",),
        "ru": ("Молдавия", "Молдавская ССР"),
        "az": ("Moldaviya SSR",),
    },
    "EST": {"en": ("Estonian SSR",), "ru": ("Эстонская ССР",), "az": ("Estoniya SSR",)},
    "LVA": {"en": ("Latvian SSR",), "ru": ("Латвийская ССР",), "az": ("Latviya SSR",)},
    "LTU": {"en": ("Lithuanian SSR",), "ru": ("Литовская ССР",), "az": ("Litva SSR",)},
    "KAZ": {
        "en": ("Kazakhstani", "Kazakh SSR", "Astana", "Nur-Sultan", "Almaty", "Alma-Ata",
               "Shymkent"),
        "ru": ("казахстанский", "казахстанцы", "Казахская ССР", "Астана", "Нур-Султан", "Алматы",
               "Алма-Ата", "Шымкент"),
        "az": ("qazaxıstanlı", "Qazaxıstan SSR", "Astana", "Nur-Sultan", "Almatı", "Alma-Ata",
               "Şımkənd"),
    },
    "UZB": {
        "en": ("Uzbekistani", "Uzbek SSR", "Tashkent", "Samarkand", "Bukhara", "Andijan",
               "Karakalpakstan"),
        "ru": ("узбекистанский", "Узбекская ССР", "Ташкент", "Самарканд", "Бухара", "Андижан",
               "Каракалпакстан"),
        "az": ("Özbəkistan SSR", "Daşkənd", "Səmərqənd", "Buxara", "Əndican", "Qaraqalpaqstan"),
    },
    "TJK": {
        "en": ("Tajikistani", "Tajik SSR", "Dushanbe", "Stalinabad", "Khujand",
               "Gorno-Badakhshan"),
        "ru": ("таджикистанский", "Таджикская ССР", "Душанбе", "Сталинабад", "Худжанд",
               "Горно-Бадахшан", "Горно-Бадахшанская", "ГБАО"),
        "az": ("Tacikistan SSR", "Xucənd", "Dağlıq Bədəxşan"),
    },
    "KGZ": {
        "en": ("Kyrgyzstani", "Kyrgyz Republic", "Kirghizia", "Kirgizia", "Kirghiz SSR",
               "Bishkek", "Osh", "Batken"),
        "ru": ("кыргызстанский", "Кыргызстан", "Кыргызская Республика", "Киргизская ССР",
               "Бишкек", "Ош", "Баткен"),
        "az": ("Qırğızıstan SSR", "Bişkek", "Oş", "Batken"),
    },
    "TKM": {
        "en": ("Turkmenistani", "Turkmen SSR", "Ashgabat", "Ashkhabad", "Turkmenabat",
               "Dashoguz", "Balkanabat"),
        "ru": ("туркменистанский", "Туркменская ССР", "Ашхабад", "Туркменабат", "Дашогуз",
               "Балканабат"),
        "az": ("Türkmənistan SSR", "Aşqabad", "Türkmənabad", "Daşoğuz"),
    },
    "AFG": {
        "en": ("Afghan", "Hazara", "Kabul", "Herat", "Kandahar", "Mazar-i-Sharif",
               "Mazar-e Sharif", "Jalalabad", "Helmand", "Kunduz", "Panjshir"),
        "ru": ("афганский", "афганцы", "афганец", "Кабул", "Герат", "Кандагар", "Мазари-Шариф",
               "Джелалабад", "Гильменд", "Гельменд", "Кундуз", "Панджшер"),
        "az": ("əfqan", "əfqanıstanlı", "Kabil", "Herat", "Qəndəhar", "Məzari-Şərif", "Hilmənd",
               "Qunduz", "Pəncşir"),
    },
    "IRN": {
        "en": ("Iranian", "Persia", "Tehran", "Teheran", "Mashhad", "Isfahan", "Ahvaz",
               "Khuzestan", "Kermanshah", "Iranian Azerbaijan"),
        "ru": ("иранский", "иранцы", "Персия", "Тегеран", "Мешхед", "Исфахан", "Ахваз",
               "Хузестан", "Керманшах", "Иранский Азербайджан", "Южный Азербайджан"),
        "az": ("iranlı", "Tehran", "Məşhəd", "İsfahan", "Əhvaz", "Xuzistan", "Kirmanşah",
               "Cənubi Azərbaycan", "İran Azərbaycanı"),
    },
    "IRQ": {
        "en": ("Iraqi", "Baghdad", "Mosul", "Basra", "Erbil", "Arbil", "Kirkuk", "Sinjar",
               "Nineveh", "Kurdistan Region"),
        "ru": ("иракский", "иракцы", "Багдад", "Мосул", "Басра", "Эрбиль", "Киркук", "Синджар",
               "Ниневия"),
        "az": ("iraqlı", "Bağdad", "Mosul", "Musul", "Bəsrə", "Ərbil", "Kərkük", "Sincar",
               "Neynəva"),
    },
    "SYR": {
        "en": ("Syrian", "Damascus", "Aleppo", "Idlib", "Homs", "Raqqa", "Deir ez-Zor",
               "Deir al-Zour", "Afrin", "Hasakah"),
        "ru": ("сирийский", "сирийцы", "Дамаск", "Алеппо", "Халеб", "Идлиб", "Хомс", "Ракка",
               "Дейр-эз-Зор", "Африн"),
        "az": ("suriyalı", "Dəməşq", "Hələb", "İdlib", "Homs", "Rəqqə", "Deyr-əz-Zor", "Afrin"),
    },
    "TUR": {
        "en": ("Turkey", "Turkish", "Ankara", "Istanbul", "Izmir", "Diyarbakir", "Gaziantep"),
        "ru": ("турецкий", "Анкара", "Стамбул", "Измир", "Диярбакыр", "Газиантеп"),
        "az": ("Ankara", "İstanbul", "İzmir", "Diyarbəkir", "Qaziantep"),
    },
    "PAK": {
        "en": ("Pakistani", "Islamabad", "Karachi", "Lahore", "Peshawar", "Quetta",
               "Khyber Pakhtunkhwa"),
        "ru": ("пакистанский", "пакистанцы", "Исламабад", "Карачи", "Лахор", "Пешавар", "Кветта",
               "Хайбер-Пахтунхва"),
        "az": ("pakistanlı", "İslamabad", "Karaçi", "Lahor", "Peşəvər", "Kvetta",
               "Xeybər-Paxtunxva"),
    },
    "ERI": {
        "en": ("Eritrean", "Asmara", "Massawa", "Assab"),
        "ru": ("эритрейский", "эритрейцы", "Асмэра", "Асмара", "Массауа"),
        "az": ("eritreyalı", "Asmara", "Massava"),
    },
    "SOM": {
        "en": ("Mogadishu", "Hargeisa", "Kismayo", "Somaliland", "Puntland"),
        "ru": ("Могадишо", "Харгейса", "Кисмайо", "Сомалиленд", "Пунтленд"),
        "az": ("Moqadişo", "Somalilend", "Puntlend"),
    },
    "GBR": {
        "en": ("UK", "Britain", "British"),
        "ru": ("британский", "Британия", "Соединённое Королевство"),
        "az": ("britaniyalı", "Britaniya", "İngiltərə"),
    },
    "USA": {"en": ("USA",), "ru": ("США",), "az": ("ABŞ",)},
}
NOT_PLACES: dict[str, tuple[str, ...]] = {
    # A place's name inside the name of a negotiating format, a treaty or a currency.
    "en": ("Minsk Group", "Minsk agreements", "Minsk accords", "Minsk Protocol", "Astana format",
           "Astana process", "Istanbul Convention", "Moscow Mechanism"),
    "ru": ("Минская группа", "Минские соглашения", "Минский протокол", "долларов США"),
    "az": ("Minsk qrupu", "Minsk razılaşmaları", "Astana formatı", "İstanbul Konvensiyası",
           "ABŞ dolları"),
}
# fmt: on


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


Word = tuple[str, str, bool]
"""A word as the tagger reads it: index term, written form (case-folded), capitalised."""
Entry = tuple[str, str, tuple[str, ...]]
"""What a term sequence stands for: kind, id and, for Azerbaijani places, the written forms
each word must start with. Kinds: ``topic``, ``name`` (a capitalised country name), ``adjective``
(a country's lower-case adjective or demonym), ``none`` (see :data:`NOT_PLACES`)."""


def _words(text: str, language: str) -> list[Word]:
    """The words of ``text`` that are not stopwords, read as ``language``."""
    words = []
    for word, _, _ in word_parts(text):
        term = index_term(word, language)
        if term:
            written = _written(word) if language == "az" else ""
            words.append((term, written, word[:1].isupper()))
    return words


def _written(word: str) -> str:
    """An Azerbaijani word as written, in Latin letters and case-folded."""
    return fold_case(az_cyrillic_to_latin(normalize(word, "az")), "az")


@lru_cache(maxsize=len(LANGUAGES))
def _matcher(language: str) -> dict[tuple[str, ...], set[Entry]]:
    """Analysed term sequences of ``language`` -> what they stand for."""
    table: dict[tuple[str, ...], set[Entry]] = {}

    def add(term: str, kind: str, ident: str) -> None:
        words = _words(term, language)
        if not words:
            return
        place = language == "az" and kind != "topic"
        written = tuple(w for _, w, _ in words) if place else ()
        table.setdefault(tuple(t for t, _, _ in words), set()).add((kind, ident, written))

    for concept in country_concepts():
        iso3 = concept.id.removeprefix("country-")
        for name in concept.terms.get(language, ()):
            add(name, "name", iso3)
        add(Locale(language).territories.get(_alpha2(iso3), iso3), "name", iso3)
    for iso3, names in COUNTRY_EXTRAS.items():
        for name in names.get(language, ()):
            add(name, "adjective" if name[:1].islower() else "name", iso3)
    for phrase in NOT_PLACES[language]:
        add(phrase, "none", "")
    for topic in all_topics():
        for term in topic.terms[language]:
            add(term, "topic", topic.slug)
    return table


@lru_cache(maxsize=512)
def _alpha2(iso3: str) -> str:
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    return country.alpha_2 if country else ""


def _applies(entry: Entry, window: list[Word]) -> bool:
    """Whether the words of ``window`` really are what ``entry`` stands for (the guards)."""
    kind, _, written = entry
    if kind == "name" and not window[0][2]:
        return False
    return all(w[1].startswith(prefix) for w, prefix in zip(window, written, strict=False))


def _hits(text: str, language: str) -> tuple[Counter[str], Counter[str]]:
    """Country and topic hits in ``text`` read as ``language``."""
    lang = language if language in LANGUAGES else "en"
    table = _matcher(lang)
    words = _words(text, lang)
    countries: Counter[str] = Counter()
    topics: Counter[str] = Counter()
    i = 0
    while i < len(words):
        size, found = _longest(table, words, i)
        for kind, ident, _ in found:
            if kind == "topic":
                topics[ident] += 1
            elif kind != "none":
                countries[ident] += 1
        i += size
    return countries, topics


def _longest(
    table: dict[tuple[str, ...], set[Entry]], words: list[Word], start: int
) -> tuple[int, list[Entry]]:
    """The longest phrase at ``start`` that stands for something: its length and meanings."""
    for size in range(min(MAX_NGRAM, len(words) - start), 0, -1):
        window = words[start : start + size]
        found = [e for e in table.get(tuple(t for t, _, _ in window), ()) if _applies(e, window)]
        if found:
            return size, found
    return 1, []


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
        doc_type=classify_doc_type(title, text, url, page_type=page_type, source_type=source_type),
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


def classify_doc_type(
    title: str,
    text: str,
    url: str = "",
    *,
    page_type: str | None = None,
    source_type: str | None = None,
) -> str:
    """The document type, from the most specific evidence to the weakest.

    1. ``page_type``, what the page's own metadata declares (schema.org ``Legislation``...):
       the publisher speaking about this very page.
    2. The URL's section (``/press-releases/``, ``/legislation/``): the publisher filed the page
       there, so a law on a news agency's site is legislation, not news.
    3. ``source_type``, the source's declaration in the configuration: right for most pages
       of a source (a news agency's are news), so it beats the title's wording, which news
       headlines use loosely ("Report: ...", "Parliament adopts law on NGOs").
    4. The title's wording, then length (a long text is a report), else ``other``.

    A declaration that is not one of :data:`DOC_TYPES` is ignored.
    """
    if page_type is not None and page_type in DOC_TYPES:
        return page_type
    path = url.lower()
    for pattern, kind in _URL_TYPES:
        if pattern.search(path):
            return kind
    if source_type is not None and source_type in DOC_TYPES:
        return source_type
    for pattern, kind in _TITLE_TYPES:
        if pattern.search(title):
            return kind
    if len(text.split()) > 3000:
        return "report"
    return "other"
