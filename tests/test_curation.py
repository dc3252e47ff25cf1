"""The librarians' desk data layer: accounts, corrections, collections, source edits, audit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from coi.curation import accounts, audit, collections, corrections, source_edits
from coi.models import Enrichment, Extracted, Fetched, Source
from coi.store import Store, document_id_for, open_store

URLS = [f"https://ombudsman.az/az/news/{n}" for n in range(3)]


@pytest.fixture
def store(tmp_path: Path, store_url: str) -> Iterator[Store]:
    with open_store(tmp_path, store_url) as opened:
        opened.sync_sources(
            (
                Source(
                    id="ombudsman-az",
                    name="Ombudsman",
                    kind="government",
                    country="AZE",
                    start_urls=("https://ombudsman.az/az",),
                    allow=(),
                ),
            )
        )
        for n, url in enumerate(URLS):
            opened.save_fetch(
                source="ombudsman-az",
                fetched=Fetched(
                    url=url,
                    status=200,
                    content_type="text/html",
                    body=f"<p>{n}</p>".encode(),
                    retrieved=datetime(2024, 1, 1, tzinfo=UTC),
                ),
                extracted=Extracted(title=f"Hesabat {n}", text=f"Qaçqınlar haqqında {n}"),
                enrichment=Enrichment(language="az", topics=("refugees",), doc_type="news"),
            )
        yield opened


def doc_id(n: int) -> str:
    return document_id_for(URLS[n])


def test_passwords_are_hashed_and_checked(store: Store) -> None:
    accounts.add_user(store, "leyla", "curator", "correct horse battery", actor="system")
    (row,) = store.query("SELECT password_hash FROM users")
    assert "correct horse" not in row["password_hash"]
    assert accounts.authenticate(store, "leyla", "correct horse battery") is not None
    assert accounts.authenticate(store, "leyla", "wrong password!!") is None
    accounts.set_disabled(store, "leyla", True, actor="system")
    assert accounts.authenticate(store, "leyla", "correct horse battery") is None


@pytest.mark.parametrize(
    ("name", "role", "password"),
    [
        ("x", "curator", "long enough pw"),
        ("anna", "owner", "long enough pw"),
        ("anna", "admin", "short"),
    ],
)
def test_bad_accounts_are_refused(store: Store, name: str, role: str, password: str) -> None:
    with pytest.raises(accounts.AccountError):
        accounts.add_user(store, name, role, password, actor="system")


def test_correction_wins_keeps_machine_value_and_survives_a_recrawl(store: Store) -> None:
    seq = store.change_seq()
    doc = corrections.correct(
        store,
        doc_id(0),
        {"topics": ["detention-conditions"], "published": "2023-05-02"},
        actor="leyla",
    )
    assert doc.topics == ("detention-conditions",)
    assert doc.published == date(2023, 5, 2)
    assert doc.latest.enrichment.topics == ("refugees",)  # the machine's value stays beside
    assert [d.id for _, d in store.changed_since(seq)] == [doc_id(0)]
    store.save_fetch(  # a re-crawl brings a new version with the machine's tags again
        source="ombudsman-az",
        fetched=Fetched(
            url=URLS[0],
            status=200,
            content_type="text/html",
            body=b"<p>new</p>",
            retrieved=datetime(2024, 2, 1, tzinfo=UTC),
        ),
        extracted=Extracted(title="Hesabat 0", text="Yeni mətn"),
        enrichment=Enrichment(language="az", topics=("refugees",)),
    )
    again = store.document(doc_id(0))
    assert again is not None
    assert again.version_count == 2
    assert again.topics == ("detention-conditions",)


def test_hide_and_revert_are_audited(store: Store) -> None:
    corrections.correct(store, doc_id(1), {"hidden": True}, actor="leyla")
    hidden = store.document(doc_id(1))
    assert hidden is not None
    assert hidden.hidden
    corrections.revert(store, doc_id(1), "hidden", actor="leyla")
    shown = store.document(doc_id(1))
    assert shown is not None
    assert not shown.hidden
    actions = [e.action for e in audit.entries(store, target_type="document", target_id=doc_id(1))]
    assert actions == ["revert", "hide"]
    assert store.versions(doc_id(1))  # nothing a curator does deletes an archived version


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("countries", ["Azerbaijan"]),
        ("published", "May 2023"),
        ("language", "azerbaijani"),
        ("url", "https://x"),
        ("title", "  "),
        ("countries", ["AZE", "AZR"]),
        ("countries", "XYZ"),
        ("doc_type", "newz"),
        ("language", "blah"),
        ("language", "xx"),
        ("topics", ["refugees", "blah"]),
    ],
)
def test_bad_corrections_are_refused(store: Store, field: str, value: object) -> None:
    with pytest.raises(corrections.CorrectionError):
        corrections.correct(store, doc_id(0), {field: value}, actor="leyla")
    assert audit.entries(store) == []


def test_collection_lifecycle(store: Store) -> None:
    made = collections.create(
        store, "Azerbaijan: detention conditions 2019-2024", public=True, actor="leyla"
    )
    assert made.id == "azerbaijan-detention-conditions-2019-2024"
    for n in (2, 0, 1):
        collections.add_document(store, made.id, doc_id(n), actor="leyla")
    collections.add_document(store, made.id, doc_id(2), actor="leyla")  # no duplicate
    collections.reorder(store, made.id, [doc_id(0), doc_id(1), doc_id(2)], actor="leyla")
    collections.annotate(store, made.id, doc_id(1), "Key source for 2021", actor="leyla")
    collections.remove_document(store, made.id, doc_id(2), actor="leyla")
    kept = collections.get(store, made.id)
    assert kept is not None
    assert [i.document_id for i in kept.items] == [doc_id(0), doc_id(1)]
    assert kept.items[1].note == "Key source for 2021"
    assert collections.collections_of(store, doc_id(0), include_private=False) == [made.id]
    collections.update(store, made.id, public=False, actor="leyla")
    assert collections.collections_of(store, doc_id(0), include_private=False) == []
    assert collections.list_all(store, include_private=False) == []
    assert store.document(doc_id(2)) is not None
    actions = [e.action for e in audit.entries(store, actor="leyla")]
    assert actions.count("collection.add") == 3
    assert "collection.remove" in actions


def test_second_collection_with_same_title_gets_its_own_slug(store: Store) -> None:
    first = collections.create(store, "Qaçqınlar", actor="leyla")
    second = collections.create(store, "Qaçqınlar", actor="leyla")
    russian = collections.create(store, "Беженцы в Азербайджане", actor="leyla")
    assert (first.id, second.id) == ("qacqinlar", "qacqinlar-2")
    assert russian.id == "bezhentsy-v-azerbaidzhane"


def test_source_edit_wins_over_config_and_pauses(store: Store) -> None:
    source_edits.edit_source(
        store, "ombudsman-az", description="National human-rights institution.", actor="anna"
    )
    edit = source_edits.edit_source(store, "ombudsman-az", paused=True, actor="anna")
    assert edit.description == "National human-rights institution."
    assert source_edits.is_paused(store, "ombudsman-az")
    (stats,) = store.sources()
    shown = source_edits.apply_edit(stats.source, edit)
    assert shown.description == "National human-rights institution."
    assert [e.action for e in audit.entries(store, target_type="source")] == [
        "source.pause",
        "source.edit",
    ]
    with pytest.raises(source_edits.SourceEditError):
        source_edits.edit_source(store, "ombudsman-az", kind="blog", actor="anna")


def test_audit_exports_as_csv(store: Store) -> None:
    corrections.correct(store, doc_id(0), {"title": "Hesabat: qaçqınlar"}, actor="leyla")
    text = audit.to_csv(audit.entries(store))
    assert text.splitlines()[0] == "time,actor,action,target_type,target_id,before,after"
    assert "Hesabat: qaçqınlar" in text


def test_only_values_that_differ_from_those_shown_become_corrections(store: Store) -> None:
    shown = corrections.shown_values(store.document(doc_id(0)))  # type: ignore[arg-type]
    same = {field: shown[field] for field in ("title", "published", "doc_type", "language")}
    corrections.correct(store, doc_id(0), same | {"topics": ["refugees"]}, actor="leyla")
    assert audit.entries(store) == []
    doc = corrections.correct(store, doc_id(0), same | {"language": "ru"}, actor="leyla")
    assert doc.corrections == {"language": "ru"}
    (entry,) = audit.entries(store)
    assert (entry.before, entry.after) == ({"language": "az"}, {"language": "ru"})


def test_a_correction_from_a_stale_view_is_refused_naming_the_other_change(store: Store) -> None:
    seen = corrections.shown_values(store.document(doc_id(0)))  # type: ignore[arg-type]
    corrections.correct(store, doc_id(0), {"doc_type": "report"}, actor="anna", seen=seen)
    with pytest.raises(
        corrections.StaleEdit, match=r"doc_type is now \"report\", was \"news\" \(anna, "
    ):
        corrections.correct(store, doc_id(0), {"title": "Hesabat"}, actor="leyla", seen=seen)
    doc = store.document(doc_id(0))
    assert doc is not None
    assert doc.title == "Hesabat 0"
