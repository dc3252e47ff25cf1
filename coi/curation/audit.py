"""The audit trail: who changed what, when, from what to what.

Every curation change writes its audit entry inside the same transaction as the change itself,
so there is never a change without its record (nor a record of a change that was rolled back).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from coi.clock import utc_now
from coi.database import Db
from coi.export_safety import SafeCsvWriter

if TYPE_CHECKING:
    from coi.store import Store


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditEntry:
    """One recorded change."""

    id: int
    time: datetime
    actor: str
    action: str
    """What was done, e.g. ``correct``, ``hide``, ``collection.add``, ``user.add``."""
    target_type: str
    """``document``, ``collection``, ``source`` or ``user``."""
    target_id: str
    before: Any
    after: Any


def record(
    db: Db,
    *,
    actor: str,
    action: str,
    target_type: str,
    target_id: str,
    before: Any = None,
    after: Any = None,
) -> None:
    """Append an entry; call inside the transaction that makes the change."""
    db.execute(
        """INSERT INTO audit (time, actor, action, target_type, target_id, before, after)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        (
            utc_now().isoformat(),
            actor,
            action,
            target_type,
            target_id,
            json.dumps(before, ensure_ascii=False),
            json.dumps(after, ensure_ascii=False),
        ),
    )


def entries(
    store: Store,
    *,
    target_type: str | None = None,
    target_id: str | None = None,
    actor: str | None = None,
    limit: int = 1000,
) -> list[AuditEntry]:
    """Entries newest first, narrowed to one target or one actor when asked."""
    clauses, params = [], []
    for column, value in (("target_type", target_type), ("target_id", target_id), ("actor", actor)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = store.query(f"SELECT * FROM audit {where} ORDER BY id DESC LIMIT ?", [*params, limit])
    return [
        AuditEntry(
            id=row["id"],
            time=datetime.fromisoformat(row["time"]),
            actor=row["actor"],
            action=row["action"],
            target_type=row["target_type"],
            target_id=row["target_id"],
            before=json.loads(row["before"]),
            after=json.loads(row["after"]),
        )
        for row in rows
    ]


def to_csv(items: list[AuditEntry]) -> str:
    """The entries as CSV (time, actor, action, target, before, after) for export."""
    out = io.StringIO()
    writer = SafeCsvWriter(out)  # no cell is a live spreadsheet formula
    writer.writerow(["time", "actor", "action", "target_type", "target_id", "before", "after"])
    for item in items:
        writer.writerow(
            [
                item.time.isoformat(),
                item.actor,
                item.action,
                item.target_type,
                item.target_id,
                json.dumps(item.before, ensure_ascii=False),
                json.dumps(item.after, ensure_ascii=False),
            ]
        )
    return out.getvalue()
