"""The merge policy: small segments merge, big ones are left alone, nothing is lost."""

from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, Schema

from indexer.engine.merging import MAX_MERGED_DOCS, MERGE_AT_ONCE, merge_tiers


def segment_sizes(ix: whoosh_index.Index) -> list[int]:
    return sorted(segment.doc_count_all() for segment in ix._segments())


def commit_segment(ix: whoosh_index.Index, start: int, count: int) -> None:
    writer = ix.writer()
    for n in range(start, start + count):
        writer.add_document(id=str(n))
    writer.commit(mergetype=merge_tiers)


def test_small_segments_merge_in_groups_and_big_ones_stay(tmp_path: Path) -> None:
    ix = whoosh_index.create_in(tmp_path, Schema(id=ID(stored=True)))
    commit_segment(ix, 0, MAX_MERGED_DOCS)  # already as big as a merge may make
    next_id = MAX_MERGED_DOCS
    # The ninth commit finds eight small segments waiting and writes them with its own.
    for _ in range(MERGE_AT_ONCE + 1):
        commit_segment(ix, next_id, 10)
        next_id += 10
    assert segment_sizes(ix) == [10 * (MERGE_AT_ONCE + 1), MAX_MERGED_DOCS]
    with ix.searcher() as searcher:
        assert searcher.doc_count() == next_id


def test_a_group_merges_only_the_smallest_segments(tmp_path: Path) -> None:
    """A follower's tiny commits merge among themselves, not into a bigger segment each time."""
    ix = whoosh_index.create_in(tmp_path, Schema(id=ID(stored=True)))
    commit_segment(ix, 0, 1_000)  # small enough to merge, but no match for the tiny ones
    commit_segment(ix, 1_000, 1_000)
    next_id = 2_000
    for _ in range(MERGE_AT_ONCE + 1):
        commit_segment(ix, next_id, 1)
        next_id += 1
    assert segment_sizes(ix) == [MERGE_AT_ONCE + 1, 1_000, 1_000]


def test_fewer_small_segments_than_a_group_wait(tmp_path: Path) -> None:
    ix = whoosh_index.create_in(tmp_path, Schema(id=ID(stored=True)))
    for n in range(MERGE_AT_ONCE - 2):
        commit_segment(ix, n * 10, 10)
    assert segment_sizes(ix) == [10] * (MERGE_AT_ONCE - 2)
