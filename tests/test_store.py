"""The document store: versions only when text changes, nothing deleted, resumable frontier."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coi.blobs import sha256_hex
from coi.errors import StoreError
from coi.models import Enrichment, Extracted, Fetched
from coi.store import FrontierEntry, Store, document_id_for, open_store

URL = "https://migration.gov.az/en/news/1"
T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def fetched(body: bytes, when: datetime = T0, etag: str = '"v1"') -> Fetched:
    return Fetched(
        url=URL,
        status=200,
        content_type="text/html",
        body=body,
        retrieved=when,
        headers={"etag": etag, "content-type": "text/html", "set-cookie": "secret"},
    )


def save(store: Store, body: bytes, text: str, when: datetime = T0) -> str:
    return store.save_fetch(
        source="sms-az",
        fetched=fetched(body, when),
        extracted=Extracted(title="Refugee status", text=text),
        enrichment=Enrichment(language="en"),
    )


@pytest.fixture
def store(tmp_path: Path, store_url: str) -> Iterator[Store]:
    with open_store(tmp_path, store_url) as opened:
        yield opened


def test_new_then_unchanged_then_changed(store: Store) -> None:
    assert save(store, b"<p>one</p>", "one") == "new"
    assert save(store, b"<p>one</p> <!-- ad -->", "one", T0 + timedelta(days=1)) == "unchanged"
    assert save(store, b"<p>two</p>", "two", T0 + timedelta(days=2)) == "changed"
    doc = store.document(document_id_for(URL))
    assert doc is not None
    assert doc.latest.text == "two"
    assert doc.version_count == 2
    assert doc.last_checked == T0 + timedelta(days=2)
    versions = store.versions(doc.id)
    assert [v.text for v in versions] == ["one", "two"]
    assert versions[0].sha256 == sha256_hex(b"<p>one</p>")
    assert store.blobs.get(versions[0].sha256) == b"<p>one</p>"


def test_only_provenance_headers_are_archived(store: Store) -> None:
    save(store, b"x", "x")
    (version,) = store.versions(document_id_for(URL))
    assert version.headers == {"etag": '"v1"', "content-type": "text/html"}
    assert store.validators(URL) == ('"v1"', None)


def test_gone_documents_are_kept_and_reported_as_changed(store: Store) -> None:
    save(store, b"x", "x")
    seq = store.change_seq()
    assert store.mark_gone(URL, T0 + timedelta(days=3))
    assert not store.mark_gone(URL, T0 + timedelta(days=4))
    (_, doc), *rest = list(store.changed_since(seq))
    assert not rest
    assert doc.gone
    assert store.versions(doc.id)


def test_changed_since_lists_only_later_changes(store: Store) -> None:
    save(store, b"x", "x")
    seq = store.change_seq()
    assert list(store.changed_since(seq)) == []
    save(store, b"y", "y")
    assert [doc.latest.text for _, doc in store.changed_since(seq)] == ["y"]


def test_frontier_survives_reopening_and_resumes(tmp_path: Path, store_url: str) -> None:
    with open_store(tmp_path, store_url) as store:
        crawl_id, resumed = store.begin_crawl()
        assert not resumed
        for n in range(3):
            store.frontier_add(crawl_id, FrontierEntry(url=f"{URL}?p={n}", source="s", depth=0))
        assert not store.frontier_add(
            crawl_id, FrontierEntry(url=f"{URL}?p=0", source="s", depth=1)
        )
        store.frontier_done(crawl_id, f"{URL}?p=0")
    with open_store(tmp_path, store_url) as store:
        again, resumed = store.begin_crawl()
        assert (again, resumed) == (crawl_id, True)
        entry = store.claim_next(crawl_id, "w", {"s": 10}, lease_seconds=60, now=time.time())
        assert isinstance(entry, FrontierEntry)
        assert entry.url == f"{URL}?p=1"
        store.finish_crawl(crawl_id)
        assert store.begin_crawl() == (crawl_id + 1, False)


def test_store_from_a_newer_coi_is_refused(tmp_path: Path, store_url: str) -> None:
    with open_store(tmp_path, store_url) as store:
        store._db.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="newer"):
        open_store(tmp_path, store_url)


def test_blobs_are_written_once(store: Store) -> None:
    digest = store.blobs.put(b"archived")
    path = store.blobs.path(digest)
    mtime = path.stat().st_mtime_ns
    assert store.blobs.put(b"archived") == digest
    assert path.stat().st_mtime_ns == mtime
    assert not list(path.parent.glob(".tmp-*"))
    with pytest.raises(StoreError):
        store.blobs.get("0" * 64)
