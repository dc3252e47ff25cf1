"""A crawl is refused while a restore replaces the store, saying who runs; crawls share it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from coi.cli import cli
from coi.locks import exclusive, shared

CONFIG = """data_dir = "data"
[[sources]]
id = "local"
name = "Local"
kind = "ngo"
country = "AZE"
start_urls = ["http://127.0.0.1:9/"]
"""


def test_a_crawl_is_refused_while_a_restore_runs(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    with exclusive(tmp_path / "data" / "crawl.lock", "a crawl (`coi crawl`)"):
        result = CliRunner().invoke(cli, ["crawl", "--config", str(config)])
    assert result.exit_code == 1
    assert "coi: a restore (`coi restore`) is already running (process " in result.output
    assert "try again when it ends" in result.output
    assert not (tmp_path / "data" / "coi.sqlite3").exists()  # refused before touching the store


def test_a_restore_is_refused_while_crawl_workers_run(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    lock = tmp_path / "data" / "crawl.lock"
    (tmp_path / "backup").mkdir()
    with shared(lock, "a restore"), shared(lock, "a restore"):  # two workers hold it together
        result = CliRunner().invoke(
            cli, ["restore", str(tmp_path / "backup"), "--yes", "--config", str(config)]
        )
    assert result.exit_code == 1
    assert "coi: a crawl (`coi crawl`) is already running (process " in result.output
