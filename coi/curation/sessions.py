"""Curators' login sessions, kept in the store so that a session can be ended for good.

The browser holds a random token in coi's signed session cookie; the store holds only its
SHA-256, so neither a copy of the store nor a log gives anyone a session. Logging out deletes
the row: the cookie, even replayed by whoever copied it, then opens nothing. Disabling an
account ends all of its sessions (:func:`coi.curation.accounts.set_disabled`).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from coi.clock import utc_now
from coi.store import Store


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(store: Store, user: str, *, lifetime: timedelta) -> str:
    """A new session for ``user``; returns the token for the cookie. Expired rows go too."""
    token = secrets.token_urlsafe(32)
    now = utc_now()
    with store.transaction() as db:
        db.execute("DELETE FROM sessions WHERE created < ?", ((now - lifetime).isoformat(),))
        db.execute(
            'INSERT INTO sessions (token_sha256, "user", created) VALUES (?, ?, ?)',
            (_digest(token), user, now.isoformat()),
        )
    return token


def user_of(store: Store, token: str, *, lifetime: timedelta) -> str | None:
    """The user whose live session ``token`` is, or None (unknown, ended or expired)."""
    if not token:
        return None
    rows = store.query(
        'SELECT "user" FROM sessions WHERE token_sha256 = ? AND created >= ?',
        (_digest(token), (utc_now() - lifetime).isoformat()),
    )
    return str(rows[0]["user"]) if rows else None


def end(store: Store, token: str) -> None:
    """End one session (logging out)."""
    with store.transaction() as db:
        db.execute("DELETE FROM sessions WHERE token_sha256 = ?", (_digest(token),))
