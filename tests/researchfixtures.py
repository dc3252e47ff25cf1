"""A store where a judge's checks find something: a changed page, a PDF, a gone page."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from indexfixtures import DOCS, fill, id_of, make_config, save_doc

from coi.curation import accounts
from coi.models import Enrichment, Extracted, Fetched
from coi.store import Store, document_id_for, open_store
from indexer.build import update_index
from web import create_app

PRISONS = DOCS[3]
"""Retrieved on 2024-01-04 and again, changed, on 2024-01-20."""
HARSH = "Detention conditions in Azerbaijani prisons remain harsh"
"""In the first version only; the second says "remained harsh in 2023"."""
CHANGED_TEXT = PRISONS.text.replace("remain harsh", "remained harsh in 2023")
PDF_URL = "https://example.org/report-2023.pdf"
PAGE_ONE = "Annual report on Azerbaijan.\nContents and methodology of the mission."
PAGE_TWO = "Returned asylum seekers were questioned\nby the State Security Service at the airport."


def fill_research(store: Store) -> dict[str, str]:
    """The test documents, a changed version of the prison report and a two-page PDF; returns
    their ids by name."""
    fill(store)
    save_doc(store, PRISONS, day=20, text=CHANGED_TEXT)
    store.save_fetch(
        source="ngo-a",
        fetched=Fetched(
            url=PDF_URL,
            status=200,
            content_type="application/pdf",
            body=b"%PDF-1.4 two pages",
            retrieved=datetime(2024, 1, 8, tzinfo=UTC),
        ),
        extracted=Extracted(
            title="Annual report 2023",
            text=f"{PAGE_ONE}\n\n{PAGE_TWO}",
            pages=(0, len(PAGE_ONE) + 2),
        ),
        enrichment=Enrichment(language="en", countries=("AZE",), topics=("returnees",)),
    )
    return {"prisons": id_of(PRISONS), "pdf": document_id_for(PDF_URL)}


PASSWORD = "correct horse battery"
"""Every test account's password."""


def login(client: FlaskClient, name: str) -> str:
    """Log ``name`` in through the login form; returns the session's CSRF token."""
    token = re.compile(r'name="csrf_token" value="([^"]+)"')
    match = token.search(client.get("/login").get_data(as_text=True))
    assert match is not None
    data = {"name": name, "password": PASSWORD, "csrf_token": match.group(1)}
    assert client.post("/login", data=data).status_code == 302
    fresh = token.search(client.get("/").get_data(as_text=True))
    assert fresh is not None
    return fresh.group(1)


def research_app(data_dir: Path) -> Flask:
    """The real app over the research store, with two researchers, olga and rashad."""
    config = make_config(data_dir)
    with open_store(data_dir) as store:
        fill_research(store)
        update_index(config, store)
        accounts.add_user(store, "olga", "researcher", PASSWORD, actor="system")
        accounts.add_user(store, "rashad", "researcher", PASSWORD, actor="system")
    return create_app(config)
