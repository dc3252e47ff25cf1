"""Curators' corrections of document metadata.

A correction overrides the machine's value for one field of one document. It lives in its own
table, not in the version, so re-crawls (new versions) and re-tagging (new machine values) never
undo it, and the machine's value stays visible beside it. Each correction bumps the document's
change sequence, so the next index update (run at once by the web desk) picks it up.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from coi.clock import utc_now
from coi.curation import audit
from coi.errors import CoiError
from coi.models import Document
from coi.store import Store

CORRECTABLE = ("title", "published", "doc_type", "countries", "topics", "language", "hidden")
"""Fields a curator may correct."""

_ISO3 = re.compile(r"^[A-Z]{3}$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LANG = re.compile(r"^([a-z]{2}|und)$")


class CorrectionError(CoiError):
    """A correction names an unknown document or field, or a value of the wrong form."""


def machine_value(document: Document, field: str) -> Any:
    """What the crawler and the taxonomy decided for ``field`` (shown beside a correction)."""
    version = document.latest
    enrichment = version.enrichment
    values: dict[str, Any] = {
        "title": version.title,
        "published": version.published.isoformat() if version.published else None,
        "doc_type": enrichment.doc_type,
        "countries": list(enrichment.countries),
        "topics": list(enrichment.topics),
        "language": enrichment.language,
        "hidden": False,
    }
    return values[field]


def validate(field: str, value: Any) -> Any:
    """The value in its stored form, or CorrectionError saying what is wrong with it."""
    if field not in CORRECTABLE:
        raise CorrectionError(f"{field!r} cannot be corrected ({', '.join(CORRECTABLE)} can)")
    if field == "title":
        if not isinstance(value, str) or not value.strip():
            raise CorrectionError("a title cannot be empty")
        return value.strip()
    if field == "published":
        if value in (None, ""):
            return None
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError as exc:
            raise CorrectionError("a publication date is YYYY-MM-DD") from exc
    if field in ("countries", "topics"):
        items = [value] if isinstance(value, str) else list(value)
        pattern = _ISO3 if field == "countries" else _SLUG
        cleaned = sorted({str(item).strip() for item in items if str(item).strip()})
        bad = [item for item in cleaned if not pattern.match(item)]
        if bad:
            kind = "ISO 3166-1 alpha-3 codes" if field == "countries" else "topic slugs"
            raise CorrectionError(f"{field} must be {kind}; not {', '.join(bad)}")
        return cleaned
    if field == "language":
        if not isinstance(value, str) or not _LANG.match(value):
            raise CorrectionError("a language is an ISO 639-1 code (az, ru, en...) or und")
        return value
    if field == "doc_type":
        if not isinstance(value, str) or not _SLUG.match(value):
            raise CorrectionError("a document type is a slug such as report or news")
        return value
    return bool(value)


def correct(store: Store, doc_id: str, changes: dict[str, Any], *, actor: str) -> Document:
    """Apply corrections to one document, audited, and return the document as now shown."""
    document = store.document(doc_id)
    if document is None:
        raise CorrectionError(f"no document {doc_id!r}")
    cleaned = {field: validate(field, value) for field, value in changes.items()}
    with store.transaction() as db:
        for field, value in cleaned.items():
            before = document.corrections.get(field, machine_value(document, field))
            db.execute(
                """INSERT INTO corrections (document_id, field, value, curator, time)
                   VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT(document_id, field) DO UPDATE SET value = excluded.value,
                     curator = excluded.curator, time = excluded.time""",
                (
                    doc_id,
                    field,
                    json.dumps(value, ensure_ascii=False),
                    actor,
                    utc_now().isoformat(),
                ),
            )
            action = "hide" if field == "hidden" and value else "correct"
            audit.record(
                db,
                actor=actor,
                action=action,
                target_type="document",
                target_id=doc_id,
                before={field: before},
                after={field: value},
            )
        store.bump_change_seq(db, doc_id)
    corrected = store.document(doc_id)
    assert corrected is not None  # it existed a moment ago and nothing deletes documents
    return corrected


def revert(store: Store, doc_id: str, field: str, *, actor: str) -> None:
    """Drop a correction so the machine's value shows again (audited)."""
    document = store.document(doc_id)
    if document is None or field not in document.corrections:
        raise CorrectionError(f"document {doc_id!r} has no correction of {field!r}")
    with store.transaction() as db:
        db.execute("DELETE FROM corrections WHERE document_id = ? AND field = ?", (doc_id, field))
        audit.record(
            db,
            actor=actor,
            action="revert",
            target_type="document",
            target_id=doc_id,
            before={field: document.corrections[field]},
            after={field: machine_value(document, field)},
        )
        store.bump_change_seq(db, doc_id)
