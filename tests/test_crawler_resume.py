"""A crawl killed with SIGKILL and started again ends with what an uninterrupted crawl gets."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sitesrv import SiteServer

from coi.store import open_store

CHILD = Path(__file__).resolve().parent / "crawl_child.py"


def crawl(site: SiteServer, data_dir: Path, store_url: str = "") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), site.url, str(data_dir), store_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def documents(data_dir: Path, store_url: str = "") -> dict[str, int]:
    with open_store(data_dir, store_url) as store:
        rows = store.query(
            "SELECT d.url, COUNT(v.id) AS n FROM documents d JOIN versions v "
            "ON v.document_id = d.id GROUP BY d.url"
        )
        return {row["url"]: row["n"] for row in rows}


def test_kill_nine_midway_then_resume_equals_an_uninterrupted_crawl(
    site_server: SiteServer, tmp_path: Path, store_url: str
) -> None:
    """The killed crawl's store is on each back-end; the uninterrupted one on SQLite."""
    site_server.reset()
    killed = crawl(site_server, tmp_path / "killed", store_url)
    deadline = time.monotonic() + 60
    while sum(p.startswith("/gen/") for p in site_server.state.paths()) < 120:
        assert killed.poll() is None, killed.communicate()
        assert time.monotonic() < deadline, "the crawl did not progress"
        time.sleep(0.02)
    os.kill(killed.pid, signal.SIGKILL)
    killed.communicate()  # reaps it and closes its pipes
    partial = documents(tmp_path / "killed", store_url)
    assert 0 < len(partial) < 300

    resumed = crawl(site_server, tmp_path / "killed", store_url)
    out, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err
    assert "(resumed)" in out

    whole = crawl(site_server, tmp_path / "whole")
    whole.communicate(timeout=120)
    assert documents(tmp_path / "killed", store_url) == documents(tmp_path / "whole")
    assert set(documents(tmp_path / "whole").values()) == {1}  # one version each: no duplicate
    assert len(documents(tmp_path / "whole")) == 300
