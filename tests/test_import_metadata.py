"""``coi add`` told where a file really comes from: its citation names the real URL, title,
publisher, author and date, one file by options or a folder by a manifest (issue 18)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sitesrv import make_pdf

from coi.citation import citation_text
from coi.cli import cli
from coi.config import load_config
from coi.store import open_store

CONFIG = """data_dir = "data"
[[sources]]
id = "library"
name = "Case library"
kind = "ngo"
country = "AZE"
start_urls = ["https://example.org/"]
"""
PAGES = ["Detention of asylum seekers at the border of Azerbaijan.", "Access to legal aid."]


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def coi(config_path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--config", str(config_path)])


def search(config_path: Path, query: str) -> list[dict[str, object]]:
    assert coi(config_path, "index").exit_code == 0
    result = coi(config_path, "search", query, "--json")
    assert result.exit_code == 0, result.output
    return list(json.loads(result.output)["hits"])


def test_one_file_cites_the_address_and_metadata_given(config_path: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(make_pdf(PAGES, "untitled", created="20250101000000Z"))
    result = coi(
        config_path, "add", str(pdf), "--source", "library",
        "--url", "https://crf.example.org/reports/asylum-2020.pdf",
        "--title", "Access to asylum in Azerbaijan",
        "--publisher", "Caspian Research Foundation",
        "--author", "A. Mammadova; R. Huseynov",
        "--published", "2020-08",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (hit,) = search(config_path, "detention")
    assert hit["url"] == "https://crf.example.org/reports/asylum-2020.pdf"
    assert hit["title"] == "Access to asylum in Azerbaijan"
    assert hit["author"] == "A. Mammadova; R. Huseynov"
    assert (hit["published"], hit["published_from"], hit["published_precision"]) == (
        "2020-08-01",
        "import",
        "month",
    )
    with open_store(load_config(config_path).data_dir) as store:
        document = store.document(str(hit["id"]))
    assert document is not None
    cited = citation_text(document, load_config(config_path).source("library"))
    assert cited.startswith(
        'A. Mammadova, R. Huseynov, Caspian Research Foundation: "Access to asylum in '
        'Azerbaijan", August 2020, https://crf.example.org/reports/asylum-2020.pdf'
    )
    assert "file:" not in cited


def test_a_manifest_beside_the_files_gives_each_its_origin(
    config_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(make_pdf(PAGES, "a"))
    (folder / "b.txt").write_text("Statistics of asylum applications in 2019.", encoding="utf-8")
    (folder / "c.txt").write_text("A note on detention with a bad row.", encoding="utf-8")
    (folder / "coi-manifest.csv").write_text(
        "file,url,title,author,published\n"
        "a.pdf,https://gov.example.az/a.pdf,Annual asylum report,,2021\n"
        "b.txt,https://gov.example.az/b,Asylum statistics 2019,Statistics unit,2020-01-20\n"
        "c.txt,not a url,,,\n",
        encoding="utf-8",
    )
    result = coi(config_path, "add", str(folder), "--source", "library")
    assert result.exit_code == 0, result.output
    assert "3 new" in result.output  # the manifest itself is not a document
    hits = {h["title"]: h for h in search(config_path, "asylum OR detention")}
    assert hits["Annual asylum report"]["url"] == "https://gov.example.az/a.pdf"
    assert hits["Annual asylum report"]["published_precision"] == "year"
    assert hits["Asylum statistics 2019"]["author"] == "Statistics unit"
    assert hits["Asylum statistics 2019"]["published"] == "2020-01-20"
    (bad,) = [h for h in hits.values() if str(h["url"]).startswith("file:")]  # row skipped
    assert bad["published"] is None


def test_a_url_for_many_files_or_a_bad_date_is_refused(config_path: Path, tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Some text about asylum.", encoding="utf-8")
    two = coi(
        config_path, "add", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
        "--source", "library", "--url", "https://example.org/a",
    )  # fmt: skip
    assert two.exit_code == 2
    assert "--url and --title name one file" in two.output
    bad = coi(
        config_path, "add", str(tmp_path / "a.txt"), "--source", "library",
        "--published", "15.08.2020",
    )  # fmt: skip
    assert bad.exit_code == 2
    assert "must be YYYY, YYYY-MM or YYYY-MM-DD" in bad.output
