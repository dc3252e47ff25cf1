"""``coi add`` and ``coi crawl`` as a librarian meets them on a bad day: hostile files in a
folder, no network, a full disk."""

from __future__ import annotations

import gzip
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

from click.testing import CliRunner
from sitesrv import PDF_PAGES, make_pdf

from coi.cli import cli
from coi.store import open_store

CONFIG = """data_dir = "data"
[crawler]
timeout_seconds = 1
retries = 0
delay_seconds = 0.01
[[sources]]
id = "crm"
name = "Caspian Rights Monitor"
kind = "ngo"
country = "AZE"
start_urls = ["{start}"]
"""
GOOD_TEXT = "Report on detention\n\nMonitors found detainees held without access to a lawyer."


def write_config(folder: Path, start: str = "https://example.org/") -> Path:
    path = folder / "config.toml"
    path.write_text(CONFIG.format(start=start), encoding="utf-8")
    return path


def hostile_folder(folder: Path) -> Path:
    """A folder of received files: one good report and the kinds that stopped an import."""
    folder.mkdir()
    (folder / "a-broken.pdf").write_bytes(
        make_pdf(PDF_PAGES, "Annual report").replace(b"trailer\n", b"trailer5")
    )
    (folder / "b-math.html").write_bytes(b"<math><title><math>\x0b<html>")
    (folder / "c-compressed.html").write_bytes(gzip.compress(b"<html><p>Detention</p></html>"))
    (folder / "d-report.txt").write_text(GOOD_TEXT, encoding="utf-8")
    return folder


def test_add_of_a_folder_goes_past_every_bad_file(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    folder = hostile_folder(tmp_path / "received")
    result = CliRunner().invoke(
        cli, ["add", str(folder), "--source", "crm", "--config", str(config)]
    )
    assert result.exit_code == 0, result.output
    assert "2 new" in result.output  # the report, and what the broken markup still gives
    assert "skipped:pdf-unreadable" in result.output
    assert "skipped:compressed-body" in result.output
    with open_store(tmp_path / "data") as store:
        stored = [store.document(doc_id) for doc_id in store.document_ids()]
    assert any(doc and "without access to a lawyer" in doc.latest.text for doc in stored)


def closed_port() -> int:
    """A local port nothing listens on: every connection is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_crawl_with_no_source_reachable_exits_non_zero_and_says_so(tmp_path: Path) -> None:
    config = write_config(tmp_path, f"http://127.0.0.1:{closed_port()}/")
    result = CliRunner().invoke(cli, ["crawl", "--config", str(config)])
    assert result.exit_code == 1
    assert "crm: 1 skipped (unreachable)" in result.output
    assert "no source could be reached" in result.output


def test_a_full_disk_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """``coi add`` under a file size limit: the archive write fails as on a full disk."""
    config = write_config(tmp_path)
    CliRunner().invoke(cli, ["stats", "--config", str(config)])  # the store exists, small
    report = tmp_path / "large.txt"
    report.write_text(GOOD_TEXT + "\n\n" + "Detention of asylum seekers. " * 20_000)
    limited = textwrap.dedent(
        """
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (400_000, 400_000))
        from coi.cli import cli
        sys.argv = ["coi", *sys.argv[1:]]
        cli()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", limited, "add", str(report), "--source=crm", f"--config={config}"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("coi: cannot write")
    assert "Free space" in lines[0]
