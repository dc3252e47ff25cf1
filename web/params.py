"""The search state in the URL: parsing it into a request, and building links that change it.

The URL holds the whole state (query, filters, sort, page) so a search can be bookmarked,
shared and cited; every facet link and chip is built here, on the server, so pages work
without JavaScript.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from coi.errors import QueryError
from coi.models import SORTS, SearchRequest
from indexer.facets import ALIASES, EXCLUDE_PREFIX, FACET_BY_NAME

FILTER_KEYS = (*FACET_BY_NAME, *ALIASES)
STATE_KEYS = (
    "q",
    "sort",
    "expand",
    "drop",
    *FILTER_KEYS,
    *(EXCLUDE_PREFIX + key for key in FILTER_KEYS),
)


def parse_request(args: MultiDict[str, str], per_page: int) -> SearchRequest:
    """A SearchRequest from query-string arguments.

    Raises:
        QueryError: a page, size or sort that is not a valid value.
    """
    unknown = sorted(set(args) - {*STATE_KEYS, "page", "per_page", "expand"})
    if unknown:
        raise QueryError(
            f"unknown parameter {unknown[0]!r}; use q, sort, page, per_page or a facet name"
        )
    filters = {
        name: tuple(args.getlist(name))
        for name in STATE_KEYS
        if name not in ("q", "sort", "expand", "drop") and name in args
    }
    sort = args.get("sort", "relevance")
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}")
    return SearchRequest(
        query=args.get("q", ""),
        filters=filters,
        page=_int(args.get("page", "1"), "page"),
        per_page=_int(args.get("per_page", str(per_page)), "per_page"),
        sort=sort,  # type: ignore[arg-type]
        expand=args.get("expand", "1") not in ("0", "false", "no", "off"),
        dropped=tuple(dict.fromkeys(v for v in args.getlist("drop") if v)),
    )


def _int(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError as exc:
        raise QueryError(f"{name} must be a whole number") from exc


def state_pairs(args: MultiDict[str, str]) -> list[tuple[str, str]]:
    """The (key, value) pairs of the search state, aliases resolved, page dropped."""
    pairs = []
    for key in STATE_KEYS:
        excluded = key.startswith(EXCLUDE_PREFIX)
        base = key.removeprefix(EXCLUDE_PREFIX)
        name = (EXCLUDE_PREFIX if excluded else "") + ALIASES.get(base, base)
        for value in args.getlist(key):
            if value:
                pairs.append((name, value))
    return pairs


def url_with(pairs: Iterable[tuple[str, str]], **changes: str | None) -> str:
    """``?...`` with keys in ``changes`` replaced (or removed when None)."""
    kept = [(k, v) for k, v in pairs if k not in changes]
    kept += [(k, v) for k, v in changes.items() if v is not None]
    return "?" + urlencode(kept) if kept else "?"


def toggle_url(pairs: list[tuple[str, str]], facet: str, value: str) -> str:
    """The link that adds ``value`` to ``facet`` or, if selected, removes it (page reset)."""
    if (facet, value) in pairs:
        new = [pair for pair in pairs if pair != (facet, value)]
    else:
        new = [*pairs, (facet, value)]
    return "?" + urlencode(new) if new else "?"
