"""Human labels for facet values and sources, in the interface language.

Country and language names come from CLDR through Babel (it has az, ru and en names), except
for former countries, which CLDR does not name; topic labels and scope notes come from the
taxonomy when it has them; codes stay visible in the URL and the API.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

import pycountry
from babel import Locale, UnknownLocaleError
from flask_babel import lazy_gettext

from coi.config import Config
from coi.taxonomy.tagging import KOSOVO, USSR
from coi.taxonomy.topics import topic_label, topic_scope
from indexer.facets import FACETS

FACET_LABELS = {facet.name: lazy_gettext(facet.label) for facet in FACETS}
"""The registry's labels (:mod:`indexer.facets`), translated."""

DOC_TYPE_LABELS = {
    "report": lazy_gettext("Report"),
    "news": lazy_gettext("News"),
    "press-release": lazy_gettext("Press release"),
    "legislation": lazy_gettext("Legislation"),
    "court-decision": lazy_gettext("Court decision"),
    "policy-guideline": lazy_gettext("Policy or guideline"),
    "query-response": lazy_gettext("Query response"),
    "statistics": lazy_gettext("Statistics"),
    "listing": lazy_gettext("Listing or menu page"),
    "other": lazy_gettext("Other"),
}
"""Every type in :data:`coi.models.DOC_TYPES` (one missing here shows its slug)."""
SOURCE_KIND_LABELS = {
    "government": lazy_gettext("government"),
    "international": lazy_gettext("international organisation"),
    "ngo": lazy_gettext("NGO"),
    "media": lazy_gettext("media"),
    "court": lazy_gettext("court"),
    "academic": lazy_gettext("academic"),
}
"""Every kind in :data:`coi.models.SOURCE_KINDS`, as a reader weighing a source reads it."""
DATE_FROM_LABELS = {
    "metadata": lazy_gettext("from the page's metadata"),
    "page": lazy_gettext("from the date shown in the article"),
    "dateline": lazy_gettext("from a dateline in the text"),
    "url": lazy_gettext("from the address (URL)"),
    "file": lazy_gettext("the file's own date (PDF properties), not a stated publication date"),
    "import": lazy_gettext("as given when the file was imported"),
    "curator": lazy_gettext("corrected by a curator"),
}
"""Every source in :data:`coi.models.DATE_SOURCES`: where the date a judge cites came from."""
FORMAT_LABELS = {
    "application/pdf": lazy_gettext("PDF"),
    "text/html": lazy_gettext("Web page"),
    "text/plain": lazy_gettext("Plain text"),
}
"""Formats of archived copies, as a reader names them."""
FORMER_COUNTRY_LABELS = {USSR: lazy_gettext("Soviet Union")}
"""Countries tagging knows from ISO 3166-3 (no longer existing), which CLDR does not name."""
USER_ASSIGNED_ALPHA_2 = {KOSOVO: "XK"}
"""Codes outside ISO 3166-1 that tagging gives, with the code CLDR names them under."""


@lru_cache(maxsize=8)
def _locale(ui: str) -> Locale:
    try:
        return Locale.parse(ui)
    except (UnknownLocaleError, ValueError):
        return Locale("en")


@lru_cache(maxsize=1024)
def language_name(code: str, ui: str = "en") -> str:
    """``ru`` -> ``Russian`` / ``русский`` / ``rus`` in the interface language."""
    if code == "und":
        return str(lazy_gettext("Undetermined"))
    name = _locale(ui).languages.get(code) or Locale("en").languages.get(code) or code
    return name[:1].upper() + name[1:]


def country_name(code: str, ui: str = "en") -> str:
    """``AZE`` -> ``Azerbaijan`` / ``Азербайджан`` / ``Azərbaycan``; ``SUN`` -> ``Soviet Union``."""
    former = FORMER_COUNTRY_LABELS.get(code)
    return str(former) if former is not None else _cldr_country_name(code, ui)


@lru_cache(maxsize=2048)
def _cldr_country_name(code: str, ui: str) -> str:
    alpha_2 = USER_ASSIGNED_ALPHA_2.get(code)
    if alpha_2:
        return str(_locale(ui).territories.get(alpha_2) or code)
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return str(
        _locale(ui).territories.get(country.alpha_2)
        or getattr(country, "common_name", None)
        or country.name
    )


def topic_name(slug: str, ui: str = "en") -> str:
    """A topic's label from the taxonomy in the interface language, else its slug made readable."""
    try:
        return topic_label(slug, ui)
    except KeyError:  # a slug a curator typed that the taxonomy does not (yet) know
        return slug.replace("-", " ").capitalize()


def topic_note(slug: str, ui: str = "en") -> str:
    """A topic's scope note in the interface language, empty for a slug the taxonomy lacks."""
    try:
        return topic_scope(slug, ui)
    except KeyError:
        return ""


def value_label(facet: str, value: str, config: Config, ui: str = "en") -> str:
    """The label a user reads for a facet value."""
    if facet == "language":
        return language_name(value, ui)
    if facet in ("country", "mentions"):
        return country_name(value, ui)
    if facet == "topic":
        return topic_name(value, ui)
    if facet == "source":
        source = config.source(value)
        return source.name if source else value
    if facet == "source_kind":
        return str(SOURCE_KIND_LABELS.get(value, value))
    if facet == "doc_type":
        label = DOC_TYPE_LABELS.get(value)
        return str(label) if label else value.replace("-", " ").capitalize()
    return value


def date_from_label(source: str | None) -> str:
    """Where a publication date came from, for a reader (a date stored before coi recorded it
    says so)."""
    label = DATE_FROM_LABELS.get(source or "")
    return str(label) if label else str(lazy_gettext("where from was not recorded"))


def format_label(content_type: str) -> str:
    """``application/pdf`` -> ``PDF``; an unknown type stays as it is."""
    label = FORMAT_LABELS.get(content_type)
    return str(label) if label else content_type


def utc_time(moment: datetime) -> str:
    """``2024-01-04 09:30 UTC``: a retrieval time a reader can check, the same for everyone."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
