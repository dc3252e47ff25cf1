"""Documents and every version of them, with their archived bytes and change sequence.

Every change that the indexer must see bumps the document's ``change_seq``, so an incremental
index run asks only for documents changed since the sequence number it last reached.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from typing import Literal

from coi import duplicate_detection
from coi.database import Db, Dialect, Row
from coi.models import Document, Enrichment, Extracted, Fetched, Version
from coi.store.base import StoreBase, required_datetime

FetchOutcome = Literal["new", "changed", "unchanged"]

CHANGED_BATCH = 100
"""Documents :meth:`DocumentsStore.changed_since` reads at a time. A batch's rows and documents
are held together while it is read: 500 documents of 3,000 words made a build's parent 42 MB
larger than 100 do (1,000 documents read and turned into index fields: 207 MB against 165 MB),
and 100 documents are still one query per second of a build."""

PROVENANCE_HEADERS = ("etag", "last-modified", "content-type", "date", "content-language")
"""Response headers archived with a version (the rest say nothing about the document)."""


def document_id_for(url: str) -> str:
    """A document's stable id: the first 16 hex digits of the SHA-256 of its canonical URL."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


class DocumentsStore(StoreBase):
    """Documents, their versions and the change sequence the indexer follows."""

    def save_fetch(
        self,
        *,
        source: str,
        fetched: Fetched,
        extracted: Extracted,
        enrichment: Enrichment,
        document_id: str | None = None,
    ) -> FetchOutcome:
        """Archive a fetched body and record it as a new version if its text changed.

        The blob is written (atomically) before the row that names it, so a crash in between
        leaves at worst an unreferenced blob, never a version without its archived bytes.

        Returns:
            ``new`` for a document seen for the first time, ``changed`` when its title or text
            differ from the latest version, ``unchanged`` otherwise (only ``last_checked``,
            the conditional-request validators and a ``gone`` flag are updated).
        """
        sha = self.blobs.put(fetched.body)
        text_sha = hashlib.sha256(f"{extracted.title}\n{extracted.text}".encode()).hexdigest()
        doc_id = document_id or document_id_for(fetched.url)
        now = fetched.retrieved.isoformat()
        with self.transaction() as db:
            self.lock_document(db, doc_id)
            row = db.execute(
                """SELECT d.id, v.text_sha256 FROM documents d
                   LEFT JOIN versions v ON v.id = d.latest_version WHERE d.id = ?""",
                (doc_id,),
            ).fetchone()
            etag = fetched.headers.get("etag")
            last_modified = fetched.headers.get("last-modified")
            if row is not None and row["text_sha256"] == text_sha:
                db.execute(
                    """UPDATE documents SET last_checked = ?, etag = ?, last_modified = ?,
                       gone = 0, change_seq = CASE WHEN gone = 1 THEN ? ELSE change_seq END
                       WHERE id = ?""",
                    (now, etag, last_modified, self._next_seq(db), doc_id),
                )
                return "unchanged"
            if row is None:
                db.execute(
                    """INSERT INTO documents (id, url, source, first_seen, last_checked,
                       etag, last_modified, change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, 0)""",
                    (doc_id, fetched.url, source, now, now, etag, last_modified),
                )
            version_id = self._insert_version(
                db, doc_id, sha, text_sha, fetched, extracted, enrichment
            )
            db.execute(
                """UPDATE documents SET latest_version = ?, last_checked = ?, etag = ?,
                   last_modified = ?, gone = 0, change_seq = ? WHERE id = ?""",
                (version_id, now, etag, last_modified, self._next_seq(db), doc_id),
            )
            group = duplicate_detection.register(db, doc_id, extracted.text, text_sha)
            if group is not None and group != doc_id:
                self.bump_change_seq(db, group)  # its "also at" list grew
            return "new" if row is None else "changed"

    def _insert_version(
        self,
        db: Db,
        doc_id: str,
        sha: str,
        text_sha: str,
        fetched: Fetched,
        extracted: Extracted,
        enrichment: Enrichment,
    ) -> int:
        headers = {k: v for k, v in fetched.headers.items() if k.lower() in PROVENANCE_HEADERS}
        row = db.execute(
            """INSERT INTO versions (document_id, retrieved, http_status, content_type, sha256,
               size, text_sha256, title, text, published, author, language, language_shares,
               countries, countries_mentioned, topics, doc_type, headers, pages, declared_type,
               published_from, published_precision, publisher, declared_language)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               RETURNING id""",
            (
                doc_id,
                fetched.retrieved.isoformat(),
                fetched.status,
                fetched.content_type,
                sha,
                len(fetched.body),
                text_sha,
                extracted.title,
                extracted.text,
                extracted.published.isoformat() if extracted.published else None,
                extracted.author,
                *_enrichment_columns(enrichment),
                json.dumps(headers),
                json.dumps(list(extracted.pages)),
                extracted.declared_type,
                extracted.published_from if extracted.published else None,
                extracted.published_precision,
                extracted.publisher,
                extracted.declared_language,
            ),
        ).fetchone()
        return int(row[0])

    def update_enrichment(self, doc_id: str, enrichment: Enrichment) -> bool:
        """Replace the machine's tags of a document's latest version (after a taxonomy change).

        Tags are derived data, not part of the archive: the original bytes, text and title of
        the version stay as retrieved. Returns True when anything changed (and the document is
        then re-indexed on the next index update).
        """
        with self.transaction() as db:
            self.lock_document(db, doc_id)
            row = db.execute(
                """SELECT v.id, v.language, v.language_shares, v.countries,
                          v.countries_mentioned, v.topics, v.doc_type
                   FROM documents d JOIN versions v ON v.id = d.latest_version WHERE d.id = ?""",
                (doc_id,),
            ).fetchone()
            if row is None:
                return False
            new = _enrichment_columns(enrichment)
            if tuple(row)[1:] == new:
                return False
            db.execute(
                """UPDATE versions SET language = ?, language_shares = ?, countries = ?,
                   countries_mentioned = ?, topics = ?, doc_type = ? WHERE id = ?""",
                (*new, row["id"]),
            )
            self.bump_change_seq(db, doc_id)
            return True

    def document_ids(self) -> list[str]:
        """Ids of every stored document, oldest first (then in the order their latest versions
        were stored, which reads those versions in the order they lie on disk)."""
        rows = self._db.execute(
            """SELECT id FROM documents WHERE latest_version IS NOT NULL
               ORDER BY first_seen, latest_version"""
        ).fetchall()
        return [row["id"] for row in rows]

    def mark_not_modified(self, url: str, when: datetime) -> None:
        """A conditional request answered 304: the document is unchanged as of ``when``."""
        with self.transaction() as db:
            db.execute(
                "UPDATE documents SET last_checked = ? WHERE url = ?", (when.isoformat(), url)
            )

    def mark_gone(self, url: str, when: datetime) -> bool:
        """The URL answered 404/410: flag its document gone (never delete). True if one existed."""
        with self.transaction() as db:
            cursor = db.execute(
                """UPDATE documents SET gone = 1, last_checked = ?, change_seq = ?
                   WHERE url = ? AND gone = 0""",
                (when.isoformat(), self._next_seq(db), url),
            )
            return cursor.rowcount > 0

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """ETag and Last-Modified of the stored document at ``url``, for a conditional request."""
        row = self._db.execute(
            "SELECT etag, last_modified FROM documents WHERE url = ?", (url,)
        ).fetchone()
        return (row["etag"], row["last_modified"]) if row else (None, None)

    def document(self, doc_id: str) -> Document | None:
        """The document with this id and its latest version, if stored."""
        row = self._db.execute(
            _document_sql(self.dialect) + " WHERE d.id = ?", (doc_id,)
        ).fetchone()
        return _document(row) if row else None

    def document_by_url(self, url: str) -> Document | None:
        """The document stored for this canonical URL, if any."""
        row = self._db.execute(_document_sql(self.dialect) + " WHERE d.url = ?", (url,)).fetchone()
        return _document(row) if row else None

    def versions(self, doc_id: str) -> list[Version]:
        """Every archived version of a document, oldest first."""
        rows = self._db.execute(
            "SELECT * FROM versions WHERE document_id = ? ORDER BY id", (doc_id,)
        ).fetchall()
        return [_version(row) for row in rows]

    def changed_since(self, seq: int) -> Iterator[tuple[int, Document]]:
        """Documents whose ``change_seq`` is above ``seq``, in increasing order of it.

        Read in batches: psycopg holds a whole result in memory, and a full rebuild reads every
        text in the store.
        """
        sql = _document_sql(self.dialect) + " WHERE d.change_seq > ? ORDER BY d.change_seq LIMIT ?"
        while True:
            rows = self._db.execute(sql, (seq, CHANGED_BATCH)).fetchall()
            for row in rows:
                yield row["change_seq"], _document(row)
            if len(rows) < CHANGED_BATCH:
                return
            seq = rows[-1]["change_seq"]

    def change_seq(self) -> int:
        """The highest change sequence number handed out so far."""
        row = self._db.execute("SELECT value FROM counters WHERE name = 'change_seq'").fetchone()
        return int(row[0])

    def document_count(self) -> int:
        """How many documents (with at least one version) the store holds."""
        row = self._db.execute(
            "SELECT COUNT(*) FROM documents WHERE latest_version IS NOT NULL"
        ).fetchone()
        return int(row[0])

    def counts_by(self, column: Literal["source", "language"]) -> Counter[str]:
        """Document counts by source or by language of the latest version."""
        table = "d" if column == "source" else "v"
        rows = self._db.execute(
            f"""SELECT {table}.{column} AS key, COUNT(*) AS n FROM documents d
                JOIN versions v ON v.id = d.latest_version GROUP BY key"""
        ).fetchall()
        return Counter({row["key"]: row["n"] for row in rows})


def _enrichment_columns(enrichment: Enrichment) -> tuple[str | None, ...]:
    """A version's tag columns as stored: language, its shares, countries, countries
    mentioned, topics, type."""
    return (
        enrichment.language,
        json.dumps(enrichment.language_shares),
        json.dumps(list(enrichment.countries)),
        json.dumps(list(enrichment.countries_mentioned)),
        json.dumps(list(enrichment.topics)),
        enrichment.doc_type,
    )


_CORRECTIONS_OBJECT: dict[Dialect, str] = {
    "sqlite": "json_group_object(k.field, json(k.value))",
    "postgresql": "json_object_agg(k.field, k.value::json)::text",
}
"""A document's corrections as one JSON object: the one place the two back-ends' SQL differs
(neither has the other's JSON aggregate)."""


def _document_sql(dialect: Dialect) -> str:
    return _DOCUMENT_SQL.format(corrections=_CORRECTIONS_OBJECT[dialect])


_DOCUMENT_SQL = """
    SELECT d.id AS doc_id, d.url, d.source, d.first_seen, d.last_checked, d.gone, d.change_seq,
           (SELECT COUNT(*) FROM versions c WHERE c.document_id = d.id) AS version_count,
           (SELECT {corrections} FROM corrections k WHERE k.document_id = d.id) AS corrections,
           v.*
    FROM documents d JOIN versions v ON v.id = d.latest_version
"""


def _document(row: Row) -> Document:
    return Document(
        id=row["doc_id"],
        url=row["url"],
        source=row["source"],
        first_seen=required_datetime(row["first_seen"]),
        last_checked=required_datetime(row["last_checked"]),
        gone=bool(row["gone"]),
        latest=_version(row),
        version_count=row["version_count"],
        corrections=json.loads(row["corrections"] or "{}"),
    )


def _version(row: Row) -> Version:
    return Version(
        id=row["id"],
        document_id=row["document_id"],
        retrieved=required_datetime(row["retrieved"]),
        http_status=row["http_status"],
        content_type=row["content_type"],
        sha256=row["sha256"],
        size=row["size"],
        title=row["title"],
        text=row["text"],
        published=date.fromisoformat(row["published"]) if row["published"] else None,
        author=row["author"],
        headers=json.loads(row["headers"]),
        pages=tuple(json.loads(row["pages"])),
        declared_type=row["declared_type"],
        published_from=row["published_from"],
        published_precision=row["published_precision"],
        publisher=row["publisher"],
        declared_language=row["declared_language"],
        enrichment=Enrichment(
            language=row["language"],
            language_shares=json.loads(row["language_shares"]),
            countries=tuple(json.loads(row["countries"])),
            countries_mentioned=tuple(json.loads(row["countries_mentioned"])),
            topics=tuple(json.loads(row["topics"])),
            doc_type=row["doc_type"],
        ),
    )
