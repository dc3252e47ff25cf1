"""A crawl configuration pointing at the local test site, with short delays for tests."""

from __future__ import annotations

from pathlib import Path

from sitesrv import SiteServer

from coi.config import Config, CrawlerConfig
from coi.models import Source

TEST_CRAWLER = CrawlerConfig(
    user_agent="coi-test/0.1 (+https://example.org/coi)",
    delay_seconds=0.05,
    timeout_seconds=1.0,
    deadline_seconds=5.0,
    max_bytes=200_000,
    retries=1,
)


def site_config(site: SiteServer, data_dir: Path, **source: object) -> Config:
    """A configuration with one source: the test site, from its English front page."""
    fields: dict[str, object] = {
        "id": "crm",
        "name": "Caspian Rights Monitor",
        "kind": "ngo",
        "country": "AZE",
        "start_urls": (f"{site.url}/en/index.html",),
        "allow": (f"{site.url}/",),
    }
    fields.update(source)
    return Config(data_dir=data_dir, crawler=TEST_CRAWLER, sources=(Source(**fields),))  # type: ignore[arg-type]
