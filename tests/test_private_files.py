"""The data directory's files are the owner's alone: password hashes, archive and index."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from indexfixtures import fill, make_config

from coi.store import open_store
from indexer.build import update_index
from web import create_app


@pytest.fixture
def usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)  # what most systems give: files readable by everyone
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_store_archive_index_and_secret_are_created_for_their_owner_only(
    tmp_path: Path, usual_umask: None
) -> None:
    data_dir = tmp_path / "new" / "data"
    config = make_config(data_dir)
    with open_store(data_dir) as store:
        fill(store)
        update_index(config, store)
        assert mode(data_dir / "coi.sqlite3-wal") == 0o600
        blob = store.blobs.path(store.query("SELECT sha256 FROM versions LIMIT 1")[0]["sha256"])
    create_app(config).extensions["coi"].engine.close()
    assert mode(tmp_path / "new") == 0o700
    assert mode(data_dir) == 0o700
    assert mode(data_dir / "coi.sqlite3") == 0o600
    assert mode(data_dir / "secret_key") == 0o600
    assert mode(data_dir / "blobs") == 0o700
    assert mode(blob.parent) == 0o700
    assert mode(blob) == 0o600
    assert mode(config.index_dir) == 0o700
