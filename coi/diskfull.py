"""Recognising a full disk, so every command says so in one line instead of a traceback.

A full disk (or a quota, or a file size limit) surfaces as an ``OSError`` from a blob or index
write, as SQLite's "database or disk is full", as PostgreSQL's ``disk_full`` (SQLSTATE 53100,
the server's disk), or wrapped in a :class:`~coi.errors.StoreError`;
the whole chain of causes is looked at. The store's transactions and the archive's atomic
writes mean nothing stored before is lost: freeing space and running the command again is all
it takes (an interrupted crawl resumes where it stopped).
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator

NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
SQLITE_FULL_MESSAGE = "database or disk is full"
POSTGRESQL_DISK_FULL = "53100"


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and the exceptions it was raised from or while handling."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def no_space_error(exc: BaseException) -> BaseException | None:
    """The error in ``exc``'s chain that says the disk is full, if one does."""
    for link in _chain(exc):
        if isinstance(link, OSError) and link.errno in NO_SPACE_ERRNOS:
            return link
        if isinstance(link, sqlite3.Error) and SQLITE_FULL_MESSAGE in str(link):
            return link
        if getattr(link, "sqlstate", None) == POSTGRESQL_DISK_FULL:  # psycopg's errors
            return link
    return None


def disk_full_message(error: BaseException) -> str:
    """One line for the user: what could not be written, and what to do."""
    if getattr(error, "sqlstate", None) == POSTGRESQL_DISK_FULL:
        return (
            f"the PostgreSQL server holding the store has no space left: {error}. Free space "
            "on the server's disk and run the command again; nothing stored before is lost."
        )
    if isinstance(error, OSError):
        where = f" {error.filename}" if error.filename else ""
        what = f"cannot write{where}: {error.strerror or 'no space left'}"
    else:
        what = f"cannot write the document store: {error}"
    return (
        f"{what}. Free space on the data directory's disk and run the command again; "
        "nothing stored before is lost."
    )
