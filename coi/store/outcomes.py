"""Each source's last crawl outcome: reached, reached with errors, or unreachable.

A librarian setting coi up, or checking on it, needs to see a host that never answered as
such, not as "last crawled today". The outcome is decided from what the crawl log of that crawl
says about the source: any answer from the host (a page stored, unchanged, gone, or refused with
an HTTP status) means it was reached; a source whose every URL failed to connect, timed out or
had no reachable robots.txt was unreachable.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from coi.clock import utc_now
from coi.store import Store

Outcome = Literal["reached", "errors", "unreachable"]
STORED_EVENTS = ("new", "changed", "unchanged", "not-modified", "gone")
UNREACHABLE_REASONS = frozenset(
    {"connection-error", "timeout", "robots-unreachable", "host-paused", "too-slow"}
)
"""Skip reasons that say nothing came back from the host."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceOutcome:
    """How the last crawl of one source went."""

    source_id: str
    crawl_id: int
    time: datetime
    outcome: Outcome
    stored: int
    """Documents stored, unchanged, not modified or gone: URLs the host answered usefully."""
    errors: int
    """URLs skipped for any reason."""


def classify(counts: Counter[str]) -> tuple[Outcome, int, int]:
    """``(outcome, stored, errors)`` from one source's counts in a crawl summary."""
    stored = sum(counts[event] for event in STORED_EVENTS)
    errors = counts["skipped"]
    skip_reasons = {key.split(":", 1)[1] for key in counts if key.startswith("skipped:")}
    answered = counts["fetched"] or stored or (skip_reasons - UNREACHABLE_REASONS)
    if not answered:
        return "unreachable", stored, errors
    return ("errors" if errors else "reached"), stored, errors


def record_outcome(
    store: Store, crawl_id: int, source_id: str, counts: Counter[str]
) -> SourceOutcome:
    """Remember how the crawl ``crawl_id`` of ``source_id`` went (replacing the last outcome)."""
    outcome, stored, errors = classify(counts)
    now = utc_now()
    with store.transaction() as db:
        db.execute(
            """INSERT INTO source_outcomes
               (source_id, crawl_id, time, outcome, stored, errors) VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (source_id) DO UPDATE SET crawl_id = excluded.crawl_id,
                 time = excluded.time, outcome = excluded.outcome, stored = excluded.stored,
                 errors = excluded.errors""",
            (source_id, crawl_id, now.isoformat(), outcome, stored, errors),
        )
    return SourceOutcome(
        source_id=source_id,
        crawl_id=crawl_id,
        time=now,
        outcome=outcome,
        stored=stored,
        errors=errors,
    )


def last_outcomes(store: Store) -> dict[str, SourceOutcome]:
    """The last crawl outcome of every source crawled since outcomes were kept."""
    rows = store.query("SELECT * FROM source_outcomes")
    return {
        row["source_id"]: SourceOutcome(
            source_id=row["source_id"],
            crawl_id=row["crawl_id"],
            time=datetime.fromisoformat(row["time"]),
            outcome=row["outcome"],
            stored=row["stored"],
            errors=row["errors"],
        )
        for row in rows
    }
