"""For the web tests: named publishers, the real app served by waitress on a free port (or the
real ``coi serve --workers N`` in its own processes), and Debian's Chromium for Playwright."""

from __future__ import annotations

import shutil
import socket
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from servefixtures import coi_serve, running_in_thread, sources_config
from waitress.server import create_server

from coi.models import Source
from indexer.search import load_language_data

SOURCES = (
    Source(
        id="gov-b",
        name="Ministry of Internal Affairs",
        kind="government",
        country="AZE",
        start_urls=("https://example.org/",),
        allow=(),
    ),
    Source(
        id="ngo-a",
        name="Human Rights Centre",
        kind="ngo",
        country="AZE",
        start_urls=("https://example.org/",),
        allow=(),
    ),
    Source(
        id="media-c",
        name="Caucasian Knot",
        kind="media",
        country="RUS",
        start_urls=("https://example.org/",),
        allow=(),
    ),
)
"""Publishers of the test documents, so pages show names and kinds as they would in use."""

SERVE_WORKERS = 2
"""Worker processes of the ``coi serve`` that :func:`coi_served` starts for the browser tests."""

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
    """The app served by waitress on 127.0.0.1 at a free port, the language data loaded first
    as ``coi serve`` loads it (else the first search waits for it, past a page's timeout on a
    busy machine); yields its base URL."""
    load_language_data()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    with running_in_thread(server):
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
        yield url


@contextmanager
def coi_served(data_dir: Path, workers: int = SERVE_WORKERS, store_url: str = "") -> Iterator[str]:
    """``coi serve --workers N`` over ``data_dir`` (publishers of :data:`SOURCES`) in its
    own processes, as an agency runs it, its store at ``store_url`` if given; yields its base
    URL."""
    config = sources_config(data_dir.with_name(f"{data_dir.name}.toml"), SOURCES)
    with coi_serve(data_dir, workers=workers, config=config, store_url=store_url) as server:
        yield server.url
