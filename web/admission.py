"""A bounded queue in front of the app: a request beyond it gets 503 and Retry-After at once.

Past waitress's 100 connections, clients starved until they timed out (152 of 250) and none
got an answer. Here at most ``web.threads`` requests run at once, ``web.queue`` more wait for
one of them to finish (at most :data:`QUEUE_WAIT_SECONDS`), and any request beyond is told to
come back later straight away: a busy server stays responsive instead of slow for everyone.
:mod:`web.serve` gives waitress enough threads for the running, the waiting and the refusals.
"""

from __future__ import annotations

import threading

from flask import Flask, Response, g, jsonify, render_template, request
from flask_babel import gettext as _

QUEUE_WAIT_SECONDS = 10.0
"""How long a request may wait for a free worker before it is refused."""
RETRY_AFTER_SECONDS = 5
"""What a refused client is told to wait (HTTP ``Retry-After``)."""


class Admission:
    """Counts the requests running and waiting, and decides whether one more may wait."""

    def __init__(self, workers: int, queue: int) -> None:
        self._running = threading.BoundedSemaphore(workers)
        self._queue = queue
        self._waiting = 0
        self._lock = threading.Lock()

    def enter(self) -> bool:
        """Wait for a worker; False when the queue is full or the wait too long (refuse)."""
        if self._running.acquire(blocking=False):
            return True
        with self._lock:
            if self._waiting >= self._queue:
                return False
            self._waiting += 1
        try:
            return self._running.acquire(timeout=QUEUE_WAIT_SECONDS)
        finally:
            with self._lock:
                self._waiting -= 1

    @property
    def waiting(self) -> int:
        """Requests waiting for a worker now."""
        return self._waiting

    def leave(self) -> None:
        """The request that entered is done."""
        self._running.release()


def init_app(app: Flask, workers: int, queue: int) -> None:
    """Admit each request of ``app`` through a queue of ``queue`` behind ``workers`` workers."""
    admission = app.extensions["coi_admission"] = Admission(workers, queue)

    @app.before_request
    def admit() -> Response | tuple[str, int] | None:
        if admission.enter():
            g.coi_admitted = True
            return None
        return _busy()

    @app.teardown_request
    def release(_: BaseException | None = None) -> None:
        if g.pop("coi_admitted", False):
            admission.leave()


def _busy() -> Response:
    message = _("coi is busy answering other searches; please try again in a few seconds.")
    if request.path.startswith("/api/"):
        response = jsonify({"error": {"status": 503, "message": message}})
    else:
        response = Response(render_template("error.html", status=503, message=message))
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
