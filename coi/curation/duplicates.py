"""Duplicate review: a curator confirms, splits, merges or re-prefers the groups found alike.

Grouping is decided when a document is saved (:mod:`coi.duplicate_detection`); a curator can
then confirm a group, split a document out of it (the pair is remembered as not duplicates),
merge two groups or choose the preferred document. Every such change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coi.curation import audit
from coi.errors import CoiError

if TYPE_CHECKING:
    from coi.store import Store


class DuplicateError(CoiError):
    """A group or document named is not in the state the change needs."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DuplicateMember:
    """A document in a duplicate group and how it was found alike."""

    document_id: str
    method: str
    """``self`` (the first member), ``exact`` (same text) or ``near`` (SimHash)."""
    distance: int
    """Differing SimHash bits against the member it was matched to."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DuplicateGroup:
    """Documents coi takes for one text."""

    id: str
    preferred: str
    confirmed: bool
    members: tuple[DuplicateMember, ...]


def group_of(store: Store, doc_id: str) -> DuplicateGroup | None:
    """The group a document is in, if any."""
    rows = store.query("SELECT group_id FROM duplicate_members WHERE document_id = ?", (doc_id,))
    return get_group(store, rows[0]["group_id"]) if rows else None


def get_group(store: Store, group_id: str) -> DuplicateGroup | None:
    """A group with its members, preferred first."""
    rows = store.query("SELECT * FROM duplicate_groups WHERE id = ?", (group_id,))
    if not rows:
        return None
    members = store.query(
        """SELECT m.* FROM duplicate_members m JOIN documents d ON d.id = m.document_id
           WHERE m.group_id = ? ORDER BY d.first_seen, d.id""",
        (group_id,),
    )
    preferred = rows[0]["preferred"]
    ordered = sorted(members, key=lambda m: m["document_id"] != preferred)
    return DuplicateGroup(
        id=group_id,
        preferred=preferred,
        confirmed=bool(rows[0]["confirmed"]),
        members=tuple(
            DuplicateMember(
                document_id=m["document_id"], method=m["method"], distance=m["distance"]
            )
            for m in ordered
        ),
    )


def list_groups(store: Store, *, unconfirmed_only: bool = False) -> list[DuplicateGroup]:
    """Every group (or those still to review), for the curators' review list."""
    where = "WHERE confirmed = 0" if unconfirmed_only else ""
    rows = store.query(f"SELECT id FROM duplicate_groups {where} ORDER BY id")
    return [g for g in (get_group(store, row["id"]) for row in rows) if g is not None]


def confirm(store: Store, group_id: str, *, actor: str) -> None:
    """A curator agrees the group's documents are one text."""
    _require(store, group_id)
    with store.transaction() as db:
        db.execute("UPDATE duplicate_groups SET confirmed = 1 WHERE id = ?", (group_id,))
        audit.record(
            db,
            actor=actor,
            action="duplicates.confirm",
            target_type="duplicates",
            target_id=group_id,
        )


def set_preferred(store: Store, group_id: str, doc_id: str, *, actor: str) -> None:
    """Choose the member search shows for the group."""
    group = _require(store, group_id)
    if doc_id not in {m.document_id for m in group.members}:
        raise DuplicateError(f"document {doc_id!r} is not in group {group_id!r}")
    with store.transaction() as db:
        db.execute("UPDATE duplicate_groups SET preferred = ? WHERE id = ?", (doc_id, group_id))
        for member in group.members:
            store.bump_change_seq(db, member.document_id)
        audit.record(
            db,
            actor=actor,
            action="duplicates.prefer",
            target_type="duplicates",
            target_id=group_id,
            before=group.preferred,
            after=doc_id,
        )


def split(store: Store, doc_id: str, *, actor: str) -> None:
    """Take a document out of its group; it will not be grouped with those members again."""
    group = group_of(store, doc_id)
    if group is None:
        raise DuplicateError(f"document {doc_id!r} is in no duplicate group")
    rest = [m.document_id for m in group.members if m.document_id != doc_id]
    with store.transaction() as db:
        db.execute("DELETE FROM duplicate_members WHERE document_id = ?", (doc_id,))
        for other in rest:
            db.execute(
                "INSERT INTO not_duplicates VALUES (?, ?) ON CONFLICT DO NOTHING", (doc_id, other)
            )
        if len(rest) <= 1:
            db.execute("DELETE FROM duplicate_members WHERE group_id = ?", (group.id,))
            db.execute("DELETE FROM duplicate_groups WHERE id = ?", (group.id,))
        elif group.preferred == doc_id:
            db.execute(
                "UPDATE duplicate_groups SET preferred = ? WHERE id = ?", (rest[0], group.id)
            )
        for member in group.members:
            store.bump_change_seq(db, member.document_id)
        audit.record(
            db,
            actor=actor,
            action="duplicates.split",
            target_type="duplicates",
            target_id=group.id,
            before=[m.document_id for m in group.members],
            after=rest,
        )


def merge(store: Store, group_id: str, other_group_id: str, *, actor: str) -> None:
    """Fold ``other_group_id`` into ``group_id`` (whose preferred document stays preferred)."""
    target = _require(store, group_id)
    other = _require(store, other_group_id)
    if target.id == other.id:
        raise DuplicateError("a group cannot be merged with itself")
    with store.transaction() as db:
        db.execute(
            "UPDATE duplicate_members SET group_id = ?, method = 'curator' WHERE group_id = ?",
            (group_id, other_group_id),
        )
        db.execute("DELETE FROM duplicate_groups WHERE id = ?", (other_group_id,))
        for member in (*target.members, *other.members):
            store.bump_change_seq(db, member.document_id)
        audit.record(
            db,
            actor=actor,
            action="duplicates.merge",
            target_type="duplicates",
            target_id=group_id,
            before=[group_id, other_group_id],
            after=group_id,
        )


def _require(store: Store, group_id: str) -> DuplicateGroup:
    group = get_group(store, group_id)
    if group is None:
        raise DuplicateError(f"no duplicate group {group_id!r}")
    return group
