"""Index builds: incremental, resumable after a kill, never stuck on a lock, rebuildable."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from indexfixtures import DOCS, fill, id_of, make_config, save_doc
from whoosh import index as whoosh_index

import indexer.build
from coi.curation import corrections, duplicates
from coi.errors import IndexLockedError
from coi.models import SearchRequest
from coi.store import open_store
from indexer.analysis import ANALYSIS_VERSION
from indexer.build import read_analysis, read_state, update_index
from indexer.search import SearchEngine


def ids(engine: SearchEngine, query: str = "", **filters: tuple[str, ...]) -> list[str]:
    result = engine.search(SearchRequest(query=query, filters=filters, per_page=50))
    return sorted(hit.id for hit in result.hits)


def test_incremental_update_indexes_only_what_changed(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    with open_store(tmp_path) as store:
        fill(store)
        first = update_index(config, store)
        assert (first.indexed, first.total, first.rebuilt) == (len(DOCS), len(DOCS), True)
        assert update_index(config, store).indexed == 0
        save_doc(store, DOCS[2], text="Hazara women now report access to shelters.", day=20)
        again = update_index(config, store)
        assert (again.indexed, again.total, again.rebuilt) == (1, len(DOCS), False)
        engine = SearchEngine(config.index_dir)
        assert ids(engine, "shelters") == [id_of(DOCS[2])]
        assert ids(engine, "overcrowding") == []


def test_rebuild_gives_the_same_answers(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    with open_store(tmp_path) as store:
        fill(store)
        update_index(config, store)
        before = SearchEngine(config.index_dir).search(SearchRequest(query="refugees"))
        update_index(config, store, rebuild=True)
        after = SearchEngine(config.index_dir).search(SearchRequest(query="refugees"))
    assert [h.id for h in before.hits] == [h.id for h in after.hits]
    assert before.facets == after.facets


def test_a_build_killed_midway_resumes_from_its_last_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_config(tmp_path, batch_size=2)
    real = indexer.build.index_fields
    calls = {"n": 0}

    def dies_on_the_fifth(store: object, document: object) -> object:
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt  # as a kill arrives: mid-batch
        return real(store, document)  # type: ignore[arg-type]

    with open_store(tmp_path) as store:
        fill(store)
        monkeypatch.setattr(indexer.build, "index_fields", dies_on_the_fifth)
        with pytest.raises(KeyboardInterrupt):
            update_index(config, store)
        assert whoosh_index.open_dir(config.index_dir).doc_count() == 4
        assert read_state(config.index_dir) == 4
        monkeypatch.setattr(indexer.build, "index_fields", real)
        resumed = update_index(config, store)
    assert (resumed.indexed, resumed.total) == (len(DOCS) - 4, len(DOCS))


def test_a_writer_held_by_a_live_process_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_config(tmp_path)
    monkeypatch.setattr(indexer.build, "LOCK_WAIT_SECONDS", 0.2)
    with open_store(tmp_path) as store:
        fill(store)
        update_index(config, store)
        save_doc(store, DOCS[0], text="Новый текст о беженцах.", day=28)
        holder = whoosh_index.open_dir(config.index_dir).writer()
        try:
            with pytest.raises(IndexLockedError, match="another process"):
                update_index(config, store)
        finally:
            holder.cancel()
        assert update_index(config, store).indexed == 1


def test_a_lock_file_left_by_a_dead_process_does_not_block(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    with open_store(tmp_path) as store:
        fill(store)
        update_index(config, store)
        (config.index_dir / "MAIN_WRITELOCK").write_text("12345")  # no process holds it
        save_doc(store, DOCS[1], text="Yeni hesabat.", day=28)
        assert update_index(config, store).indexed == 1


# Whoosh leaves the unreadable file open when it gives up on it; that is its leak, not ours.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_an_unreadable_index_is_rebuilt_from_the_store(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    with open_store(tmp_path) as store:
        fill(store)
        update_index(config, store)
        for toc in config.index_dir.glob("_MAIN_*.toc"):
            toc.write_bytes(b"garbage")
        report = update_index(config, store)
        gc.collect()
    assert (report.rebuilt, report.total) == (True, len(DOCS))


def test_an_index_made_by_an_earlier_analysis_is_rebuilt(tmp_path: Path) -> None:
    # Its terms were stemmed by rules the queries no longer use (state.json records no version).
    config = make_config(tmp_path)
    with open_store(tmp_path) as store:
        fill(store)
        update_index(config, store)
        state = config.index_dir / indexer.build.STATE_FILE
        state.write_text(json.dumps({"seq": read_state(config.index_dir)}))
        assert read_analysis(config.index_dir) == 1
        report = update_index(config, store)
        assert (report.rebuilt, report.indexed, report.total) == (True, len(DOCS), len(DOCS))
        assert read_analysis(config.index_dir) == ANALYSIS_VERSION
        assert update_index(config, store).rebuilt is False


def test_corrections_and_hiding_reach_the_index(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    with open_store(tmp_path) as store:
        fill(store)
        update_index(config, store)
        engine = SearchEngine(config.index_dir)
        corrections.correct(store, id_of(DOCS[4]), {"countries": ["TUR"]}, actor="leyla")
        corrections.correct(store, id_of(DOCS[5]), {"hidden": True}, actor="leyla")
        report = update_index(config, store)
        assert (report.indexed, report.removed) == (1, 1)
        assert ids(engine, country=("TUR",)) == [id_of(DOCS[4])]
        assert ids(engine, country=("IRN",)) == []
        assert ids(engine, "Statelessness") == []
        # the engine was open before the update: a replaced document must show once
        assert len(ids(engine)) == len(DOCS) - 1


def test_duplicates_are_shown_once_with_also_at(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    with open_store(tmp_path) as store:
        fill(store)
        mirror = DOCS[3].__class__(**{**DOCS[3].__dict__, "slug": "mirror/en-prisons"})
        copy_id = save_doc(store, mirror, day=25)
        group = duplicates.group_of(store, copy_id)
        assert group is not None
        update_index(config, store)
        result = SearchEngine(config.index_dir).search(SearchRequest(query="prisons", expand=False))
    assert [hit.id for hit in result.hits] == [id_of(DOCS[3])]
    assert result.hits[0].also_at == ("https://example.org/mirror/en-prisons",)
    assert result.total == 1


def test_optimizing_merges_segments_while_an_open_engine_keeps_answering(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    with open_store(tmp_path) as store:
        fill(store)
        update_index(config, store)
        engine = SearchEngine(config.index_dir)
        before = ids(engine, "refugees")
        save_doc(store, DOCS[2], text="Hazara women refugees in new shelters.", day=25)
        update_index(config, store)
        assert indexer.build.optimize_index(config) >= 2
        assert len(whoosh_index.open_dir(config.index_dir)._segments()) == 1
        assert ids(engine, "refugees") == before


def test_a_correction_survives_a_recrawl_and_a_rebuild(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    with open_store(tmp_path) as store:
        fill(store)
        corrections.correct(store, id_of(DOCS[4]), {"topics": ["religion"]}, actor="leyla")
        save_doc(store, DOCS[4], text=DOCS[4].text + " Новые данные.", day=27)  # a re-crawl
        update_index(config, store, rebuild=True)
        engine = SearchEngine(config.index_dir)
        assert ids(engine, topic=("religion",)) == [id_of(DOCS[4])]
        assert ids(engine, topic=("ethnic-minorities",)) == []
