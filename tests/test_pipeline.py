"""The whole path on real parts: crawl the local site → store → index → search → web and CLI."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from crawlfixtures import TEST_CRAWLER
from flask.testing import FlaskClient
from sitesrv import SiteServer

from coi.cli import cli
from coi.config import Config, load_config
from coi.store import open_store
from crawler.crawl import run_crawl
from indexer.build import update_index
from web import create_app


@dataclass
class Pipeline:
    config: Config
    config_path: Path
    client: FlaskClient


def write_config(site: SiteServer, folder: Path) -> Path:
    path = folder / "config.toml"
    path.write_text(
        f"""data_dir = "data"
[crawler]
user_agent = "{TEST_CRAWLER.user_agent}"
delay_seconds = {TEST_CRAWLER.delay_seconds}
timeout_seconds = {TEST_CRAWLER.timeout_seconds}
max_bytes = {TEST_CRAWLER.max_bytes}
retries = {TEST_CRAWLER.retries}
[[sources]]
id = "crm"
name = "Caspian Rights Monitor"
kind = "ngo"
country = "AZE"
start_urls = ["{site.url}/en/index.html"]
allow = ["{site.url}/"]
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def pipeline(
    site_server: SiteServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Pipeline]:
    site_server.reset()
    folder = tmp_path_factory.mktemp("pipeline")
    config_path = write_config(site_server, folder)
    config = load_config(config_path)
    with open_store(config.data_dir) as store:
        run_crawl(config, store)
        update_index(config, store)
    app = create_app(config)
    yield Pipeline(config=config, config_path=config_path, client=app.test_client())
    app.extensions["coi"].engine.close()


def api(pipeline: Pipeline, query: str) -> dict:
    response = pipeline.client.get(f"/api/search?{query}")
    assert response.status_code == 200
    return response.get_json()


def test_crawled_documents_are_searchable(pipeline: Pipeline) -> None:
    result = api(pipeline, "q=detention")
    titles = [hit["title"] for hit in result["hits"]]
    assert "Detention conditions in Azerbaijan, 2023" in titles
    assert result["total"] == len(result["hits"])


def test_facet_counts_equal_the_hits_a_click_gives(pipeline: Pipeline) -> None:
    everything = api(pipeline, "per_page=100")
    assert everything["total"] >= 9
    for facet in ("language", "source", "doc_type", "year"):
        for value, count in everything["facets"][facet].items():
            clicked = api(pipeline, f"per_page=100&{facet}={value}")
            assert clicked["total"] == count, (facet, value)


def test_a_filter_narrows_the_hits(pipeline: Pipeline) -> None:
    everything = api(pipeline, "per_page=100")
    russian = api(pipeline, "per_page=100&lang=ru")
    assert 0 < russian["total"] < everything["total"]
    assert {hit["language"] for hit in russian["hits"]} == {"ru"}


def test_cli_json_matches_the_api(pipeline: Pipeline) -> None:
    runner = CliRunner()
    outcome = runner.invoke(
        cli, ["search", "refugees", "--lang", "en", "--json", "--config", str(pipeline.config_path)]
    )
    assert outcome.exit_code == 0, outcome.output
    assert json.loads(outcome.output) == api(pipeline, "q=refugees&language=en")


def test_search_page_lists_hits_and_facet_links_filter(pipeline: Pipeline) -> None:
    page = pipeline.client.get("/").get_data(as_text=True)
    assert "Caspian Rights Monitor" in page
    link = re.search(r'href="(\?[^"]*language=ru[^"]*)"', page)
    assert link is not None
    filtered = pipeline.client.get("/" + link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert "Права беженцев в Азербайджане" in filtered
    assert "Remove filter Language: Russian" in filtered


def test_crawled_markup_shows_as_text(pipeline: Pipeline) -> None:
    page = pipeline.client.get("/?q=hostile").get_data(as_text=True)
    assert 'alert("title")' in page or "alert(&#34;title&#34;)" in page
    assert "<script>alert" not in page


def test_stats_command_reports_the_crawl_and_the_index(pipeline: Pipeline) -> None:
    outcome = CliRunner().invoke(cli, ["stats", "--config", str(pipeline.config_path)])
    assert outcome.exit_code == 0, outcome.output
    assert "crm" in outcome.output
    assert "index:" in outcome.output
    assert "robots-disallowed" in outcome.output
