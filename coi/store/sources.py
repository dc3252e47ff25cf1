"""The sources the configuration declares, as the store keeps them with their crawl dates."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from coi.models import Source
from coi.store.base import StoreBase, parse_datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceStats:
    """A source as the store knows it: declaration plus what crawling gave."""

    source: Source
    documents: int
    last_crawled: datetime | None


class SourcesStore(StoreBase):
    """Declared sources and when each was last crawled."""

    def sync_sources(self, sources: tuple[Source, ...]) -> None:
        """Record the declared sources (name, kind, country may change between runs)."""
        with self.transaction() as db:
            for source in sources:
                db.execute(
                    """INSERT INTO sources (id, name, kind, country, description, start_urls)
                       VALUES (?, ?, ?, ?, ?, ?)
                       ON CONFLICT(id) DO UPDATE SET name=excluded.name, kind=excluded.kind,
                         country=excluded.country, description=excluded.description,
                         start_urls=excluded.start_urls""",
                    (
                        source.id,
                        source.name,
                        source.kind,
                        source.country,
                        source.description,
                        json.dumps(list(source.start_urls)),
                    ),
                )

    def sources(self) -> list[SourceStats]:
        """Every source the store knows, with its document count and last crawl."""
        rows = self._db.execute(
            """SELECT s.*, (SELECT COUNT(*) FROM documents d WHERE d.source = s.id) AS n
               FROM sources s ORDER BY s.id"""
        ).fetchall()
        return [
            SourceStats(
                source=Source(
                    id=row["id"],
                    name=row["name"],
                    kind=row["kind"],
                    country=row["country"],
                    description=row["description"],
                    start_urls=tuple(json.loads(row["start_urls"])),
                    allow=(),
                ),
                documents=row["n"],
                last_crawled=parse_datetime(row["last_crawled"]),
            )
            for row in rows
        ]

    def mark_source_crawled(self, source_id: str, when: datetime) -> None:
        """Remember when a crawl of ``source_id`` last finished."""
        with self.transaction() as db:
            db.execute(
                "UPDATE sources SET last_crawled = ? WHERE id = ?", (when.isoformat(), source_id)
            )
