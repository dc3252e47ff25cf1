"""Which countries a text is about, from the countries it names and the publisher's country (the
rules are in :mod:`coi.taxonomy.tagging`'s docstring)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from coi.config import TaxonomyConfig as TaggingOptions
from coi.models import Source
from coi.taxonomy.evidence import CountryEvidence

OFFICIAL_KINDS = frozenset({"government", "court"})
"""Kinds of source whose declared country is evidence of what their documents are about: a
ministry, a migration service or a national court writes about its own country's asylum
system, laws and courts. A newspaper or an NGO's seat says little (Meydan TV sits in Berlin
and writes on Azerbaijan), and neither does an international body's (UNHCR in Geneva)."""


def official_country(source: Source | None) -> str | None:
    """The country an official source (:data:`OFFICIAL_KINDS`) declares, else None."""
    if source is None or source.kind not in OFFICIAL_KINDS or not source.country:
        return None
    return source.country


def country_evidence(
    title: Counter[str],
    text: Counter[str],
    options: TaggingOptions,
    *,
    listed: Counter[str] | None = None,
    home: str | None = None,
) -> tuple[list[CountryEvidence], bool]:
    """Each country's weight and share, whether it is about it (see the module docstring),
    and whether the text named no country so that the title's decided.

    A country the title names needs a smaller share of the text
    (:attr:`TaggingOptions.country_title_share`): a headline names what the story is about, and
    a story on the US and El Salvador names Panama and the Dominican Republic as often as El
    Salvador. A text that names no country at all is about the title's (a story from a tent
    camp on "the Texas border" never says "United States" again).

    Mentions in ``listed`` (those in an enumeration of countries,
    :func:`coi.taxonomy.matching.listed`) stay mentioned but weigh nothing: a text naming
    countries only in lists names no country for these rules. ``home`` is the country of an
    official source (:func:`official_country`): where the text names it, it weighs
    :attr:`TaggingOptions.source_country_weight` more (a page on EU TAIEX projects in
    Azerbaijan names Romania, the partner, more often than Azerbaijan), and when no country is
    about, the text is about it (the migration service's statistics name the nationalities of
    its applicants, once each).
    """
    listed = listed or Counter()
    prose = text - listed
    if not prose:
        weight = Counter({iso3: options.title_weight * n for iso3, n in title.items()})
        _add_home(weight, home, title, text, options)
        total = sum(weight.values())
        found = [CountryEvidence(c, n, n / total, 0.0, True) for c, n in weight.items()]
        found = [_sourced(c, home, title, text, options) for c in found]
        found += [
            CountryEvidence(c, 0, 0.0, 0.0, False, listed=n)
            for c, n in text.items()
            if c not in weight
        ]
        return _by_default(found, home), bool(title)
    weight = Counter({iso3: n + options.title_weight * title[iso3] for iso3, n in prose.items()})
    _add_home(weight, home, title, text, options)
    total = sum(weight.values())
    found = []
    for iso3, n in weight.most_common():
        needed = _share_needed(iso3, title, options)
        about = n >= options.country_min_mentions and n / total >= needed
        evidence = CountryEvidence(iso3, n, n / total, needed, about, listed=listed[iso3])
        found.append(_sourced(evidence, home, title, text, options))
    for iso3, n in listed.items():
        if iso3 not in weight:
            needed = _share_needed(iso3, title, options)
            found.append(CountryEvidence(iso3, 0, 0.0, needed, False, listed=n))
    for iso3, n in title.items():
        if iso3 not in text:
            needed = _share_needed(iso3, title, options)
            weight_in_title = options.title_weight * n
            found.append(CountryEvidence(iso3, weight_in_title, 0.0, needed, False, True))
    return _by_default(found, home), False


def _add_home(
    weight: Counter[str],
    home: str | None,
    title: Counter[str],
    text: Counter[str],
    options: TaggingOptions,
) -> None:
    """Add an official source's weight to its country where it counts (:func:`_home_named`)."""
    if home is not None and _home_named(home, title, text):
        weight[home] += options.source_country_weight


def _home_named(home: str | None, title: Counter[str], text: Counter[str]) -> bool:
    """Whether an official source's country gains weight: the title or the text names it (in a
    list too, since that list is the publisher's own), and the title names no other country
    without it (the State Department's "Russia 2023 Human Rights Report" is about Russia,
    whatever it says of the United States embassy)."""
    if home is None or not (title[home] or text[home]):
        return False
    return not title or home in title


def _sourced(
    evidence: CountryEvidence,
    home: str | None,
    title: Counter[str],
    text: Counter[str],
    options: TaggingOptions,
) -> CountryEvidence:
    """``evidence`` noting the weight the source's country added (see :func:`_add_home`)."""
    if evidence.iso3 != home or not _home_named(home, title, text):
        return evidence
    return replace(evidence, from_source=options.source_country_weight)


def _by_default(found: list[CountryEvidence], home: str | None) -> list[CountryEvidence]:
    """``found``, with an official source's country about when no country is."""
    if home is None or any(c.about for c in found):
        return found
    default = CountryEvidence(home, 0, 0.0, 0.0, True, source_default=True)
    others = [c for c in found if c.iso3 != home]
    named = [replace(c, about=True, source_default=True) for c in found if c.iso3 == home]
    return [*(named or [default]), *others]


def _share_needed(iso3: str, title: Counter[str], options: TaggingOptions) -> float:
    """The share of all countries' weight ``iso3`` needs to be what a document is about."""
    if iso3 in title:
        return min(options.country_title_share, options.country_about_share)
    return options.country_about_share
