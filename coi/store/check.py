"""``coi check``: does the evidence archive still prove what it claims?

A tampered blob used to be served under its original SHA-256, a lost write-ahead log went
unnoticed and a deleted index segment made every search answer 500. The check reads every
archived blob against the SHA-256 that names it, asks SQLite to verify the store
(``PRAGMA integrity_check``) and compares the index with the store
(:func:`indexer.engine.health.check_index`). Each problem becomes a :class:`Finding`; with
``--repair``, what can be repaired is: a missing or altered blob is copied back from a backup
(``--from``, :mod:`coi.store.backup`) when the backup's copy has the right SHA-256, and the index is
rebuilt from the store. A damaged store cannot be repaired in place: it says to restore a backup.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from coi.blobs import BlobStore
from coi.store import Store

Part = Literal["store", "archive", "index"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, and what ``--repair`` did about it (None: nothing, or not asked)."""

    part: Part
    problem: str
    repaired: str | None = None


@dataclass
class CheckReport:
    """Everything one ``coi check`` found."""

    findings: list[Finding] = field(default_factory=list)
    checked: dict[Part, str] = field(default_factory=dict)
    """What was checked in each part, for the summary line of a healthy part."""

    @property
    def unrepaired(self) -> list[Finding]:
        """Problems still there after the run."""
        return [finding for finding in self.findings if finding.repaired is None]

    def format(self) -> str:
        """One line per part checked and per finding, for the terminal."""
        lines = []
        for part, what in self.checked.items():
            problems = [f for f in self.findings if f.part == part]
            lines.append(
                f"{part}: {what}: " + ("ok" if not problems else f"{len(problems)} problem(s)")
            )
            for finding in problems:
                outcome = f" -> repaired: {finding.repaired}" if finding.repaired else ""
                lines.append(f"  {finding.problem}{outcome}")
        if self.unrepaired:
            lines.append(f"{len(self.unrepaired)} problem(s) left")
        return "\n".join(lines)


def check_store(store: Store, report: CheckReport) -> None:
    """SQLite's own check of every page, index and constraint of the store.

    A PostgreSQL server enforces the foreign keys itself and checks its own pages (with
    ``pg_amcheck``, an administrator's tool): coi says so and checks the archive and index.
    """
    if store.dialect == "postgresql":
        report.checked["store"] = "on a PostgreSQL server (pg_amcheck checks its pages)"
        return
    rows = [str(row[0]) for row in store.query("PRAGMA integrity_check")]
    rows += [
        f"{row[0]} row {row[1]} refers to a missing {row[2]} row"
        for row in store.query("PRAGMA foreign_key_check")
    ]
    report.checked["store"] = "integrity_check and foreign keys"
    for row in rows:
        if row != "ok":
            report.findings.append(
                Finding("store", f"{row} (restore the last good backup: `coi restore DIR`)")
            )


def check_archive(
    store: Store,
    report: CheckReport,
    *,
    backup: Path | None = None,
) -> None:
    """Every blob a version cites, hashed again; with ``backup``, bad ones copied back from it."""
    rows = store.query(
        "SELECT sha256, MIN(document_id) AS document_id, COUNT(*) AS uses FROM versions "
        "GROUP BY sha256 ORDER BY sha256"
    )
    spare = BlobStore(backup / "blobs") if backup is not None else None
    for row in rows:
        sha256 = row["sha256"]
        state = store.blobs.check(sha256, again=True)
        if state == "ok":
            continue
        what = "is missing" if state == "missing" else "no longer matches its SHA-256"
        problem = f"blob {sha256} (document {row['document_id']}) {what}"
        report.findings.append(
            Finding("archive", problem, _copy_back(store.blobs, spare, sha256) if spare else None)
        )
    report.checked["archive"] = f"{len(rows)} blobs hashed"


def _copy_back(blobs: BlobStore, spare: BlobStore, sha256: str) -> str | None:
    """Put the backup's copy of a blob in place if it is intact; what was done, or None."""
    if spare.check(sha256, again=True) != "ok":
        return None
    target = blobs.path(sha256)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".tmp-restore-{sha256}")
    shutil.copyfile(spare.path(sha256), temp)
    temp.replace(target)
    return "copied back from the backup" if blobs.check(sha256, again=True) == "ok" else None
