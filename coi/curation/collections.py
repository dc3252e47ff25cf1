"""Curated collections: themed, ordered, annotated sets of documents.

A librarian keeps, say, "Azerbaijan: detention conditions 2019-2024" for a training or a court.
A public collection has a permalink and works as a search filter; a private one is seen only by
curators. Removing a document from a collection never touches the document or its versions.
Whatever changes which public collections hold a document (adding, removing, making a collection
private or public) marks the document changed, so the index's ``collection`` facet follows and a
private collection's slug leaves every public facet, filter, feed and export.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import iuliia

from coi.clock import utc_now
from coi.curation import audit
from coi.database import Db
from coi.errors import CoiError
from coi.store import Store


class CollectionError(CoiError):
    """A collection or document named does not exist, or the change is not possible."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CollectionItem:
    """A document's place in a collection."""

    document_id: str
    position: int
    note: str
    added: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Collection:
    """A collection with its items in order."""

    id: str
    """Slug used in the permalink and as the ``collection`` filter value."""
    title: str
    description: str
    public: bool
    owner: str
    created: datetime
    updated: datetime
    items: tuple[CollectionItem, ...] = ()


_AZ_LETTERS = str.maketrans({"ə": "e", "Ə": "E", "ı": "i", "İ": "I"})


def slugify(title: str) -> str:
    """A readable ASCII URL slug from a title in az, ru or en (Cyrillic romanised by ICAO)."""
    latin = iuliia.ICAO_DOC_9303.translate(title.translate(_AZ_LETTERS))
    ascii_title = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:60] or "collection"


def create(
    store: Store, title: str, *, description: str = "", public: bool = False, actor: str
) -> Collection:
    """A new empty collection with a unique slug made from its title."""
    if not title.strip():
        raise CollectionError("a collection needs a title")
    base = slugify(title)
    slug, n = base, 1
    while get(store, slug) is not None:
        n += 1
        slug = f"{base}-{n}"
    now = utc_now().isoformat()
    with store.transaction() as db:
        db.execute(
            """INSERT INTO collections (id, title, description, public, owner, created, updated)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            (slug, title.strip(), description, int(public), actor, now, now),
        )
        audit.record(
            db,
            actor=actor,
            action="collection.create",
            target_type="collection",
            target_id=slug,
            after={"title": title.strip(), "public": public},
        )
    created = get(store, slug)
    assert created is not None
    return created


def get(store: Store, collection_id: str) -> Collection | None:
    """The collection with its items in order, if it exists."""
    rows = store.query("SELECT * FROM collections WHERE id = ?", (collection_id,))
    if not rows:
        return None
    items = store.query(
        "SELECT * FROM collection_items WHERE collection_id = ? ORDER BY position",
        (collection_id,),
    )
    row = rows[0]
    return Collection(
        id=row["id"],
        title=row["title"],
        description=row["description"],
        public=bool(row["public"]),
        owner=row["owner"],
        created=datetime.fromisoformat(row["created"]),
        updated=datetime.fromisoformat(row["updated"]),
        items=tuple(
            CollectionItem(
                document_id=item["document_id"],
                position=item["position"],
                note=item["note"],
                added=datetime.fromisoformat(item["added"]),
            )
            for item in items
        ),
    )


def list_all(store: Store, *, include_private: bool) -> list[Collection]:
    """Collections by title; private ones only when the viewer is a curator."""
    where = "" if include_private else "WHERE public = 1"
    rows = store.query(f"SELECT id FROM collections {where} ORDER BY title")
    return [c for c in (get(store, row["id"]) for row in rows) if c is not None]


def update(
    store: Store,
    collection_id: str,
    *,
    title: str | None = None,
    description: str | None = None,
    public: bool | None = None,
    actor: str,
) -> Collection:
    """Change a collection's title, description or visibility (audited)."""
    current = _require(store, collection_id)
    before = {"title": current.title, "description": current.description, "public": current.public}
    after: dict[str, Any] = {
        "title": title.strip() if title is not None else current.title,
        "description": description if description is not None else current.description,
        "public": public if public is not None else current.public,
    }
    if not after["title"]:
        raise CollectionError("a collection needs a title")
    with store.transaction() as db:
        db.execute(
            """UPDATE collections SET title = ?, description = ?, public = ?, updated = ?
               WHERE id = ?""",
            (
                after["title"],
                after["description"],
                int(after["public"]),
                utc_now().isoformat(),
                collection_id,
            ),
        )
        audit.record(
            db,
            actor=actor,
            action="collection.update",
            target_type="collection",
            target_id=collection_id,
            before=before,
            after=after,
        )
        if after["public"] != before["public"]:
            for item in current.items:
                store.bump_change_seq(db, item.document_id)
    return _require(store, collection_id)


def add_document(
    store: Store, collection_id: str, document_id: str, *, note: str = "", actor: str
) -> None:
    """Append a document to a collection (a document already in it keeps its place)."""
    collection = _require(store, collection_id)
    if store.document(document_id) is None:
        raise CollectionError(f"no document {document_id!r}")
    if any(item.document_id == document_id for item in collection.items):
        return
    position = max((item.position for item in collection.items), default=0) + 1
    with store.transaction() as db:
        db.execute(
            """INSERT INTO collection_items (collection_id, document_id, position, note, added)
               VALUES (?, ?, ?, ?, ?)""",
            (collection_id, document_id, position, note, utc_now().isoformat()),
        )
        _touch(db, collection_id)
        store.bump_change_seq(db, document_id)
        audit.record(
            db,
            actor=actor,
            action="collection.add",
            target_type="collection",
            target_id=collection_id,
            after={"document": document_id, "note": note},
        )


def remove_document(store: Store, collection_id: str, document_id: str, *, actor: str) -> None:
    """Take a document out of a collection (the document itself stays)."""
    _require(store, collection_id)
    with store.transaction() as db:
        cursor = db.execute(
            "DELETE FROM collection_items WHERE collection_id = ? AND document_id = ?",
            (collection_id, document_id),
        )
        if cursor.rowcount == 0:
            raise CollectionError(f"document {document_id!r} is not in {collection_id!r}")
        _touch(db, collection_id)
        store.bump_change_seq(db, document_id)
        audit.record(
            db,
            actor=actor,
            action="collection.remove",
            target_type="collection",
            target_id=collection_id,
            before={"document": document_id},
        )


def annotate(store: Store, collection_id: str, document_id: str, note: str, *, actor: str) -> None:
    """Set the curator's note on a document in a collection."""
    collection = _require(store, collection_id)
    item = next((i for i in collection.items if i.document_id == document_id), None)
    if item is None:
        raise CollectionError(f"document {document_id!r} is not in {collection_id!r}")
    with store.transaction() as db:
        db.execute(
            "UPDATE collection_items SET note = ? WHERE collection_id = ? AND document_id = ?",
            (note, collection_id, document_id),
        )
        _touch(db, collection_id)
        audit.record(
            db,
            actor=actor,
            action="collection.annotate",
            target_type="collection",
            target_id=collection_id,
            before={"document": document_id, "note": item.note},
            after={"document": document_id, "note": note},
        )


def reorder(store: Store, collection_id: str, document_ids: list[str], *, actor: str) -> None:
    """Put the collection's documents in the given order (it must list each exactly once)."""
    collection = _require(store, collection_id)
    current = [item.document_id for item in collection.items]
    if sorted(current) != sorted(document_ids):
        raise CollectionError("a new order must list every document of the collection once")
    with store.transaction() as db:
        for position, doc_id in enumerate(document_ids, start=1):
            db.execute(
                """UPDATE collection_items SET position = ?
                   WHERE collection_id = ? AND document_id = ?""",
                (position, collection_id, doc_id),
            )
        _touch(db, collection_id)
        audit.record(
            db,
            actor=actor,
            action="collection.reorder",
            target_type="collection",
            target_id=collection_id,
            before=current,
            after=document_ids,
        )


def collections_of(store: Store, document_id: str, *, include_private: bool) -> list[str]:
    """Ids of the collections holding a document (for the index's ``collection`` facet)."""
    public = "" if include_private else "AND c.public = 1"
    rows = store.query(
        f"""SELECT c.id FROM collection_items i JOIN collections c ON c.id = i.collection_id
            WHERE i.document_id = ? {public} ORDER BY c.id""",
        (document_id,),
    )
    return [row["id"] for row in rows]


def _require(store: Store, collection_id: str) -> Collection:
    collection = get(store, collection_id)
    if collection is None:
        raise CollectionError(f"no collection {collection_id!r}")
    return collection


def _touch(db: Db, collection_id: str) -> None:
    db.execute(
        "UPDATE collections SET updated = ? WHERE id = ?", (utc_now().isoformat(), collection_id)
    )
