"""Research questions: a question, the searches run for it, and the passages that answer it.

COI methodology asks that every statement be referenced and every source consulted be listed,
even those that gave nothing. So a question keeps its search log (time, query, filters, hits,
expansion; a search can be marked "nothing relevant found") and its passages, each the exact
quote with the document, the archived version it was read in (its SHA-256) and the page: a
passage stays citable when the page changes or disappears online. Nothing of a claimant's
identity is asked for; the log lives with the question, never in server logs.

A question is private to its owner; the owner can make a share link, which lets anyone logged
in to this coi read (not change) it.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, replace
from datetime import datetime

from coi.clock import utc_now
from coi.database import Db, Row
from coi.errors import CoiError
from coi.store import Store
from coi.store.base import required_datetime


class ResearchError(CoiError):
    """A question, search or passage named does not exist, or the change is not possible."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LoggedSearch:
    """One search run from inside a question."""

    id: int
    time: datetime
    query: str
    filters: dict[str, list[str]]
    hits: int
    expanded: tuple[str, ...]
    """Terms the thesaurus added in the other languages."""
    nothing_relevant: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Passage:
    """An exact quote saved to a question, citing the version it was read in."""

    id: int
    heading: str
    position: int
    document_id: str
    version_id: int
    sha256: str
    quote: str
    page: int | None
    note: str
    language: str
    translation: str
    """The officer's own translation of a Russian or Azerbaijani quote (may be empty)."""
    added: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """A research question with its log and passages (passages in their order)."""

    id: str
    title: str
    description: str
    countries: tuple[str, ...]
    topics: tuple[str, ...]
    owner: str
    share_token: str | None
    created: datetime
    updated: datetime
    searches: tuple[LoggedSearch, ...] = ()
    passages: tuple[Passage, ...] = ()

    def headings(self) -> list[tuple[str, list[Passage]]]:
        """The passages grouped under their headings, headings in the order first used."""
        groups: dict[str, list[Passage]] = {}
        for passage in self.passages:
            groups.setdefault(passage.heading, []).append(passage)
        return list(groups.items())


def create(
    store: Store,
    title: str,
    *,
    owner: str,
    description: str = "",
    countries: tuple[str, ...] = (),
    topics: tuple[str, ...] = (),
) -> Question:
    """A new private question owned by ``owner``; its id is random, not guessable."""
    if not title.strip():
        raise ResearchError("a question needs a title")
    question_id = secrets.token_hex(8)
    now = utc_now().isoformat()
    with store.transaction() as db:
        db.execute(
            """INSERT INTO questions (id, title, description, countries, topics, owner,
               created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                question_id,
                title.strip(),
                description.strip(),
                json.dumps(list(countries)),
                json.dumps(list(topics)),
                owner,
                now,
                now,
            ),
        )
    return _get(store, question_id)


def list_owned(store: Store, owner: str) -> list[Question]:
    """The questions ``owner`` keeps, most recently changed first (without log and passages)."""
    rows = store.query("SELECT * FROM questions WHERE owner = ? ORDER BY updated DESC", (owner,))
    return [_question(row) for row in rows]


def readable(store: Store, question_id: str, reader: str, token: str = "") -> Question | None:
    """The question if ``reader`` owns it or came with its share link, else None (so a
    private question's existence is not told)."""
    found = _find(store, question_id)
    if found is None:
        return None
    if found.owner == reader or (
        found.share_token and token and secrets.compare_digest(token, found.share_token)
    ):
        return found
    return None


def by_id(store: Store, question_id: str) -> Question | None:
    """The question whoever owns it: for the command line, whose user holds the data directory
    and so reads everything in it anyway."""
    return _find(store, question_id)


def owned(store: Store, question_id: str, owner: str) -> Question:
    """The question, if ``owner`` owns it (only the owner changes a question)."""
    found = _find(store, question_id)
    if found is None or found.owner != owner:
        raise ResearchError(f"no question {question_id} of yours")
    return found


def share(store: Store, question_id: str, owner: str, *, shared: bool = True) -> str | None:
    """Make (or withdraw) the question's share link token."""
    owned(store, question_id, owner)
    token = secrets.token_urlsafe(16) if shared else None
    with store.transaction() as db:
        db.execute("UPDATE questions SET share_token = ? WHERE id = ?", (token, question_id))
    return token


def log_search(
    store: Store,
    question_id: str,
    owner: str,
    *,
    query: str,
    filters: dict[str, list[str]],
    hits: int,
    expanded: tuple[str, ...],
) -> int:
    """Record a search run from inside the question; returns its id in the log."""
    owned(store, question_id, owner)
    with store.transaction() as db:
        logged = db.execute(
            """INSERT INTO question_searches (question_id, time, query, filters, hits, expanded)
               VALUES (?, ?, ?, ?, ?, ?) RETURNING id""",
            (
                question_id,
                utc_now().isoformat(),
                query,
                json.dumps(filters, ensure_ascii=False),
                hits,
                json.dumps(list(expanded), ensure_ascii=False),
            ),
        ).fetchone()
        _touch(db, question_id)
    return int(logged[0])


def mark_nothing_relevant(
    store: Store, question_id: str, owner: str, search_id: int, *, nothing: bool = True
) -> None:
    """Mark a logged search as having found nothing relevant (or undo that)."""
    owned(store, question_id, owner)
    with store.transaction() as db:
        changed = db.execute(
            """UPDATE question_searches SET nothing_relevant = ?
               WHERE id = ? AND question_id = ?""",
            (int(nothing), search_id, question_id),
        ).rowcount
        if not changed:
            raise ResearchError(f"no search {search_id} in this question")
        _touch(db, question_id)


def add_passage(
    store: Store,
    question_id: str,
    owner: str,
    *,
    document_id: str,
    quote: str,
    heading: str = "",
    page: int | None = None,
    note: str = "",
    translation: str = "",
    version_id: int | None = None,
) -> Passage:
    """Save an exact quote of a document (its latest version unless ``version_id`` names one)
    under ``heading``, at the end of the question's passages."""
    owned(store, question_id, owner)
    if not quote.strip():
        raise ResearchError("a passage needs the quoted text")
    document = store.document(document_id)
    if document is None:
        raise ResearchError(f"no document {document_id}")
    versions = {version.id: version for version in store.versions(document_id)}
    version = versions.get(version_id) if version_id is not None else document.latest
    if version is None:
        raise ResearchError(f"document {document_id} has no version {version_id}")
    if " ".join(quote.split()) not in " ".join(version.text.split()):
        raise ResearchError("the quote is not in this version of the document: copy it exactly")
    with store.transaction() as db:
        position = db.execute(
            "SELECT COALESCE(MAX(position), 0) + 1 FROM passages WHERE question_id = ?",
            (question_id,),
        ).fetchone()[0]
        saved = db.execute(
            """INSERT INTO passages (question_id, heading, position, document_id, version_id,
               sha256, quote, page, note, language, translation, added)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
            (
                question_id,
                heading.strip(),
                position,
                document_id,
                version.id,
                version.sha256,
                quote.strip(),
                page,
                note.strip(),
                document.language,
                translation.strip(),
                utc_now().isoformat(),
            ),
        ).fetchone()
        _touch(db, question_id)
    passage_id = int(saved[0])
    return next(p for p in _passages(store, question_id) if p.id == passage_id)


def move_passage(
    store: Store, question_id: str, owner: str, passage_id: int, *, up: bool = True
) -> None:
    """Swap a passage with the one before (or after) it."""
    order = [p.id for p in owned(store, question_id, owner).passages]
    if passage_id not in order:
        raise ResearchError(f"no passage {passage_id} in this question")
    at = order.index(passage_id)
    other = at - 1 if up else at + 1
    if not 0 <= other < len(order):
        return
    order[at], order[other] = order[other], order[at]
    with store.transaction() as db:
        for position, pid in enumerate(order, start=1):
            db.execute("UPDATE passages SET position = ? WHERE id = ?", (position, pid))
        _touch(db, question_id)


def _touch(db: Db, question_id: str) -> None:
    db.execute(
        "UPDATE questions SET updated = ? WHERE id = ?", (utc_now().isoformat(), question_id)
    )


def _get(store: Store, question_id: str) -> Question:
    found = _find(store, question_id)
    if found is None:
        raise ResearchError(f"no question {question_id}")
    return found


def _find(store: Store, question_id: str) -> Question | None:
    rows = store.query("SELECT * FROM questions WHERE id = ?", (question_id,))
    if not rows:
        return None
    searches = store.query(
        "SELECT * FROM question_searches WHERE question_id = ? ORDER BY id", (question_id,)
    )
    return replace(
        _question(rows[0]),
        searches=tuple(
            LoggedSearch(
                id=row["id"],
                time=required_datetime(row["time"]),
                query=row["query"],
                filters=json.loads(row["filters"]),
                hits=row["hits"],
                expanded=tuple(json.loads(row["expanded"])),
                nothing_relevant=bool(row["nothing_relevant"]),
            )
            for row in searches
        ),
        passages=tuple(_passages(store, question_id)),
    )


def _question(row: Row) -> Question:
    return Question(
        id=row["id"],
        title=row["title"],
        description=row["description"],
        countries=tuple(json.loads(row["countries"])),
        topics=tuple(json.loads(row["topics"])),
        owner=row["owner"],
        share_token=row["share_token"],
        created=required_datetime(row["created"]),
        updated=required_datetime(row["updated"]),
    )


def _passages(store: Store, question_id: str) -> list[Passage]:
    rows = store.query(
        "SELECT * FROM passages WHERE question_id = ? ORDER BY position, id", (question_id,)
    )
    return [
        Passage(
            id=row["id"],
            heading=row["heading"],
            position=row["position"],
            document_id=row["document_id"],
            version_id=row["version_id"],
            sha256=row["sha256"],
            quote=row["quote"],
            page=row["page"],
            note=row["note"],
            language=row["language"],
            translation=row["translation"],
            added=required_datetime(row["added"]),
        )
        for row in rows
    ]
