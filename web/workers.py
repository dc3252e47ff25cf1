"""Several processes answering on one socket, so searches use every core (``web.workers``).

One Python process answers searches on one core at a time (the GIL): matching, facet counts and
snippets are Python and numpy work. Here the parent binds the socket, then forks
``web.workers`` processes that each build their own app and serve it with waitress on the
inherited socket, whichever accepts a connection first answering it. Each worker is the
single-process server of :mod:`web.serve` with its own threads and admission queue, so every
protection stays as it is: no access log, slow clients held by connection only and closed
after ``web.channel_timeout``, bodies and headers bounded, 503 with Retry-After beyond the
queue (per worker: ``web.workers`` x ``web.threads`` requests run at once in all). The count
of searches (``/api/stats``) is shared by the workers; failed logins are counted per worker, so
with N workers a name or an address may try up to N times the limit of :mod:`web.auth`.

gunicorn with its threaded worker (2 workers of 4 threads) was measured against this on the same
machine (``bench/serve.py --server gunicorn``): about as many searches per second, but 100 slow
clients sending their headers a byte a second left it answering no search at all (they hold its
threads; waitress, with them, answered 4 other clients at 5 a second), and with no queue limit of
its own a burst of 250 waited up to 22 s instead of being told at once to come back.

The language data every search needs is loaded before the fork (:func:`load_language_data`),
but nothing of the index or the store is opened before it: each worker opens its own Whoosh
searchers (one before it accepts a connection) and store connections, and its
:class:`~indexer.search.SearchEngine` notices a newer index generation or a swapped folder on
its own, so ``coi index`` needs no restart. A worker that dies is replaced; one that dies
straight after starting is replaced after a growing pause so a broken set-up does not fork in
a loop.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import socket
import sys
import time
from dataclasses import dataclass
from multiprocessing.sharedctypes import Synchronized
from types import FrameType

from coi.config import Config
from coi.errors import ConfigError

log = logging.getLogger("coi.serve")

BACKLOG = 1024
"""Connections the operating system holds for the workers to accept (waitress's default)."""
POLL_SECONDS = 0.2
"""How often the parent looks for workers that exited."""
STOP_SECONDS = 10.0
"""How long stopping workers may finish the requests they are answering."""
QUICK_DEATH_SECONDS = 5.0
"""A worker that dies sooner than this after starting is replaced after a pause."""
MAX_PAUSE_SECONDS = 30.0


@dataclass
class _Slot:
    """One worker place: the process in it now and how soon its last ones died."""

    number: int
    pid: int = 0
    started: float = 0.0
    pause: float = 0.0
    due: float = 0.0


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` and listening, to be shared by the workers."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(BACKLOG)
    sock.setblocking(False)
    return sock


def serve_configured(config: Config) -> None:
    """Serve until interrupted with ``web.workers`` processes (one: :func:`web.serve.serve`)."""
    from web.serve import serve

    if config.web.workers < 1:
        raise ConfigError(f"web.workers must be 1 or more, not {config.web.workers}")
    if config.web.workers == 1:
        serve(config)
    else:
        serve_workers(config, config.web.workers)


def serve_workers(config: Config, workers: int) -> None:
    """Serve with ``workers`` processes until SIGTERM or SIGINT; replace any that dies."""
    from indexer.search import load_language_data
    from web.auth import secret_key

    # Made once here: workers creating it at the same moment would each keep another key,
    # and a login cookie signed by one would be refused by the others.
    secret_key(config.data_dir)
    searches = multiprocessing.Value("q", 0)  # shared memory: one count for /api/stats
    sock = listening_socket(config.web.host, config.web.port)
    load_language_data()
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    slots = [_Slot(number) for number in range(1, workers + 1)]
    try:
        for slot in slots:
            _start(slot, sock, config, searches)
        print(
            f"coi: serving on http://{config.web.host}:{config.web.port} "
            f"with {workers} worker processes",
            flush=True,
        )
        while not stopping:
            _reap(slots)
            now = time.monotonic()
            for slot in slots:
                if not slot.pid and now >= slot.due and not stopping:
                    _start(slot, sock, config, searches)
            time.sleep(POLL_SECONDS)
    finally:
        _stop_all(slots)
        sock.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _start(slot: _Slot, sock: socket.socket, config: Config, searches: Synchronized[int]) -> None:
    """Fork a worker into ``slot``; the child serves and never returns."""
    pid = os.fork()
    if pid == 0:
        _worker(sock, config, searches)
    slot.pid, slot.started = pid, time.monotonic()


def _worker(sock: socket.socket, config: Config, searches: Synchronized[int]) -> None:
    """The child: build the app (opening nothing shared with the parent) and serve."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _exit_on_term)
        from coi.models import SearchRequest
        from web import create_app
        from web.serve import make_server

        app = create_app(config)
        state = app.extensions["coi"]
        state.shared_searches = searches
        state.engine.search(SearchRequest(query="refugees"))  # its searcher and tables opened
        server = make_server(app, config.web, sock=sock)
        server.run()  # returns on SIGTERM or SIGINT, having closed its connections
        code = 0
    except (SystemExit, KeyboardInterrupt):
        code = 0  # stopped before it served
    except Exception:
        log.exception("a worker process failed")
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)  # never run the parent's clean-up in a child


def _exit_on_term(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def _reap(slots: list[_Slot]) -> None:
    """Free the slots of workers that exited, scheduling their replacement."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        for slot in slots:
            if slot.pid != pid:
                continue
            now = time.monotonic()
            quick = now - slot.started < QUICK_DEATH_SECONDS
            slot.pause = min(MAX_PAUSE_SECONDS, max(1.0, slot.pause * 2)) if quick else 0.0
            slot.pid, slot.due = 0, now + slot.pause
            log.warning(
                "worker %d (process %d) %s; starting another in %.0f s",
                slot.number,
                pid,
                _how_it_ended(status),
                slot.pause,
            )


def _how_it_ended(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"was killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exited with status {os.waitstatus_to_exitcode(status)}"


def _stop_all(slots: list[_Slot]) -> None:
    """Ask every worker to stop, wait for them, and kill those still running after a while."""
    running = {slot.pid for slot in slots if slot.pid}
    for pid in running:
        _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    while running and time.monotonic() < deadline:
        for pid in list(running):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                running.discard(pid)
        time.sleep(0.05)
    for pid in running:
        _signal(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _signal(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
        os.kill(pid, sig)
