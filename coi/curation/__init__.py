"""Curation: what librarians do to the collection.

Accounts, the audit trail, collections, corrections, source edits, duplicate review and
re-tagging: each a change a person makes and the audit trail records.
"""
