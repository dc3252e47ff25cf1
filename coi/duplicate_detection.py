"""Duplicate detection: the same text reached by several URLs, as HTML and PDF, or republished.

Two signals, both kept per document in the ``fingerprints`` table:

- an exact one, the SHA-256 of the extracted title and text (same text, different URL);
- a near one, a 64-bit SimHash over word 3-shingles of the case-folded words, so whitespace,
  hyphenation, a changed menu line or a PDF's page furniture do not hide a republished report.
  Two texts are near-duplicates when their SimHashes differ in at most
  :data:`MAX_NEAR_DISTANCE` bits (measured on real news in az, ru and en: a copy with a header
  added or its last paragraph dropped differs by 0-12 bits, mostly under 8; unrelated articles
  by 16 or more). The hash is split into eight 8-bit bands kept in an indexed table: by the
  pigeonhole principle two hashes within seven bits agree on at least one band, so candidates
  come from eight index look-ups instead of a scan of the collection.

A SimHash is a few lines of hashing; the libraries that offer it keep their index in memory or
in a server, while coi needs it persistent and transactional inside its SQLite store.

Documents found alike join a group whose first member is its preferred document (the one search
shows, with the others as "also at"). Grouping is decided here, when a document is saved; a
curator's review of the groups is :mod:`coi.curation.duplicates`.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np

from coi.database import Db

MAX_NEAR_DISTANCE = 7
"""Differing SimHash bits up to which two texts count as near-duplicates."""
MIN_WORDS_FOR_NEAR = 50
"""Shorter texts are grouped only when identical: their SimHashes are too coarse."""
_WORD = re.compile(r"\w+")


_BIT_POSITIONS = np.arange(64, dtype=np.uint64)


def simhash(text: str) -> int:
    """The 64-bit SimHash of a text's word 3-shingles (unsigned)."""
    words = _WORD.findall(text.casefold())
    shingles = [" ".join(words[i : i + 3]) for i in range(max(len(words) - 2, 1))]
    hashes = np.fromiter(map(_hash64, shingles), dtype=np.uint64, count=len(shingles))
    # Bit b of the result is set when more shingles have it set than not. Counted on a
    # (shingles x 64) bit matrix: a loop over 64 bits per shingle cost 27 ms per 3,000 words.
    ones = ((hashes[:, None] >> _BIT_POSITIONS) & np.uint64(1)).sum(axis=0)
    majority = 2 * ones.astype(np.int64) > len(shingles)
    return sum(1 << int(bit) for bit in np.flatnonzero(majority))


@lru_cache(maxsize=65536)
def _hash64(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")


def hamming(a: int, b: int) -> int:
    """Number of differing bits of two 64-bit hashes."""
    return (a ^ b).bit_count()


def _signed(value: int) -> int:
    """SQLite integers are signed 64-bit."""
    return value - (1 << 64) if value >= 1 << 63 else value


BANDS = 8


def _bands(value: int) -> list[int]:
    """Band n as one integer ``n << 8 | byte n``, so one indexed column holds all eight."""
    return [n << 8 | (value >> (8 * n) & 0xFF) for n in range(BANDS)]


def register(db: Db, doc_id: str, text: str, text_sha256: str) -> str | None:
    """Inside the save transaction: fingerprint a document and group it with its likes.

    A document already in a group stays there (a curator's decision must not be undone by a
    re-crawl); otherwise it joins the group of the first stored document found alike.

    Returns:
        The id of the group the document is in, or None.
    """
    value = simhash(text)
    bands = _bands(value)
    db.execute(
        """INSERT INTO fingerprints (document_id, text_sha256, simhash, bands)
           VALUES (?, ?, ?, ?)
           ON CONFLICT (document_id) DO UPDATE SET text_sha256 = excluded.text_sha256,
             simhash = excluded.simhash, bands = excluded.bands""",
        (doc_id, text_sha256, _signed(value), " ".join(map(str, bands))),
    )
    db.execute("DELETE FROM fingerprint_bands WHERE document_id = ?", (doc_id,))
    db.executemany(
        "INSERT INTO fingerprint_bands (band, document_id) VALUES (?, ?)",
        [(band, doc_id) for band in bands],
    )
    row = db.execute(
        "SELECT group_id FROM duplicate_members WHERE document_id = ?", (doc_id,)
    ).fetchone()
    if row:
        return str(row[0])
    match = _find_match(db, doc_id, value, text_sha256, len(_WORD.findall(text)))
    if match is None:
        return None
    other, method, distance = match
    group = db.execute(
        "SELECT group_id FROM duplicate_members WHERE document_id = ?", (other,)
    ).fetchone()
    group_id = str(group[0]) if group else other
    if not group:
        db.execute("INSERT INTO duplicate_groups (id, preferred) VALUES (?, ?)", (other, other))
        db.execute("INSERT INTO duplicate_members VALUES (?, ?, 'self', 0)", (other, group_id))
    db.execute(
        "INSERT INTO duplicate_members VALUES (?, ?, ?, ?)", (doc_id, group_id, method, distance)
    )
    return group_id


def _find_match(
    db: Db, doc_id: str, value: int, text_sha256: str, words: int
) -> tuple[str, str, int] | None:
    refused = {
        row[0]
        for row in db.execute(
            """SELECT b FROM not_duplicates WHERE a = ?
               UNION SELECT a FROM not_duplicates WHERE b = ?""",
            (doc_id, doc_id),
        )
    }
    exact = db.execute(
        """SELECT f.document_id FROM fingerprints f JOIN documents d ON d.id = f.document_id
           WHERE f.text_sha256 = ? AND f.document_id != ? ORDER BY d.first_seen, d.id""",
        (text_sha256, doc_id),
    ).fetchall()
    for (other,) in exact:
        if other not in refused:
            return other, "exact", 0
    if words < MIN_WORDS_FOR_NEAR:
        return None
    bands = _bands(value)
    candidates = db.execute(
        f"""SELECT f.document_id, f.simhash FROM fingerprints f
            JOIN documents d ON d.id = f.document_id
            WHERE f.document_id != ? AND f.document_id IN (
                SELECT document_id FROM fingerprint_bands
                WHERE band IN ({", ".join("?" * len(bands))}))
            ORDER BY d.first_seen, d.id""",
        (doc_id, *bands),
    ).fetchall()
    for other, other_hash in candidates:
        distance = hamming(value, other_hash & (1 << 64) - 1)
        if distance <= MAX_NEAR_DISTANCE and other not in refused:
            return other, "near", distance
    return None
