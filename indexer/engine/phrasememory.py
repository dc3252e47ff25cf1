"""Which documents of a segment have a phrase, for the phrases searched lately.

Checking a phrase means decoding the positions of its words in every document holding all of
them: thousands of unpicklings for two common words. Expansion adds the same multiword names to
many queries (every query on Russia also searches "Russian Federation", "Российская Федерация"
and "Rusiya Federasiyası"), and paging or a facet click runs the same query again, so the
answer is kept with the segment (which never changes: a new index generation gets new
segments, and with them an empty memory).
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np

PHRASE_MEMORY_BYTES = 1_000_000
"""What a segment's memory may hold (document numbers and an allowance per entry): ~1 MB."""
ENTRY_BYTES = 256
"""The allowance per remembered phrase for its key and bookkeeping."""


class PhraseMemory:
    """Document numbers per phrase within a byte budget; the oldest entry is forgotten first."""

    def __init__(self, budget: int = PHRASE_MEMORY_BYTES) -> None:
        self.budget = budget
        self._found: dict[Hashable, np.ndarray] = {}
        self._bytes = 0

    def get(self, key: Hashable) -> np.ndarray | None:
        """The documents remembered for ``key``, or None."""
        return self._found.get(key)

    def put(self, key: Hashable, docnums: np.ndarray) -> None:
        """Remember ``docnums`` (a segment's document numbers) for ``key``, forgetting the
        oldest entries as the budget requires; a list larger than the budget is not kept."""
        stored = docnums.astype(np.int32)
        size = stored.nbytes + ENTRY_BYTES
        if size > self.budget or key in self._found:
            return
        while self._bytes + size > self.budget:
            oldest = next(iter(self._found))
            self._bytes -= self._found.pop(oldest).nbytes + ENTRY_BYTES
        self._found[key] = stored
        self._bytes += size
