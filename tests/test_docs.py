"""Every setting is documented in the shipped config.toml and the README (a test keeps it so)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from coi.config import load_config, setting_help

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", sorted(setting_help()))
def test_setting_is_commented_in_config_toml(name: str) -> None:
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    key = name.rsplit(".", 1)[-1]
    match = re.search(rf"((?:^#.*\n)+)^{re.escape(key)} = ", text, flags=re.M)
    assert match, f"{name} is missing from config.toml or has no comment above it"


@pytest.mark.parametrize("name", sorted(setting_help()))
def test_setting_is_in_readme(name: str) -> None:
    assert f"`{name}`" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_shipped_config_loads_with_sources_in_all_three_languages() -> None:
    config = load_config(ROOT / "config.toml")
    assert len(config.sources) >= 8
    raw = tomllib.loads((ROOT / "config.toml").read_text(encoding="utf-8"))
    urls = " ".join(u for s in raw["sources"] for u in s["start_urls"])
    for marker in ("/az", "/ru", "/en"):
        assert marker in urls


def test_readme_has_exactly_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    assert setup.count("```sh") == 2
