"""Locks one coi process holds on its data directory while no other may do the same work.

Two rebuilds at once both crashed and left an empty index. Crawl workers share their lock
(they share the crawl through the store's leases), while a restore, which replaces the store
under them, takes it alone. A lock is an ``flock`` on a file beside the data it guards: the
kernel releases it when its process dies, so a killed run never leaves a stale lock, and the
file names the holder (process id, command, start time) for the message a refused run prints.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from coi.errors import BusyError

POLL_SECONDS = 0.05


@contextmanager
def exclusive(
    path: Path, what: str, *, wait: float = 0.0, error: type[BusyError] = BusyError
) -> Iterator[None]:
    """Hold the lock at ``path`` for the block, waiting up to ``wait`` seconds for it.

    Raises:
        BusyError (or ``error``): another live process holds it; the message says which and
            what ``what`` is (for example "an index build").
    """
    with _held(path, what, wait, error, fcntl.LOCK_EX):
        yield


@contextmanager
def shared(path: Path, what: str, *, error: type[BusyError] = BusyError) -> Iterator[None]:
    """Hold the lock at ``path`` along with other holders of it shared (crawl workers), while no
    process holds it exclusively.

    Raises:
        BusyError (or ``error``): a process holds it exclusively.
    """
    with _held(path, what, 0.0, error, fcntl.LOCK_SH):
        yield


@contextmanager
def _held(path: Path, what: str, wait: float, error: type[BusyError], mode: int) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _acquire(handle, path, what, wait, error, mode)
        os.ftruncate(handle, 0)
        os.write(handle, json.dumps(_holder()).encode())
        yield
    finally:
        os.close(handle)  # closing the last descriptor releases the lock


def _acquire(
    handle: int, path: Path, what: str, wait: float, error: type[BusyError], mode: int
) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise error(f"{what} is already running ({_describe(path)}); " + _AFTER) from None
            time.sleep(POLL_SECONDS)


_AFTER = "try again when it ends"


def _holder() -> dict[str, object]:
    return {
        "pid": os.getpid(),
        "command": _command(),
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _command() -> str:
    """The holder's command line, short: ``coi index --rebuild`` (also when run as a module)."""
    words = [Path(arg).name for arg in sys.argv[:3]]
    if words and words[0] == "__main__.py":  # python -m coi
        words[0] = "coi"
    return " ".join(words)


def _describe(path: Path) -> str:
    """Who holds the lock, as its file says (it may be mid-write: then only where it is)."""
    try:
        holder = json.loads(path.read_text())
        return f"process {holder['pid']}, `{holder['command']}`, since {holder['started']}"
    except (OSError, ValueError, KeyError, TypeError):
        return f"lock {path.name}"
