"""Files and folders of the data directory, created readable by their owner only.

The store holds the curators' password hashes and the archive may hold documents a library
keeps for its staff; on a shared machine neither is anyone else's to read. So coi creates the
data directory, the archive's and the index's folders 0700 and the store 0600 (SQLite gives its
WAL and shared-memory files the store's own mode; the archive writes each blob 0600), whatever
the umask. Existing files keep the mode their owner gave them.
"""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> None:
    """Create ``path`` and any missing parents, each readable by the owner only."""
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        folder.chmod(DIR_MODE)  # mkdir's mode passes through the umask, which may be odd


def private_file(path: Path) -> None:
    """Create ``path`` empty and readable by the owner only, unless it exists already."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    except FileExistsError:
        return
