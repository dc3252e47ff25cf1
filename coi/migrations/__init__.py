"""The store's one migration history, for SQLite and PostgreSQL alike (Alembic revisions).

Revision ``0009`` is the schema the SQLite-only steps of :mod:`coi.schema` had reached (their
ninth step): a new store, on either back-end, starts from it. An older SQLite store is brought
to step 9 by those steps and stamped ``0009``; from there every store follows the revisions in
``versions/``. A new change of the schema is a new revision there (``down_revision`` = the
last one), written with Alembic's operations so that it runs on both back-ends.
"""
