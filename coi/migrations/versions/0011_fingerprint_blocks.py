"""Near-duplicate look-up by four 16-bit blocks instead of eight 8-bit bands (issue 17).

A save's look-up of eight bands found about N/32 candidates in a store of N documents, and
replacing a document's bands scanned the whole band table. ``fingerprint_blocks`` holds each
fingerprint under four keys (block number << 16 | the block's 16 bits) with its hash, so a
look-up of the keys within one bit of each block finds about N/1,000 candidates and checks them
without another read (:mod:`coi.duplicate_detection`). The blocks of the stored fingerprints
are computed here, so an old store keeps finding its duplicates; the bands go.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"

BLOCKS = 4
BLOCK_BITS = 16


def upgrade() -> None:
    op.create_table(
        "fingerprint_blocks",
        sa.Column("block", sa.Integer, nullable=False),
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("simhash", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("block", "document_id"),
        sqlite_with_rowid=False,
    )
    # block n of a hash, as stored (signed 64-bit): the shift may carry the sign, the mask not
    mask = (1 << BLOCK_BITS) - 1
    blocks = " UNION ALL ".join(
        f"SELECT {n << BLOCK_BITS} + ((simhash >> {BLOCK_BITS * n}) & {mask}), document_id,"
        " simhash FROM fingerprints"
        for n in range(BLOCKS)
    )
    op.execute(f"INSERT INTO fingerprint_blocks (block, document_id, simhash) {blocks}")
    op.drop_table("fingerprint_bands")
    with op.batch_alter_table("fingerprints") as batch:
        batch.drop_column("bands")
