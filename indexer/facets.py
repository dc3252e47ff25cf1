"""The facet registry: one declaration per facet, shared by search, the API, the CLI and the UI.

Filters use the same names as facets (``lang`` is accepted for ``language``): values within one
facet are OR-ed, facets are AND-ed. Counts follow the usual multi-select rule: a facet's own
selection does not shrink its own counts, so a user can add a second country and see how many
documents it brings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coi.errors import QueryError

ALIASES = {"lang": "language"}
EXCLUDE_PREFIX = "not_"
"""``not_source=x`` keeps documents whose source is not x (e.g. "everything but this source")."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Facet:
    """How one facet is stored, filtered and shown."""

    name: str
    field: str
    label: str
    multi_valued: bool = False
    newest_first: bool = False
    """Order values by value descending (years) instead of by count."""
    unlisted: tuple[str, ...] = ()
    """Values whose documents a search leaves out unless a filter of this facet is set (they
    are still counted in this facet, so a user sees them and can choose them)."""


FACETS: tuple[Facet, ...] = (
    Facet(name="country", field="country", label="Country", multi_valued=True),
    Facet(name="topic", field="topic", label="Topic", multi_valued=True),
    Facet(name="language", field="language", label="Language"),
    Facet(name="source", field="source", label="Source"),
    # Menus, section indexes and contact pages are archived but not what anyone searches for.
    Facet(name="doc_type", field="doc_type", label="Document type", unlisted=("listing",)),
    Facet(name="year", field="year", label="Year", newest_first=True),
    Facet(name="collection", field="collection", label="Collection", multi_valued=True),
)
FACET_BY_NAME = {facet.name: facet for facet in FACETS}
_YEAR = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
_VALUE = re.compile(r"^[\w.-]{1,64}$")


def normalize_filters(raw: dict[str, tuple[str, ...] | list[str]]) -> dict[str, tuple[str, ...]]:
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
