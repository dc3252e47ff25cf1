"""One object for each value a build's postings keep repeating: term bytes, weights, and the
encoded position of a word met once in a document.

A writer's pool holds every posting of its segment as a tuple until it spills (field, term
bytes, document number, weight, encoded positions), and a build's pool holds about a million of
them per worker. Made afresh for each posting, the term's bytes, the weight and the encoded
positions cost about 120 of a posting's 200 bytes, though most postings repeat them: a term
comes back in document after document, a weight is most often 1.0 or 2.0, and most terms occur
once in a document, so their positions are one number under the document's length. Shared,
the same postings take about a third less: a writer given 500 of ``bench/index.py``'s documents
of 3,000 words (310,000 postings left in its pool after one spill at 128 MB) peaked 151 MB
above its start instead of 227 MB, and a 1,000-document build's summed PSS fell from 715 MB to
560 MB. The values are equal to the ones made afresh, so the index is the same.

Each table starts over past :data:`LIMIT` entries, so a build of any size holds a few MB here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from whoosh.formats import Positions
from whoosh.system import pack_uint

LIMIT = 100_000
"""Entries a table holds before it starts over (a few MB each at most)."""

Key = TypeVar("Key")
Value = TypeVar("Value")


class _Table(dict[Key, Value]):
    """A value made once per key and handed out after: a hit is a plain dict look-up (no call
    on the hot path), a miss makes the value, the table starting over past :data:`LIMIT`."""

    def __init__(self, make: Callable[[Key], Value]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: Key) -> Value:
        if len(self) >= LIMIT:
            self.clear()
        value = self[key] = self._make(key)
        return value


_encode_positions = Positions().encode
_TERMS: _Table[str, bytes] = _Table(lambda term: term.encode("utf-8"))
_WEIGHTS: _Table[float, float] = _Table(lambda value: value)
_ONE_POSITION: _Table[int, bytes] = _Table(lambda position: _encode_positions([position]))
_COUNTS: _Table[int, bytes] = _Table(pack_uint)


def term_bytes(term: str) -> bytes:
    """``term`` encoded as UTF-8, the same object each time."""
    return _TERMS[term]


def weight(value: float) -> float:
    """``value``, the same object for an equal weight."""
    return _WEIGHTS[value]


def positions_value(positions: list[int]) -> bytes:
    """Whoosh's ``Positions`` encoding of ``positions``, the same object for each single
    position (a list of several is encoded afresh: it rarely repeats)."""
    if len(positions) != 1:
        return _encode_positions(positions)
    return _ONE_POSITION[positions[0]]


def frequency_value(count: int) -> bytes:
    """Whoosh's ``Frequency`` encoding of how often a term occurs (``count``), as its
    ``word_values`` gives it, the same object for each count."""
    return _COUNTS[count]
