"""A rebuild builds beside the live index: searches keep finding documents meanwhile, and a
second build at the same time is refused with a message instead of wrecking the index."""

from __future__ import annotations

from pathlib import Path

import pytest
from indexfixtures import DOCS, fill, id_of, make_config

import indexer.build
from coi.errors import IndexLockedError
from coi.models import Document, SearchRequest
from coi.store import Store, open_store
from indexer.build import update_index
from indexer.search import SearchEngine


def test_searches_during_a_rebuild_find_the_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_config(tmp_path, batch_size=2)
    real = indexer.build.index_fields
    seen: list[int] = []
    engine = SearchEngine(config.index_dir)

    def search_meanwhile(store: Store, document: Document) -> dict[str, object]:
        seen.append(engine.search(SearchRequest(query="refugees")).total)
        return real(store, document)

    with open_store(tmp_path) as store:
        fill(store)
        update_index(config, store)
        before = engine.search(SearchRequest(query="refugees")).total
        monkeypatch.setattr(indexer.build, "index_fields", search_meanwhile)
        report = update_index(config, store, rebuild=True)
    assert before >= 3
    assert seen == [before] * len(DOCS)  # every search mid-rebuild answered from the old index
    assert (report.rebuilt, report.total) == (True, len(DOCS))
    after = engine.search(SearchRequest(query="refugees"))
    engine.close()
    assert after.total == before
    assert not config.index_dir.with_name("index.rebuild").exists()


def test_a_second_rebuild_is_refused_and_the_first_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_config(tmp_path)
    monkeypatch.setattr(indexer.build, "LOCK_WAIT_SECONDS", 0.2)
    real = indexer.build.index_fields
    refusals: list[str] = []

    def second_rebuild_meanwhile(store: Store, document: Document) -> dict[str, object]:
        if not refusals:
            with open_store(tmp_path) as other, pytest.raises(IndexLockedError) as refused:
                update_index(config, other, rebuild=True)
            refusals.append(str(refused.value))
        return real(store, document)

    with open_store(tmp_path) as store:
        fill(store)
        update_index(config, store)
        monkeypatch.setattr(indexer.build, "index_fields", second_rebuild_meanwhile)
        report = update_index(config, store, rebuild=True)
    assert len(refusals) == 1
    assert "an index build (`coi index`) is already running (process " in refusals[0]
    assert refusals[0].endswith("try again when it ends")
    assert report.total == len(DOCS)
    engine = SearchEngine(config.index_dir)
    ids = {hit.id for hit in engine.search(SearchRequest(per_page=50)).hits}
    engine.close()
    assert ids == {id_of(doc) for doc in DOCS}
