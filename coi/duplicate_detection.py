"""Duplicate detection: the same text reached by several URLs, as HTML and PDF, or republished.

Two signals, both kept per document in the ``fingerprints`` table:

- an exact one, the SHA-256 of the extracted title and text (same text, different URL);
- a near one, a 64-bit SimHash over word 3-shingles of the case-folded words, so whitespace,
  hyphenation, a changed menu line or a PDF's page furniture do not hide a republished report.
  Two texts are near-duplicates when their SimHashes differ in at most
  :data:`MAX_NEAR_DISTANCE` bits (measured on real news in az, ru and en: a copy with a header
  added or its last paragraph dropped differs by 0-12 bits, mostly under 8; unrelated articles
  by 16 or more). The hash is split into four 16-bit blocks kept in an indexed table: two
  hashes within seven bits differ in at most one bit of at least one block (four blocks of two
  or more differing bits would be eight), so the candidates are the documents whose block
  equals the new hash's block or one of its 16 one-bit neighbours: 68 index look-ups, each
  finding about N/65,536 documents, where eight 8-bit bands found N/256 each (multi-index
  hashing, Norouzi et al. 2012, a variant of the permuted blocks of Manku et al. 2007). The
  table holds each block's hash too, so the distance is checked without reading another
  table, and the documents' dates are read only for the few within the distance.

A SimHash is a few lines of hashing; the libraries that offer it keep their index in memory or
in a server, while coi needs it persistent and transactional inside its SQLite store.

Documents found alike join a group whose first member is its preferred document (the one search
shows, with the others as "also at"). Grouping is decided here, when a document is saved; a
curator's review of the groups is :mod:`coi.curation.duplicates`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from itertools import combinations

import numpy as np

from coi.database import Db

MAX_NEAR_DISTANCE = 7
"""Differing SimHash bits up to which two texts count as near-duplicates."""
MIN_WORDS_FOR_NEAR = 50
"""Shorter texts are grouped only when identical: their SimHashes are too coarse."""
_WORD = re.compile(r"\w+")


def simhash(text: str) -> int:
    """The 64-bit SimHash of a text's word 3-shingles (unsigned)."""
    words = _WORD.findall(text.casefold())
    if len(words) < 3:
        shingles = [" ".join(words)]
    else:
        shingles = list(map(" ".join, zip(words, words[1:], words[2:], strict=False)))
    blake = hashlib.blake2b
    digests = b"".join([blake(shingle.encode(), digest_size=8).digest() for shingle in shingles])
    # Bit b of the result is set when more shingles have it set than not, counted on a
    # (shingles x 64) bit matrix of the big-endian digests (column j is bit 63 - j): a third
    # faster than shifting 64-bit integers, and a loop over 64 bits per shingle cost 27 ms per
    # 3,000 words.
    bits = np.unpackbits(np.frombuffer(digests, dtype=np.uint8).reshape(-1, 8), axis=1)
    majority = 2 * bits.sum(axis=0, dtype=np.int64) > len(shingles)
    return int.from_bytes(np.packbits(majority).tobytes(), "big")


def hamming(a: int, b: int) -> int:
    """Number of differing bits of two 64-bit hashes."""
    return (a ^ b).bit_count()


def _signed(value: int) -> int:
    """SQLite integers are signed 64-bit."""
    return value - (1 << 64) if value >= 1 << 63 else value


def _unsigned(stored: int) -> int:
    """A hash as stored (signed) back to its unsigned value."""
    return stored & (1 << 64) - 1


BLOCKS = 4
"""Blocks a SimHash is split into, each a key of the ``fingerprint_blocks`` table."""
BLOCK_BITS = 64 // BLOCKS
_BLOCK_MASK = (1 << BLOCK_BITS) - 1
BLOCK_FLIPS = MAX_NEAR_DISTANCE // BLOCKS
"""Differing bits a look-up allows in one block: some block of two hashes within
:data:`MAX_NEAR_DISTANCE` bits differs in no more (pigeonhole)."""
_FLIP_MASKS: tuple[int, ...] = tuple(
    sum(1 << bit for bit in bits)
    for flips in range(BLOCK_FLIPS + 1)
    for bits in combinations(range(BLOCK_BITS), flips)
)


def block_keys(value: int) -> list[int]:
    """The keys a hash is stored under: block n as one integer ``n << 16 | block n``."""
    return [n << BLOCK_BITS | (value >> (BLOCK_BITS * n) & _BLOCK_MASK) for n in range(BLOCKS)]


def probe_keys(value: int) -> list[int]:
    """The keys under which every hash within :data:`MAX_NEAR_DISTANCE` bits of ``value`` is
    stored: each block as it is and with up to :data:`BLOCK_FLIPS` of its bits flipped."""
    return [key ^ mask for key in block_keys(value) for mask in _FLIP_MASKS]


def register(db: Db, doc_id: str, text: str, text_sha256: str) -> str | None:
    """Inside the save transaction: fingerprint a document and group it with its likes.

    A document already in a group stays there (a curator's decision must not be undone by a
    re-crawl); otherwise it joins the group of the first stored document found alike.

    Returns:
        The id of the group the document is in, or None.
    """
    return register_hash(db, doc_id, simhash(text), text_sha256, len(_WORD.findall(text)))


def register_hash(db: Db, doc_id: str, value: int, text_sha256: str, words: int) -> str | None:
    """:func:`register` of a text's SimHash ``value``, SHA-256 and number of words."""
    store_fingerprint(db, doc_id, value, text_sha256)
    row = db.execute(
        "SELECT group_id FROM duplicate_members WHERE document_id = ?", (doc_id,)
    ).fetchone()
    if row:
        return str(row[0])
    match = _find_match(db, doc_id, value, text_sha256, words)
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


def store_fingerprint(db: Db, doc_id: str, value: int, text_sha256: str) -> None:
    """Inside a transaction: record a document's hashes, replacing those of an older version.

    The old blocks are deleted by their keys (read from the old hash), so a re-save touches a
    few rows by primary key whatever the size of the table.
    """
    old = db.execute("SELECT simhash FROM fingerprints WHERE document_id = ?", (doc_id,)).fetchone()
    db.execute(
        """INSERT INTO fingerprints (document_id, text_sha256, simhash) VALUES (?, ?, ?)
           ON CONFLICT (document_id) DO UPDATE SET text_sha256 = excluded.text_sha256,
             simhash = excluded.simhash""",
        (doc_id, text_sha256, _signed(value)),
    )
    if old is not None:
        if _unsigned(old[0]) == value:
            return
        db.executemany(
            "DELETE FROM fingerprint_blocks WHERE block = ? AND document_id = ?",
            [(key, doc_id) for key in block_keys(_unsigned(old[0]))],
        )
    db.executemany(
        "INSERT INTO fingerprint_blocks (block, document_id, simhash) VALUES (?, ?, ?)",
        [(key, doc_id, _signed(value)) for key in block_keys(value)],
    )


def near_candidates(db: Db, value: int) -> dict[str, int]:
    """Every stored document whose SimHash is within :data:`MAX_NEAR_DISTANCE` bits of
    ``value`` (the document itself included, if stored), with its distance."""
    keys = probe_keys(value)
    rows = db.execute(
        f"""SELECT document_id, simhash FROM fingerprint_blocks
            WHERE block IN ({", ".join("?" * len(keys))})""",
        keys,
    ).fetchall()
    near: dict[str, int] = {}
    for other, other_hash in rows:
        distance = hamming(value, _unsigned(other_hash))
        if distance <= MAX_NEAR_DISTANCE:
            near[other] = distance
    return near


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
    near = near_candidates(db, value)
    near.pop(doc_id, None)
    for other in refused:
        near.pop(other, None)
    first = earliest(db, near)
    return None if first is None else (first, "near", near[first])


def earliest(db: Db, doc_ids: Iterable[str]) -> str | None:
    """The document of ``doc_ids`` seen first (the one a group prefers), None for none."""
    ids = list(doc_ids)
    if not ids:
        return None
    row = db.execute(
        f"""SELECT id FROM documents WHERE id IN ({", ".join("?" * len(ids))})
            ORDER BY first_seen, id LIMIT 1""",
        ids,
    ).fetchone()
    return None if row is None else str(row[0])
