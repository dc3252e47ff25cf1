"""A busy server answers at once: beyond the requests running and those allowed to wait, a
request gets 503 with Retry-After instead of starving until its client times out; and a
damaged index never makes search answer 500."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest
from indexfixtures import DOCS, fill, id_of, make_config
from servefixtures import running_in_thread

from coi.models import SearchRequest, SearchResult
from coi.store import open_store
from indexer.build import update_index
from indexer.search import DAMAGED_NOTICE, SearchEngine
from web import create_app
from web.serve import make_server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def test_requests_beyond_the_queue_get_503_with_retry_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_config(tmp_path)
    with open_store(tmp_path) as store:
        fill(store)
        update_index(config, store)
    web = replace(config.web, port=free_port(), threads=1, queue=1)
    app = create_app(replace(config, web=web))
    server = make_server(app, web)
    release = threading.Event()
    entered = threading.Semaphore(0)
    real = SearchEngine.search

    def held(engine: SearchEngine, request: SearchRequest) -> SearchResult:
        entered.release()
        release.wait(timeout=20)
        return real(engine, request)

    monkeypatch.setattr(SearchEngine, "search", held)
    base = f"http://127.0.0.1:{web.port}"
    answers: list[int] = []

    def search() -> None:
        answers.append(get(base + "/api/search?q=refugees")[0])

    try:
        with running_in_thread(server):
            running = threading.Thread(target=search)
            running.start()
            assert entered.acquire(timeout=20)  # the one worker is busy
            waiting = threading.Thread(target=search)
            waiting.start()
            queue = app.extensions["coi_admission"]
            deadline = time.monotonic() + 20
            while queue.waiting < 1 and time.monotonic() < deadline:
                time.sleep(0.01)
            status, headers, body = get(base + "/api/search?q=women")
            page_status, page_headers, _ = get(base + "/?q=women")
            release.set()
            running.join(timeout=20)
            waiting.join(timeout=20)
    finally:
        release.set()  # a failed assertion must not leave the held search waiting
    assert (status, headers["Retry-After"]) == (503, "5")
    assert "busy" in json.loads(body)["error"]["message"]
    assert (page_status, page_headers["Retry-After"]) == (503, "5")
    assert answers == [200, 200]  # the running and the waiting one were both answered


def test_a_deleted_segment_gives_a_notice_not_a_500(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    with open_store(tmp_path) as store:
        fill(store)
        update_index(config, store)
    for segment in config.index_dir.glob("*.seg"):
        segment.unlink()
    app = create_app(config)
    client = app.test_client()
    api = client.get("/api/search?q=refugees")
    page = client.get("/?q=refugees")
    document = client.get(f"/documents/{id_of(DOCS[0])}?q=refugees")
    app.extensions["coi"].engine.close()
    assert api.status_code == 200
    assert api.get_json()["notices"] == [DAMAGED_NOTICE]
    assert page.status_code == 200
    assert DAMAGED_NOTICE in page.get_data(as_text=True)
    assert document.status_code == 200  # the page a judge cites still opens
    with open_store(tmp_path) as store:
        report = update_index(config, store)  # `coi index` repairs it from the store
    assert report.rebuilt
    assert SearchEngine(config.index_dir).search(SearchRequest(query="refugees")).total >= 3


def test_a_silent_client_is_disconnected_and_others_are_served(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    web = replace(config.web, port=free_port(), channel_timeout=1)
    server = make_server(create_app(replace(config, web=web)), web)
    with running_in_thread(server):
        with socket.create_connection(("127.0.0.1", web.port), timeout=10) as slow:
            slow.sendall(b"GET /api/search?q=x HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and stalls
            status, _, _ = get(f"http://127.0.0.1:{web.port}/api/search?q=refugees")
            assert status == 200
            started = time.monotonic()
            assert slow.recv(1024) == b""  # closed by the server, not by our timeout
        assert time.monotonic() - started < 8
