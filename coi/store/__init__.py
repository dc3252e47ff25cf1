"""The document store: SQLite (WAL) under the data directory or a PostgreSQL server, plus the
blob archive (always under the data directory).

The store is the truth: sources, documents and every version of them, the crawl frontier and
the crawl log. The index is derived from it and can be rebuilt at any time. One
:class:`Store` is one connection; its parts keep one concern each: the connection and
migrations (:mod:`~coi.store.base`), sources (:mod:`~coi.store.sources`), documents and
versions (:mod:`~coi.store.documents`), crawls, the frontier and the log
(:mod:`~coi.store.frontier`), the leases of crawl workers on it (:mod:`~coi.store.leases`).
"""

from __future__ import annotations

from pathlib import Path

from coi.store.documents import (
    PROVENANCE_HEADERS,
    DocumentsStore,
    FetchOutcome,
    document_id_for,
)
from coi.store.frontier import FrontierEntry
from coi.store.leases import LeaseStore, Wait
from coi.store.sources import SourcesStore, SourceStats

__all__ = [
    "PROVENANCE_HEADERS",
    "FetchOutcome",
    "FrontierEntry",
    "SourceStats",
    "Store",
    "Wait",
    "document_id_for",
    "open_store",
]


class Store(SourcesStore, DocumentsStore, LeaseStore):
    """One connection to the document store; use as a context manager or call :meth:`close`."""

    def __enter__(self) -> Store:
        return self


def open_store(data_dir: Path, url: str = "") -> Store:
    """Open (creating and migrating if needed) the store of a data directory: its SQLite file,
    or the PostgreSQL database at ``url`` (the ``store.url`` setting) when one is given."""
    return Store(data_dir / "coi.sqlite3", data_dir / "blobs", url)
