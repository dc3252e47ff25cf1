"""Versions as a judge checks them: two retrievals of one page and what changed between them."""

from __future__ import annotations

from pathlib import Path

from indexfixtures import DOCS, fill, id_of, make_config, save_doc

from coi.store import open_store
from indexer.build import update_index
from web import create_app


def test_diff_between_two_versions(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    with open_store(tmp_path) as store:
        fill(store)
        save_doc(
            store,
            DOCS[3],
            day=20,
            text=DOCS[3].text + "\n\nIn 2024 a new detention centre opened in Baku.",
        )
        update_index(config, store)
        versions = store.versions(id_of(DOCS[3]))
    app = create_app(config)
    client = app.test_client()
    page = client.get(f"/documents/{id_of(DOCS[3])}").get_data(as_text=True)
    assert "Versions (2)" in page
    diff = client.get(f"/documents/{id_of(DOCS[3])}/diff").get_data(as_text=True)
    assert '<ins><span class="visually-hidden">added:</span>In 2024 a new detention' in diff
    older = client.get(f"/documents/{id_of(DOCS[3])}/versions/{versions[0].id}/original")
    assert b"new detention centre" not in older.data
    assert client.get(f"/documents/{id_of(DOCS[0])}/diff").status_code == 404
    app.extensions["coi"].engine.close()
