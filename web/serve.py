"""Serving the app with waitress, a production WSGI server that needs no compiler or daemon.

waitress writes no access log, so the queries people type (claimant data) never reach a log.

Slow and idle clients: waitress reads requests without a thread, so a slow client holds only a
connection; ``web.connection_limit`` of them at most (waitress's 100 were filled by 110 slow
connections, which blocked the server) and each closed after ``web.channel_timeout`` silent
seconds. Request bodies are small forms, so a body over :data:`MAX_BODY_BYTES` is refused
instead of read. The threads are the ``web.threads`` that answer, the ``web.queue`` that may
wait for them (:mod:`web.admission`) and :data:`REFUSING_THREADS` to answer 503 beyond that.
"""

from __future__ import annotations

import socket

from flask import Flask
from waitress import create_server
from waitress.server import BaseWSGIServer, MultiSocketServer

from coi.config import Config, WebConfig
from indexer.search import load_language_data
from web import create_app

MAX_BODY_BYTES = 1_000_000
MAX_HEADER_BYTES = 64_000
REFUSING_THREADS = 4


def make_server(
    app: Flask, web: WebConfig, *, sock: socket.socket | None = None
) -> BaseWSGIServer | MultiSocketServer:
    """A waitress server of ``app`` as ``web`` says, bound but not yet running (``.run()``).

    ``sock``: a socket already listening (shared by the worker processes of :mod:`web.workers`)
    instead of ``web.host`` and ``web.port``.
    """
    where: dict[str, object] = (
        {"sockets": [sock]} if sock is not None else {"host": web.host, "port": web.port}
    )
    return create_server(
        app,
        **where,
        threads=web.threads + web.queue + REFUSING_THREADS,
        connection_limit=web.connection_limit,
        channel_timeout=web.channel_timeout,
        cleanup_interval=max(1, min(30, web.channel_timeout // 2)),
        max_request_body_size=MAX_BODY_BYTES,
        max_request_header_size=MAX_HEADER_BYTES,
        ident="coi",
    )


def serve(config: Config) -> None:
    """Serve until interrupted, on ``config.web.host:port``: one process (several:
    :func:`web.workers.serve_configured`)."""
    load_language_data()
    server = make_server(create_app(config), config.web)
    print(f"coi: serving on http://{config.web.host}:{config.web.port}", flush=True)
    server.run()
