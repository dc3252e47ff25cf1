"""The facet registry: one declaration per facet, shared by search, the API, the CLI and the UI.

Everything that lists the facets reads this registry: the search's filters and counts, the
query syntax's facet fields (:mod:`indexer.query`), the API's parameters and schema, the
``coi search`` options (each with its ``--not-`` exclusion) and the interface's labels (each
label is a message of the interface's translation catalogue, marked with :func:`msgid`).

Filters use the same names as facets (``lang`` is accepted for ``language``): values within one
facet are OR-ed, facets are AND-ed. Counts follow the usual multi-select rule: a facet's own
selection does not shrink its own counts, so a user can add a second country and see how many
documents it brings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from coi.errors import QueryError

ALIASES = {"lang": "language"}
EXCLUDE_PREFIX = "not_"
"""``not_source=x`` keeps documents whose source is not x (e.g. "everything but this source")."""


def msgid(text: str) -> str:
    """Mark a label for the interface's message catalogue; the web layer translates it."""
    return text


@dataclass(frozen=True, slots=True, kw_only=True)
class Facet:
    """How one facet is stored, filtered and shown."""

    name: str
    field: str
    label: str
    multi_valued: bool = False
    newest_first: bool = False
    """Order values by value descending (years) instead of by count."""
    values_help: str
    """What a value looks like, for the command line's help."""
    unlisted: tuple[str, ...] = ()
    """Values whose documents a search leaves out unless a filter of this facet is set (they
    are still counted in this facet, so a user sees them and can choose them)."""


FACETS: tuple[Facet, ...] = (
    Facet(
        name="country",
        field="country",
        label=msgid("Country"),
        multi_valued=True,
        values_help="ISO 3166-1 alpha-3 code",
    ),
    Facet(name="topic", field="topic", label=msgid("Topic"), multi_valued=True, values_help="slug"),
    Facet(name="language", field="language", label=msgid("Language"), values_help="az, ru, en..."),
    Facet(name="source", field="source", label=msgid("Source"), values_help="source id"),
    # Menus, section indexes and contact pages are archived but not what anyone searches for.
    Facet(
        name="doc_type",
        field="doc_type",
        label=msgid("Document type"),
        values_help="report, news, legal, listing...",
        unlisted=("listing",),
    ),
    Facet(
        name="year",
        field="year",
        label=msgid("Year"),
        newest_first=True,
        values_help="YYYY or YYYY-YYYY",
    ),
    Facet(
        name="collection",
        field="collection",
        label=msgid("Collection"),
        multi_valued=True,
        values_help="collection slug",
    ),
    Facet(
        name="mentions",
        field="mentions",
        label=msgid("Mentioned country"),
        multi_valued=True,
        values_help="ISO 3166-1 alpha-3 code of a country the document names or is about",
    ),
)
FACET_BY_NAME = {facet.name: facet for facet in FACETS}
_YEAR = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
_VALUE = re.compile(r"^[\w.-]{1,64}$")


def normalize_filters(
    raw: Mapping[str, tuple[str, ...] | list[str]],
) -> dict[str, tuple[str, ...]]:
    """Filters with aliases resolved, empty values dropped, and every value checked.

    Raises:
        QueryError: an unknown facet name, or a value of the wrong form (e.g. ``year=20x``).
    """
    filters: dict[str, list[str]] = {}
    for name, values in raw.items():
        excluded = name.startswith(EXCLUDE_PREFIX)
        base = name.removeprefix(EXCLUDE_PREFIX)
        canonical = ALIASES.get(base, base)
        if canonical not in FACET_BY_NAME:
            raise QueryError(f"unknown filter {name!r}; filters are {', '.join(FACET_BY_NAME)}")
        for value in values:
            value = value.strip()
            if not value:
                continue
            if canonical == "year":
                year_range(value)
            elif not _VALUE.match(value):
                raise QueryError(f"{canonical} filter value {value!r} is not valid")
            key = EXCLUDE_PREFIX + canonical if excluded else canonical
            if value not in filters.setdefault(key, []):
                filters[key].append(value)
    return {name: tuple(values) for name, values in filters.items() if values}


def year_range(value: str) -> tuple[int, int]:
    """``2023`` -> (2023, 2023); ``2019-2024`` -> (2019, 2024)."""
    match = _YEAR.match(value)
    if not match:
        raise QueryError(f"year filter {value!r} must be YYYY or YYYY-YYYY")
    start = int(match.group(1))
    end = int(match.group(2) or start)
    if end < start:
        raise QueryError(f"year range {value!r} ends before it starts")
    return start, end


def order_counts(facet: Facet, counts: dict[str, int]) -> dict[str, int]:
    """Values by count (then value), or newest first for years."""
    if facet.newest_first:
        items = sorted(counts.items(), key=lambda item: item[0], reverse=True)
    else:
        items = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return dict(items)
