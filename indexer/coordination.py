"""Ranking that degrades gracefully: all the words first, then documents with most of them.

A query of plain words asks for documents with all of them. One word the text says otherwise
("presumption of innocence" where it says "presumed innocent") used to leave the user with
nothing, although the other words found the document. As Lucene's and Elasticsearch's
``minimum_should_match`` does, a document with most of the words may match too: here only when
fewer than :data:`RELAX_BELOW` documents (after the filters) have all of them, so a query that
finds enough keeps its exact meaning, counts and speed, and then always after every document
with all the words, fewest missing first. Each such hit carries the words it lacks, and the
result how many hits have them all, so the page says plainly what it shows.

Quoted phrases, ``AND``/``OR``/``NOT``, brackets, fields and wildcards are exact syntax and are
never relaxed (:func:`indexer.query.parse_query` only gives clauses for plain words).

"No hits" should mean that no document shares a meaningful word with the query. When nothing
is found, the search widens step by step (:data:`WIDENINGS`) and says which step it took: to
documents with any one of the words, then to documents outside the filters.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

WIDENINGS: tuple[frozenset[str], ...] = (
    frozenset({"words"}),
    frozenset({"filters"}),
    frozenset({"filters", "words"}),
)
"""What a search that found nothing lets go of, in this order, until it finds something:
``words``, the share of the words a document needs (any one real word will do); ``filters``,
the request's filters."""
RELAX_BELOW = 10
"""With fewer documents having all the words (a first page), those with most are listed too."""
SHARE = 0.75
"""Share of the words a document needs to be listed after those with all (Elasticsearch's
common ``minimum_should_match: 75%``, rounded down, at least one)."""


def minimum_to_match(words: np.ndarray) -> np.ndarray:
    """How many of so many words a document needs: 1 of 2, 2 of 3, 3 of 4, 3 of 5, ...

    >>> minimum_to_match(np.arange(1, 9)).tolist()
    [1, 1, 2, 3, 3, 4, 5, 6]
    """
    return np.maximum(1, np.floor(words * SHARE)).astype(np.int64)


def listed(
    counts: np.ndarray,
    free: np.ndarray,
    eligible: np.ndarray,
    clauses: int,
    *,
    any_word: bool = False,
) -> np.ndarray:
    """Which documents to list, given how many of the ``clauses`` each matches (``counts``) and
    how many of those it matches only because a stop word binds nothing in its language
    (``free``): all with every word; and, when fewer than :data:`RELAX_BELOW` of those the user
    can see (``eligible``: not hidden, passing the filters) have every word, those with
    :func:`minimum_to_match` of the words their language searches, at least one of them real.
    With ``any_word`` (nothing had most of the words), those with any one real word.
    """
    complete = counts == clauses
    if clauses < 2 or np.count_nonzero(complete & eligible) >= RELAX_BELOW:
        return complete
    needed = 1 if any_word else minimum_to_match(clauses - free)
    return complete | (counts - free >= needed)


def by_tier(
    counts: np.ndarray, limit: int, best: Callable[[np.ndarray, int], np.ndarray]
) -> np.ndarray:
    """Positions of the first ``limit`` documents: most words matched first, and within each
    number of words in the order ``best(positions, limit)`` gives."""
    order: list[np.ndarray] = []
    left = limit
    for tier in np.unique(counts)[::-1]:
        if left <= 0:
            break
        at = np.flatnonzero(counts == tier)
        chosen = at[best(at, left)]
        order.append(chosen)
        left -= len(chosen)
    return np.concatenate(order) if order else np.zeros(0, dtype=np.int64)


def missing(
    per_clause: tuple[np.ndarray, ...], labels: tuple[str, ...], docnum: int
) -> tuple[str, ...]:
    """The labels of the clauses ``docnum`` does not match."""
    lacking = []
    for ids, label in zip(per_clause, labels, strict=True):
        at = int(np.searchsorted(ids, docnum))
        if at >= len(ids) or ids[at] != docnum:
            lacking.append(label)
    return tuple(lacking)
