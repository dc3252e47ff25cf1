"""The research area in the browser's terms: create a question, search from it, mark a search
empty, save a passage from a document page, reorder, share read-only and export the answer."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from flask import Flask
from flask.testing import FlaskClient
from indexfixtures import DOCS, id_of
from researchfixtures import HARSH, PDF_URL, PRISONS, login, research_app

from coi.store import document_id_for


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = research_app(tmp_path)
    yield app
    app.extensions["coi"].engine.close()


def new_question(client: FlaskClient, csrf: str) -> str:
    created = client.post(
        "/research/",
        data={
            "csrf_token": csrf,
            "title": "Returnees to Azerbaijan",
            "description": "Treatment of returned asylum seekers, 2019-2025",
            "countries": "AZE",
            "topics": "returnees",
        },
    )
    assert created.status_code == 302
    return created.headers["Location"].rsplit("/", 1)[1]


def test_a_question_is_created_searched_from_and_its_log_marked(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/research/").status_code == 302  # to the login page
    csrf = login(client, "olga")
    refused = client.post("/research/", data={"csrf_token": csrf, "title": " "})
    assert refused.status_code == 400
    assert "A question needs a title." in refused.get_data(as_text=True)
    question_id = new_question(client, csrf)
    assert "Returnees to Azerbaijan" in client.get("/research/").get_data(as_text=True)

    results = client.get("/", query_string={"q": "prisons", "question": question_id})
    html = results.get_data(as_text=True)
    assert "each search is recorded in its log" in html
    assert f'name="question" value="{question_id}"' in html
    client.get("/", query_string={"q": "prisons", "question": question_id, "page": "2"})
    client.get("/", query_string={"q": "deportees", "country": "AZE", "question": question_id})
    client.get("/", query_string={"q": "unlogged"})  # not from a question

    page = client.get(f"/research/{question_id}").get_data(as_text=True)
    rows = re.findall(r'<tr data-search="(\d+)"><td>[^<]*</td><td>([^<]*)</td>', page)
    assert [query for _, query in rows] == ["prisons", "deportees"]
    assert "country: AZE" in page
    marked = client.post(
        f"/research/{question_id}/searches/{rows[1][0]}", data={"csrf_token": csrf, "nothing": "1"}
    )
    assert marked.status_code == 302
    page = client.get(f"/research/{question_id}").get_data(as_text=True)
    assert page.count('class="nothing"') == 1


def test_a_search_widened_outside_its_filters_is_logged_as_finding_nothing(app: Flask) -> None:
    client = app.test_client()
    csrf = login(client, "olga")
    question_id = new_question(client, csrf)
    asked = {"q": "Hazara", "language": "ru", "question": question_id}
    listed = client.get("/", query_string=asked).get_data(as_text=True)
    assert 'class="notice widened"' in listed  # documents outside the filters are shown
    page = client.get(f"/research/{question_id}").get_data(as_text=True)
    row = r'<tr data-search="\d+">(?:<td>[^<]*</td>){2}\s*<td>[^<]*</td>\s*<td>(\d+)'
    hits = re.findall(row, page)
    assert hits == ["0"]  # but none matched the search as it was run


def test_a_passage_is_saved_from_the_document_page_and_reordered(app: Flask) -> None:
    client = app.test_client()
    anonymous = client.get(f"/documents/{id_of(PRISONS)}").get_data(as_text=True)
    assert "Save a passage to a question" not in anonymous
    csrf = login(client, "olga")
    question_id = new_question(client, csrf)
    document_page = client.get(f"/documents/{id_of(PRISONS)}").get_data(as_text=True)
    assert "Save a passage to a question" in document_page
    assert 'name="page"' not in document_page  # an HTML page has no pages
    assert 'name="page"' in client.get(f"/documents/{document_id_for(PDF_URL)}").get_data(
        as_text=True
    )
    wrong = client.post(
        "/research/passages",
        data={
            "csrf_token": csrf,
            "question_id": question_id,
            "document_id": id_of(PRISONS),
            "quote": "Torture has ended",
            "note": "my careful note",
        },
    )
    assert wrong.status_code == 400
    assert "copy it exactly" in wrong.get_data(as_text=True)
    assert "my careful note" in wrong.get_data(as_text=True)  # nothing typed is lost
    for document_id, quote, heading in [
        (id_of(PRISONS), "political prisoners report ill-treatment", "Detention"),
        (id_of(DOCS[0]), "Правозащитники сообщают о пытках в изоляторах.", "Detention"),
    ]:
        saved = client.post(
            "/research/passages",
            data={
                "csrf_token": csrf,
                "question_id": question_id,
                "document_id": document_id,
                "quote": quote,
                "heading": heading,
                "translation": "Human rights defenders report torture." if heading else "",
            },
        )
        assert saved.status_code == 302
    page = client.get(f"/research/{question_id}").get_data(as_text=True)
    assert page.index("political prisoners") < page.index("Правозащитники")
    second = re.findall(r'id="passage-(\d+)"', page)[1]
    client.post(
        f"/research/{question_id}/passages/{second}/move",
        data={"csrf_token": csrf, "direction": "up"},
    )
    page = client.get(f"/research/{question_id}").get_data(as_text=True)
    assert page.index("Правозащитники") < page.index("political prisoners")


def test_only_the_owner_changes_and_a_share_link_lets_others_read(app: Flask) -> None:
    owner = app.test_client()
    csrf = login(owner, "olga")
    question_id = new_question(owner, csrf)
    other = app.test_client()
    other_csrf = login(other, "rashad")
    assert other.get(f"/research/{question_id}").status_code == 404
    assert other.get(f"/research/{question_id}/answer.docx").status_code == 404
    stolen = other.post(
        "/research/passages",
        data={
            "csrf_token": other_csrf,
            "question_id": question_id,
            "document_id": id_of(PRISONS),
            "quote": HARSH,
        },
    )
    assert stolen.status_code == 404
    other.get("/", query_string={"q": "prisons", "question": question_id})
    owner.post(f"/research/{question_id}/share", data={"csrf_token": csrf, "shared": "1"})
    page = owner.get(f"/research/{question_id}").get_data(as_text=True)
    link = re.search(r'class="share-link">http://localhost([^<]+)<', page)
    assert link is not None
    shared = other.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert "Shared with you to read" in shared
    assert "No searches yet." in shared  # rashad's search was not logged to olga's question
    assert "Nothing relevant found" not in shared  # no buttons to change it
    assert app.test_client().get(link.group(1).replace("&amp;", "&")).status_code == 401


def test_the_answer_exports_as_printable_html_markdown_and_docx(app: Flask) -> None:
    client = app.test_client()
    csrf = login(client, "olga")
    question_id = new_question(client, csrf)
    client.get("/", query_string={"q": "prisons", "question": question_id})
    client.post(
        "/research/passages",
        data={
            "csrf_token": csrf,
            "question_id": question_id,
            "document_id": id_of(PRISONS),
            "quote": "political prisoners report ill-treatment",
            "heading": "Detention",
        },
    )
    permalink = f"http://localhost/documents/{id_of(PRISONS)}"
    html = client.get(f"/research/{question_id}/answer.html").get_data(as_text=True)
    assert '<ol class="footnotes"><li id="fn1">' in html
    assert permalink in html
    assert "&#34;prisons&#34; (" in html
    assert "does not purport to be, conclusive" in html
    markdown = client.get(f"/research/{question_id}/answer.md")
    assert markdown.mimetype == "text/markdown"
    assert "[^1]: " in markdown.get_data(as_text=True)
    download = client.get(f"/research/{question_id}/answer.docx")
    assert "attachment" in download.headers["Content-Disposition"]
    paragraphs = [p.text for p in docx.Document(io.BytesIO(download.data)).paragraphs]
    assert any(permalink in text and text.startswith("1 ") for text in paragraphs)
    consulted = paragraphs[paragraphs.index("Sources consulted") + 1]
    assert '"prisons"' in consulted
    assert client.get(f"/research/{question_id}/answer.pdf").status_code == 404
    russian = client.get(
        f"/research/{question_id}/answer.md", headers={"Accept-Language": "ru"}
    ).get_data(as_text=True)
    assert "## Просмотренные источники" in russian
    assert "документов: " in russian
