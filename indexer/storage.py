"""How the indexer opens the Whoosh index: files read on demand, never mapped (issue 6).

Whoosh maps each segment file into memory and then copies every part a reader opens (the
postings and term tables of the whole segment) into a ``BytesIO``. The writer opens such a
reader over *all* segments in every commit, to find the old version of each document it
replaces, so a build's parent process held about twice the index's size: 40 MB of heap and
40 MB of mapped pages more with each batch of 1,000 documents of 3,000 words, up to 844 MB at
10,000 documents (``/proc`` sampled every 0.5 s; the workers stayed flat at 240 MB), 1.3 GB
in ``bench/index.py``. Opened without ``mmap``, a reader seeks and reads only what a look-up
needs: opening one over six segments costs 2 MB instead of 240 MB and 0.01 s instead of 0.5 s,
and 1,000 id look-ups take 0.10 s instead of 0.06 s; merging those six segments (3,000
documents) took 130 s instead of 127 s (one run each) and peaked at 178 MB instead of 250 MB.
Searching (:mod:`indexer.search`) opens the index its own way.
"""

from __future__ import annotations

from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index

from indexer.schema import build_schema


def _storage(index_dir: Path) -> FileStorage:
    return FileStorage(str(index_dir), supports_mmap=False)


def open_for_writing(index_dir: Path, indexname: str | None = None) -> Index:
    """The existing index at ``index_dir``, its segments read without being mapped."""
    if indexname is None:
        return _storage(index_dir).open_index()
    return _storage(index_dir).open_index(indexname)


def create_for_writing(index_dir: Path) -> Index:
    """A new empty index at ``index_dir`` (an existing one is replaced), read like the above."""
    return _storage(index_dir).create_index(build_schema())
