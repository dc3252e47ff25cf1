"""coi's COI topic taxonomy (``coi/taxonomy/data/topics.tsv``): slugs, labels, scope notes and the
terms that tag a document with a topic.

The taxonomy is data a librarian edits; this module only reads it, so that the web's labels,
the benchmarks and the tagger (:mod:`coi.taxonomy.tagging`) see the same topics in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from coi.taxonomy.tables import read_table, split_list
from coi.taxonomy.thesaurus import LANGUAGES

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic of the taxonomy with its labels, scope notes and tagging terms."""

    slug: str
    labels: dict[str, str]
    scope: dict[str, str]
    """What the topic covers (and what it leaves to others), one line per language."""
    terms: dict[str, tuple[str, ...]]
    weak: dict[str, tuple[str, ...]]
    """Ambiguous words (``court``, ``students``, ``выборы``) that count for the topic only in a
    passage, or a document whose title, where one of its :attr:`terms` also stands."""
    weak_with: tuple[str, ...] = ()
    """Topics whose terms also make this topic's weak terms count: ``return`` beside
    ``refugees`` is the return of refugees, wherever the text says ``deportation`` or not."""


@lru_cache(maxsize=1)
def all_topics() -> tuple[Topic, ...]:
    """The topic taxonomy, in file order."""
    return _read_topics("topics.tsv")


@lru_cache(maxsize=1)
def outside_subjects() -> tuple[Topic, ...]:
    """Subjects outside COI that lead many news texts (sport, entertainment), in file order.

    They are matched like topics but are never a facet value: a text they lead, with no COI
    topic, is about no country (``coi/taxonomy/data/outside.tsv``).
    """
    return _read_topics("outside.tsv")


def _read_topics(name: str) -> tuple[Topic, ...]:
    """The rows of a topics file in ``coi/data`` (the columns of ``topics.tsv``)."""
    topics = []
    header, rows = read_table(DATA / name)
    for _, cells in rows:
        row = dict(zip(header, cells, strict=True))
        topics.append(
            Topic(
                slug=row["slug"],
                labels={lang: row[f"label_{lang}"] for lang in LANGUAGES},
                scope={lang: row[f"scope_{lang}"] for lang in LANGUAGES},
                terms={lang: split_list(row[f"terms_{lang}"]) for lang in LANGUAGES},
                weak={lang: split_list(row[f"weak_{lang}"]) for lang in LANGUAGES},
                weak_with=split_list(row["weak_with"]),
            )
        )
    return tuple(topics)


def topic(slug: str) -> Topic:
    """The topic or outside subject with this slug (KeyError when there is none)."""
    for entry in (*all_topics(), *outside_subjects()):
        if entry.slug == slug:
            return entry
    raise KeyError(slug)


def topic_label(slug: str, ui: str = "en") -> str:
    """A topic's label in the interface language (English when that language has none)."""
    labels = topic(slug).labels
    return labels.get(ui) or labels["en"]


def topic_scope(slug: str, ui: str = "en") -> str:
    """A topic's scope note in the interface language (English when that language has none).

    Raises:
        KeyError: the taxonomy has no topic ``slug``.
    """
    scope = topic(slug).scope
    return scope.get(ui) or scope["en"]
