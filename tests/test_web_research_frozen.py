"""A frozen answer: its own permalink and date, unchanged by later edits of the question, which
make a new version instead."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from flask import Flask
from flask.testing import FlaskClient
from indexfixtures import DOCS, id_of
from researchfixtures import PRISONS, fill_research, login, research_app

from coi.curation import frozen, research
from coi.store import open_store

FIRST = "political prisoners report ill-treatment"
SECOND = "Правозащитники сообщают о пытках в изоляторах."


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = research_app(tmp_path)
    yield app
    app.extensions["coi"].engine.close()


def save(client: FlaskClient, csrf: str, question_id: str, document_id: str, quote: str) -> None:
    data = {
        "csrf_token": csrf,
        "question_id": question_id,
        "document_id": document_id,
        "quote": quote,
    }
    assert client.post("/research/passages", data=data).status_code == 302


def test_a_frozen_answer_keeps_what_it_said_and_edits_make_a_new_version(app: Flask) -> None:
    client = app.test_client()
    csrf = login(client, "olga")
    created = client.post("/research/", data={"csrf_token": csrf, "title": "Prisons"})
    question_id = created.headers["Location"].rsplit("/", 1)[1]
    client.get("/", query_string={"q": "prisons", "question": question_id})
    save(client, csrf, question_id, id_of(PRISONS), FIRST)

    first = client.post(f"/research/{question_id}/answers", data={"csrf_token": csrf})
    assert first.headers["Location"].endswith(f"/research/{question_id}/answers/1")
    again = client.post(f"/research/{question_id}/answers", data={"csrf_token": csrf})
    assert again.headers["Location"] == first.headers["Location"]  # nothing changed: no copy
    version_one = client.get(f"/research/{question_id}/answers/1").get_data(as_text=True)
    assert "Version 1 of this answer, frozen" in version_one
    assert f"http://localhost/research/{question_id}/answers/1" in version_one
    assert FIRST in version_one
    assert version_one.count('<li id="fn') == 1
    russian = client.get(f"/research/{question_id}/answers/1", headers={"Accept-Language": "ru"})
    assert "Версия 1 этого ответа, зафиксирована" in russian.get_data(as_text=True)

    save(client, csrf, question_id, id_of(DOCS[0]), SECOND)
    search_id = re.findall(
        r'<tr data-search="(\d+)"', client.get(f"/research/{question_id}").get_data(as_text=True)
    )[0]
    client.post(
        f"/research/{question_id}/searches/{search_id}", data={"csrf_token": csrf, "nothing": "1"}
    )
    unchanged = client.get(f"/research/{question_id}/answers/1").get_data(as_text=True)
    assert unchanged == version_one  # byte for byte what was frozen, date included
    second = client.post(f"/research/{question_id}/answers", data={"csrf_token": csrf})
    assert second.headers["Location"].endswith("/answers/2")
    version_two = client.get(f"/research/{question_id}/answers/2").get_data(as_text=True)
    assert SECOND in version_two
    assert "nothing relevant found" in version_two
    assert "nothing relevant found" not in version_one

    old_docx = client.get(f"/research/{question_id}/answers/1.docx")
    assert f"question-{question_id}-v1-" in old_docx.headers["Content-Disposition"]
    paragraphs = [p.text for p in docx.Document(io.BytesIO(old_docx.data)).paragraphs]
    assert FIRST + "1" in paragraphs
    assert not any(SECOND in text for text in paragraphs)
    assert SECOND in client.get(f"/research/{question_id}/answers/2.md").get_data(as_text=True)

    page = client.get(f"/research/{question_id}").get_data(as_text=True)
    assert re.findall(r"Version (\d), frozen", page) == ["1", "2"]
    assert client.get(f"/research/{question_id}/answers/3").status_code == 404
    assert client.get(f"/research/{question_id}/answers/1.pdf").status_code == 404

    other = app.test_client()
    other_csrf = login(other, "rashad")
    assert other.get(f"/research/{question_id}/answers/1").status_code == 404
    refused = other.post(f"/research/{question_id}/answers", data={"csrf_token": other_csrf})
    assert refused.status_code == 404


def test_a_frozen_answer_reads_back_as_it_was_built(tmp_path: Path) -> None:
    from coi.curation import answer

    with open_store(tmp_path) as store:
        ids = fill_research(store)
        question = research.create(store, "Returnees", owner="olga", countries=("AZE",))
        research.add_passage(
            store, question.id, "olga", document_id=ids["pdf"], quote="Returned", page=2
        )
        built = answer.build(store, research.owned(store, question.id, "olga"), lambda _: None)
        kept = frozen.freeze(store, built)
        read = frozen.frozen(store, question.id, kept.number)
    assert read is not None
    assert read.answer.sections == built.sections
    assert read.answer.footnotes == built.footnotes
    assert read.answer.footnotes[0].endswith(", p. 2")
    assert answer.to_markdown(read.answer) == answer.to_markdown(
        replace(built, exported=read.answer.exported)
    )
