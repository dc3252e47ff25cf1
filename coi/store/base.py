"""The store's connection: opening and migrating the SQLite database, transactions, reads.

Sources, documents and the crawl frontier are kept by their own parts of the store
(:mod:`coi.store.sources`, :mod:`coi.store.documents`, :mod:`coi.store.frontier`), which share
this one connection: a crawl's save and its frontier update commit together or not at all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from coi.blobs import BlobStore
from coi.errors import StoreError
from coi.private_files import private_dir, private_file
from coi.schema import MIGRATIONS


class StoreBase:
    """One connection to the document store; use as a context manager or call :meth:`close`."""

    def __init__(self, path: Path, blob_dir: Path) -> None:
        private_dir(path.parent)
        private_file(path)
        try:
            self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the document store: {exc}") from exc
        self.path = path
        self.blobs = BlobStore(blob_dir)

    def __enter__(self) -> StoreBase:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (pending transactions were committed by their blocks)."""
        self._db.close()

    @property
    def schema_version(self) -> int:
        """The migration step this store has reached."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.schema_version
        if current > len(MIGRATIONS):
            raise StoreError(
                f"store schema version {current} is newer than this coi ({len(MIGRATIONS)})"
            )
        for step in range(current, len(MIGRATIONS)):
            with self.transaction():
                for statement in _split_sql(MIGRATIONS[step]):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {step + 1}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction taken at once (``BEGIN IMMEDIATE``); rolled back on error."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def query(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[sqlite3.Row]:
        """Run a read-only statement (for the curation modules that own their tables)."""
        return self._db.execute(sql, params).fetchall()

    def bump_change_seq(self, db: sqlite3.Connection, doc_id: str) -> None:
        """Inside a transaction: make the indexer see ``doc_id`` as changed."""
        db.execute("UPDATE documents SET change_seq = ? WHERE id = ?", (self._next_seq(db), doc_id))

    def _next_seq(self, db: sqlite3.Connection) -> int:
        """Inside a transaction: the next number of the store's change sequence."""
        db.execute("UPDATE counters SET value = value + 1 WHERE name = 'change_seq'")
        return int(db.execute("SELECT value FROM counters WHERE name = 'change_seq'").fetchone()[0])


def parse_datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def required_datetime(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements (ours never contain ';' inside literals)."""
    return [part.strip() for part in script.split(";") if part.strip()]
