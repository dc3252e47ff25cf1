"""The values a curator may give a document's countries, topics, type and language.

A typo in a correction (``AZR`` for ``AZE``, ``newz`` for ``news``) would otherwise become a
facet value of its own that no search for the real one finds. So every correction is checked
against what coi itself knows: the ISO 3166 countries pycountry lists (plus the codes tagging
gives beyond ISO 3166-1), the topic taxonomy, :data:`~coi.models.DOC_TYPES` and the ISO 639-1
languages (plus ``und``). A value refused comes with the closest valid ones, so a curator
sees at once what was meant.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from functools import lru_cache

import pycountry

from coi.models import DOC_TYPES
from coi.taxonomy.tagging import KOSOVO, USSR
from coi.taxonomy.topics import all_topics

UNDETERMINED = "und"
"""The language of a document whose language could not be told."""
SUGGESTIONS = 3
"""Close matches offered for a value refused."""


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """Country code -> English name, for every country a document may be about."""
    known = {country.alpha_3: str(country.name) for country in pycountry.countries}
    known[USSR] = "Soviet Union"
    known[KOSOVO] = "Kosovo"
    return dict(sorted(known.items()))


@lru_cache(maxsize=1)
def topics() -> dict[str, str]:
    """Topic slug -> English label, in the taxonomy's order."""
    return {topic.slug: topic.labels.get("en", topic.slug) for topic in all_topics()}


def doc_types() -> dict[str, str]:
    """Document type -> itself (the types are their own readable names)."""
    return {doc_type: doc_type for doc_type in DOC_TYPES}


@lru_cache(maxsize=1)
def languages() -> dict[str, str]:
    """ISO 639-1 code -> English name, and ``und`` for an undetermined language."""
    known = {
        str(language.alpha_2): str(language.name)
        for language in pycountry.languages
        if hasattr(language, "alpha_2")
    }
    known[UNDETERMINED] = "Undetermined"
    return dict(sorted(known.items()))


VOCABULARIES: dict[str, Callable[[], dict[str, str]]] = {
    "countries": countries,
    "topics": topics,
    "doc_type": doc_types,
    "language": languages,
}
"""Correctable field -> its valid values (code -> name)."""


def closest(field: str, value: str) -> list[str]:
    """The valid values of ``field`` nearest to ``value``: those whose code or name holds it,
    then close spellings of a name, then close codes sharing the longest start with it."""
    valid = VOCABULARIES[field]()
    wanted = value.strip().casefold()
    if not wanted:
        return []
    holding = [
        code
        for code, name in valid.items()
        if len(wanted) >= 3 and wanted in f"{code} {name}".casefold()
    ]
    names = {name.casefold(): code for code, name in valid.items()}
    by_name = [names[n] for n in difflib.get_close_matches(wanted, names, cutoff=0.7)]
    codes = {code.casefold(): code for code in valid}
    by_code = sorted(
        difflib.get_close_matches(wanted, codes, n=10),
        key=lambda code: -_shared_start(code, wanted),
    )
    return list(dict.fromkeys([*holding, *by_name, *(codes[c] for c in by_code)]))[:SUGGESTIONS]


def _shared_start(a: str, b: str) -> int:
    """How many leading characters two strings share."""
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
