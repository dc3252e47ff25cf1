"""The posting pool spills runs in chunks and gives every posting back, in order."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.query import Term

import indexer.engine.pool
from indexer.engine.pool import ChunkedPostingPool
from indexer.engine.storage import CoiWriter
from indexer.schema import build_schema


def test_spilled_runs_come_back_sorted_and_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        indexer.engine.pool, "RUN_CHUNK", 7
    )  # runs of several chunks, one cut short
    rng = random.Random(5)
    items = [
        ("text_en", f"w{rng.randrange(300)}".encode(), n, 1.0, b"\x00\x00\x00\x01")
        for n in range(2_000)
    ]
    pool = ChunkedPostingPool(FileStorage(str(tmp_path)), segment=None, limitmb=1)
    pool.limit = 10_000  # bytes: a run every hundred postings or so
    for item in items:
        pool.add(item)
    assert len(pool.runs) > 10
    assert list(pool.iter_postings()) == sorted(items)
    assert list(tmp_path.iterdir()) == []  # the runs are removed once read


def test_a_writer_that_spills_indexes_every_posting(tmp_path: Path) -> None:
    rng = random.Random(8)
    texts = [" ".join(f"word{rng.randrange(2_000)}" for _ in range(150)) for _ in range(300)]
    ix = whoosh_index.create_in(tmp_path, build_schema())
    with CoiWriter(ix, limitmb=1) as writer:
        assert isinstance(writer.pool, ChunkedPostingPool)
        for n, text in enumerate(texts):
            writer.add_document(id=str(n), text_en=text)
        assert writer.pool.runs  # it did spill
    analyzer = ix.schema["text_en"].analyzer
    with ix.searcher() as searcher:
        for word in ("word7", "word1234", "word1999"):
            (term,) = [token.text for token in analyzer(word)]
            found = {hit["id"] for hit in searcher.search(Term("text_en", term), limit=None)}
            assert found == {str(n) for n, text in enumerate(texts) if word in text.split()}
    ix.close()


def _postings(documents: int, seed: int) -> list[tuple[str, bytes, int, float, bytes]]:
    """A document's postings as a writer adds them: each of its terms once per field."""
    rng = random.Random(seed)
    items = []
    for docnum in range(documents):
        for field in ("text_ru", "names", "stops"):  # not in field order, as a writer adds them
            for word in {f"w{rng.randrange(60)}" for _ in range(20)}:
                items.append((field, word.encode(), docnum, float(rng.randrange(1, 4)), b""))
    return items


def test_postings_in_document_order_come_back_as_whooshs_sort(tmp_path: Path) -> None:
    items = _postings(200, seed=3)
    pool = ChunkedPostingPool(FileStorage(str(tmp_path)), segment=None, limitmb=8)
    for item in items:
        pool.add(item)
    assert not pool.runs
    assert list(pool.iter_postings()) == sorted(items)


def test_postings_out_of_document_order_come_back_as_whooshs_sort(tmp_path: Path) -> None:
    # a merge adds a segment's postings term by term, each term's documents in order
    items = sorted(_postings(200, seed=4), key=lambda item: (item[1], item[0], -item[2]))
    pool = ChunkedPostingPool(FileStorage(str(tmp_path)), segment=None, limitmb=1)
    pool.limit = 20_000  # spilled runs as well
    for item in items:
        pool.add(item)
    assert pool.runs
    assert list(pool.iter_postings()) == sorted(items)
