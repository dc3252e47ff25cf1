"""One connection to the store's database, SQLite or PostgreSQL, with one call shape for both.

The store's SQL is written once, as text, with ``?`` placeholders, and read back by column name
(``row["title"]``) or position. SQLite's driver takes that as it is; psycopg wants ``%s``, so the
statements are rewritten once each (cached) for it. SQLAlchemy makes the connections (one URL
setting for both back-ends) and Alembic migrates them (:mod:`coi.migrations`), but the store's
statements go to the driver's own connection: SQLAlchemy's execution layer costs about three
times as much per statement (a one-row SELECT on SQLite: 115 µs direct, 390 µs through
``exec_driver_sql`` with rows by name) and gives nothing the store uses.

Transactions are explicit: ``BEGIN IMMEDIATE`` on SQLite (one writer at a time, taken at once,
so a read-modify-write inside never meets a concurrent writer), plain ``BEGIN`` (READ
COMMITTED) on PostgreSQL, where a read-modify-write takes a row lock instead: the change
sequence is bumped with ``UPDATE … RETURNING``, which holds the counter's row until commit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any, ClassVar, Literal, Protocol

import psycopg
import sqlalchemy
from sqlalchemy.pool import NullPool

Dialect = Literal["sqlite", "postgresql"]

DATABASE_ERRORS: tuple[type[Exception], ...] = (
    sqlite3.Error,
    psycopg.Error,
    sqlalchemy.exc.DBAPIError,
)
"""What either back-end raises when the database fails (disk full, server gone, lock timeout)."""


class Row(Protocol):
    """A result row, read by column name or position."""

    def __getitem__(self, key: Any, /) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...

    def __len__(self) -> int: ...

    def keys(self) -> list[str]: ...


class Result(Protocol):
    """What :meth:`Db.execute` returns: the driver's cursor."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class NamedRow(tuple[Any, ...]):
    """A PostgreSQL row that reads like :class:`sqlite3.Row`: by position or by column name."""

    __slots__ = ()
    _names: ClassVar[dict[str, int]] = {}

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _named_rows(cursor: psycopg.Cursor[Any]) -> Any:
    """psycopg row factory: rows of one :class:`NamedRow` class per result shape."""
    return _row_class(tuple(column.name for column in cursor.description or ()))


@lru_cache(maxsize=512)
def _row_class(names: tuple[str, ...]) -> type[NamedRow]:
    """The row class of one result shape (a name given twice reads as its first column, as
    in SQLite)."""
    index: dict[str, int] = {}
    for position, name in enumerate(names):
        index.setdefault(name, position)
    return type("Row", (NamedRow,), {"__slots__": (), "_names": index})


@lru_cache(maxsize=2048)
def _to_format_style(sql: str) -> str:
    """A statement with ``?`` placeholders as psycopg takes it (``%s``; a literal ``%`` doubled).

    The store's SQL never has a ``?`` inside a string literal, so the rewrite is exact.
    """
    return sql.replace("%", "%%").replace("?", "%s")


@lru_cache(maxsize=16)
def engine_for(url: str) -> sqlalchemy.Engine:
    """A SQLAlchemy engine for a store URL (``sqlite:///…`` or ``postgresql://…``), made once
    per process (the web server opens a store per request).

    Connections are not pooled: one store is one connection, closed with it.
    """
    parsed = sqlalchemy.make_url(url)
    if parsed.get_backend_name() == "postgresql":
        return sqlalchemy.create_engine(
            parsed.set(drivername="postgresql+psycopg"), poolclass=NullPool
        )
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        raise ValueError(f"store URL must be a SQLite file or postgresql://…, not {url!r}")
    path = parsed.database

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(path, timeout=30, isolation_level=None)

    return sqlalchemy.create_engine("sqlite://", creator=connect, poolclass=NullPool)


class Db:
    """One driver connection with the store's call shape: ``execute(sql, params)``."""

    def __init__(self, engine: sqlalchemy.Engine) -> None:
        self.dialect: Dialect = "postgresql" if engine.dialect.name == "postgresql" else "sqlite"
        self._proxy = engine.raw_connection()
        raw: Any = self._proxy.driver_connection
        if self.dialect == "sqlite":
            raw.row_factory = sqlite3.Row
            raw.execute("PRAGMA journal_mode=WAL")
            raw.execute("PRAGMA synchronous=NORMAL")
            raw.execute("PRAGMA foreign_keys=ON")
            self._begin = "BEGIN IMMEDIATE"
        else:
            raw.autocommit = True
            raw.row_factory = _named_rows
            # SQLite's durability (WAL, synchronous=NORMAL): a power cut may lose the last
            # commits, never consistency; the server then answers a commit without waiting
            # for its disk
            raw.execute("SET synchronous_commit = off")
            self._begin = "BEGIN"
        self._raw = raw

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Result:
        """Run one statement with ``?`` placeholders; the cursor reads its rows."""
        if self.dialect == "sqlite":
            return self._raw.execute(sql, params)
        return self._raw.execute(_to_format_style(sql), params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement once per row of parameters."""
        if self.dialect == "sqlite":
            self._raw.executemany(sql, rows)
        else:
            self._raw.cursor().executemany(_to_format_style(sql), rows)

    def begin(self) -> None:
        self._raw.execute(self._begin)

    def commit(self) -> None:
        self._raw.execute("COMMIT")

    def rollback(self) -> None:
        self._raw.execute("ROLLBACK")

    def close(self) -> None:
        self._proxy.close()
