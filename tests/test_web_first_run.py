"""A new user's first minutes: an empty home page that says what to do, and a sources page that
tells a host never reached from one crawled today."""

from __future__ import annotations

import re
import socket
from dataclasses import replace
from pathlib import Path

from crawlfixtures import site_config
from sitesrv import SiteServer

from coi.config import Config
from coi.models import Source
from coi.store import open_store
from crawler.crawl import run_crawl
from indexer.build import update_index
from web import create_app


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def two_sources(site: SiteServer, data_dir: Path) -> Config:
    """The test site (reachable, one page) and a host that refuses every connection."""
    config = site_config(site, data_dir, max_pages=1)
    dead = Source(
        id="dead",
        name="Unreachable Monitor",
        kind="ngo",
        country="AZE",
        start_urls=(f"http://127.0.0.1:{closed_port()}/",),
        allow=(),
    )
    return replace(config, sources=(*config.sources, dead))


def source_row(page: str, name: str) -> str:
    row = re.search(rf"<tr>\s*<td><strong>{name}</strong>.*?</tr>", page, re.S)
    assert row, name
    return " ".join(re.sub(r"<[^>]+>", " ", row.group()).split())


def test_the_empty_home_page_says_nothing_is_collected_and_how_to_start(tmp_path: Path) -> None:
    config = Config(data_dir=tmp_path)
    with open_store(tmp_path) as store:
        update_index(config, store)
    app = create_app(config)
    page = app.test_client().get("/").get_data(as_text=True)
    app.extensions["coi"].engine.close()
    assert "Nothing has been collected yet." in page
    assert "<code>coi crawl</code>" in page
    assert "<code>coi add PATH --source ID</code>" in page
    assert "No documents match" not in page


def test_sources_page_tells_an_unreachable_host_from_a_reached_one(
    site_server: SiteServer, tmp_path: Path
) -> None:
    site_server.reset()
    config = two_sources(site_server, tmp_path)
    with open_store(tmp_path) as store:
        report = run_crawl(config, store)
        update_index(config, store)
    assert report.outcomes == {"crm": "reached", "dead": "unreachable"}
    app = create_app(config)
    client = app.test_client()
    page = client.get("/sources/").get_data(as_text=True)
    home = client.get("/?q=nothingmatchesthisword").get_data(as_text=True)
    app.extensions["coi"].engine.close()
    today = report_day(tmp_path)
    assert source_row(page, "Unreachable Monitor").endswith(
        f"0 {today}: unreachable search it · exclude it"
    )
    assert f"{today}: reached search it" in source_row(page, "Caspian Rights Monitor")
    assert "No documents match" in home  # something is collected: the usual advice


def report_day(data_dir: Path) -> str:
    with open_store(data_dir) as store:
        last = store.last_crawl()
    assert last is not None
    return last[1].date().isoformat()
