"""An officer looking for Afghans in Azerbaijan: the country a page is about and the countries
it mentions are two filters, through ``coi add``, ``coi index``, ``coi search``, ``coi doc why``
and the API, and an index from before the ``mentions`` field is rebuilt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from indexfixtures import DOCS, fill, make_config
from whoosh import index as whoosh_index
from whoosh.fields import Schema

from coi.cli import cli
from coi.config import load_config
from coi.store import open_store
from indexer.analysis import ANALYSIS_VERSION
from indexer.build import STATE_FILE, read_state, update_index
from indexer.schema import build_schema
from web import create_app

CONFIG = """data_dir = "data"
[[sources]]
id = "sms-az"
name = "State Migration Service"
kind = "government"
country = "AZE"
start_urls = ["https://migration.gov.az/"]

[[sources]]
id = "news-ru"
name = "A Russian news agency"
kind = "media"
country = "RUS"
start_urls = ["https://news.example.ru/"]
"""
STATISTICS = (
    "Статистика обращений о статусе беженца за 2019 год\n\n"
    "В 2019 году в Государственную миграционную службу с ходатайством о признании беженцем "
    "обратились 312 человек.\n\nГражданство заявителей\nАфганистан\n147\nПакистан\n41\nИран\n38\n"
    "Ирак\n22\nСирия\n19\nРоссия\n12\n\nСтатус беженца предоставлен 47 лицам."
)
KABUL = (
    "Беженцы из Афганистана\n\n"
    "Афганистан покидают тысячи людей. В Афганистане талибы преследуют бывших военных; "
    "беженцы из Афганистана рассказывают о задержаниях."
)


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    for name, text in (("statistics.txt", STATISTICS), ("kabul.txt", KABUL)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return path


def coi(config_path: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, [*args, "--config", str(config_path)])
    assert result.exit_code == 0, result.output
    return result


def titles(config_path: Path, *args: str) -> list[str]:
    found = json.loads(coi(config_path, "search", *args, "--json").output)
    return sorted(hit["title"] for hit in found["hits"])


def test_afghans_in_azerbaijan_through_the_cli_and_the_api(config_path: Path) -> None:
    folder = config_path.parent
    coi(config_path, "add", str(folder / "statistics.txt"), "--source", "sms-az")
    coi(config_path, "add", str(folder / "kabul.txt"), "--source", "news-ru")
    coi(config_path, "index")
    statistics = "Статистика обращений о статусе беженца за 2019 год"
    kabul = "Беженцы из Афганистана"
    assert titles(config_path, "--country", "AZE") == [statistics]
    assert titles(config_path, "--country", "AFG") == [kabul]
    assert titles(config_path, "--mentions", "AFG") == sorted([statistics, kabul])
    assert titles(config_path, "--mentions", "AFG", "--country", "AZE") == [statistics]
    assert titles(config_path, "--mentions", "AFG", "--not-country", "AFG") == [statistics]

    hits = json.loads(coi(config_path, "search", "--country", "AZE", "--json").output)["hits"]
    why = coi(config_path, "doc", "why", hits[0]["id"]).output
    assert "source's country: AZE (an official source; about it by default)" in why

    app = create_app(load_config(config_path))
    client = app.test_client()
    found = client.get("/api/search?country=AZE&mentions=AFG").get_json()
    assert [hit["title"] for hit in found["hits"]] == [statistics]
    assert found["facets"]["mentions"]["AFG"] == 1
    everything = client.get("/api/search").get_json()["facets"]["mentions"]
    assert everything["AFG"] == 2
    assert everything["PAK"] == 1
    page = client.get("/?mentions=AFG").get_data(as_text=True)
    assert 'data-facet="mentions"' in page
    assert "Mentioned country" in page
    russian = client.get("/?mentions=AFG", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "Упомянутая страна" in russian
    app.extensions["coi"].engine.close()


def test_an_index_from_before_the_mentions_field_is_rebuilt(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    with open_store(tmp_path) as store:
        fill(store)
        update_index(config, store)
        seq = read_state(config.index_dir)
        old_fields = {n: f for n, f in build_schema().items() if n != "mentions"}
        for path in config.index_dir.iterdir():
            path.unlink()
        whoosh_index.create_in(config.index_dir, Schema(**old_fields))
        (config.index_dir / STATE_FILE).write_text(
            json.dumps({"seq": seq, "analysis": ANALYSIS_VERSION})
        )
        report = update_index(config, store)
        assert (report.rebuilt, report.total) == (True, len(DOCS))
        assert "mentions" in whoosh_index.open_dir(config.index_dir).schema.names()
