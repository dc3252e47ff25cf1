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

from whoosh.formats import Positions
from whoosh.system import pack_uint

LIMIT = 100_000
"""Entries a table holds before it starts over (a few MB each at most)."""

_TERMS: dict[str, bytes] = {}
_WEIGHTS: dict[float, float] = {}
_ONE_POSITION: dict[int, bytes] = {}
_COUNTS: dict[int, bytes] = {}
_encode_positions = Positions().encode


def term_bytes(term: str) -> bytes:
    """``term`` encoded as UTF-8, the same object each time."""
    found = _TERMS.get(term)
    if found is None:
        if len(_TERMS) >= LIMIT:
            _TERMS.clear()
        found = _TERMS[term] = term.encode("utf-8")
    return found


def weight(value: float) -> float:
    """``value``, the same object for an equal weight."""
    found = _WEIGHTS.get(value)
    if found is None:
        if len(_WEIGHTS) >= LIMIT:
            _WEIGHTS.clear()
        found = _WEIGHTS[value] = value
    return found


def positions_value(positions: list[int]) -> bytes:
    """Whoosh's ``Positions`` encoding of ``positions``, the same object for each single
    position (a list of several is encoded afresh: it rarely repeats)."""
    if len(positions) != 1:
        return _encode_positions(positions)
    position = positions[0]
    found = _ONE_POSITION.get(position)
    if found is None:
        if len(_ONE_POSITION) >= LIMIT:
            _ONE_POSITION.clear()
        found = _ONE_POSITION[position] = _encode_positions(positions)
    return found


def frequency_value(count: int) -> bytes:
    """Whoosh's ``Frequency`` encoding of how often a term occurs (``count``), as its
    ``word_values`` gives it, the same object for each count."""
    found = _COUNTS.get(count)
    if found is None:
        if len(_COUNTS) >= LIMIT:
            _COUNTS.clear()
        found = _COUNTS[count] = pack_uint(count)
    return found
