"""Researcher, curator and administrator accounts.

Reading coi needs no account (both sides of a case must see the same material); changing
anything does. Passwords are hashed with werkzeug's salted scrypt (maintained with Flask, so
no extra dependency) and never stored or logged in clear. Checking a password costs the same
whether the name exists or not (an unknown name is checked against a dummy hash), so the time
a login takes does not tell which names have accounts.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from werkzeug.security import check_password_hash, generate_password_hash

from coi.clock import utc_now
from coi.curation import audit
from coi.errors import CoiError
from coi.store import Store

Role = Literal["researcher", "curator", "admin"]
ROLES: tuple[Role, ...] = ("researcher", "curator", "admin")
"""Lowest first: a researcher reads what is public and keeps research questions; a curator
also changes the collection; an administrator also manages accounts and sources."""
MIN_PASSWORD_LENGTH = 10
_NAME = re.compile(r"^[A-Za-z0-9._-]{2,40}$")


class AccountError(CoiError):
    """An account cannot be created or changed as asked."""


@dataclass(frozen=True, slots=True, kw_only=True)
class User:
    """A person who may change the collection."""

    name: str
    role: Role
    disabled: bool

    @property
    def is_curator(self) -> bool:
        """Curators and administrators may change the collection; researchers may not."""
        return self.role in ("curator", "admin")

    @property
    def is_admin(self) -> bool:
        """Administrators may also manage accounts and sources."""
        return self.role == "admin"


def add_user(store: Store, name: str, role: str, password: str, *, actor: str) -> User:
    """Create an account; the password is hashed before it touches the store."""
    if not _NAME.match(name):
        raise AccountError("a user name is 2-40 letters, digits, '.', '_' or '-'")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if get_user(store, name) is not None:
        raise AccountError(f"user {name!r} exists already")
    with store.transaction() as db:
        db.execute(
            "INSERT INTO users (name, role, password_hash, created) VALUES (?, ?, ?, ?)",
            (name, role, generate_password_hash(password), utc_now().isoformat()),
        )
        audit.record(
            db,
            actor=actor,
            action="user.add",
            target_type="user",
            target_id=name,
            after={"role": role},
        )
    return User(name=name, role=role, disabled=False)


def get_user(store: Store, name: str) -> User | None:
    """The account called ``name``, if any."""
    rows = store.query("SELECT name, role, disabled FROM users WHERE name = ?", (name,))
    if not rows:
        return None
    row = rows[0]
    return User(name=row["name"], role=row["role"], disabled=bool(row["disabled"]))


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash no password matches, made like real ones, to check unknown names against (the
    web app makes it at start, so that even the first unknown name takes as long as a known)."""
    return generate_password_hash(secrets.token_urlsafe(32))


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user if ``password`` is right and the account is active, else None (in the same
    time for a name that does not exist)."""
    rows = store.query("SELECT password_hash FROM users WHERE name = ?", (name,))
    stored = rows[0]["password_hash"] if rows else dummy_hash()
    if not check_password_hash(stored, password) or not rows:
        return None
    user = get_user(store, name)
    return user if user is not None and not user.disabled else None


def list_users(store: Store) -> list[User]:
    """Every account, by name."""
    rows = store.query("SELECT name, role, disabled FROM users ORDER BY name")
    return [User(name=r["name"], role=r["role"], disabled=bool(r["disabled"])) for r in rows]


def set_disabled(store: Store, name: str, disabled: bool, *, actor: str) -> None:
    """Disable (or re-enable) an account; its audit history stays, its sessions end."""
    if get_user(store, name) is None:
        raise AccountError(f"no user {name!r}")
    with store.transaction() as db:
        db.execute("UPDATE users SET disabled = ? WHERE name = ?", (int(disabled), name))
        if disabled:
            db.execute('DELETE FROM sessions WHERE "user" = ?', (name,))
        audit.record(
            db,
            actor=actor,
            action="user.disable" if disabled else "user.enable",
            target_type="user",
            target_id=name,
        )
