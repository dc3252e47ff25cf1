"""The archive proves itself: ``coi check`` finds a tampered blob, a lost index segment and an
index ahead of a restored store, and ``--repair`` mends each; the document page stops
vouching for a tampered blob; ``coi backup`` and ``coi restore`` bring back a consistent
collection whose index agrees with it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from indexfixtures import DOCS, Doc, fill, id_of, make_config, save_doc

from coi.cli import cli
from coi.curation import corrections
from coi.models import SearchRequest
from coi.store import open_store
from indexer.build import update_index
from indexer.search import SearchEngine
from web import create_app

LATE = Doc("en-late", "en", "Checkpoints in Nakhchivan", "New checkpoints in Nakhchivan.")


def coi(data_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--data-dir", str(data_dir)])


def found(data_dir: Path, query: str) -> set[str]:
    engine = SearchEngine(make_config(data_dir).index_dir)
    try:
        return {hit.id for hit in engine.search(SearchRequest(query=query, per_page=50)).hits}
    finally:
        engine.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    with open_store(data) as store:
        fill(store)
        update_index(make_config(data), store)
    return data


def blob_of(data_dir: Path, doc_id: str) -> tuple[str, Path]:
    with open_store(data_dir) as store:
        document = store.document(doc_id)
        assert document is not None
        return document.latest.sha256, store.blobs.path(document.latest.sha256)


def test_a_healthy_collection_checks_clean(data_dir: Path) -> None:
    result = coi(data_dir, "check")
    assert result.exit_code == 0, result.output
    assert "archive: 6 blobs hashed: ok" in result.output
    assert "store: integrity_check and foreign keys: ok" in result.output
    assert "index: segments, store changes reached and documents: ok" in result.output


def test_a_tampered_blob_is_not_vouched_for_and_is_repaired_from_a_backup(
    data_dir: Path, tmp_path: Path
) -> None:
    assert coi(data_dir, "backup", str(tmp_path / "backup")).exit_code == 0
    doc_id = id_of(DOCS[2])
    sha256, path = blob_of(data_dir, doc_id)
    path.write_bytes(path.read_bytes().replace(b"Hazara", b"Hazar4"))

    client = create_app(make_config(data_dir)).test_client()
    page = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    api = client.get(f"/api/documents/{doc_id}").get_json()
    version_id = api["versions"][0]["id"]
    download = client.get(f"/documents/{doc_id}/versions/{version_id}/original")
    assert "Failed its integrity check" in page
    assert f"/documents/{doc_id}/versions/{version_id}/original" not in page
    assert api["versions"][0]["integrity"] == "altered"
    assert download.status_code == 409
    assert "Digest" not in download.headers

    checked = coi(data_dir, "check")
    assert checked.exit_code == 1
    assert f"blob {sha256} (document {doc_id}) no longer matches its SHA-256" in checked.output
    unrepairable = coi(data_dir, "check", "--repair")  # no backup given: nothing to copy from
    assert unrepairable.exit_code == 1
    repaired = coi(data_dir, "check", "--repair", "--from", str(tmp_path / "backup"))
    assert repaired.exit_code == 0, repaired.output
    assert "copied back from the backup" in repaired.output
    assert coi(data_dir, "check").exit_code == 0
    again = client.get(f"/documents/{doc_id}/versions/{version_id}/original")
    assert again.headers["Digest"] == f"sha-256={sha256}"
    assert b"Hazara" in again.data


def test_a_lost_segment_is_found_and_rebuilt(data_dir: Path) -> None:
    for segment in (data_dir / "index").glob("*.seg"):
        segment.unlink()
    checked = coi(data_dir, "check")
    assert checked.exit_code == 1
    assert "the index is damaged: " in checked.output
    repaired = coi(data_dir, "check", "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert "index rebuilt: 6 indexed" in repaired.output
    assert found(data_dir, "refugees") >= {id_of(DOCS[0]), id_of(DOCS[2])}


def test_an_index_ahead_of_a_restored_store_is_found_and_rebuilt(
    data_dir: Path, tmp_path: Path
) -> None:
    # The store file is put back by hand from an older copy, as an administrator would.
    older = tmp_path / "older.sqlite3"
    with sqlite3.connect(data_dir / "coi.sqlite3") as live, sqlite3.connect(older) as copy:
        live.backup(copy)
    live.close()
    copy.close()
    with open_store(data_dir) as store:
        save_doc(store, LATE, day=20)
        update_index(make_config(data_dir), store)
    with sqlite3.connect(older) as copy, sqlite3.connect(data_dir / "coi.sqlite3") as live:
        copy.backup(live)
    live.close()
    copy.close()
    assert found(data_dir, "Nakhchivan") == {id_of(LATE)}  # a hit leading to a 404 page

    checked = coi(data_dir, "check")
    assert checked.exit_code == 1
    assert "the index is ahead of the store" in checked.output
    assert coi(data_dir, "check", "--repair").exit_code == 0
    assert found(data_dir, "Nakhchivan") == set()
    with open_store(data_dir) as store:
        save_doc(store, LATE, day=21)  # and a document added now is indexed again
        assert update_index(make_config(data_dir), store).indexed == 1
    assert found(data_dir, "Nakhchivan") == {id_of(LATE)}


def test_backup_then_restore_brings_back_the_collection_and_its_index(
    data_dir: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "backup"
    made = coi(data_dir, "backup", str(backup))
    assert made.exit_code == 0, made.output
    assert "backed up 6 documents" in made.output
    assert "index copied" in made.output
    with open_store(data_dir) as store:
        save_doc(store, LATE, day=20)
        corrections.correct(store, id_of(DOCS[0]), {"hidden": True}, actor="leyla")
        update_index(make_config(data_dir), store)
    assert id_of(DOCS[0]) not in found(data_dir, "refugees")

    refused = coi(data_dir, "restore", str(backup))  # asks first; no answer is no
    assert refused.exit_code == 1
    restored = coi(data_dir, "restore", str(backup), "--yes")
    assert restored.exit_code == 0, restored.output
    assert "restored 6 documents" in restored.output
    assert found(data_dir, "Nakhchivan") == set()
    assert id_of(DOCS[0]) in found(data_dir, "refugees")
    assert coi(data_dir, "check").exit_code == 0
    with open_store(data_dir) as store:
        save_doc(store, LATE, day=21)
        assert update_index(make_config(data_dir), store).indexed == 1
    assert found(data_dir, "Nakhchivan") == {id_of(LATE)}


def test_restore_refuses_a_folder_that_is_no_backup(data_dir: Path, tmp_path: Path) -> None:
    result = coi(data_dir, "restore", str(tmp_path), "--yes")
    assert result.exit_code == 1
    assert "is not a coi backup" in result.output
