"""Fixtures shared by every test module."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from pgserver import PostgresServer, throwaway_cluster

POSTGRES_URL = os.environ.get("COI_TEST_POSTGRES_URL", "")
"""A PostgreSQL server CI started for the store tests (read before the COI_* variables go)."""


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep a developer's COI_* variables from leaking into the configuration under test."""
    for name in list(os.environ):
        if name.startswith("COI_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The PostgreSQL server of ``COI_TEST_POSTGRES_URL``, else a throw-away cluster of the
    installed PostgreSQL; the PostgreSQL cases skip with the reason when there is neither."""
    with throwaway_cluster() if not POSTGRES_URL else _given(POSTGRES_URL) as url:
        if url is None:
            pytest.skip("PostgreSQL is not installed (no initdb) and COI_TEST_POSTGRES_URL unset")
        server = PostgresServer(url)
        yield server
        server.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each store test twice: on SQLite (the empty ``store.url``) and on a fresh PostgreSQL
    database."""
    if request.param == "sqlite":
        yield ""
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    with server.fresh_database() as url:
        yield url


@contextmanager
def _given(url: str) -> Iterator[str | None]:
    """A server someone else started (and stops)."""
    yield url


from sitesrv import site_server  # noqa: E402, F401  (the test site, shared by the session)
