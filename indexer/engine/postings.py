"""Each segment's postings also written as plain arrays, for search on arrays to slice.

Whoosh writes a term's postings in blocks of 128, each a zlib-compressed pickle of the block's
document numbers, weights and positions. Reading them back was half of a query at 100,000
documents (profiled with ``bench/search.py``: ``pickle.loads`` and ``zlib.decompress``, about
1 µs per posting, positions unpickled though scoring never uses them). A segment written through
:class:`ArrayCodec` therefore also gets, beside Whoosh's files, every term's document numbers
(uint32) and weights (float32) end to end in two flat files, and a key file that maps the
offset of the term's Whoosh postings to where its run ends. A term is still looked up in
Whoosh's term table (which says whether it exists and where its postings start); its postings
are then a slice of a memory-mapped array.

The arrays are copied block by block as Whoosh writes each block, so building and merging
segments (``coi index``, ``--optimize``, the merge policy) write them without a second pass and
without holding a segment's postings in memory. They are an accelerator, never the record: a
segment without them (an index written before they existed, or by plain Whoosh) or with files
that do not add up is read through Whoosh's blocks as before. Whoosh deletes them with their
segment: its clean-up removes every ``<segment id>.*`` file of a segment no longer listed.
"""

from __future__ import annotations

import logging
import struct
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from isal import isal_zlib
from whoosh.codec.base import OutOfOrderError, Segment
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    W3Codec,
    W3FieldWriter,
    W3PerDocReader,
    W3PostingsWriter,
    W3TermInfo,
    _lenfield,
)
from whoosh.columns import CompressedBytesColumn, PickleColumn
from whoosh.filedb.filestore import OverlayStorage
from whoosh.util.numeric import byte_to_length

log = logging.getLogger(__name__)

IDS_EXT = ".aid"
"""Document numbers, uint32, every term's run end to end."""
WEIGHTS_EXT = ".awt"
"""Weights (term frequencies), float32, parallel to the document numbers."""
KEYS_EXT = ".akey"
"""Pairs of int64: the offset of a term's Whoosh postings, the end of its run in the arrays."""
_KEY = struct.Struct("=qq")
"""One key, in the machine's byte order as numpy reads it back (a struct per term is cheaper
than an array per term on the writer's path)."""


class ArrayCodec(W3Codec):
    """Whoosh's own codec (same files, same format), plus the posting arrays of each segment,
    and field lengths read once per field instead of once per posting.

    Its class is recorded in the index's table of contents with every segment it writes, so
    this module must stay importable under this name for such an index to open.
    """

    def field_writer(self, storage: Any, segment: Any) -> W3FieldWriter:
        return _FieldWriter(self, storage, segment)

    def per_document_reader(self, storage: Any, segment: Any) -> W3PerDocReader:
        return _PerDocReader(storage, segment)


LENGTH_OF_CODE = tuple(byte_to_length(code) for code in range(256))
"""Whoosh stores a field's length in one byte (a logarithmic code); this decodes it."""


def length_codes(perdoc: Any, fieldname: str, doccount: int) -> bytes | None:
    """Each document's length of ``fieldname`` in Whoosh's one-byte code, read in one go from
    a per-document reader (documents after the last one stored have code 0, and are left out),
    or None where there is no such column."""
    if not hasattr(perdoc, "_cached_reader"):
        return None
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return None
    return bytes(column._dbfile.get(column._basepos, min(column._count, doccount)))


class _IsalInflatedColumn(CompressedBytesColumn):
    """Whoosh's zlib-compressed column of byte strings, inflated by ISA-L (``isal``): the same
    deflate streams, read back 2.5 times quicker (measured on the stored fields of the
    10,000-document bench index: 86 against 218 µs a document)."""

    def reader(self, dbfile: Any, basepos: int, length: int, doccount: int) -> Any:
        reader = super().reader(dbfile, basepos, length, doccount)
        reader._decompress = isal_zlib.decompress
        return reader


_STORED_READ = PickleColumn(_IsalInflatedColumn())
"""How :class:`_PerDocReader` reads Whoosh's column of stored fields (its ``STORED_COLUMN``:
pickles in a zlib-compressed column)."""


class _PerDocReader(W3PerDocReader):
    """Whoosh's per-document reader with each field's lengths read whole, once, and the stored
    fields inflated by ISA-L.

    Writing a segment asks for the field length of every posting (for its blocks' statistics),
    and a build reads its files without mapping them: a seek and a read each, 11% of a build's
    time (profiled, 1,000 documents). A field's lengths are a byte per document.

    A hit's stored fields hold the 20,000 characters its snippet is cut from: inflating them
    with zlib was a fifth of the slowest searches' time listing their hits.
    """

    def __init__(self, storage: Any, segment: Any) -> None:
        super().__init__(storage, segment)
        self._codes: dict[str, bytes | None] = {}

    def length_codes(self, fieldname: str) -> bytes | None:
        """Each document's length of ``fieldname`` in Whoosh's one-byte code, or None."""
        if fieldname not in self._codes:
            self._codes[fieldname] = length_codes(self, fieldname, self._doccount)
        return self._codes[fieldname]

    def doc_field_length(self, docnum: int, fieldname: str, default: Any = 0) -> Any:
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum} of {self._doccount}")
        codes = self.length_codes(fieldname)
        if codes is None:
            return default
        code = codes[docnum] if docnum < len(codes) else 0
        return LENGTH_OF_CODE[code] if code else None  # None for 0, as Whoosh's reader

    def stored_fields(self, docnum: int) -> dict[str, Any]:
        stored = self._cached_reader("_stored", _STORED_READ)[docnum]
        return {} if stored is None else stored


class _ArraysWriter:
    """Streams a segment's posting arrays to its files as Whoosh writes its blocks."""

    def __init__(self, storage: Any, segment: Any) -> None:
        self._ids = segment.create_file(storage, IDS_EXT)
        self._weights = segment.create_file(storage, WEIGHTS_EXT)
        self._keys = segment.create_file(storage, KEYS_EXT)
        self._written = 0

    def add_block(self, ids: array, weights: array) -> None:
        self._ids.write(ids.tobytes())
        self._weights.write(weights.tobytes())
        self._written += len(ids)

    def end_term(self, postings_offset: int) -> None:
        self._keys.write(_KEY.pack(postings_offset, self._written))

    def close(self) -> None:
        for handle in (self._ids, self._weights, self._keys):
            handle.close()


class _PostingsWriter(W3PostingsWriter):
    """Whoosh's postings writer, copying each block's numbers and weights to the arrays."""

    _maxweight: float
    _minlength: int | None
    _maxlength: int

    def __init__(self, arrays: _ArraysWriter, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._arrays = arrays

    def add_posting(
        self, id_: int, weight: float, vbytes: bytes | None, length: int | None = None
    ) -> None:
        """Whoosh's ``add_posting`` without its four type checks on every posting."""
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        if vbytes:
            self._values.append(vbytes)
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

    def _write_block(self, last: bool = False) -> None:
        self._arrays.add_block(self._ids, self._weights)
        super()._write_block(last)

    def finish_postings(self) -> W3TermInfo:
        terminfo = super().finish_postings()
        if not terminfo.is_inlined():  # inlined postings never reach _write_block
            self._arrays.end_term(terminfo.extent()[0])
        return terminfo


class _FieldWriter(W3FieldWriter):
    def __init__(self, codec: ArrayCodec, storage: Any, segment: Any) -> None:
        super().__init__(codec, storage, segment)
        self._arrays = _ArraysWriter(storage, segment)

    def start_field(self, fieldname: str, fieldobj: Any) -> None:
        super().start_field(fieldname, fieldobj)
        codec = self._codec
        self._postwriter = _PostingsWriter(
            self._arrays,
            self._postfile,
            blocklimit=codec._blocklimit,
            compression=codec._compression,
            inlinelimit=codec._inlinelimit,
        )

    def close(self) -> None:
        super().close()
        self._arrays.close()

    def add_postings(self, schema: Any, lengths: Any, items: Iterable[Any]) -> None:
        """Whoosh's ``FieldWriter.add_postings``: the same calls to the postings writer, so the
        same bytes, with each posting's field length taken from a list made once per field and
        the posting handed over in one call instead of three (this loop runs once per posting
        of a segment: 814,000 for 400 bench documents)."""
        lastfn: str | None = None
        lasttext: bytes | None = None
        add: Any = None
        field_lengths: list[int] | None = None
        for fieldname, btext, docnum, weight, value in items:
            if fieldname != lastfn:
                if lastfn is not None and fieldname < lastfn:
                    raise OutOfOrderError(f"Field {lastfn!r} .. {fieldname!r}")
                if lasttext is not None:
                    self.finish_term()
                if lastfn is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                add = self._postwriter.add_posting
                field_lengths = _field_lengths(lengths, fieldname)
                lastfn, lasttext = fieldname, None
            if docnum == -1:  # a word for the spelling graph, which Whoosh's loop skips too
                continue
            if btext != lasttext:
                if lasttext and btext < lasttext:
                    raise OutOfOrderError(f"Term {lastfn}:{lasttext!r} .. {fieldname}:{btext!r}")
                if lasttext is not None:
                    self.finish_term()
                self.start_term(btext)
                lasttext = btext
            if field_lengths is None:
                length = lengths.doc_field_length(docnum, fieldname) if lengths else 0
            else:
                length = field_lengths[docnum]
            add(docnum, weight, value, length)
        if lasttext is not None:
            self.finish_term()
        if lastfn is not None:
            self.finish_field()


def _field_lengths(lengths: Any, fieldname: str) -> list[int] | None:
    """Each document's length of ``fieldname`` as ``lengths.doc_field_length`` gives it (0 for
    none), by document number, one past the last document included as Whoosh allows it; None
    where ``lengths`` is not a :class:`_PerDocReader` (then it is asked per posting)."""
    if not isinstance(lengths, _PerDocReader):
        return None
    codes = lengths.length_codes(fieldname) or b""
    found = [LENGTH_OF_CODE[code] if code else 0 for code in codes]
    return found + [0] * (lengths.doc_count_all() + 1 - len(found))


class PostingArrays:
    """A segment's posting arrays, memory-mapped: a term's run is a slice, nothing decoded."""

    def __init__(self, keys: np.ndarray, ids: np.ndarray, weights: np.ndarray) -> None:
        self._offsets = np.ascontiguousarray(keys[:, 0])
        self._ends = np.ascontiguousarray(keys[:, 1])
        self._ids = np.asarray(ids)  # plain views: slicing a memmap costs a Python hook each
        self._weights = np.asarray(weights)

    @classmethod
    def open(cls, reader: Any) -> PostingArrays | None:
        """The arrays of a segment reader's segment, or None where there are none to trust.

        The reader's storage is the index folder, or for a compound segment (all its files
        packed in one, as Whoosh's writer does by default) an overlay on it.
        """
        storage = getattr(reader, "_storage", None)
        segment = getattr(reader, "_segment", None)
        if storage is None or segment is None:  # e.g. the reader of an empty index
            return None
        keys_at, ids_at, weights_at = (
            _locate(storage, segment, ext) for ext in (KEYS_EXT, IDS_EXT, WEIGHTS_EXT)
        )
        if keys_at is None or ids_at is None or weights_at is None:
            return None
        keys = _mapped(keys_at, np.int64)
        ids = _mapped(ids_at, np.uint32)
        weights = _mapped(weights_at, np.float32)
        keys = keys.reshape(-1, 2) if keys is not None and len(keys) % 2 == 0 else None
        written = int(keys[-1, 1]) if keys is not None and len(keys) else 0
        if (
            keys is None
            or ids is None
            or weights is None
            or not len(ids) == len(weights) == written
        ):
            log.warning("posting arrays of segment %s do not add up; reading its blocks", segment)
            return None
        return cls(keys, ids, weights)

    def postings(self, terminfo: W3TermInfo) -> tuple[np.ndarray, np.ndarray] | None:
        """A term's document numbers and weights (as Whoosh reads them), or None if not here."""
        if terminfo.is_inlined():
            return None
        offset = terminfo.extent()[0]
        at = int(np.searchsorted(self._offsets, offset))
        if at == len(self._offsets) or self._offsets[at] != offset:
            return None
        start = int(self._ends[at - 1]) if at else 0
        end = int(self._ends[at])
        return (
            self._ids[start:end].astype(np.int64),
            self._weights[start:end].astype(np.float64),
        )


Place = tuple[Path, int, int]
"""Where an array is: a file's path, the offset of its bytes in that file, their length."""


def _locate(storage: Any, segment: Any, ext: str) -> Place | None:
    name = segment.make_filename(ext)
    compound = None
    if isinstance(storage, OverlayStorage):
        compound, storage = storage.a, storage.b
    folder = getattr(storage, "folder", None)
    if folder is None:  # e.g. an index in memory: nothing to map
        return None
    if compound is not None:
        try:
            offset, length = compound.range(name)
        except NameError:
            return None
        return Path(folder) / segment.make_filename(Segment.COMPOUND_EXT), offset, length
    path = Path(folder) / name
    if not path.exists():
        return None
    return path, 0, path.stat().st_size


def _mapped(place: Place, dtype: type) -> np.ndarray | None:
    """The bytes as an array, or None if they are not a whole number of items (cut short)."""
    path, offset, length = place
    itemsize = np.dtype(dtype).itemsize
    if length % itemsize:
        return None
    if length == 0:  # numpy cannot map nothing
        return np.zeros(0, dtype=dtype)
    return np.memmap(path, dtype=dtype, mode="r", offset=offset, shape=(length // itemsize,))
