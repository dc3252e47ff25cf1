"""A save's near-duplicate check as the store grows: the band scheme before issue 17 against the
block scheme of :mod:`coi.duplicate_detection`, in the same run, and a real ``fill_store`` rate.

Usage: ``python bench/duplicates.py [--sizes 1000,10000,100000] [--queries 200]
[--fill 1000,10000] [--fill-only]``

Look-up part (SQLite): for each size a fresh store is filled with that many synthetic
fingerprints (random 64-bit SimHashes; the look-up itself does not care where a hash came from),
kept both ways: in ``fingerprint_blocks`` (four 16-bit blocks, the current scheme) and in a
``fingerprint_bands`` table made here as revision 0009 had it (eight 8-bit bands). Half the
queries have a near-duplicate planted among the stored hashes (1-7 bits away), half are random.
Each query is a new document's check inside a transaction that is then rolled back, so the store
keeps its size. Per size, the median ms of:

- ``old save`` / ``new save``: the whole check a save makes (fingerprint written, the band rows
  of the document replaced, exact and near look-up, the group written);
- ``old look-up`` / ``new look-up``: the near look-up alone (candidates, distances, the earliest
  document within :data:`~coi.duplicate_detection.MAX_NEAR_DISTANCE` bits);
- ``scan``: the other candidate design, every stored hash read into numpy and compared at once.

Every query's match must be the same under all three, or the bench stops.

Fill part: ``bench/index.py``'s ``fill_store`` (real recombined corpus paragraphs, one
``save_fetch`` each) into a fresh store per size; documents/s of the whole fill. ``--fill-only``
runs just this part, so the same script measures an older checkout of coi (the code it imports
is the one beside it).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import numpy as np  # noqa: E402

from coi import duplicate_detection as dd  # noqa: E402
from coi.database import Db  # noqa: E402
from coi.store import Store, open_store  # noqa: E402

QUERY_DOC = "query"
"""The id of the document whose check is measured (inserted, then rolled back)."""
OLD_BANDS = 8

Check = Callable[[Db, int], "str | None"]


class _Undo(Exception):
    """Raised to roll a measured check back."""


def _signed(value: int) -> int:
    return value - (1 << 64) if value >> 63 else value


def old_bands(value: int) -> list[int]:
    """The band keys of revision 0010's scheme: band n as ``n << 8 | byte n``."""
    return [n << 8 | (value >> (8 * n) & 0xFF) for n in range(OLD_BANDS)]


def old_lookup(db: Db, value: int) -> tuple[str, int] | None:
    """The near look-up of revision 0010: every document sharing a band, in first-seen order,
    its distance computed per row."""
    bands = old_bands(value)
    candidates = db.execute(
        f"""SELECT f.document_id, f.simhash FROM fingerprints f
            JOIN documents d ON d.id = f.document_id
            WHERE f.document_id != ? AND f.document_id IN (
                SELECT document_id FROM fingerprint_bands
                WHERE band IN ({", ".join("?" * len(bands))}))
            ORDER BY d.first_seen, d.id""",
        (QUERY_DOC, *bands),
    ).fetchall()
    for other, other_hash in candidates:
        distance = dd.hamming(value, other_hash & (1 << 64) - 1)
        if distance <= dd.MAX_NEAR_DISTANCE:
            return str(other), distance
    return None


def old_save(db: Db, value: int) -> str | None:
    """What a save of revision 0010 did for duplicates (its ``register``, the hash given)."""
    sha = f"sha-{value}"
    db.execute(
        """INSERT INTO fingerprints (document_id, text_sha256, simhash) VALUES (?, ?, ?)
           ON CONFLICT (document_id) DO UPDATE SET text_sha256 = excluded.text_sha256,
             simhash = excluded.simhash""",
        (QUERY_DOC, sha, _signed(value)),
    )
    db.execute("DELETE FROM fingerprint_bands WHERE document_id = ?", (QUERY_DOC,))
    db.executemany(
        "INSERT INTO fingerprint_bands (band, document_id) VALUES (?, ?)",
        [(band, QUERY_DOC) for band in old_bands(value)],
    )
    db.execute("SELECT group_id FROM duplicate_members WHERE document_id = ?", (QUERY_DOC,))
    db.execute(
        "SELECT b FROM not_duplicates WHERE a = ? UNION SELECT a FROM not_duplicates WHERE b = ?",
        (QUERY_DOC, QUERY_DOC),
    ).fetchall()
    db.execute(
        """SELECT f.document_id FROM fingerprints f JOIN documents d ON d.id = f.document_id
           WHERE f.text_sha256 = ? AND f.document_id != ? ORDER BY d.first_seen, d.id""",
        (sha, QUERY_DOC),
    ).fetchall()
    match = old_lookup(db, value)
    if match is None:
        return None
    other = match[0]
    db.execute("SELECT group_id FROM duplicate_members WHERE document_id = ?", (other,))
    db.execute("INSERT INTO duplicate_groups (id, preferred) VALUES (?, ?)", (other, other))
    db.execute("INSERT INTO duplicate_members VALUES (?, ?, 'self', 0)", (other, other))
    db.execute(
        "INSERT INTO duplicate_members VALUES (?, ?, 'near', ?)", (QUERY_DOC, other, match[1])
    )
    return other


def new_save(db: Db, value: int) -> str | None:
    return dd.register_hash(db, QUERY_DOC, value, f"sha-{value}", dd.MIN_WORDS_FOR_NEAR)


def new_lookup(db: Db, value: int) -> str | None:
    return _earliest(db, dd.near_candidates(db, value))


def scan_lookup(db: Db, value: int) -> str | None:
    """Every stored hash into numpy, XOR and popcount at once."""
    rows = db.execute("SELECT document_id, simhash FROM fingerprints").fetchall()
    ids = [row[0] for row in rows]
    hashes = np.fromiter((row[1] for row in rows), dtype=np.int64, count=len(rows))
    distances = np.bitwise_count(hashes.view(np.uint64) ^ np.uint64(value))
    near = {ids[i]: int(distances[i]) for i in np.flatnonzero(distances <= dd.MAX_NEAR_DISTANCE)}
    return _earliest(db, near)


def _earliest(db: Db, near: dict[str, int]) -> str | None:
    near.pop(QUERY_DOC, None)
    return dd.earliest(db, near)


def old_lookup_id(db: Db, value: int) -> str | None:
    match = old_lookup(db, value)
    return match[0] if match else None


CHECKS: dict[str, Check] = {
    "old save": old_save,
    "new save": new_save,
    "old look-up": old_lookup_id,
    "new look-up": new_lookup,
    "scan": scan_lookup,
}


def workload(size: int, queries: int, rng: random.Random) -> tuple[list[int], list[int]]:
    """``size`` random stored hashes with a near-duplicate (1-7 bits off) of every other
    query planted among them; the queries."""
    stored = [rng.getrandbits(64) for _ in range(size)]
    asked = [rng.getrandbits(64) for _ in range(queries)]
    for query in asked[::2]:
        flips = rng.sample(range(64), rng.randint(1, dd.MAX_NEAR_DISTANCE))
        stored[rng.randrange(size)] = query ^ sum(1 << bit for bit in flips)
    return stored, asked


def fill_fingerprints(store: Store, stored: list[int]) -> None:
    """The synthetic documents, their fingerprints and both schemes' index rows."""
    with store.transaction() as db:
        db.execute(
            """CREATE TABLE fingerprint_bands (band INTEGER NOT NULL,
               document_id TEXT NOT NULL REFERENCES documents(id),
               PRIMARY KEY (band, document_id)) WITHOUT ROWID"""
        )
        ids = [f"doc{n:07d}" for n in range(len(stored))]
        db.executemany(
            """INSERT INTO documents (id, url, source, first_seen, last_checked, change_seq)
               VALUES (?, ?, 's', ?, ?, 0)""",
            [(i, f"https://bench.example/{i}", f"{n:09d}", f"{n:09d}") for n, i in enumerate(ids)],
        )
        db.executemany(
            "INSERT INTO fingerprints (document_id, text_sha256, simhash) VALUES (?, ?, ?)",
            [(i, f"sha{i}", _signed(value)) for i, value in zip(ids, stored, strict=True)],
        )
        db.executemany(
            "INSERT INTO fingerprint_blocks (block, document_id, simhash) VALUES (?, ?, ?)",
            [
                (key, i, _signed(value))
                for i, value in zip(ids, stored, strict=True)
                for key in dd.block_keys(value)
            ],
        )
        db.executemany(
            "INSERT INTO fingerprint_bands (band, document_id) VALUES (?, ?)",
            [(band, i) for i, value in zip(ids, stored, strict=True) for band in old_bands(value)],
        )


def measure(store: Store, check: Check, value: int) -> tuple[float, str | None]:
    """Milliseconds of one check of a new document (rolled back afterwards), and its match."""
    found: str | None = None
    elapsed = 0.0
    try:
        with store.transaction() as db:
            db.execute(
                """INSERT INTO documents (id, url, source, first_seen, last_checked, change_seq)
                   VALUES (?, 'https://bench.example/query', 's', 'z', 'z', 0)""",
                (QUERY_DOC,),
            )
            start = time.perf_counter()
            found = check(db, value)
            elapsed = (time.perf_counter() - start) * 1000
            raise _Undo
    except _Undo:
        pass
    return elapsed, found


def bench_lookup(sizes: list[int], queries: int) -> None:
    print(f"median ms per check, SQLite, {queries} queries (half with a planted near-duplicate)")
    print(f"{'stored':>8} " + " ".join(f"{name:>12}" for name in CHECKS) + f" {'old/new save':>13}")
    rng = random.Random(17)
    for size in sizes:
        stored, asked = workload(size, queries, rng)
        with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp)) as store:
            fill_fingerprints(store, stored)
            times: dict[str, list[float]] = {name: [] for name in CHECKS}
            for value in asked:
                matches = set()
                for name, check in CHECKS.items():
                    elapsed, found = measure(store, check, value)
                    times[name].append(elapsed)
                    matches.add(found)
                if len(matches) != 1:
                    raise SystemExit(f"the schemes disagree on {value:#x}: {matches}")
        medians = {name: statistics.median(values) for name, values in times.items()}
        ratio = medians["old save"] / medians["new save"]
        print(
            f"{size:>8} "
            + " ".join(f"{medians[name]:>12.3f}" for name in CHECKS)
            + f" {ratio:>12.1f}x"
        )


def bench_fill(sizes: list[int]) -> None:
    from index import fill_store

    print("fill_store (bench/index.py: real recombined paragraphs, save_fetch each), SQLite")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            fill_store(Path(tmp), size)
            seconds = time.perf_counter() - start
        print(f"{size:>8} documents: {seconds:8.1f} s, {size / seconds:6.1f} documents/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--fill", default="1000,10000", help="fill_store sizes ('' for none)")
    parser.add_argument("--fill-only", action="store_true")
    args = parser.parse_args()
    if not args.fill_only:
        bench_lookup([int(s) for s in args.sizes.split(",")], args.queries)
    if args.fill:
        bench_fill([int(s) for s in args.fill.split(",")])


if __name__ == "__main__":
    main()
