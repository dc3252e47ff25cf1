"""The schema of the SQLite-only migration steps 1 to 9, on either back-end.

A new store starts here; an older SQLite store is brought to step 9 by those steps (see
:mod:`coi.schema`) and stamped with this revision, so both reach the same tables.

Revision ID: 0009
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
"""An automatic id: BIGSERIAL on PostgreSQL, SQLite's rowid (AUTOINCREMENT: never reused)."""
BIG = sa.BigInteger()
"""64-bit integers (SQLite's INTEGER is 64-bit anyway; PostgreSQL's is 32-bit)."""


def _text(default: str) -> sa.TextClause:
    return sa.text("'" + default.replace("'", "''") + "'")


ZERO = sa.text("0")


def _id() -> sa.Column[int]:
    return sa.Column("id", ID, primary_key=True, autoincrement=True)


def upgrade() -> None:
    _crawling()
    _desk()
    _duplicates()
    _research()
    if op.get_bind().dialect.name == "postgresql":
        # SQLite's instr(), which finding a quoted passage's document uses
        op.execute(
            "CREATE FUNCTION instr(text, text) RETURNS integer LANGUAGE sql IMMUTABLE"
            " AS 'SELECT strpos($1, $2)'"
        )


def _crawling() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("country", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=_text("")),
        sa.Column("start_urls", sa.Text, nullable=False, server_default=_text("[]")),
        sa.Column("last_crawled", sa.Text),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("url", sa.Text, nullable=False, unique=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("first_seen", sa.Text, nullable=False),
        sa.Column("last_checked", sa.Text, nullable=False),
        sa.Column("gone", sa.Integer, nullable=False, server_default=ZERO),
        sa.Column("latest_version", BIG),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("change_seq", BIG, nullable=False),
    )
    op.create_index("documents_change_seq", "documents", ["change_seq"])
    op.create_index("documents_source", "documents", ["source"])
    op.create_table(
        "versions",
        _id(),
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("retrieved", sa.Text, nullable=False),
        sa.Column("http_status", sa.Integer, nullable=False),
        sa.Column("content_type", sa.Text, nullable=False),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("size", BIG, nullable=False),
        sa.Column("text_sha256", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("published", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("language", sa.Text, nullable=False),
        sa.Column("language_shares", sa.Text, nullable=False, server_default=_text("{}")),
        sa.Column("countries", sa.Text, nullable=False, server_default=_text("[]")),
        sa.Column("countries_mentioned", sa.Text, nullable=False, server_default=_text("[]")),
        sa.Column("topics", sa.Text, nullable=False, server_default=_text("[]")),
        sa.Column("doc_type", sa.Text, nullable=False, server_default=_text("other")),
        sa.Column("headers", sa.Text, nullable=False, server_default=_text("{}")),
        sa.Column("pages", sa.Text, nullable=False, server_default=_text("[]")),
        sa.Column("declared_type", sa.Text),
        sa.Column("published_from", sa.Text),
        sa.Column("published_precision", sa.Text, nullable=False, server_default=_text("day")),
        sa.Column("publisher", sa.Text),
        sa.Column("declared_language", sa.Text),
        sqlite_autoincrement=True,
    )
    op.create_index("versions_document", "versions", ["document_id"])
    op.create_index("versions_text", "versions", ["text_sha256"])
    op.create_table(
        "crawls",
        _id(),
        sa.Column("started", sa.Text, nullable=False),
        sa.Column("finished", sa.Text),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "frontier",
        sa.Column("crawl_id", BIG, sa.ForeignKey("crawls.id"), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("depth", sa.Integer, nullable=False),
        sa.Column("state", sa.Text, nullable=False, server_default=_text("pending")),
        sa.Column("added", BIG, nullable=False),
        sa.PrimaryKeyConstraint("crawl_id", "url"),
    )
    op.create_index("frontier_pending", "frontier", ["crawl_id", "state", "added"])
    op.create_table(
        "crawl_log",
        _id(),
        sa.Column("crawl_id", BIG),
        sa.Column("time", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("event", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False, server_default=_text("")),
        sa.Column("http_status", sa.Integer),
        sqlite_autoincrement=True,
    )
    op.create_index("crawl_log_crawl", "crawl_log", ["crawl_id", "event"])
    counters = op.create_table(
        "counters",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("value", BIG, nullable=False),
    )
    op.bulk_insert(counters, [{"name": "change_seq", "value": 0}])
    op.create_table(
        "url_failures",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_crawl", BIG, nullable=False),
        sa.Column("last_failed", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_table(
        "source_outcomes",
        sa.Column("source_id", sa.Text, primary_key=True),
        sa.Column("crawl_id", BIG, nullable=False),
        sa.Column("time", sa.Text, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("stored", sa.Integer, nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.CheckConstraint("outcome IN ('reached', 'errors', 'unreachable')"),
    )


def _desk() -> None:
    op.create_table(
        "users",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("disabled", sa.Integer, nullable=False, server_default=ZERO),
        sa.CheckConstraint("role IN ('researcher', 'curator', 'admin')"),
    )
    op.create_table(
        "sessions",
        sa.Column("token_sha256", sa.Text, primary_key=True),
        sa.Column("user", sa.Text, nullable=False),
        sa.Column("created", sa.Text, nullable=False),
    )
    op.create_index("sessions_user", "sessions", ["user"])
    op.create_table(
        "collections",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=_text("")),
        sa.Column("public", sa.Integer, nullable=False, server_default=ZERO),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("updated", sa.Text, nullable=False),
    )
    op.create_table(
        "collection_items",
        sa.Column(
            "collection_id",
            sa.Text,
            sa.ForeignKey("collections.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=_text("")),
        sa.Column("added", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("collection_id", "document_id"),
    )
    op.create_index("collection_items_document", "collection_items", ["document_id"])
    op.create_table(
        "corrections",
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("curator", sa.Text, nullable=False),
        sa.Column("time", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("document_id", "field"),
    )
    op.create_table(
        "source_edits",
        sa.Column("source_id", sa.Text, sa.ForeignKey("sources.id"), primary_key=True),
        sa.Column("description", sa.Text),
        sa.Column("kind", sa.Text),
        sa.Column("country", sa.Text),
        sa.Column("paused", sa.Integer, nullable=False, server_default=ZERO),
        sa.Column("curator", sa.Text, nullable=False),
        sa.Column("time", sa.Text, nullable=False),
    )
    op.create_table(
        "audit",
        _id(),
        sa.Column("time", sa.Text, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("target_type", sa.Text, nullable=False),
        sa.Column("target_id", sa.Text, nullable=False),
        sa.Column("before", sa.Text, nullable=False, server_default=_text("null")),
        sa.Column("after", sa.Text, nullable=False, server_default=_text("null")),
        sqlite_autoincrement=True,
    )
    op.create_index("audit_target", "audit", ["target_type", "target_id"])
    op.create_index("audit_actor", "audit", ["actor"])


def _duplicates() -> None:
    op.create_table(
        "fingerprints",
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("text_sha256", sa.Text, nullable=False),
        sa.Column("simhash", BIG, nullable=False),
        sa.Column("bands", sa.Text, nullable=False),
    )
    op.create_index("fingerprints_text", "fingerprints", ["text_sha256"])
    op.create_table(
        "fingerprint_bands",
        sa.Column("band", sa.Integer, nullable=False),
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id"), nullable=False),
        sa.PrimaryKeyConstraint("band", "document_id"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "duplicate_groups",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("preferred", sa.Text, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("confirmed", sa.Integer, nullable=False, server_default=ZERO),
    )
    op.create_table(
        "duplicate_members",
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("group_id", sa.Text, sa.ForeignKey("duplicate_groups.id"), nullable=False),
        sa.Column("method", sa.Text, nullable=False),
        sa.Column("distance", sa.Integer, nullable=False),
    )
    op.create_index("duplicate_members_group", "duplicate_members", ["group_id"])
    op.create_table(
        "not_duplicates",
        sa.Column("a", sa.Text, nullable=False),
        sa.Column("b", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("a", "b"),
    )


def _question_id() -> sa.ForeignKey:
    """A reference to a question: its searches, passages and answers go with it."""
    return sa.ForeignKey("questions.id", ondelete="CASCADE")


def _research() -> None:
    op.create_table(
        "questions",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=_text("")),
        sa.Column("countries", sa.Text, nullable=False, server_default=_text("[]")),
        sa.Column("topics", sa.Text, nullable=False, server_default=_text("[]")),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("share_token", sa.Text),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("updated", sa.Text, nullable=False),
    )
    op.create_index("questions_owner", "questions", ["owner"])
    op.create_table(
        "question_searches",
        _id(),
        sa.Column("question_id", sa.Text, _question_id(), nullable=False),
        sa.Column("time", sa.Text, nullable=False),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("filters", sa.Text, nullable=False, server_default=_text("{}")),
        sa.Column("hits", sa.Integer, nullable=False),
        sa.Column("expanded", sa.Text, nullable=False, server_default=_text("[]")),
        sa.Column("nothing_relevant", sa.Integer, nullable=False, server_default=ZERO),
        sqlite_autoincrement=True,
    )
    op.create_index("question_searches_question", "question_searches", ["question_id"])
    op.create_table(
        "passages",
        _id(),
        sa.Column("question_id", sa.Text, _question_id(), nullable=False),
        sa.Column("heading", sa.Text, nullable=False, server_default=_text("")),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("version_id", BIG, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("page", sa.Integer),
        sa.Column("note", sa.Text, nullable=False, server_default=_text("")),
        sa.Column("language", sa.Text, nullable=False),
        sa.Column("translation", sa.Text, nullable=False, server_default=_text("")),
        sa.Column("added", sa.Text, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("passages_question", "passages", ["question_id", "position"])
    op.create_table(
        "answers",
        sa.Column("question_id", sa.Text, _question_id(), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("frozen", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.Text, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("question_id", "number"),
    )
