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
"""Segments merged together in one go (fewer waiting segments are left as they are): each small
segment is merged about once before the result outgrows :data:`MAX_MERGED_DOCS`."""
MAX_MERGED_DOCS = 5_000
"""A merge never makes a segment bigger than this (documents)."""


def merge_tiers(writer: SegmentWriter, segments: list[Any]) -> list[Any]:
    """A Whoosh merge policy: merge the smallest segments while they stay small together."""
    chosen: list[Any] = []
    total = 0
    for segment in sorted(segments, key=lambda s: s.doc_count_all()):
        if total + segment.doc_count_all() > MAX_MERGED_DOCS:
            break
        chosen.append(segment)
        total += segment.doc_count_all()
    if len(chosen) < MERGE_AT_ONCE:
        return segments
    for segment in chosen:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment not in chosen]
