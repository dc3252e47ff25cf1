"""The command line as an administrator uses it: import, index, search, correct, collect, audit."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from corpus import require_corpus

from coi.cli import cli

CONFIG = """data_dir = "data"
[[sources]]
id = "ovd-info"
name = "OVD-Info"
kind = "ngo"
country = "RUS"
start_urls = ["https://ovd.info/"]
"""


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def coi(config_path: Path, *args: str, stdin: str | None = None) -> Result:
    result = CliRunner().invoke(cli, [*args, "--config", str(config_path)], input=stdin)
    assert result.exit_code == 0, result.output
    return result


def search_json(config_path: Path, *args: str) -> dict:
    return json.loads(coi(config_path, "search", *args, "--json").output)


def test_add_a_real_pdf_and_a_text_file_then_find_them(config_path: Path, tmp_path: Path) -> None:
    pdf = require_corpus() / "ovdinfo-reports" / "2015" / "20_2-report" / "report.pdf"
    note = tmp_path / "email.txt"
    note.write_text("Note from a caseworker\n\nЗадержания активистов в Москве.", encoding="utf-8")
    first = coi(config_path, "add", str(pdf), str(note), "--source", "ovd-info")
    assert "2 new" in first.output
    assert (
        "2 unchanged" in coi(config_path, "add", str(pdf), str(note), "--source", "ovd-info").output
    )
    coi(config_path, "index")
    found = search_json(config_path, "задержания")
    assert found["total"] == 2
    pdf_hit = next(h for h in found["hits"] if h["url"].endswith("report.pdf"))
    assert pdf_hit["language"] == "ru"
    assert pdf_hit["source"] == "ovd-info"


def test_add_refuses_an_unknown_source(config_path: Path, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["add", str(tmp_path / "a.txt"), "--source", "nope", "--config", str(config_path)]
    )
    assert result.exit_code == 2
    assert "no such source" in result.output


def test_desk_commands_correct_hide_collect_and_audit(config_path: Path, tmp_path: Path) -> None:
    for n, text in enumerate(["Беженцы из Афганистана в Москве.", "Пытки в изоляторах Чечни."]):
        (tmp_path / f"doc{n}.txt").write_text(f"Доклад {n}\n\n{text}", encoding="utf-8")
    coi(
        config_path,
        "add",
        str(tmp_path / "doc0.txt"),
        str(tmp_path / "doc1.txt"),
        "--source",
        "ovd-info",
    )
    coi(config_path, "index")
    first, second = (hit["id"] for hit in search_json(config_path, "--sort", "added")["hits"])
    coi(config_path, "doc", "set", first, "--topic", "refugees", "--country", "AFG")
    assert search_json(config_path, "--topic", "refugees")["hits"][0]["id"] == first
    coi(config_path, "doc", "hide", second)
    assert search_json(config_path)["total"] == 1
    made = coi(config_path, "collection", "create", "Afghan refugees in Russia", "--public")
    collection = made.output.strip()
    coi(config_path, "collection", "add", collection, first, "--note", "Key testimony")
    assert collection in coi(config_path, "collection", "list").output
    trail = coi(config_path, "audit", "--document", first).output
    assert "correct" in trail
    assert f"  {getpass.getuser()}  correct" in trail  # who ran the command, not "system"
    exported = coi(config_path, "audit", "--csv").output
    assert exported.startswith("time,actor,action")
    assert "collection.add" in exported


def test_doc_set_checks_values_names_its_actor_and_skips_values_already_shown(
    config_path: Path, tmp_path: Path
) -> None:
    (tmp_path / "doc.txt").write_text("Доклад\n\nБеженцы из Афганистана в Москве.", "utf-8")
    coi(config_path, "add", str(tmp_path / "doc.txt"), "--source", "ovd-info")
    coi(config_path, "index")
    (hit,) = search_json(config_path)["hits"]
    for option, typed, hint in [
        ("--country", "AZR", "did you mean AZE"),
        ("--country", "XYZ", "`coi doc values countries` lists them"),
        ("--doc-type", "newz", "did you mean news"),
        ("--lang", "blah", "`coi doc values language` lists them"),
        ("--topic", "torture", "did you mean torture-ill-treatment"),
    ]:
        refused = CliRunner().invoke(
            cli, ["doc", "set", hit["id"], option, typed, "--config", str(config_path)]
        )
        assert refused.exit_code == 1
        assert hint in refused.output
    assert "news\tnews" in coi(config_path, "doc", "values", "doc_type").output
    assert "AZE\tAzerbaijan" in coi(config_path, "doc", "values", "countries").output
    same = coi(config_path, "doc", "set", hit["id"], "--lang", hit["language"])
    assert "nothing changed" in same.output
    coi(config_path, "doc", "set", hit["id"], "--country", "aze", "--as", "leyla")
    assert search_json(config_path, "--country", "AZE")["total"] == 1
    (entry,) = coi(config_path, "audit", "--document", hit["id"]).output.splitlines()
    assert "  leyla  correct  document:" in entry
    assert entry.endswith('{"countries": []} -> {"countries": ["AZE"]}')


def test_doc_why_shows_what_decided_a_documents_tags(config_path: Path, tmp_path: Path) -> None:
    report = (
        "Пытки в изоляторах Чечни\n\n"
        "В Чечне задержанных избивают в изоляторах. Пытки в Чечне продолжаются: пытки током, "
        "избиения в отделах полиции. Один задержанный бежал в Турцию."
    )
    (tmp_path / "report.txt").write_text(report, encoding="utf-8")
    coi(config_path, "add", str(tmp_path / "report.txt"), "--source", "ovd-info")
    coi(config_path, "index")
    doc_id = search_json(config_path)["hits"][0]["id"]
    why = json.loads(coi(config_path, "doc", "why", doc_id, "--json").output)
    about = {c["iso3"]: c["about"] for c in why["countries"]}
    assert about == {"RUS": True, "TUR": False}  # Chechnya is Russia; Turkey named once
    torture = next(t for t in why["topics"] if t["slug"] == "torture-ill-treatment")
    assert torture["chosen"]
    assert torture["hits"] >= torture["hits_needed"]
    russia = next(c for c in why["countries"] if c["iso3"] == "RUS")
    assert ["чечне", 2] in russia["found_as"]  # the words that made it, as written
    shown = coi(config_path, "doc", "why", doc_id).output
    assert "torture-ill-treatment" in shown
    assert "RUS" in shown
    missing = CliRunner().invoke(cli, ["doc", "why", "0" * 16, "--config", str(config_path)])
    assert missing.exit_code == 1
    assert "no document" in missing.output


def test_user_add_prompts_for_the_password_without_echo(config_path: Path) -> None:
    result = coi(
        config_path,
        "user",
        "add",
        "leyla",
        "--role",
        "curator",
        stdin="a long passphrase\na long passphrase\n",
    )
    assert "added curator leyla" in result.output
    assert "a long passphrase" not in result.output
    assert "leyla\tcurator\tactive" in coi(config_path, "user", "list").output


def test_configuration_errors_exit_2_with_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[crawler]\ndelay = 1\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["stats", "--config", str(bad)])
    assert result.exit_code == 2
    assert "crawler.'delay'" in result.output


def test_python_dash_m_coi_works() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "coi", "--help"], capture_output=True, text=True, check=True
    )
    assert "crawl" in done.stdout


def test_search_filters_and_excludes_every_facet_the_search_page_has(
    config_path: Path, tmp_path: Path
) -> None:
    texts = {
        "ru.txt": "Доклад о беженцах\n\nБеженцы из Афганистана в Москве ждут решения.",
        "en.txt": "Report on refugees\n\nRefugees from Afghanistan wait in Moscow for a decision.",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    coi(config_path, "add", *(str(tmp_path / name) for name in texts), "--source", "ovd-info")
    coi(config_path, "index")
    everything = search_json(config_path)
    assert everything["total"] == 2
    not_english = search_json(config_path, "--not-lang", "en")
    assert [hit["language"] for hit in not_english["hits"]] == ["ru"]
    assert search_json(config_path, "--not-language", "ru")["hits"][0]["language"] == "en"
    assert search_json(config_path, "--not-source", "ovd-info")["total"] == 0
    made = coi(config_path, "collection", "create", "Moscow", "--public").output.strip()
    english = next(hit["id"] for hit in everything["hits"] if hit["language"] == "en")
    coi(config_path, "collection", "add", made, english)
    in_collection = search_json(config_path, "--collection", made)
    assert [hit["id"] for hit in in_collection["hits"]] == [english]
    assert search_json(config_path, "--not-collection", made)["total"] == 1
