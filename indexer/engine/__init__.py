"""Where coi ends and Whoosh begins: the modules that reach into Whoosh's private internals.

Whoosh's public API is kept everywhere else in ``indexer/``. What is here relies on its file
formats, its matchers' data, its block readers, its writer's finalisation and its codec's limits
(checked against Whoosh 2.7, whoosh-reloaded): posting arrays written beside each segment
(:mod:`~indexer.engine.postings`), whole-query matching and BM25F scoring on those arrays
(:mod:`~indexer.engine.arraymatch`), per-searcher facet and sort tables
(:mod:`~indexer.engine.tables`), how the index is opened for writing and searching
(:mod:`~indexer.engine.storage`), the spilling pool (:mod:`~indexer.engine.pool`), tiered merges
(:mod:`~indexer.engine.merging`), whether every segment opens (:mod:`~indexer.engine.health`)
and the worker processes that write segments
(:mod:`~indexer.engine.workers`).

The rest of coi uses only the names below, and only :mod:`indexer.search`,
:mod:`indexer.build` and :mod:`indexer.check` use them (an import contract checks it), so upgrading
or replacing the engine touches this package and those three modules.
"""

from __future__ import annotations

from indexer.engine.health import index_damage
from indexer.engine.merging import merge_tiers
from indexer.engine.storage import (
    CoiWriter,
    create_for_writing,
    open_for_searching,
    open_for_writing,
)
from indexer.engine.tables import SearchTables
from indexer.engine.workers import PooledWriter, WorkerPool

__all__ = [
    "CoiWriter",
    "PooledWriter",
    "SearchTables",
    "WorkerPool",
    "create_for_writing",
    "index_damage",
    "merge_tiers",
    "open_for_searching",
    "open_for_writing",
]
