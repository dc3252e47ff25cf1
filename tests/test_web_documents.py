"""The document page as a judge checks it: who published it, when it was retrieved, the PDF
pages, the archived bytes, and a page that has since disappeared from the web."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from browser import SOURCES
from flask import Flask
from flask.testing import FlaskClient
from indexfixtures import DOCS, fill, id_of, make_config, url_of

from coi.models import DOC_TYPES, SOURCE_KINDS, Enrichment, Extracted, Fetched
from coi.store import open_store
from indexer.build import update_index
from web import create_app
from web.labels import DOC_TYPE_LABELS, SOURCE_KIND_LABELS

PDF_URL = "https://example.org/report.pdf"
PDF_BYTES = b"%PDF-1.4\n% a tiny stand-in for a two-page report\n"
PDF_TEXT = "Page one: arrests of journalists.\n\nPage two: conditions in detention."


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    data_dir = tmp_path_factory.mktemp("web-documents")
    config = replace(make_config(data_dir), sources=SOURCES)
    with open_store(data_dir) as store:
        fill(store)
        store.save_fetch(
            source="gov-b",
            fetched=Fetched(
                url=PDF_URL,
                status=200,
                content_type="application/pdf",
                body=PDF_BYTES,
                retrieved=datetime(2024, 2, 3, 9, 30, tzinfo=UTC),
            ),
            extracted=Extracted(
                title="Annual report", text=PDF_TEXT, pages=(0, PDF_TEXT.index("Page two"))
            ),
            enrichment=Enrichment(language="en", countries=("AZE",), doc_type="report"),
        )
        store.mark_gone(url_of(DOCS[3]), datetime(2024, 3, 1, tzinfo=UTC))
        update_index(config, store)
    app = create_app(config)
    yield app
    app.extensions["coi"].engine.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def pdf_id(client: FlaskClient) -> str:
    (hit,) = client.get("/api/search?q=journalists+AND+arrests").get_json()["hits"]
    return str(hit["id"])


def test_publisher_is_named_with_its_kind_everywhere(client: FlaskClient) -> None:
    page = client.get(f"/documents/{id_of(DOCS[3])}").get_data(as_text=True)
    assert "<dd>Ministry of Internal Affairs (government)</dd>" in page
    doc = client.get(f"/api/documents/{id_of(DOCS[3])}").get_json()
    assert (doc["publisher"], doc["source_kind"]) == ("Ministry of Internal Affairs", "government")
    assert doc["citation"].startswith("Ministry of Internal Affairs")
    results = client.get("/?q=Hazara").get_data(as_text=True)
    assert '<span class="source">Human Rights Centre</span>' in results
    assert '<span class="countries">Afghanistan</span>' in results
    ngo = client.get(f"/documents/{id_of(DOCS[2])}").get_data(as_text=True)
    assert "<dd>Human Rights Centre (NGO)</dd>" in ngo


def test_publisher_kind_reads_in_the_interface_language(client: FlaskClient) -> None:
    page = client.get(f"/documents/{id_of(DOCS[3])}", headers={"Accept-Language": "ru"})
    assert "Ministry of Internal Affairs (государственный орган)" in page.get_data(as_text=True)
    assert "Доклад" in page.get_data(as_text=True)  # the document type
    sources = client.get("/sources/", headers={"Accept-Language": "az"})
    assert "<td>dövlət orqanı</td>" in sources.get_data(as_text=True)


def test_every_document_type_and_source_kind_has_a_label() -> None:
    assert set(DOC_TYPE_LABELS) == set(DOC_TYPES)
    assert set(SOURCE_KIND_LABELS) == set(SOURCE_KINDS)


def test_retrieval_time_reads_in_utc_and_stays_machine_readable(client: FlaskClient) -> None:
    page = client.get(f"/documents/{pdf_id(client)}").get_data(as_text=True)
    assert '<time datetime="2024-02-03T09:30:00+00:00">2024-02-03 09:30 UTC</time>' in page


def test_pdf_pages_have_anchors_a_citation_can_point_to(client: FlaskClient) -> None:
    page = client.get(f"/documents/{pdf_id(client)}").get_data(as_text=True)
    assert (
        '<p data-page="1" class="pdf-page" id="p1">'
        '<a class="page" href="#p1" title="PDF page">p. 1</a> Page one'
    ) in page
    assert (
        '<p data-page="2" class="pdf-page" id="p2">'
        '<a class="page" href="#p2" title="PDF page">p. 2</a> Page two'
    ) in page


def test_a_hit_in_a_pdf_says_on_which_page_and_links_to_it(client: FlaskClient) -> None:
    hits = client.get("/api/search?q=conditions").get_json()["hits"]
    (hit,) = [hit for hit in hits if hit["id"] == pdf_id(client)]
    assert hit["page"] == 2
    assert {h["page"] for h in hits if h is not hit} == {None}  # not a PDF: no page
    card = client.get("/?q=conditions").get_data(as_text=True)
    assert f'<a class="page" href="/documents/{pdf_id(client)}?q=conditions#p2">p. 2</a>' in card


def test_archived_pdf_is_served_as_retrieved_but_never_run(client: FlaskClient) -> None:
    doc = client.get(f"/api/documents/{pdf_id(client)}").get_json()
    (version,) = doc["versions"]
    response = client.get(version["original"])
    assert response.data == PDF_BYTES
    assert response.mimetype == "application/pdf"
    assert version["sha256"] == hashlib.sha256(PDF_BYTES).hexdigest()
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Content-Disposition"].endswith('.pdf"')
    assert response.headers["Content-Security-Policy"].startswith("sandbox")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    page = client.get(f"/documents/{doc['id']}").get_data(as_text=True)
    assert version["sha256"] in page
    assert version["original"] in page


def test_a_page_gone_from_the_web_is_marked_and_still_readable(client: FlaskClient) -> None:
    doc_id = id_of(DOCS[3])
    assert client.get(f"/api/documents/{doc_id}").get_json()["gone"] is True
    page = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert "This page is no longer online" in page
    assert "Detention conditions in Azerbaijani prisons" in page
    results = client.get("/?q=prisons").get_data(as_text=True)
    assert '<span class="gone">no longer online</span>' in results
    assert client.get(f"/api/documents/{id_of(DOCS[0])}").get_json()["gone"] is False


def test_unknown_versions_and_documents_are_404(client: FlaskClient) -> None:
    assert client.get(f"/documents/{id_of(DOCS[0])}/versions/999999/original").status_code == 404
    missing = client.get("/api/documents/ffffffffffffffff")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["status"] == 404
