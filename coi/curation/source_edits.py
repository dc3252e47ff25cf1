"""Curators' edits of sources: description, kind, country, and pausing a source's crawl.

``config.toml`` stays the starting point; an edit made in the desk is kept in the store, wins
over the file, and is shown as an edit (who, when) so nobody wonders why the two differ.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from coi.clock import utc_now
from coi.curation import audit
from coi.errors import CoiError
from coi.models import SOURCE_KINDS, Source
from coi.store import Store


class SourceEditError(CoiError):
    """The source does not exist or the edit is not valid."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceEdit:
    """What a curator changed on a source."""

    source_id: str
    description: str | None
    kind: str | None
    country: str | None
    paused: bool
    curator: str
    time: datetime


def get_edit(store: Store, source_id: str) -> SourceEdit | None:
    """The edit recorded for a source, if any."""
    rows = store.query("SELECT * FROM source_edits WHERE source_id = ?", (source_id,))
    if not rows:
        return None
    row = rows[0]
    return SourceEdit(
        source_id=row["source_id"],
        description=row["description"],
        kind=row["kind"],
        country=row["country"],
        paused=bool(row["paused"]),
        curator=row["curator"],
        time=datetime.fromisoformat(row["time"]),
    )


def apply_edit(source: Source, edit: SourceEdit | None) -> Source:
    """The source as the desk shows and the crawler uses it: edits win over the file."""
    if edit is None:
        return source
    return replace(
        source,
        description=edit.description if edit.description is not None else source.description,
        kind=edit.kind or source.kind,
        country=edit.country or source.country,
    )


def is_paused(store: Store, source_id: str) -> bool:
    """Whether a curator paused this source's crawl."""
    edit = get_edit(store, source_id)
    return edit is not None and edit.paused


def edit_source(
    store: Store,
    source_id: str,
    *,
    description: str | None = None,
    kind: str | None = None,
    country: str | None = None,
    paused: bool | None = None,
    actor: str,
) -> SourceEdit:
    """Record an edit of a source (fields left None keep their current value); audited."""
    if not store.query("SELECT 1 FROM sources WHERE id = ?", (source_id,)):
        raise SourceEditError(f"no source {source_id!r}")
    if kind is not None and kind not in SOURCE_KINDS:
        raise SourceEditError(f"kind must be one of {', '.join(SOURCE_KINDS)}")
    if country is not None and not (len(country) == 3 and country.isalpha() and country.isupper()):
        raise SourceEditError("country must be an ISO 3166-1 alpha-3 code")
    old = get_edit(store, source_id)
    new: dict[str, Any] = {
        "description": description if description is not None else (old and old.description),
        "kind": kind if kind is not None else (old and old.kind),
        "country": country if country is not None else (old and old.country),
        "paused": paused if paused is not None else bool(old and old.paused),
    }
    before = (
        {
            "description": old.description,
            "kind": old.kind,
            "country": old.country,
            "paused": old.paused,
        }
        if old
        else None
    )
    with store.transaction() as db:
        db.execute(
            """INSERT INTO source_edits (source_id, description, kind, country, paused, curator,
               time) VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(source_id) DO UPDATE SET description = excluded.description,
                 kind = excluded.kind, country = excluded.country, paused = excluded.paused,
                 curator = excluded.curator, time = excluded.time""",
            (
                source_id,
                new["description"],
                new["kind"],
                new["country"],
                int(new["paused"]),
                actor,
                utc_now().isoformat(),
            ),
        )
        action = "source.edit"
        if paused is not None and (old is None or old.paused != paused):
            action = "source.pause" if paused else "source.resume"
        audit.record(
            db,
            actor=actor,
            action=action,
            target_type="source",
            target_id=source_id,
            before=before,
            after=new,
        )
    edit = get_edit(store, source_id)
    assert edit is not None
    return edit
