"""Searchers read the index from memory maps: the same answers as Whoosh's own way of opening."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.query import Term

from indexer.engine.postings import ArrayCodec
from indexer.engine.storage import open_for_searching
from indexer.schema import build_schema


@pytest.mark.parametrize("compound", [True, False])
def test_a_mapped_index_answers_like_whooshs(tmp_path: Path, compound: bool) -> None:
    ix = whoosh_index.create_in(tmp_path, build_schema())
    for batch in range(2):  # two segments, the second with a deletion in the first
        with ix.writer(codec=ArrayCodec(), compound=compound) as writer:
            for n in range(50):
                writer.add_document(id=f"{batch}-{n}", text_en=f"refugees camp {n % 7} report")
            writer.delete_by_term("id", "0-3")
    ix.close()
    (term,) = [token.text for token in ix.schema["text_en"].analyzer("refugees")]
    query = Term("text_en", term)
    with whoosh_index.open_dir(tmp_path).searcher() as theirs:
        expected = [(hit["id"], hit.score) for hit in theirs.search(query, limit=None)]
    mapped = open_for_searching(tmp_path)
    with mapped.searcher() as ours:
        assert [(hit["id"], hit.score) for hit in ours.search(query, limit=None)] == expected
    mapped.close()
    assert len(expected) == 99
