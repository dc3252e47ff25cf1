"""How the indexer opens the Whoosh index: for writing, files read on demand, never mapped; for
searching, files mapped but never copied (issue 6).

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

Searching opened the index Whoosh's default way, and so held a copy of every segment it
read: at 100,000 documents in 40 segments (``bench/replicate.py``) the first query took 7.4 s,
most of it copying, and the process grew to 9.1 GB. Read through plain files instead, the first
query took 1.4 s and 1.3 GB, but each term look-up is a seek and a read (p95 over
``bench/search.py``'s queries 78-88 ms against 65-74 ms). :func:`open_for_searching` maps each
file and reads from the map in place: look-ups from memory, nothing copied, pages shared with
the operating system's cache. Measured the same way (five runs against six of Whoosh's way):
first query 1.1-1.7 s against 5.2-7.5 s, peak 1.6 GB (mapped pages the process touched
included) against 9.1 GB, p95 59-81 ms against 52-74 ms.

Writers are :class:`CoiWriter`: Whoosh's, with the codec that also writes posting arrays, a
posting pool that spills to disk in chunks, and coi's analyzers run without token objects
(:func:`indexer.analysis.index_positions`).
"""

from __future__ import annotations

import mmap
from pathlib import Path
from typing import Any

from whoosh.fields import FieldType
from whoosh.filedb.compound import SubFile
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.formats import Frequency, Positions
from whoosh.index import Index
from whoosh.writing import SegmentWriter

from indexer.analysis import index_counts, index_positions
from indexer.engine.pool import ChunkedPostingPool
from indexer.engine.postings import ArrayCodec
from indexer.engine.shared import frequency_value, positions_value, term_bytes, weight
from indexer.schema import build_schema


def _storage(index_dir: Path) -> FileStorage:
    return FileStorage(str(index_dir), supports_mmap=False)


class CoiWriter(SegmentWriter):
    """Whoosh's segment writer with the codec that also writes posting arrays
    (:mod:`indexer.engine.postings`) and the pool that spills in chunks
    (:mod:`indexer.engine.pool`).

    Whoosh's writer takes a ``poolclass`` argument and ignores it, so the pool is replaced here,
    before anything is added to it.
    """

    def __init__(self, ix: Index, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(ix, codec=ArrayCodec(), limitmb=limitmb, **kwargs)
        self.pool = ChunkedPostingPool(self._tempstorage, self.newsegment, limitmb=limitmb)

    def add_document(self, **fields: Any) -> None:
        """Whoosh's ``add_document``, the postings of coi's text fields from
        :func:`_postings` (no per-document or per-field boosts: coi passes none)."""
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        add_post = self.pool.add
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    scorable = field.scorable
                    for tbytes, freq, weight, vbytes in _postings(field, value):
                        if scorable:
                            length += freq
                        add_post((fieldname, tbytes, docnum, float(weight), vbytes))
                if field.separate_spelling() or field.vector:
                    raise NotImplementedError(f"{fieldname}: spelling or vector fields")
                perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
                column = field.column_type
                if column:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(value))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1


def _postings(field: FieldType, value: Any) -> Any:
    """(term bytes, frequency, weight, encoded positions) for each term of ``value`` in
    ``field``: what ``field.index(value)`` gives, computed without tokens for a text field with
    one of coi's analyzers."""
    fmt = field.format
    kind = type(fmt)
    if kind is Positions and isinstance(value, str):
        positions = index_positions(field.analyzer, value)
        if positions is not None:
            boost = fmt.field_boost
            return [
                (term_bytes(term), len(found), weight(len(found) * boost), positions_value(found))
                for term, found in positions.items()
            ]
    if kind is Frequency and isinstance(value, str):  # the ``stops`` field
        counts = index_counts(field.analyzer, value)
        if counts is not None:
            boost = fmt.field_boost
            return [
                (term_bytes(term), count, weight(count * boost), frequency_value(count))
                for term, count in counts.items()
            ]
    return field.index(value)


def open_for_writing(index_dir: Path, indexname: str | None = None) -> Index:
    """The existing index at ``index_dir``, its segments read without being mapped."""
    if indexname is None:
        return _storage(index_dir).open_index()
    return _storage(index_dir).open_index(indexname)


def create_for_writing(index_dir: Path) -> Index:
    """A new empty index at ``index_dir`` (an existing one is replaced), read like the above."""
    return _storage(index_dir).create_index(build_schema())


class MappedStorage(FileStorage):
    """An index folder whose files are read from memory maps, in place.

    Whoosh's own ``mmap`` mode copies each part of a compound segment it opens into a
    ``BytesIO``. Here the storage says it does not map, so a compound segment's parts are
    windows onto the file object this storage opens, and that object is the map itself.
    """

    def __init__(self, path: str) -> None:
        super().__init__(path, supports_mmap=False, readonly=True)

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        path = Path(self._fpath(name))
        if path.stat().st_size == 0:  # an empty file cannot be mapped
            return super().open_file(name, **kwargs)
        with path.open("rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        return _MappedFile(mapped, mapped, 0, name=name, **kwargs)


class _MappedFile(StructFile):
    """A file, or a part of one, read from its memory map: a read at a position is a slice.

    Whoosh's look-ups read at positions (``get``); a plain ``StructFile`` seeks and reads, and
    a part of a compound segment does so through Whoosh's ``SubFile``, several Python calls a
    read. Reading in sequence still goes through ``fileobj``.
    """

    def __init__(self, fileobj: Any, mapped: mmap.mmap, base: int, **kwargs: Any) -> None:
        super().__init__(fileobj, **kwargs)
        self._map = mapped
        self._base = base

    def get(self, position: int, length: int) -> bytes:
        start = self._base + position
        return self._map[start : start + length]

    def subset(self, offset: int, length: int, name: str | None = None) -> StructFile:
        part = SubFile(self.file, offset, length)
        return _MappedFile(part, self._map, self._base + offset, name=name or self._name)


def open_for_searching(index_dir: Path) -> Index:
    """The index at ``index_dir`` for searchers: read from memory maps, nothing copied."""
    return MappedStorage(str(index_dir)).open_index()
