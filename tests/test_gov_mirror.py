"""A government migration service's site, crawled, indexed and read as a judge and an officer
would (issue 18): no page gets a date it does not state, menu pages stay out of search, the
report says who wrote it and lists its PDF twin, and a citation carries coi's permalink."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from crawlfixtures import TEST_CRAWLER
from flask.testing import FlaskClient
from sitesrv import SiteServer

from coi.cli import cli
from coi.config import Config, load_config
from coi.models import Document
from coi.store import open_store
from crawler.crawl import run_crawl
from indexer.build import update_index
from web import create_app

DATED = {
    "/gov/az/news/statistika-2019.html": ("2020-01-20", "page"),
    "/gov/ru/news/statistika-2019.html": ("2020-01-20", "dateline"),
    "/gov/ru/news/2021/03/12/taiex.html": ("2021-03-12", "url"),
    "/gov/en/report-2020.html": ("2020-08-15", "metadata"),
    "/gov/en/report-2020.pdf": ("2026-11-22", "file"),
}
"""The pages that state a date, with where; every other page of the mirror states none (its
only year is the footer's "© 2025")."""
LISTINGS = {
    "/gov/en/index.html",
    "/gov/az/index.html",
    "/gov/ru/news/index.html",
    "/gov/ru/about.html",
    "/gov/az/elaqe.html",
    "/gov/az/e-xidmetler.html",
}


@dataclass
class Mirror:
    config: Config
    config_path: Path
    client: FlaskClient
    documents: dict[str, Document]
    """Path on the site -> stored document."""


@pytest.fixture(scope="module")
def mirror(site_server: SiteServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mirror]:
    folder = tmp_path_factory.mktemp("gov")
    config_path = folder / "config.toml"
    config_path.write_text(
        f"""data_dir = "data"
[crawler]
user_agent = "{TEST_CRAWLER.user_agent}"
delay_seconds = {TEST_CRAWLER.delay_seconds}
timeout_seconds = {TEST_CRAWLER.timeout_seconds}
retries = {TEST_CRAWLER.retries}
[[sources]]
id = "dmx"
name = "State Migration Service of the Republic of Azerbaijan"
kind = "government"
country = "AZE"
start_urls = ["{site_server.url}/gov/en/index.html"]
allow = ["{site_server.url}/gov/"]
""",
        encoding="utf-8",
    )
    config = load_config(config_path)
    with open_store(config.data_dir) as store:
        run_crawl(config, store)
        update_index(config, store)
        documents = {}
        for doc_id in store.document_ids():
            document = store.document(doc_id)
            assert document is not None
            documents[urlsplit(document.url).path] = document
    app = create_app(config)
    yield Mirror(config, config_path, app.test_client(), documents)
    app.extensions["coi"].engine.close()


def test_no_page_gets_a_date_it_does_not_state(mirror: Mirror) -> None:
    assert set(DATED) | LISTINGS | {"/gov/ru/procedure.html"} == set(mirror.documents)
    for path, document in mirror.documents.items():
        stated = DATED.get(path)
        found = (
            (document.published.isoformat(), document.published_from)
            if document.published
            else None
        )
        assert found == stated, path


def test_menu_pages_stay_out_of_search_and_browse_but_a_filter_shows_them(mirror: Mirror) -> None:
    browse = mirror.client.get("/api/search").get_json()
    listed = {urlsplit(hit["url"]).path for hit in browse["hits"]}
    assert not listed & LISTINGS
    assert browse["facets"]["doc_type"]["listing"] == len(LISTINGS)
    menus = mirror.client.get("/api/search?doc_type=listing&per_page=20").get_json()
    assert {urlsplit(hit["url"]).path for hit in menus["hits"]} == LISTINGS
    assert mirror.client.get("/api/search?q=Новости").get_json()["total"] == 0


def test_undated_documents_come_last_and_in_no_year(mirror: Mirror) -> None:
    newest = mirror.client.get("/api/search?sort=newest&per_page=20").get_json()
    paths = [urlsplit(hit["url"]).path for hit in newest["hits"]]
    assert paths[-1] == "/gov/ru/procedure.html"
    assert "2025" not in newest["facets"]["year"]


def test_a_russian_section_index_of_link_slugs_is_russian(mirror: Mirror) -> None:
    assert mirror.documents["/gov/ru/news/index.html"].language == "ru"


def test_the_report_page_says_who_wrote_it_when_and_lists_its_pdf_twin(mirror: Mirror) -> None:
    report = mirror.documents["/gov/en/report-2020.html"]
    pdf = mirror.documents["/gov/en/report-2020.pdf"]
    assert report.author == pdf.author == "Caspian Research Foundation"
    page = mirror.client.get(f"/documents/{report.id}").get_data(as_text=True)
    assert '<dd class="author">Caspian Research Foundation</dd>' in page
    assert '2020-08-15 <small class="date-from">from the page&#39;s metadata</small>' in page
    assert f'<a href="/documents/{pdf.id}">PDF</a>' in page
    twin = mirror.client.get(f"/documents/{pdf.id}").get_data(as_text=True)
    assert "the file&#39;s own date (PDF properties), not a stated publication date" in twin
    assert f'<a href="/documents/{report.id}">Web page</a>' in twin


def test_authors_are_searchable_and_on_the_result_card(mirror: Mirror) -> None:
    found = mirror.client.get("/api/search?q=Caspian Research Foundation").get_json()
    assert [urlsplit(hit["url"]).path for hit in found["hits"]] == ["/gov/en/report-2020.html"]
    assert found["hits"][0]["author"] == "Caspian Research Foundation"
    card = mirror.client.get("/?q=Caspian Research Foundation").get_data(as_text=True)
    assert '<span class="author">Caspian Research Foundation</span>' in card


def test_the_citation_names_author_permalink_and_checksum(mirror: Mirror) -> None:
    report = mirror.documents["/gov/en/report-2020.html"]
    cited = mirror.client.get(f"/api/documents/{report.id}").get_json()["citation"]
    assert cited.startswith(
        "Caspian Research Foundation, State Migration Service of the Republic of Azerbaijan: "
        '"Access to asylum in Azerbaijan", 15 August 2020, '
    )
    assert f"SHA-256 {report.latest.sha256}, http://localhost/documents/{report.id})" in cited
    ris = mirror.client.get(f"/api/documents/{report.id}/cite.ris").get_data(as_text=True)
    assert "AU  - Caspian Research Foundation" in ris
    assert f"N1  - Archived copy SHA-256: {report.latest.sha256}" in ris
    assert f"L2  - http://localhost/documents/{report.id}" in ris
    assert "DA  - 2020/08/15/" in ris
    russian = mirror.client.get(
        f"/api/documents/{report.id}/cite.ris", headers={"Accept-Language": "ru"}
    ).get_data(as_text=True)
    assert "KW  - Азербайджан" in russian  # a label in the reader's language, not AZE
    bibtex = mirror.client.get(f"/api/documents/{report.id}/cite.bib").get_data(as_text=True)
    assert "author = {{Caspian Research Foundation}}" in bibtex
    assert report.latest.sha256 in bibtex
    csl = json.loads(mirror.client.get(f"/api/documents/{report.id}/cite.json").data)
    assert csl[0]["author"] == [{"literal": "Caspian Research Foundation"}]
    assert csl[0]["archive_location"] == f"http://localhost/documents/{report.id}"
    assert csl[0]["issued"] == {"date-parts": [[2020, 8, 15]]}


def test_the_command_line_search_shows_dates_with_their_provenance(mirror: Mirror) -> None:
    result = CliRunner().invoke(
        cli, ["search", "убежища", "--json", "--config", str(mirror.config_path)]
    )
    assert result.exit_code == 0, result.output
    hits = {urlsplit(h["url"]).path: h for h in json.loads(result.output)["hits"]}
    assert hits["/gov/ru/news/statistika-2019.html"]["published_from"] == "dateline"
    assert hits["/gov/ru/procedure.html"]["published"] is None
