"""Crawl workers (issue 20): several processes share one crawl's frontier through leases.

A URL, a host and a source's seeding are each held by one worker until done or expired, and
per-host politeness (next free time, delay, push-backs) is kept here for all of them. At most one
crawl is open at a time, so workers join it instead of starting another.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"

BIG = sa.BigInteger()
SECONDS = sa.Float(precision=53)
"""Epoch seconds and delays: DOUBLE PRECISION on PostgreSQL (its REAL would round a time of
today to minutes), SQLite's 8-byte REAL."""
ZERO = sa.text("0")


def upgrade() -> None:
    # Older stores may hold several unfinished crawls: all but the newest are closed.
    op.execute(
        "UPDATE crawls SET finished = started WHERE finished IS NULL"
        " AND id < (SELECT MAX(id) FROM crawls WHERE finished IS NULL)"
    )
    op.execute(
        "CREATE UNIQUE INDEX crawls_one_open ON crawls((finished IS NULL)) WHERE finished IS NULL"
    )
    op.add_column("frontier", sa.Column("host", sa.Text, nullable=False, server_default=""))
    op.add_column("frontier", sa.Column("lease_owner", sa.Text))
    op.add_column("frontier", sa.Column("lease_until", SECONDS))
    op.create_index("frontier_host", "frontier", ["crawl_id", "host", "state", "added"])
    op.create_table(
        "crawl_hosts",
        sa.Column("crawl_id", BIG, sa.ForeignKey("crawls.id"), nullable=False),
        sa.Column("host", sa.Text, nullable=False),
        sa.Column("free_at", SECONDS, nullable=False, server_default=ZERO),
        sa.Column("delay", SECONDS, nullable=False, server_default=ZERO),
        sa.Column("pushbacks", sa.Integer, nullable=False, server_default=ZERO),
        sa.Column("holder", sa.Text),
        sa.Column("held_until", SECONDS, nullable=False, server_default=ZERO),
        sa.PrimaryKeyConstraint("crawl_id", "host"),
    )
    # the URLs of a crawl left open by an older coi wait under one host-less entry
    op.execute(
        "INSERT INTO crawl_hosts (crawl_id, host) SELECT DISTINCT crawl_id, '' FROM frontier"
    )
    op.create_table(
        "crawl_seeds",
        sa.Column("crawl_id", BIG, sa.ForeignKey("crawls.id"), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("seeded", sa.Integer, nullable=False, server_default=ZERO),
        sa.Column("holder", sa.Text),
        sa.Column("held_until", SECONDS, nullable=False, server_default=ZERO),
        sa.PrimaryKeyConstraint("crawl_id", "source"),
    )
