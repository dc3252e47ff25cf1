"""Human labels for facet values and sources, shown beside the stable codes."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError

from coi.config import Config

FACET_LABELS = {
    "country": "Country",
    "topic": "Topic",
    "language": "Language",
    "source": "Source",
    "doc_type": "Document type",
    "year": "Year",
    "collection": "Collection",
}


@lru_cache(maxsize=256)
def language_name(code: str) -> str:
    """``ru`` -> ``Russian`` (CLDR via Babel); unknown codes stay as they are."""
    if code == "und":
        return "Undetermined"
    try:
        return str(Locale("en").languages.get(code, code)).capitalize()
    except UnknownLocaleError:
        return code


@lru_cache(maxsize=512)
def country_name(code: str) -> str:
    """``AZE`` -> ``Azerbaijan`` (ISO 3166 via pycountry)."""
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    return str(getattr(country, "common_name", None) or country.name) if country else code


def value_label(facet: str, value: str, config: Config) -> str:
    """The label a user reads for a facet value."""
    if facet == "language":
        return language_name(value)
    if facet == "country":
        return country_name(value)
    if facet == "source":
        source = config.source(value)
        return source.name if source else value
    if facet in ("topic", "doc_type"):
        return value.replace("-", " ").capitalize()
    return value
