"""The near-duplicate look-up finds every stored hash within MAX_NEAR_DISTANCE bits, and an
older store's fingerprints are carried into it when the store is migrated."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy
from alembic import command
from corpus import ntrex_documents
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from indexfixtures import save_page

from coi import duplicate_detection
from coi.curation import duplicates
from coi.database import Db, engine_for
from coi.duplicate_detection import MAX_NEAR_DISTANCE, hamming
from coi.store import Store, open_store
from coi.store.migrate import _alembic_config

HASHES = st.integers(min_value=0, max_value=(1 << 64) - 1)
FLIPS = st.sets(st.integers(min_value=0, max_value=63), max_size=MAX_NEAR_DISTANCE)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with open_store(tmp_path_factory.mktemp("lookup")) as opened:
        yield opened


def add_document(db: Db, doc_id: str, value: int) -> None:
    db.execute(
        """INSERT INTO documents (id, url, source, first_seen, last_checked, change_seq)
           VALUES (?, ?, 's', '2024-01-01', '2024-01-01', 0)""",
        (doc_id, f"https://a.example/{doc_id}"),
    )
    duplicate_detection.store_fingerprint(db, doc_id, value, doc_id)


@given(query=HASHES, near=st.lists(FLIPS, min_size=1, max_size=5), far=st.lists(HASHES))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_stored_hash_within_the_distance_is_found(
    store: Store, query: int, near: list[set[int]], far: list[int]
) -> None:
    """Hashes 0-7 bits from the query (planted) among random ones: the look-up returns each
    stored hash within the distance, with its distance, and none farther."""
    stored = [query ^ sum(1 << bit for bit in flips) for flips in near] + far
    with store.transaction() as db:
        db.execute("DELETE FROM fingerprint_blocks")
        db.execute("DELETE FROM fingerprints")
        db.execute("DELETE FROM documents")
        for n, value in enumerate(stored):
            add_document(db, f"d{n}", value)
        found = duplicate_detection.near_candidates(db, query)
    expected = {
        f"d{n}": hamming(query, value)
        for n, value in enumerate(stored)
        if hamming(query, value) <= MAX_NEAR_DISTANCE
    }
    assert found == expected


@given(value=HASHES, flips=FLIPS)
def test_a_hash_within_the_distance_shares_a_probed_key(value: int, flips: set[int]) -> None:
    other = value ^ sum(1 << bit for bit in flips)
    stored = set(duplicate_detection.block_keys(other))
    assert stored & set(duplicate_detection.probe_keys(value))


def test_a_resaved_document_is_found_under_its_new_hash_only(store: Store) -> None:
    old, new = 0xFFFF_0000_0000_0001, 0x0000_FFFF_FFFF_0000
    with store.transaction() as db:
        add_document(db, "again", old)
        duplicate_detection.store_fingerprint(db, "again", new, "again")
        assert "again" not in duplicate_detection.near_candidates(db, old)
        assert duplicate_detection.near_candidates(db, new)["again"] == 0
        rows = db.execute("SELECT COUNT(*) FROM fingerprint_blocks WHERE document_id = 'again'")
        assert rows.fetchone()[0] == duplicate_detection.BLOCKS


def old_bands(value: int) -> str:
    """How revision 0010's coi kept a hash: eight 8-bit bands."""
    return " ".join(str(n << 8 | (value >> (8 * n) & 0xFF)) for n in range(8))


def test_a_store_of_revision_0010_keeps_finding_its_near_duplicates(
    tmp_path: Path, store_url: str
) -> None:
    """Fingerprints saved by the band scheme (a hash with its top bit set among them) are
    found by the block look-up after the store is migrated: a republished copy of an old
    document joins it."""
    texts = [t for t in ntrex_documents("en").values() if len(t.split()) > 200]
    high = next(t for t in texts if duplicate_detection.simhash(t) >> 63)
    low = next(t for t in texts if not duplicate_detection.simhash(t) >> 63)
    engine = engine_for(store_url or f"sqlite:///{tmp_path / 'coi.sqlite3'}")
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":  # the test databases come migrated to the head
            schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        config = _alembic_config()
        config.attributes["connection"] = conn
        try:
            command.upgrade(config, "0010")
        finally:
            config.attributes.pop("connection")
        for n, text in enumerate((high, low)):
            value = duplicate_detection.simhash(text)
            conn.execute(
                sqlalchemy.text(
                    """INSERT INTO documents (id, url, source, first_seen, last_checked,
                       change_seq) VALUES (:id, :url, 's', '2024-01-01', '2024-01-01', 0)"""
                ),
                {"id": f"old{n}", "url": f"https://old.example/{n}"},
            )
            signed = value - (1 << 64) if value >> 63 else value
            conn.execute(
                sqlalchemy.text(
                    """INSERT INTO fingerprints (document_id, text_sha256, simhash, bands)
                       VALUES (:id, 'sha', :hash, :bands)"""
                ),
                {"id": f"old{n}", "hash": signed, "bands": old_bands(value)},
            )
        conn.commit()
    with open_store(tmp_path, store_url) as store:
        for n, text in enumerate((high, low)):
            copy = save_page(store, f"https://copy.example/{n}", "Republished.\n\n" + text)
            group = duplicates.group_of(store, copy)
            assert group is not None
            assert group.preferred == f"old{n}"
            assert group.members[1].method == "near"
        tables = {"fingerprint_bands", "fingerprint_blocks"} & set(_tables(store))
        assert tables == {"fingerprint_blocks"}


def _tables(store: Store) -> list[str]:
    sql = (
        "SELECT name FROM sqlite_master WHERE type = 'table'"
        if store.dialect == "sqlite"
        else "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    )
    return [row[0] for row in store.query(sql)]


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("", 0xE4A6A0577479B2B4),
        ("Bakı", 0xB9859030FA77C468),
        ("два слова", 0x459D7BC9DBB911C1),
        ("Three words here", 0x6DDFE5DAB89391CB),
        (" ".join(f"слово{n} söz{n % 7} word{n % 11}" for n in range(400)), 0x28518E0F78A0983F),
        (
            "Azərbaycan Respublikasının Dövlət Miqrasiya Xidməti — qaçqın statusu haqqında "
            "ərizələrə baxır. " * 20,
            0xC92B2126630D0E69,
        ),
    ],
)
def test_simhash_is_the_one_stored_fingerprints_were_made_with(text: str, stored: int) -> None:
    """The values an earlier coi stored: a changed hash would leave every stored document
    unfound by its republished copies."""
    assert duplicate_detection.simhash(text) == stored
