"""Frozen answers: an exported answer kept as it was handed on, with its own number and date.

An officer's response goes into a case file, and a judge may read it months later: what was
sent must stay readable exactly as sent, whatever the officer changes in the question since.
So freezing stores the whole built answer (question, passages, notes with their citations,
sources, search log) as it stands, numbered per question. Freezing again after a change makes
the next number; freezing again with nothing changed gives back the latest version rather than
a copy of it. A frozen row is never updated.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from coi.clock import utc_now
from coi.curation.answer import Answer, CitedPassage
from coi.curation.research import LoggedSearch, Passage, Question
from coi.store import Store
from coi.store.base import required_datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class FrozenAnswer:
    """Version ``number`` of a question's answer, frozen at ``answer.exported``."""

    question_id: str
    number: int
    answer: Answer


def freeze(store: Store, answer: Answer) -> FrozenAnswer:
    """Keep ``answer`` as the next version of its question's answer, dated now; if it says
    exactly what the latest version says, that version is returned instead."""
    question_id = answer.question.id
    content = _content(answer)
    fingerprint = hashlib.sha256(
        json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")
    ).hexdigest()
    latest = store.query(
        """SELECT number, fingerprint FROM answers WHERE question_id = ?
           ORDER BY number DESC LIMIT 1""",
        (question_id,),
    )
    if latest and latest[0]["fingerprint"] == fingerprint:
        found = frozen(store, question_id, latest[0]["number"])
        assert found is not None  # just read
        return found
    now = utc_now()
    with store.transaction() as db:
        number = db.execute(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM answers WHERE question_id = ?",
            (question_id,),
        ).fetchone()[0]
        db.execute(
            """INSERT INTO answers (question_id, number, frozen, fingerprint, content)
               VALUES (?, ?, ?, ?, ?)""",
            (
                question_id,
                number,
                now.isoformat(),
                fingerprint,
                json.dumps(content, ensure_ascii=False),
            ),
        )
    return FrozenAnswer(
        question_id=question_id, number=number, answer=replace(answer, exported=now)
    )


def frozen(store: Store, question_id: str, number: int) -> FrozenAnswer | None:
    """Version ``number`` of the question's answer, as it was frozen; None if there is none."""
    rows = store.query(
        "SELECT frozen, content FROM answers WHERE question_id = ? AND number = ?",
        (question_id, number),
    )
    if not rows:
        return None
    content = json.loads(rows[0]["content"])
    return FrozenAnswer(
        question_id=question_id,
        number=number,
        answer=_answer(content, required_datetime(rows[0]["frozen"])),
    )


def versions(store: Store, question_id: str) -> list[tuple[int, datetime]]:
    """The frozen versions of the question's answer: (number, date frozen), oldest first."""
    rows = store.query(
        "SELECT number, frozen FROM answers WHERE question_id = ? ORDER BY number",
        (question_id,),
    )
    return [(row["number"], required_datetime(row["frozen"])) for row in rows]


def _content(answer: Answer) -> dict[str, Any]:
    """The answer as JSON data, without its date (so an unchanged answer has the same
    fingerprint) and without the question's share token (a link the owner may withdraw)."""
    question = answer.question
    return {
        "question": {
            "id": question.id,
            "title": question.title,
            "description": question.description,
            "countries": list(question.countries),
            "topics": list(question.topics),
            "owner": question.owner,
            "created": question.created.isoformat(),
        },
        "sections": [
            [heading, [_passage(cited) for cited in cited_passages]]
            for heading, cited_passages in answer.sections
        ],
        "footnotes": list(answer.footnotes),
        "sources": [list(source) for source in answer.sources],
        "consulted": [_search(search) for search in answer.consulted],
    }


def _passage(cited: CitedPassage) -> dict[str, Any]:
    passage = cited.passage
    return {
        "footnote": cited.footnote,
        "id": passage.id,
        "heading": passage.heading,
        "position": passage.position,
        "document_id": passage.document_id,
        "version_id": passage.version_id,
        "sha256": passage.sha256,
        "quote": passage.quote,
        "page": passage.page,
        "note": passage.note,
        "language": passage.language,
        "translation": passage.translation,
        "added": passage.added.isoformat(),
    }


def _search(search: LoggedSearch) -> dict[str, Any]:
    return {
        "id": search.id,
        "time": search.time.isoformat(),
        "query": search.query,
        "filters": search.filters,
        "hits": search.hits,
        "expanded": list(search.expanded),
        "nothing_relevant": search.nothing_relevant,
    }


def _answer(content: dict[str, Any], exported: datetime) -> Answer:
    """The :class:`Answer` back from :func:`_content`'s data."""
    sections = tuple(
        (
            heading,
            tuple(
                CitedPassage(
                    passage=Passage(
                        **{
                            **{key: value for key, value in item.items() if key != "footnote"},
                            "added": datetime.fromisoformat(item["added"]),
                        }
                    ),
                    footnote=item["footnote"],
                )
                for item in items
            ),
        )
        for heading, items in content["sections"]
    )
    searches = tuple(
        LoggedSearch(
            **{
                **item,
                "time": datetime.fromisoformat(item["time"]),
                "expanded": tuple(item["expanded"]),
            }
        )
        for item in content["consulted"]
    )
    data = content["question"]
    created = datetime.fromisoformat(data["created"])
    question = Question(
        id=data["id"],
        title=data["title"],
        description=data["description"],
        countries=tuple(data["countries"]),
        topics=tuple(data["topics"]),
        owner=data["owner"],
        share_token=None,
        created=created,
        updated=exported,
        searches=searches,
        passages=tuple(cited.passage for _, cited_passages in sections for cited in cited_passages),
    )
    return Answer(
        question=question,
        sections=sections,
        footnotes=tuple(content["footnotes"]),
        sources=tuple((citation, description) for citation, description in content["sources"]),
        consulted=searches,
        exported=exported,
    )
