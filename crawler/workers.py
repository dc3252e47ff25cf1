"""Crawl workers: their names in the store's leases, and whether one died.

A worker is named ``machine/pid/random``: a worker that finds URLs held by another worker of
its own machine whose process is gone ends those leases at once instead of waiting for them to
expire (a worker on another machine cannot see that, and waits ``lease_seconds``).
"""

from __future__ import annotations

import os
import secrets
import socket
from pathlib import Path


def worker_name() -> str:
    """This process's name as a lease holder."""
    return f"{socket.gethostname()}/{os.getpid()}/{secrets.token_hex(4)}"


def died_here(owner: str) -> bool:
    """Whether ``owner`` is a worker of this machine whose process has ended."""
    machine, _, pid = owner.rpartition("/")[0].rpartition("/")
    if machine != socket.gethostname() or not pid.isdigit():
        return False
    return not _alive(int(pid))


def _alive(pid: int) -> bool:
    """A running process (a killed child not yet reaped by its parent counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X")
    except FileNotFoundError:
        return False
    except OSError:  # no /proc (not Linux): ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
