"""Configuration: precedence, relative data_dir, and errors that name the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from coi.config import load_config
from coi.errors import ConfigError

SOURCE = """
[[sources]]
id = "sms-az"
name = "State Migration Service"
kind = "government"
country = "AZE"
start_urls = ["https://migration.gov.az/en"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert config.crawler.delay_seconds == 1.0
    assert config.data_dir == tmp_path / "data"
    assert config.sources == ()


def test_relative_data_dir_is_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    path = write(tmp_path / "etc", 'data_dir = "store"\n')
    assert load_config(path).data_dir == tmp_path / "etc" / "store"


def test_precedence_file_then_environment_then_flag(tmp_path: Path) -> None:
    path = write(tmp_path, "[crawler]\ndelay_seconds = 2\ntimeout_seconds = 5\n")
    env = {"COI_CRAWLER_DELAY_SECONDS": "3.5", "COI_DATA_DIR": str(tmp_path / "env")}
    config = load_config(path, environ=env)
    assert config.crawler.delay_seconds == 3.5
    assert config.crawler.timeout_seconds == 5.0
    assert config.data_dir == tmp_path / "env"
    flagged = load_config(path, data_dir=tmp_path / "flag", environ=env)
    assert flagged.data_dir == tmp_path / "flag"


def test_config_path_from_environment(tmp_path: Path) -> None:
    path = write(tmp_path, "[web]\nport = 8080\n")
    assert load_config(environ={"COI_CONFIG": str(path)}).web.port == 8080


def test_sources_are_read(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, SOURCE))
    (source,) = config.sources
    assert source.id == "sms-az"
    assert source.country == "AZE"
    assert source.start_urls == ("https://migration.gov.az/en",)
    assert config.source("sms-az") is source
    assert source.doc_type is None  # guessed page by page unless declared


def test_a_source_declares_the_type_of_its_documents(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, SOURCE + 'doc_type = "news"\n'))
    assert config.sources[0].doc_type == "news"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour = 1\n", "unknown key 'colour'"),
        ("[crawler]\ndelay = 1\n", "unknown key crawler.'delay'"),
        ('[crawler]\ndelay_seconds = "fast"\n', "crawler.delay_seconds must be float"),
        ("[web]\nport = true\n", "web.port must be int"),
        (SOURCE.replace('"AZE"', '"Azerbaijan"'), "sources[1].country"),
        (SOURCE.replace('"government"', '"blog"'), "sources[1].kind"),
        (SOURCE + SOURCE, "declared twice"),
        (SOURCE + 'doc_type = "blog post"\n', "sources[1].doc_type must be one of report, news"),
        (SOURCE + "doc_type = 1\n", "sources[1].doc_type must be str"),
        ("data_dir = [\n", "not valid TOML"),
    ],
)
def test_errors_name_the_file_and_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_config(tmp_path / "absent.toml")


def test_wrong_environment_value_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="COI_WEB_PORT"):
        load_config(write(tmp_path, ""), environ={"COI_WEB_PORT": "high"})
