"""A researcher's account over HTTP: logged in, yet no more than a reader on the desk's side."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from indexfixtures import DOCS, fill, id_of, make_config

from coi.curation import accounts, collections, corrections
from coi.store import open_store
from indexer.build import update_index
from web import create_app

PASSWORD = "correct horse battery"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    config = make_config(tmp_path)
    with open_store(tmp_path) as store:
        fill(store)
        update_index(config, store)
        accounts.add_user(store, "olga", "researcher", PASSWORD, actor="system")
        collections.create(store, "Secret dossier", actor="system")
        corrections.correct(store, id_of(DOCS[4]), {"hidden": True}, actor="system")
    app = create_app(config)
    yield app
    app.extensions["coi"].engine.close()


def login(client: FlaskClient) -> str:
    page = client.get("/login").get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match is not None
    response = client.post(
        "/login", data={"name": "olga", "password": PASSWORD, "csrf_token": match.group(1)}
    )
    assert response.status_code == 302
    fresh = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True))
    assert fresh is not None
    return fresh.group(1)


def test_a_researcher_reads_only_what_is_public_and_changes_nothing(app: Flask) -> None:
    client = app.test_client()
    csrf = login(client)
    assert "Log out olga" in client.get("/").get_data(as_text=True)
    for path in ["/desk/", "/desk/duplicates", "/desk/sources", "/desk/audit"]:
        assert client.get(path).status_code == 403, path
    assert client.get(f"/documents/{id_of(DOCS[4])}").status_code == 410
    assert "Secret dossier" not in client.get("/collections/").get_data(as_text=True)
    changed = client.post(
        f"/desk/documents/{id_of(DOCS[0])}/correct",
        data={"csrf_token": csrf, "title": "Changed by a researcher"},
    )
    assert changed.status_code == 403
