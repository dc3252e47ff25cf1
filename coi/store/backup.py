"""``coi backup DIR`` and ``coi restore DIR``, the store and archive side.

No backup procedure existed, and copying the files of a live store can catch SQLite halfway
through a write. The store is copied with SQLite's online backup API, which gives a consistent
snapshot while coi serves and crawls; the blobs are copied after it, so every blob the copied
store cites is in the copy (a blob is archived before the version citing it is committed), and
only blobs the backup lacks are copied (they never change), so a second backup into the same
folder is quick. The index is copied before the store (:mod:`indexer.backup`), so it never
holds a change the copied store lacks. ``backup.json`` says what the folder holds.

A store on a PostgreSQL server (``store.url``) is the server's to back up: ``pg_dump`` makes a
consistent copy of it while coi runs. Both commands say so and copy nothing, rather than copy
blobs and an index without the store they belong to.

A restore writes the backup's store into the live one with the same API (a serving coi sees
the restored data on its next request), copies back the blobs after checking each one's
SHA-256, and then puts the index in order (:mod:`indexer.backup`).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from coi import __version__
from coi.blobs import BlobStore
from coi.config import Config
from coi.errors import StoreError
from coi.store import open_store

MANIFEST = "backup.json"
STORE_FILE = "coi.sqlite3"


@dataclass(frozen=True, slots=True, kw_only=True)
class Copied:
    """What one backup or restore copied."""

    documents: int
    change_seq: int
    blobs_copied: int
    blobs_total: int
    skipped: tuple[str, ...] = ()
    """Blobs left out, each with why (a restore skips a backup's damaged blob)."""

    def format(self, verb: str) -> str:
        """One line for the terminal."""
        line = (
            f"{verb} {self.documents} documents (store change {self.change_seq}), "
            f"{self.blobs_copied} of {self.blobs_total} blobs copied (the rest were there)"
        )
        return "\n".join([line, *(f"  skipped {reason}" for reason in self.skipped)])


def backup_store(config: Config, target: Path) -> Copied:
    """Copy the store and then the blobs into ``target`` (see the module docstring)."""
    _refuse_server_store(config, "backup")
    target.mkdir(parents=True, exist_ok=True)
    temp = target / f".{STORE_FILE}.tmp"
    temp.unlink(missing_ok=True)
    with open_store(
        config.data_dir, config.store.url
    ):  # migrated, so the copy has the current schema
        pass
    _sqlite_copy(config.store_path, temp)
    db = sqlite3.connect(temp)
    db.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    db.close()
    temp.replace(target / STORE_FILE)
    documents, seq, shas = _contents(target / STORE_FILE)
    copied = _copy_blobs(BlobStore(config.blob_dir), BlobStore(target / "blobs"), shas)
    manifest = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "coi": __version__,
        "documents": documents,
        "change_seq": seq,
        "blobs": len(shas),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return Copied(
        documents=documents,
        change_seq=seq,
        blobs_copied=copied,
        blobs_total=len(shas),
    )


def restore_store(config: Config, source: Path) -> Copied:
    """Replace the store's contents with the backup's and copy back its intact blobs.

    Raises:
        StoreError: ``source`` is not a coi backup, or its store copy is damaged.
    """
    _refuse_server_store(config, "restore")
    copy = source / STORE_FILE
    if not (source / MANIFEST).is_file() or not copy.is_file():
        raise StoreError(f"{source} is not a coi backup (no {MANIFEST} and {STORE_FILE})")
    with sqlite3.connect(f"file:{copy}?mode=ro", uri=True) as db:
        verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
    if verdict != "ok":
        raise StoreError(f"the backup's store is damaged ({verdict}); nothing was restored")
    documents, seq, shas = _contents(copy)
    spare, blobs = BlobStore(source / "blobs"), BlobStore(config.blob_dir)
    skipped = []
    for sha256 in shas:
        if not blobs.exists(sha256) and spare.check(sha256, again=True) != "ok":
            skipped.append(f"blob {sha256}: missing or damaged in the backup too")
    intact = [sha256 for sha256 in shas if spare.check(sha256) == "ok"]
    copied = _copy_blobs(spare, blobs, intact, replace_bad=True)
    with open_store(
        config.data_dir, config.store.url
    ):  # creates the store if this data folder is new
        pass
    _sqlite_copy(copy, config.store_path)
    with open_store(config.data_dir, config.store.url):  # migrates a backup made by an earlier coi
        pass
    return Copied(
        documents=documents,
        change_seq=seq,
        blobs_copied=copied,
        blobs_total=len(shas),
        skipped=tuple(skipped),
    )


def _refuse_server_store(config: Config, command: str) -> None:
    """``coi backup``/``restore`` copy a SQLite store; a PostgreSQL one is ``pg_dump``'s."""
    if config.store.url:
        raise StoreError(
            f"coi {command} copies a SQLite store, and this store is on a PostgreSQL server "
            "(store.url): back it up with pg_dump (restore with pg_restore) and copy the data "
            f"directory ({config.data_dir}) for the archive and the index"
        )


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy a live SQLite database page by page, consistently (SQLite's backup API)."""
    try:
        with sqlite3.connect(source, timeout=30) as src, sqlite3.connect(target, timeout=30) as dst:
            src.backup(dst, pages=1024)
        src.close()
        dst.close()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot copy {source} to {target}: {exc}") from exc


def _contents(store_file: Path) -> tuple[int, int, list[str]]:
    """Documents, change sequence and cited blobs of a store file (read only)."""
    with sqlite3.connect(f"file:{store_file}?mode=ro", uri=True) as db:
        documents = db.execute(
            "SELECT COUNT(*) FROM documents WHERE latest_version IS NOT NULL"
        ).fetchone()[0]
        seq = db.execute("SELECT value FROM counters WHERE name = 'change_seq'").fetchone()[0]
        shas = [row[0] for row in db.execute("SELECT DISTINCT sha256 FROM versions ORDER BY 1")]
    db.close()
    return int(documents), int(seq), shas


def _copy_blobs(
    source: BlobStore, target: BlobStore, shas: list[str], *, replace_bad: bool = False
) -> int:
    """Copy the blobs ``target`` lacks (temporary file, then rename); how many were copied.

    With ``replace_bad``, a blob ``target`` has but whose bytes fail their check is replaced.
    """
    copied = 0
    for sha256 in shas:
        if not source.exists(sha256):
            continue
        if target.exists(sha256) and not (replace_bad and target.check(sha256) != "ok"):
            continue
        path = target.path(sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".tmp-copy-{sha256}")
        shutil.copyfile(source.path(sha256), temp)
        temp.replace(path)
        copied += 1
    return copied
