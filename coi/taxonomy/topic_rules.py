"""Which topics a text is about, from its topic hits and their spread over its passages (the
rules are in :mod:`coi.taxonomy.tagging`'s docstring)."""

from __future__ import annotations

from functools import lru_cache

from coi.config import TaxonomyConfig as TaggingOptions
from coi.taxonomy.evidence import TopicEvidence
from coi.taxonomy.matching import Hits
from coi.taxonomy.topics import outside_subjects

REFERENCE_PASSAGES = 10
REFERENCE_SPREAD = 0.23
"""A text of at least :data:`REFERENCE_PASSAGES` passages whose leading topic stands in fewer
than this share of them covers everything once and is about no topic: the UDHR gives religion
and education an article each, a Factbook profile gives elections a field, while a report on
arrests has them in a quarter of its passages or more (issue #5)."""
SUBJECT_SPREAD = 10
"""A topic in this many passages or more is a subject of the text however long it is: a long
text needs the topic in no more passages than this (the 16,000-word report names freedom of
expression in 17 of its 320 passages, fewer than its length asks of hits), and it is kept
however small its share of all topic hits: OVD-Info's annual report names torture in 25 of its
320 passages, with under a tenth of the report's topic hits. And the text is no reference work: a
crawled report keeps its page's boilerplate, which lowers every topic's share (OVD-Info's
19,000-word report on arrests, as crawled, has political opposition in 76 of 335 passages, 23%;
the UDHR has no topic in more than 5)."""
SHORT_PASSAGES = 3
SHORT_HITS = 3
"""A text of at most :data:`SHORT_PASSAGES` passages (a news item of up to about 250 words) has
a topic it names :data:`SHORT_HITS` times even when all of them stand in one passage: its story
is told in one or two paragraphs, so spread says little there."""


def topic_evidence(
    title: Hits, text: Hits, words: int, options: TaggingOptions, *, reference: bool
) -> list[TopicEvidence]:
    """Each topic's hits and passages against what it needs (see the module docstring); a
    ``reference`` work gets none."""
    weight = options.title_weight
    score = {slug: n + weight * title.topics[slug] for slug, n in text.topics.items()}
    spread = {slug: n + weight * title.topics[slug] for slug, n in text.spread.items()}
    total = sum(score.values())
    needed = max(options.topic_min_hits, options.topic_hits_per_1000_words * words / 1000)
    # A text shorter than the passages needed must have the topic in every passage it has,
    # unless it is a short news item (SHORT_PASSAGES) that names the topic SHORT_HITS times:
    # a 200-word story on a rally says "campaign", "midterms" and "voters" in one paragraph.
    spread_needed = min(needed, text.passages, SUBJECT_SPREAD)
    # A topic far behind the document's leading one is a side issue of it, unless it stands in
    # SUBJECT_SPREAD passages or more (issue #5).
    leading = max(score.values(), default=0)
    found = []
    for slug, n in sorted(score.items(), key=lambda item: -item[1]):
        share, lead = n / total, n / leading
        chosen = (
            not reference
            and n >= needed
            and (spread[slug] >= spread_needed or _short_and_named(text, n))
            and (
                (share >= options.topic_min_share and lead >= options.topic_min_lead)
                or spread[slug] >= SUBJECT_SPREAD
            )
        )
        found.append(
            TopicEvidence(slug, n, spread[slug], needed, spread_needed, share, lead, chosen)
        )
    return found


def _short_and_named(text: Hits, hits: int) -> bool:
    """Whether a short text names a topic often enough for one passage to do (issue #5)."""
    return text.passages <= SHORT_PASSAGES and hits >= SHORT_HITS


def outside_only(chosen: set[str]) -> bool:
    """Whether a text is led by a subject outside COI and has no COI topic: a match report or
    a film review is about no country, whatever place its teams or its story come from."""
    outside = _outside_slugs()
    return bool(chosen & outside) and not chosen - outside


@lru_cache(maxsize=1)
def _outside_slugs() -> frozenset[str]:
    """The slugs of :func:`coi.taxonomy.topics.outside_subjects`, read once for every document."""
    return frozenset(subject.slug for subject in outside_subjects())


def reference_work(text: Hits) -> bool:
    """Whether a long text covers every topic once (see :data:`REFERENCE_SPREAD`)."""
    if text.passages < REFERENCE_PASSAGES or not text.spread:
        return False
    leading = max(text.spread.values())
    return leading < REFERENCE_SPREAD * text.passages and leading < SUBJECT_SPREAD
