"""Serve the real app with waitress on a free port, and launch Debian's Chromium via Playwright."""

from __future__ import annotations

import shutil
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from waitress.server import create_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
"""Debian's Chromium: the tests never download a browser."""
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> str:
    """The Chromium binary, or skip the test saying why."""
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's (apt-get install chromium)")
    return CHROMIUM


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """The app served by waitress on 127.0.0.1 at a free port; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while True:
        try:
            urllib.request.urlopen(url + "/api/stats", timeout=1).close()
            break
        except OSError as exc:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the app did not come up on {url}: {exc}") from exc
            time.sleep(0.1)
    try:
        yield url
    finally:
        server.close()
