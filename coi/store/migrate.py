"""Bringing a store's schema up to date when it is opened, on SQLite or PostgreSQL.

The whole migration runs in one transaction (both back-ends have transactional DDL), so a
store is never left half-migrated; two processes opening a store at once take turns
(``BEGIN IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL) and the second finds nothing
left to do. A store already at the newest revision costs one query.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import sqlalchemy
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError

from coi.database import Db
from coi.errors import StoreError
from coi.schema import MIGRATIONS

BRIDGE_REVISION = "0009"
"""The Alembic revision equal to the last SQLite-only step of :data:`coi.schema.MIGRATIONS`."""
_MIGRATION_LOCK = 0x636F69
"""PostgreSQL advisory lock key held while a store is migrated ('coi')."""


@lru_cache(maxsize=1)
def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("coi.migrations")))
    return config


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest revision this coi knows."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None  # versions/ is never empty
    return head


def current_revision(db: Db) -> str | None:
    """The revision a store has reached (None for a new store or an unstamped SQLite one)."""
    if db.dialect == "sqlite":
        exists = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
    else:
        exists = db.execute("SELECT to_regclass('alembic_version')").fetchone()[0]
    if not exists:
        return None
    row = db.execute("SELECT version_num FROM alembic_version").fetchone()
    return str(row[0]) if row else None


def migrate(engine: sqlalchemy.Engine, db: Db) -> None:
    """Bring the store behind ``engine`` (``db`` is its open connection) to the newest schema.

    Raises:
        StoreError: the store was written by a newer coi.
    """
    if current_revision(db) == head_revision():
        return
    with engine.connect() as conn:
        if db.dialect == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # the driver runs in autocommit mode
        else:
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        try:
            _upgrade(conn, db.dialect)
        except BaseException:
            conn.rollback()
            raise
        conn.commit()


def _upgrade(conn: sqlalchemy.Connection, dialect: str) -> None:
    if dialect == "sqlite":
        _bridge_legacy_sqlite(conn)
    current = MigrationContext.configure(conn).get_current_revision()
    script = ScriptDirectory.from_config(_alembic_config())
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise StoreError(
            f"store schema version {current} is newer than this coi ({head_revision()})"
        )
    config = _alembic_config()
    config.attributes["connection"] = conn
    try:
        command.upgrade(config, "head")
    except CommandError as exc:
        raise StoreError(f"cannot migrate the store: {exc}") from exc
    finally:
        config.attributes.pop("connection", None)
    if dialect == "sqlite":
        # what a coi from before the revisions reads: it refuses a store newer than it knows
        conn.exec_driver_sql(f"PRAGMA user_version = {int(head_revision())}")


def _bridge_legacy_sqlite(conn: sqlalchemy.Connection) -> None:
    """A SQLite store made by the numbered steps: finish them (to step 9), stamp revision 0009."""
    if MigrationContext.configure(conn).get_current_revision() is not None:
        return
    step = int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())
    if step == 0:
        return  # a new store: Alembic creates it from the first revision
    if step > len(MIGRATIONS):
        raise StoreError(f"store schema version {step} is newer than this coi ({len(MIGRATIONS)})")
    for script in MIGRATIONS[step:]:
        for statement in _split_sql(script):
            conn.exec_driver_sql(statement)
    MigrationContext.configure(conn).stamp(
        ScriptDirectory.from_config(_alembic_config()), BRIDGE_REVISION
    )


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements (ours never contain ';' inside literals)."""
    return [part.strip() for part in script.split(";") if part.strip()]
