"""Which countries a text is about, from the countries it names (the rules are in
:mod:`coi.taxonomy.tagging`'s docstring)."""

from __future__ import annotations

from collections import Counter

from coi.config import TaxonomyConfig as TaggingOptions
from coi.taxonomy.evidence import CountryEvidence


def country_evidence(
    title: Counter[str], text: Counter[str], options: TaggingOptions
) -> tuple[list[CountryEvidence], bool]:
    """Each country's weight and share, whether it is about it (see the module docstring),
    and whether the text named no country so that the title's decided.

    A country the title names needs a smaller share of the text
    (:attr:`TaggingOptions.country_title_share`): a headline names what the story is about, and
    a story on the US and El Salvador names Panama and the Dominican Republic as often as El
    Salvador. A text that names no country at all is about the title's (a story from a tent
    camp on "the Texas border" never says "United States" again).
    """
    if not text:
        weight = Counter({iso3: options.title_weight * n for iso3, n in title.items()})
        total = sum(weight.values())
        return [CountryEvidence(c, n, n / total, 0.0, True) for c, n in weight.items()], True
    weight = Counter({iso3: n + options.title_weight * title[iso3] for iso3, n in text.items()})
    total = sum(weight.values())
    found = []
    for iso3, n in weight.most_common():
        needed = _share_needed(iso3, title, options)
        about = n >= options.country_min_mentions and n / total >= needed
        found.append(CountryEvidence(iso3, n, n / total, needed, about))
    for iso3, n in title.items():
        if iso3 not in text:
            needed = _share_needed(iso3, title, options)
            weight_in_title = options.title_weight * n
            found.append(CountryEvidence(iso3, weight_in_title, 0.0, needed, False, True))
    return found, False


def _share_needed(iso3: str, title: Counter[str], options: TaggingOptions) -> float:
    """The share of all countries' weight ``iso3`` needs to be what a document is about."""
    if iso3 in title:
        return min(options.country_title_share, options.country_about_share)
    return options.country_about_share
