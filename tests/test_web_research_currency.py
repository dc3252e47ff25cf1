"""Beside each passage of a question: documents of other publishers or languages saying
something similar, a flag when its document is older than the configured age, and newer
documents on the question's countries and topics."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from indexfixtures import DOCS, Doc, id_of, make_config, save_doc
from researchfixtures import PASSWORD, PRISONS, fill_research, login

from coi.curation import accounts
from coi.store import open_store
from indexer.build import update_index
from web import create_app

QUOTE = "political prisoners report ill-treatment"
ELSEWHERE = Doc(
    "media-prisoners",
    "en",
    "Political prisoners speak out",
    "Political prisoners in Azerbaijan report ill-treatment by guards.",
    ("AZE",),
    ("detention-conditions",),
    "media-c",
    "news",
    date(2024, 2, 1),
)
"""Another publisher saying much the same: corroboration."""
SAME_SOURCE = replace(
    ELSEWHERE, slug="gov-prisoners", title="Ministry on prisoners", source="gov-b"
)
"""The passage's own publisher in its own language: not corroboration."""


def page_of(tmp_path: Path, passage_age_days: int) -> str:
    """The question page of a question on AZE detention with a passage from the 2021 report."""
    config = make_config(tmp_path)
    config = replace(config, web=replace(config.web, passage_age_days=passage_age_days))
    with open_store(tmp_path) as store:
        fill_research(store)
        save_doc(store, ELSEWHERE, day=25)
        save_doc(store, SAME_SOURCE, day=26)
        update_index(config, store)
        accounts.add_user(store, "olga", "researcher", PASSWORD, actor="system")
    app = create_app(config)
    client = app.test_client()
    csrf = login(client, "olga")
    created = client.post(
        "/research/",
        data={
            "csrf_token": csrf,
            "title": "Detention in Azerbaijan",
            "countries": "AZE",
            "topics": "detention-conditions",
        },
    )
    question = created.headers["Location"]
    empty = client.get(question).get_data(as_text=True)
    assert "Newer on the same countries and topics" in empty  # the newest, with no passage
    data = {
        "csrf_token": csrf,
        "question_id": question.rsplit("/", 1)[1],
        "document_id": id_of(PRISONS),
        "quote": QUOTE,
    }
    assert client.post("/research/passages", data=data).status_code == 302
    html = client.get(question).get_data(as_text=True)
    app.extensions["coi"].engine.close()
    return html


def test_a_passage_shows_corroboration_newer_documents_and_its_age(tmp_path: Path) -> None:
    html = page_of(tmp_path, passage_age_days=730)
    corroborating = re.search(r'<p class="corroborating">(.*?)</p>', html, re.S)
    assert corroborating is not None
    assert "Political prisoners speak out" in corroborating.group(1)
    assert "Ministry on prisoners" not in corroborating.group(1)
    assert "Hazara" not in corroborating.group(1)  # shares one common word only
    assert "Dated 2021-03-01: older than 730 days" in html
    newer = re.search(r'<ul class="newer">(.*?)</ul>', html, re.S)
    assert newer is not None
    titles = re.findall(r'">([^<]+)</a>', newer.group(1))
    assert titles[0] in {ELSEWHERE.title, SAME_SOURCE.title}  # newest first
    assert DOCS[0].title in titles  # 2023, after the 2021 passage
    assert PRISONS.title not in titles  # already cited


def test_a_recent_enough_passage_is_not_flagged(tmp_path: Path) -> None:
    html = page_of(tmp_path, passage_age_days=365 * 100)
    assert "older than" not in html
