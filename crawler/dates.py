"""Publication dates from evidence that they are one, with where each came from (issue 18).

A judge cites the date coi shows, so a date is only taken where the publisher states it, best
evidence first: the page's metadata, a ``<time>`` element in the article, a dateline at the
top of the text, the URL (``/2020/08/15/``). A PDF's own date fields are the last resort and
are labelled as the file's date. Anything else stays undated.

trafilatura's metadata date (htmldate) is not used: it falls back to guessing from the whole
page, and gives "2025-01-01" to a page whose only date is a footer's "© 2025". No copyright
year, and no year alone from the text, is ever read as a publication date here.

Month names in Russian and Azerbaijani come from CLDR through Babel (already a dependency for
the interface), in their nominative and genitive forms ("август", "августа", "avqust").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import lxml.html
from babel.dates import get_month_names

from crawler.json_ld import json_ld_nodes

EARLIEST = date(1900, 1, 1)
"""Older dates are read as noise (a law's date of adoption is not a page's date)."""
META_NAMES = (
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dc.date.created",
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publication_date",
    "date",
)
"""``<meta name|property>`` that state a publication date, most specific first."""
DATELINE_CHARS = 400
"""A dateline stands at the top of the text: only this much of it is read."""
DATELINE_LINE_CHARS = 100
"""A line this short with a date in it is a dateline ("Опубликовано: 15.08.2020 | Новости")."""
DATELINE_LEAD_CHARS = 40
"""In a longer line only a date at its opening is a dateline ("15 August 2020 — Baku ...")."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FoundDate:
    """A publication date with its evidence."""

    value: date
    precision: str
    """``year``, ``month`` or ``day`` (see :data:`coi.models.DATE_PRECISIONS`)."""
    source: str
    """Where it was read (see :data:`coi.models.DATE_SOURCES`)."""


def html_date(tree: lxml.html.HtmlElement, text: str, url: str, today: date) -> FoundDate | None:
    """The publication date of a page: metadata, ``<time>``, dateline, URL, in that order.

    Args:
        tree: the parsed page (before any element is dropped from it).
        text: the page's main text, for a dateline.
        url: the page's URL.
        today: dates after it are refused (a date in the future is an event, not a page's).
    """
    for found in (
        _first_valid(_meta_values(tree), "metadata", today),
        _first_valid(_time_values(tree), "page", today),
        dateline(text, today),
        url_date(url, today),
    ):
        if found is not None:
            return found
    return None


def parse_iso(value: str, source: str, today: date) -> FoundDate | None:
    """An ISO 8601 date or date-time (``2020``, ``2020-08``, ``2020-08-15T10:00+04:00``)."""
    value = re.sub(r"^(\d{4})/(\d{1,2})(?:/(\d{1,2}))?", _dashed, value.strip())  # Highwire
    match = re.match(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?=$|[T ]\d)", value)
    if match is None:
        match = re.match(r"^(\d{4})(\d{2})(\d{2})$", value)  # 20200815
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    precision = "day" if day else "month" if month else "year"
    return _checked(year or 0, month or 1, day or 1, precision, source, today)


def _dashed(match: re.Match[str]) -> str:
    parts = [part for part in match.groups() if part]
    return "-".join(part if len(part) == 4 else f"{int(part):02d}" for part in parts)


def dateline(text: str, today: date) -> FoundDate | None:
    """A full date (day, month and year) at the top of a text: ``15.08.2020``, ``15 August
    2020``, ``August 15, 2020``, ``15 августа 2020 г.``, ``15 avqust 2020``, ``2020-08-15``.

    A year alone (a copyright line, "in 2019") is never taken.
    """
    for head in _dateline_places(text):
        found = _full_date(head, today)
        if found is not None:
            return found
    return None


def _dateline_places(text: str) -> Iterator[str]:
    """Where a dateline stands: a short line among the first few, or a first line's opening
    (a date further into a sentence is what the text talks about, "the law of 15 May 2018")."""
    for line in [line for line in text[:DATELINE_CHARS].splitlines() if line.strip()][:4]:
        yield line if len(line) <= DATELINE_LINE_CHARS else line[:DATELINE_LEAD_CHARS]


def _full_date(head: str, today: date) -> FoundDate | None:
    for pattern, order in _dateline_patterns():
        for match in pattern.finditer(head):
            parts = dict(zip(order, match.groups(), strict=True))
            month = _month_number(parts["month"])
            if month is None:
                continue
            found = _checked(int(parts["year"]), month, int(parts["day"]), "day", "dateline", today)
            if found is not None:
                return found
    return None


def url_date(url: str, today: date) -> FoundDate | None:
    """A date in a URL's path: ``/2020/08/15/``, ``/2020-08-15-title``, ``/2020/08/`` (a
    month). A year alone is not taken: ``/statistics/2019/`` is about 2019, published later."""
    path = re.sub(r"^[a-z]+://[^/]+", "", url.split("?", 1)[0].split("#", 1)[0])
    day = re.search(r"/((?:19|20)\d\d)[/-](\d\d)[/-](\d\d)(?=$|[/_.-])", path)
    if day:
        year, month_of_year, day_of_month = (int(part) for part in day.groups())
        return _checked(year, month_of_year, day_of_month, "day", "url", today)
    month = re.search(r"/((?:19|20)\d\d)/(\d\d)/", path)
    if month:
        return _checked(int(month.group(1)), int(month.group(2)), 1, "month", "url", today)
    return None


def pdf_file_date(value: object, today: date) -> FoundDate | None:
    """A PDF's ``/CreationDate`` or ``/ModDate`` (``D:20200815…``): the *file's* date."""
    match = re.match(r"D:(\d{4})(\d{2})?(\d{2})?", str(value or ""))
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    precision = "day" if day else "month" if month else "year"
    return _checked(year or 0, month or 1, day or 1, precision, "file", today)


def _checked(
    year: int, month: int, day: int, precision: str, source: str, today: date
) -> FoundDate | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    if not EARLIEST <= value <= today:
        return None
    return FoundDate(value=value, precision=precision, source=source)


def _first_valid(values: Iterator[str], source: str, today: date) -> FoundDate | None:
    for value in values:
        found = parse_iso(value, source, today)
        if found is not None:
            return found
    return None


def _meta_values(tree: lxml.html.HtmlElement) -> Iterator[str]:
    """Dates the page's metadata states, the most specific kind first."""
    named: dict[str, str] = {}
    for element in tree.xpath("//meta[@content][@name or @property or @itemprop]"):
        key = element.get("name") or element.get("property") or element.get("itemprop") or ""
        named.setdefault(key.strip().lower(), str(element.get("content")))
    for name in META_NAMES:
        if name in named:
            yield named[name]
    for node in json_ld_nodes(tree):
        value = node.get("datePublished")
        if isinstance(value, str):
            yield value
    for element in tree.xpath("//*[@itemprop='datePublished'][not(self::meta)]"):
        yield str(element.get("datetime") or element.get("content") or element.text_content())


def _time_values(tree: lxml.html.HtmlElement) -> Iterator[str]:
    """``<time datetime>`` of the article (never the menu's, the footer's or a sidebar's)."""
    for element in tree.xpath("//article//time[@datetime] | //main//time[@datetime]"):
        if not element.xpath("ancestor::footer | ancestor::nav | ancestor::aside"):
            yield str(element.get("datetime"))


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    """Month names and abbreviations in en, ru and az (lower case) -> month number."""
    names: dict[str, int] = {}
    for locale in ("en", "ru", "az"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    names.setdefault(name.lower().rstrip("."), number)
    return names


def _month_number(token: str) -> int | None:
    token = token.lower().rstrip(".")
    if token.isdigit():
        number = int(token)
        return number if 1 <= number <= 12 else None
    return _months().get(token)


@lru_cache(maxsize=1)
def _dateline_patterns() -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    word = r"([^\W\d_]{3,10}\.?)"
    return (
        (re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)"), ("year", "month", "day")),
        (
            re.compile(r"(?<![\d.])(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d\d)(?![\d.]\d)"),
            ("day", "month", "year"),
        ),
        (
            re.compile(rf"(?<!\d)(\d{{1,2}}) {word},? ((?:19|20)\d\d)(?!\d)"),
            ("day", "month", "year"),
        ),
        (re.compile(rf"\b{word} (\d{{1,2}}),? ((?:19|20)\d\d)(?!\d)"), ("month", "day", "year")),
    )
