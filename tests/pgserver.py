"""A real PostgreSQL server for the store tests: the one ``COI_TEST_POSTGRES_URL`` names, else a
throw-away cluster started from Debian's binaries; without either the PostgreSQL cases skip.

Every test gets a database of its own, copied from a template that is already migrated
(``CREATE DATABASE … TEMPLATE``, a file copy), and dropped after it.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import sqlalchemy

from coi.store import open_store

TEMPLATE = "coi_template"


class PostgresServer:
    """A server reached at ``url`` (any database of it; the test databases are made beside)."""

    def __init__(self, url: str) -> None:
        self.url = sqlalchemy.make_url(url)
        self._numbers = itertools.count(1)
        self._prefix = f"coi_test_{os.getpid()}_"
        with self._admin() as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {TEMPLATE}_{os.getpid()} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {TEMPLATE}_{os.getpid()}")
        self.template = f"{TEMPLATE}_{os.getpid()}"
        with tempfile.TemporaryDirectory() as blobs:
            open_store(Path(blobs), self.database_url(self.template)).close()

    def database_url(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _admin(self) -> psycopg.Connection[tuple[object, ...]]:
        target = self.url.set(drivername="postgresql", database="postgres")
        return psycopg.connect(target.render_as_string(hide_password=False), autocommit=True)

    @contextmanager
    def fresh_database(self) -> Iterator[str]:
        """The URL of a new, migrated, empty database, dropped afterwards."""
        name = f"{self._prefix}{next(self._numbers)}"
        with self._admin() as admin:
            admin.execute(f"CREATE DATABASE {name} TEMPLATE {self.template}")
        try:
            yield self.database_url(name)
        finally:
            with self._admin() as admin:
                admin.execute(f"DROP DATABASE {name} WITH (FORCE)")

    def close(self) -> None:
        with self._admin() as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {self.template} WITH (FORCE)")


def _binaries() -> Path | None:
    """Where ``initdb`` and ``pg_ctl`` are: on the PATH, or Debian's versioned folder."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = Path("/usr/lib/postgresql").glob("*/bin/initdb")
    newest = max(versions, key=lambda path: int(path.parts[-3]), default=None)
    return newest.parent if newest is not None else None


@contextmanager
def throwaway_cluster(*, durable: bool = False) -> Iterator[str | None]:
    """Start a private cluster (Unix socket in its own folder, no TCP); yield its URL, or None
    (with no reason to fail) when PostgreSQL is not installed.

    Tests need no durability (``fsync`` off saves them time); a benchmark does, as a server
    storing real data would.
    """
    bin_dir = _binaries()
    if bin_dir is None:
        yield None
        return
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    home = Path(tempfile.mkdtemp(prefix="coi-pg-"))
    data = home / "data"
    if as_postgres:
        shutil.chown(home, "postgres")
    run = [*as_postgres, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres"]
    subprocess.run([*run, "--auth=trust", "-E", "UTF8"], check=True, capture_output=True)
    options = f"-k {home} -c listen_addresses=''"
    if not durable:
        options += " -c fsync=off -c full_page_writes=off"
    pg_ctl = [*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(data)]
    subprocess.run(
        [*pg_ctl, "-o", options, "-l", str(home / "log"), "-w", "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://postgres@/postgres?host={home}"
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)
