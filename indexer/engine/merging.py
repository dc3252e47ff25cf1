"""Which segments a commit merges: small ones together, never into one ever-growing segment.

Whoosh's default policy (``MERGE_SMALL``) keeps re-merging the growing segment, in the process
that holds the write lock and while the analysing workers wait: at 10,000 documents that merge
was most of the build's time (``bench/index.py``; Whoosh merged 10,000 documents in 735 s here,
slower than indexing them). Here, as in Lucene's
tiered policy, a commit merges the :data:`MERGE_AT_ONCE` smallest segments only when together
they stay under :data:`MAX_MERGED_DOCS`; bigger segments are left alone. Each document is
therefore merged a bounded number of times and the memory a merge needs is bounded whatever the
collection's size. A bulk build's segments (``indexer.batch_size`` / processes documents each)
are bigger than a merge may make and are left as they are; the merges gather the small segments
of incremental updates (``coi index --optimize`` merges everything into one when wanted).
"""

from __future__ import annotations

from typing import Any

from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

MERGE_AT_ONCE = 16
"""Segments merged together in one go (fewer waiting segments are left as they are): a document
is merged once per tier, a few times before its segment outgrows :data:`MAX_MERGED_DOCS`."""
MAX_MERGED_DOCS = 5_000
"""A merge never makes a segment bigger than this (documents)."""
MAX_SHARE = 0.25
"""A group whose biggest segment holds more than this share of its documents waits: fourteen tiny
segments and two of a bulk build's would otherwise rewrite the bulk build's (51 s here)."""


def merge_tiers(writer: SegmentWriter, segments: list[Any]) -> list[Any]:
    """A Whoosh merge policy: merge the :data:`MERGE_AT_ONCE` smallest segments when they are alike.

    A group is merged only when it stays under :data:`MAX_MERGED_DOCS` and no segment of it
    holds more than :data:`MAX_SHARE` of its documents (Lucene's tiered policy weighs such skew
    too): a follower
    (``coi index --follow``) commits a tiny segment every few seconds, and merging those into
    the nearest bigger segment rewrote that segment each time, stalling the follower for over a
    minute. Tiny segments merge among themselves, their merges among themselves later, and so on.
    """
    group = sorted(segments, key=lambda s: s.doc_count_all())[:MERGE_AT_ONCE]
    sizes = [segment.doc_count_all() for segment in group]
    total = sum(sizes)
    if len(group) < MERGE_AT_ONCE or total > MAX_MERGED_DOCS or max(sizes) > MAX_SHARE * total:
        return segments
    for segment in group:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment not in group]
