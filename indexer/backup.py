"""``coi backup`` and ``coi restore``, the index side.

The index is copied under the index lock (:mod:`coi.locks`), so no build writes it meanwhile
and the copy is one whole generation of it; when a build is running, the backup holds a note
instead and a restore rebuilds the index from the store. A restore puts the backup's index
beside the live one and swaps it in, as a rebuild does, then brings it up to date; without
one, the index is rebuilt (it would otherwise be ahead of the restored store: new documents
never indexed, removed ones still found and leading to 404 pages).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from whoosh import index as whoosh_index

from coi.config import Config
from coi.errors import IndexLockedError
from coi.locks import exclusive
from coi.store import Store
from indexer.build import (
    BUILD,
    LOCK_WAIT_SECONDS,
    REBUILD_SUFFIX,
    IndexReport,
    lock_path,
    read_state,
    swap_in,
    update_index,
)

NOTE_FILE = "REBUILD.txt"


def backup_index(index_dir: Path, target: Path) -> str:
    """Copy the index into ``target`` (replacing an older copy); what the backup holds."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    if not whoosh_index.exists_in(index_dir):
        return _note(target, "there was no index to copy; `coi restore` builds one")
    try:
        with exclusive(lock_path(index_dir), BUILD, wait=LOCK_WAIT_SECONDS, error=IndexLockedError):
            for path in index_dir.iterdir():
                if path.is_file() and not path.name.endswith("WRITELOCK"):
                    shutil.copy2(path, target / path.name)
    except IndexLockedError as busy:
        shutil.rmtree(target)
        target.mkdir()
        return _note(target, f"the index was not copied: {busy}; `coi restore` rebuilds it")
    return f"index copied (store change {read_state(target)})"


def restore_index(config: Config, store: Store, source: Path) -> IndexReport:
    """Swap the backup's index in when it has one, then bring the index up to date."""
    live = config.index_dir
    if not whoosh_index.exists_in(source):
        return update_index(config, store, rebuild=True)
    with exclusive(lock_path(live), BUILD, wait=LOCK_WAIT_SECONDS, error=IndexLockedError):
        side = live.with_name(live.name + REBUILD_SUFFIX)
        shutil.rmtree(side, ignore_errors=True)
        shutil.copytree(source, side)
        swap_in(side, live)
    return update_index(config, store)


def _note(target: Path, why: str) -> str:
    (target / NOTE_FILE).write_text(why + "\n", encoding="utf-8")
    return why
