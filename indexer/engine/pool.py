"""Whoosh's posting pool, its spilled runs written and read in chunks.

A writer collects its postings in a pool and, past its memory limit, sorts them and spills
them to a run file, to be merged when the segment is written. Whoosh pickles each posting on its
own call, and unpickles them one call each: 19 s of a 122 s profiled build of 1,000 documents
(1.7 million postings, two runs). A chunk of postings pickled in one call costs a fraction of
that (about 3 s in the same profile), and a run is still read a chunk at a time, so merging
holds no more than a chunk per run.

Whoosh sorts a run's postings as whole tuples. When every posting came in document order (a
build adds a document's postings at once, document after document), sorting by field and term
alone, keeping the order they came in, gives the same order three times quicker (418,225
postings of 200 bench documents: 1.3 s against 0.44 s); a merge adds them term by term, and
gets Whoosh's sort.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from operator import itemgetter
from typing import Any

from whoosh.writing import PostingPool

RUN_CHUNK = 10_000
"""Postings pickled together in a run file."""


_TERM = itemgetter(1)
Posting = tuple[str, bytes, int, float, "bytes | None"]
"""Field name, term, document number, weight, encoded value."""


class ChunkedPostingPool(PostingPool):
    """A :class:`whoosh.writing.PostingPool` whose runs hold pickled lists of postings, sorted
    the quick way when they came in document order (see the module docstring)."""

    current: list[Posting]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._last_docnum = -1
        self._in_doc_order = True
        """Whether no posting has come with a lower document number than the one before it."""

    def add(self, item: Posting) -> None:
        """Whoosh's ``add`` (the same size estimate) without its type checks on every posting."""
        fieldname, text, docnum, _, value = item
        self.fieldnames.add(fieldname)
        self.currentsize += 150 + len(fieldname) + 2 * len(text) + len(value or b"")
        if docnum < self._last_docnum:
            self._in_doc_order = False
        self._last_docnum = docnum
        if self.currentsize > self.limit:
            self.save()
        self.current.append(item)

    def _sorted(self, items: list[Posting]) -> list[Posting]:
        """``sorted(items)``: by field, term and document (a term is never twice in a document).

        In document order, a field's postings sorted by term alone (a stable sort) are already
        in document order within each term.
        """
        if not self._in_doc_order:
            return sorted(items)
        fields: dict[str, list[Posting]] = {}
        for item in items:
            found = fields.get(item[0])
            if found is None:
                fields[item[0]] = [item]
            else:
                found.append(item)
        result: list[Posting] = []
        for fieldname in sorted(fields):
            postings = fields.pop(fieldname)  # freed once copied: one field's list at a time
            postings.sort(key=_TERM)
            result += postings
        return result

    def save(self) -> None:
        """Whoosh's ``save``, sorted by :meth:`_sorted`."""
        if self.current:
            path, f = self._new_run()
            self._write_run(f, self._sorted(self.current))
            self._add_run(path)
            self.current = []
        self.currentsize = 0

    def items(self, maxfiles: int = 128) -> Iterable[Posting]:
        """Whoosh's ``items``: the postings in order, sorted in memory if none were spilled."""
        if not self.runs:
            return self._sorted(self.current)
        return super().items(maxfiles)

    def _write_run(self, f: Any, items: Iterable[Any]) -> None:
        chunk: list[Any] = []
        for item in items:
            chunk.append(item)
            if len(chunk) == RUN_CHUNK:
                pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
                chunk = []
        if chunk:
            pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
        f.close()

    def _read_run(self, path: str) -> Iterator[Any]:
        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = pickle.load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)
