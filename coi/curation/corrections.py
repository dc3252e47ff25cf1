"""Curators' corrections of document metadata.

A correction overrides the machine's value for one field of one document. It lives in its own
table, not in the version, so re-crawls (new versions) and re-tagging (new machine values) never
undo it, and the machine's value stays visible beside it. Each correction bumps the document's
change sequence, so the next index update picks it up. Values are checked against coi's own
vocabularies (:mod:`coi.taxonomy.vocabulary`), only a field whose value changes becomes a
correction, and a form drawn before another curator's change is refused rather than silently undoing
it.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from coi.clock import utc_now
from coi.curation import audit
from coi.errors import CoiError
from coi.models import Document
from coi.store import Store
from coi.taxonomy import vocabulary

CORRECTABLE = ("title", "published", "doc_type", "countries", "topics", "language", "hidden")
"""Fields a curator may correct."""

_LISTS = ("countries", "topics")
_KINDS = {
    "countries": "country code (ISO 3166-1 alpha-3)",
    "topics": "topic of coi's taxonomy",
    "doc_type": "document type",
    "language": "language code (ISO 639-1, or und)",
}
LISTED_IN_FULL = 40
"""Vocabularies this small are listed whole when a value is refused; larger ones are named."""


class CorrectionError(CoiError):
    """A correction names an unknown document or field, or a value of the wrong form."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        """The field whose value is refused, when the error is about one."""


class InvalidValue(CorrectionError):
    """A value the field's vocabulary does not hold (a typo would become a facet value)."""

    def __init__(self, field: str, refused: list[str]) -> None:
        self.refused = refused
        self.suggestions = list(
            dict.fromkeys(s for value in refused for s in vocabulary.closest(field, value))
        )
        valid = vocabulary.VOCABULARIES[field]()
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        listed = f" Valid values: {', '.join(valid)}." if len(valid) <= LISTED_IN_FULL else ""
        super().__init__(
            f"{field}: {', '.join(refused)} is not a {_KINDS[field]} coi knows{hint}{listed}",
            field=field,
        )


class StaleEdit(CorrectionError):
    """The document changed since the curator's form was drawn: saving would undo that change."""

    def __init__(self, doc_id: str, changed: dict[str, tuple[Any, Any, str]]) -> None:
        self.doc_id = doc_id
        self.changed = changed
        """Field -> (value the form showed, value now, who changed it and when)."""
        shown = "; ".join(
            f"{field} is now {_text(now)}, was {_text(seen)} ({by})"
            for field, (seen, now, by) in changed.items()
        )
        super().__init__(
            f"document {doc_id} was changed while you edited it ({shown}); nothing was saved"
        )


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def machine_value(document: Document, field: str) -> Any:
    """What the crawler and the taxonomy decided for ``field`` (shown beside a correction)."""
    version = document.latest
    enrichment = version.enrichment
    values: dict[str, Any] = {
        "title": version.title,
        "published": version.published.isoformat() if version.published else None,
        "doc_type": enrichment.doc_type,
        "countries": sorted(enrichment.countries),
        "topics": sorted(enrichment.topics),
        "language": enrichment.language,
        "hidden": False,
    }
    return values[field]


def shown_value(document: Document, field: str) -> Any:
    """The value readers see for ``field``, in the stored form: corrected, else the machine's."""
    value = document.corrections.get(field, machine_value(document, field))
    return sorted(value) if field in _LISTS else value


def shown_values(document: Document) -> dict[str, Any]:
    """Every correctable field's shown value: what a correction form starts from."""
    return {field: shown_value(document, field) for field in CORRECTABLE}


def validate(field: str, value: Any) -> Any:
    """The value in its stored form, or CorrectionError saying what is wrong with it."""
    if field not in CORRECTABLE:
        raise CorrectionError(f"{field!r} cannot be corrected ({', '.join(CORRECTABLE)} can)")
    if field == "title":
        if not isinstance(value, str) or not value.strip():
            raise CorrectionError("a title cannot be empty", field=field)
        return value.strip()
    if field == "published":
        if value in (None, ""):
            return None
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError as exc:
            raise CorrectionError("a publication date is YYYY-MM-DD", field=field) from exc
    if field in _LISTS:
        items = [value] if isinstance(value, str) else list(value)
        cleaned = sorted({_code(field, str(item)) for item in items if str(item).strip()})
        _check(field, cleaned)
        return cleaned
    if field in ("language", "doc_type"):
        code = _code(field, value) if isinstance(value, str) else ""
        if not code:
            raise CorrectionError(f"{field} cannot be empty", field=field)
        _check(field, [code])
        return code
    return bool(value)


def _code(field: str, value: str) -> str:
    """A code as the vocabulary spells it (country codes in capitals, the rest in lower case)."""
    return value.strip().upper() if field == "countries" else value.strip().lower()


def _check(field: str, values: list[str]) -> None:
    valid = vocabulary.VOCABULARIES[field]()
    refused = [value for value in values if value not in valid]
    if refused:
        raise InvalidValue(field, refused)


def correct(
    store: Store,
    doc_id: str,
    changes: dict[str, Any],
    *,
    actor: str,
    seen: dict[str, Any] | None = None,
) -> Document:
    """Apply corrections to one document, audited, and return the document as now shown.

    Only fields whose value differs from the one shown become corrections; a value equal to the
    machine's drops the correction instead, so re-tagging keeps it up to date. ``seen`` holds
    the values the curator's form showed: when any of them is no longer what the document shows
    (another curator, or a re-crawl, changed it meanwhile), nothing is saved and
    :class:`StaleEdit` says what changed.
    """
    document = store.document(doc_id)
    if document is None:
        raise CorrectionError(f"no document {doc_id!r}")
    cleaned = {field: validate(field, value) for field, value in changes.items()}
    with store.transaction() as db:
        store.lock_document(db, doc_id)
        document = store.document(doc_id)  # read again inside the write lock: nobody changes it now
        assert document is not None
        now = shown_values(document)
        if seen is not None:
            stale = [field for field in CORRECTABLE if field in seen and seen[field] != now[field]]
            if stale:
                by = _changed_by(store, doc_id)
                raise StaleEdit(
                    doc_id,
                    {
                        field: (seen[field], now[field], by.get(field, "a new crawl"))
                        for field in stale
                    },
                )
        updates = {
            field: value for field, value in cleaned.items() if not _same(field, value, now[field])
        }
        for field, value in updates.items():
            if value == machine_value(document, field):
                db.execute(
                    "DELETE FROM corrections WHERE document_id = ? AND field = ?", (doc_id, field)
                )
            else:
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
                before={field: now[field]},
                after={field: value},
            )
        if updates:
            store.bump_change_seq(db, doc_id)
    corrected = store.document(doc_id)
    assert corrected is not None  # it existed a moment ago and nothing deletes documents
    return corrected


def edited(submitted: dict[str, Any], seen: dict[str, Any]) -> set[str]:
    """The fields of a form the curator changed from the values it was drawn with (a value
    refused counts as changed): what to keep of a stale form drawn again over the new values."""
    changed = set()
    for field, value in submitted.items():
        try:
            if field not in seen or not _same(field, validate(field, value), seen[field]):
                changed.add(field)
        except CorrectionError:
            changed.add(field)
    return changed


def _same(field: str, value: Any, shown: Any) -> bool:
    """Whether a submitted value is the one shown (a title as a browser's one-line input sends
    it back, with its runs of white space as they came: no change)."""
    if field == "title" and isinstance(shown, str):
        return " ".join(str(value).split()) == " ".join(shown.split())
    return bool(value == shown)


def _changed_by(store: Store, doc_id: str) -> dict[str, str]:
    """Field -> who last changed it by hand, and when (from the audit trail)."""
    by: dict[str, str] = {}
    for entry in audit.entries(store, target_type="document", target_id=doc_id):
        for field in entry.after if isinstance(entry.after, dict) else ():
            by.setdefault(field, f"{entry.actor}, {entry.time:%Y-%m-%d %H:%M} UTC")
    return by


def withdrawn_at(store: Store, doc_id: str) -> datetime | None:
    """When a curator hid the document from the public, if one did."""
    rows = store.query(
        """SELECT time FROM corrections
           WHERE document_id = ? AND field = 'hidden' AND value = 'true'""",
        (doc_id,),
    )
    return datetime.fromisoformat(rows[0]["time"]) if rows else None


def withdrawn(store: Store) -> list[tuple[str, datetime]]:
    """Every hidden document's id with the time it was hidden, latest first (for the desk)."""
    rows = store.query(
        """SELECT document_id, time FROM corrections WHERE field = 'hidden' AND value = 'true'
           ORDER BY time DESC"""
    )
    return [(row["document_id"], datetime.fromisoformat(row["time"])) for row in rows]


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
