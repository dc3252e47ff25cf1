"""``coi serve`` as an agency runs it: waitress in its own process, and what a claimant's officer
typed never reaches its output, even with ``--verbose``."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

SECRET = "Gulnara-Mammadova-claimant"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, server: subprocess.Popen[str]) -> None:
    """Return once ``url`` answers; fail with the server's output if it dies or never answers."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.poll() is not None:
            out, err = server.communicate()
            raise AssertionError(f"coi serve exited {server.returncode}:\n{out}\n{err}")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    server.kill()
    out, err = server.communicate()
    raise AssertionError(f"coi serve did not answer on {url}:\n{out}\n{err}")


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


def test_served_searches_are_counted_and_never_logged(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COI_")}
    command = [sys.executable, "-m", "coi", "serve", "--verbose", "--data-dir", str(tmp_path)]
    server = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_up(base + "/api/stats", server)
        assert fetch(f"{base}/?q={SECRET}") == 200
        assert fetch(f"{base}/api/search?q={SECRET}&country=AZE") == 200
        assert fetch(f"{base}/api/search?q={SECRET}&year=bad") == 400
        assert fetch(f"{base}/documents/0000?q={SECRET}") == 404
        with urllib.request.urlopen(base + "/api/stats", timeout=5) as response:
            assert json.load(response) == {"searches": 2}  # the refused search is not counted
    finally:
        server.terminate()
        out, err = server.communicate(timeout=10)
    assert f"serving on {base}" in out
    assert SECRET not in out + err
