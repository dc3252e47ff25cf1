"""One crawl at a time: a second ``coi crawl`` on the same data is refused, saying who runs."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from coi.cli import cli
from coi.locks import exclusive

CONFIG = """data_dir = "data"
[[sources]]
id = "local"
name = "Local"
kind = "ngo"
country = "AZE"
start_urls = ["http://127.0.0.1:9/"]
"""


def test_a_second_crawl_is_refused_while_one_runs(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    with exclusive(tmp_path / "data" / "crawl.lock", "a crawl (`coi crawl`)"):
        result = CliRunner().invoke(cli, ["crawl", "--config", str(config)])
    assert result.exit_code == 1
    assert "coi: a crawl (`coi crawl`) is already running (process " in result.output
    assert "try again when it ends" in result.output
    assert not (tmp_path / "data" / "coi.sqlite3").exists()  # refused before touching the store
