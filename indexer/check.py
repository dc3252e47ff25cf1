"""The index side of ``coi check``: is the index whole, and does it hold what the store holds?

Compared: whether every segment opens (:func:`indexer.engine.health.index_damage`), the store change
the index has reached against the store's (an index ahead of its store was made from a store
that is no longer there: restored from a backup, or its write-ahead log lost), and the ids of
the documents in the index against those the store has to show. Repairing is
:func:`~indexer.build.update_index`, which rebuilds beside the live index when needed.
"""

from __future__ import annotations

import json

from whoosh import index as whoosh_index

from coi.config import Config
from coi.store import Store
from coi.store.check import CheckReport, Finding
from indexer.build import read_state, update_index
from indexer.engine import index_damage


def check_index(config: Config, store: Store, report: CheckReport, *, repair: bool) -> None:
    """Add the index's problems to ``report``, repaired with ``repair``."""
    index_dir = config.index_dir
    report.checked["index"] = "segments, store changes reached and documents"
    if not whoosh_index.exists_in(index_dir):
        problem = "there is no index yet"
        report.findings.append(Finding("index", problem, _rebuild(config, store, repair=repair)))
        return
    store_seq = store.change_seq()
    problems = []
    damage = index_damage(index_dir)
    if damage is not None:
        problems.append(f"the index is damaged: {damage}")
    reached = read_state(index_dir)
    if reached > store_seq:
        problems.append(
            f"the index is ahead of the store (change {reached} against {store_seq}): the "
            "store was restored or lost writes"
        )
    elif reached < store_seq:
        problems.append(f"{store_seq - reached} store change(s) not indexed yet")
    mismatch = _compare_documents(config, store) if damage is None and reached == store_seq else []
    problems += mismatch
    if not problems:
        return
    # A damaged index, or one ahead of the store, is rebuilt by update_index on its own; one
    # whose documents differ although it reached the store's last change must be told to.
    outcome = _rebuild(config, store, repair=repair, force=bool(mismatch))
    report.findings.extend(Finding("index", problem, outcome) for problem in problems)


def _compare_documents(config: Config, store: Store) -> list[str]:
    """Documents the index lacks or holds beyond the store's (by id)."""
    ix = whoosh_index.open_dir(config.index_dir)
    try:
        with ix.searcher() as searcher:
            indexed = {fields["id"] for fields in searcher.all_stored_fields()}
    finally:
        ix.close()
    hidden = {
        row["document_id"]
        for row in store.query("SELECT document_id, value FROM corrections WHERE field = 'hidden'")
        if json.loads(row["value"])
    }
    shown = {
        row["id"]
        for row in store.query("SELECT id FROM documents WHERE latest_version IS NOT NULL")
        if row["id"] not in hidden
    }
    problems = []
    if shown - indexed:
        problems.append(f"{len(shown - indexed)} documents of the store are not in the index")
    if indexed - shown:
        problems.append(f"{len(indexed - shown)} documents in the index are not in the store")
    return problems


def _rebuild(config: Config, store: Store, *, repair: bool, force: bool = False) -> str | None:
    """Bring the index up to date (rebuilt when needed, or when ``force``); what was done."""
    if not repair:
        return None
    done = update_index(config, store, rebuild=force)
    return done.format()
