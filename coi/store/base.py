"""The store's connection: opening and migrating the database (SQLite or PostgreSQL),
transactions, reads.

Sources, documents and the crawl frontier are kept by their own parts of the store
(:mod:`coi.store.sources`, :mod:`coi.store.documents`, :mod:`coi.store.frontier`), which share
this one connection: a crawl's save and its frontier update commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy

from coi.blobs import BlobStore
from coi.database import DATABASE_ERRORS, Db, Row, engine_for
from coi.errors import StoreError
from coi.private_files import private_dir, private_file
from coi.store.migrate import current_revision, migrate


class StoreBase:
    """One connection to the document store; use as a context manager or call :meth:`close`."""

    def __init__(self, path: Path, blob_dir: Path, url: str = "") -> None:
        """Open the store at ``url`` (``postgresql://…``), else the SQLite file ``path``."""
        if not url:
            private_dir(path.parent)
            private_file(path)
        where = _without_password(url) if url else str(path)
        try:
            engine = engine_for(url or f"sqlite:///{path}")
        except (ValueError, sqlalchemy.exc.ArgumentError) as exc:
            raise StoreError(f"store.url: {exc}") from exc
        try:
            self._db = Db(engine)
        except DATABASE_ERRORS as exc:
            raise StoreError(f"{where}: cannot open the document store: {exc}") from exc
        try:
            migrate(engine, self._db)
        except DATABASE_ERRORS as exc:
            self._db.close()
            raise StoreError(f"{where}: cannot open the document store: {exc}") from exc
        except BaseException:
            self._db.close()
            raise
        self.path = path
        self.dialect = self._db.dialect
        self.blobs = BlobStore(blob_dir)

    def __enter__(self) -> StoreBase:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (pending transactions were committed by their blocks)."""
        self._db.close()

    @property
    def schema_version(self) -> str | None:
        """The migration revision this store has reached."""
        return current_revision(self._db)

    @contextmanager
    def transaction(self) -> Iterator[Db]:
        """A write transaction (on SQLite taken at once, ``BEGIN IMMEDIATE``); rolled back on
        error."""
        self._db.begin()
        try:
            yield self._db
        except BaseException:
            self._db.rollback()
            raise
        self._db.commit()

    def query(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[Row]:
        """Run a read-only statement (for the curation modules that own their tables)."""
        return self._db.execute(sql, params).fetchall()

    def lock_document(self, db: Db, doc_id: str) -> None:
        """Inside a transaction: keep other writers off ``doc_id`` (stored yet or not) until it
        ends, so what it read of the document stays true while it writes.

        SQLite's write transaction holds the whole store already; on PostgreSQL an advisory
        lock on the id does it, taken before the change sequence's lock as every writer does.
        """
        if self.dialect == "postgresql":
            db.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", (doc_id,))

    def bump_change_seq(self, db: Db, doc_id: str) -> None:
        """Inside a transaction: make the indexer see ``doc_id`` as changed."""
        db.execute("UPDATE documents SET change_seq = ? WHERE id = ?", (self._next_seq(db), doc_id))

    def _next_seq(self, db: Db) -> int:
        """Inside a transaction: the next number of the store's change sequence.

        On PostgreSQL the update locks the counter's row until the transaction ends, so
        concurrent writers take their numbers one after the other and commit in that order
        (an index update never skips a number that a slower transaction commits later).
        """
        row = db.execute(
            "UPDATE counters SET value = value + 1 WHERE name = 'change_seq' RETURNING value"
        ).fetchone()
        return int(row[0])


def parse_datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def required_datetime(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _without_password(url: str) -> str:
    """A store URL fit for a message (its password hidden)."""
    return sqlalchemy.make_url(url).render_as_string(hide_password=True)
