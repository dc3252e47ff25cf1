"""``coi serve`` in a process of its own, as an agency runs it: the tests that need real worker
processes (and the browser tests that use them) start it here, in one place."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from waitress.server import BaseWSGIServer, MultiSocketServer

from coi.models import Source

START_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    """A running ``coi serve``: its base URL, its process and what it printed so far."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path
    last_output: str | None = None
    """All it printed, once stopped."""

    def output(self) -> str:
        if self.last_output is not None:
            return self.last_output
        return self.log.read_text(encoding="utf-8", errors="replace")

    def workers(self) -> list[int]:
        """The process ids of its worker processes now (none when it serves in one process)."""
        children: list[int] = []
        for thread in Path(f"/proc/{self.process.pid}/task").iterdir():
            children += [int(pid) for pid in (thread / "children").read_text().split()]
        return children


def sources_config(path: Path, sources: tuple[Source, ...]) -> Path:
    """A configuration file declaring ``sources`` (so pages name their publishers)."""
    lines: list[str] = []
    for source in sources:
        urls = ", ".join(f'"{url}"' for url in source.start_urls)
        lines += [
            "[[sources]]",
            f'id = "{source.id}"',
            f'name = "{source.name}"',
            f'kind = "{source.kind}"',
            f'country = "{source.country}"',
            f"start_urls = [{urls}]",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@contextmanager
def coi_serve(
    data_dir: Path, *, workers: int = 1, config: Path | None = None, store_url: str = ""
) -> Iterator[Served]:
    """``coi serve --workers N`` on a free port of 127.0.0.1, answering; stopped afterwards.

    ``store_url``: the store on a PostgreSQL server instead of the data directory's SQLite.
    """
    port = free_port()
    command = [sys.executable, "-m", "coi", "serve", "--data-dir", str(data_dir)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    if config is not None:
        command += ["--config", str(config)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("COI_")}
    if store_url:
        env["COI_STORE_URL"] = store_url
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "serve.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                command, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        served = Served(f"http://127.0.0.1:{port}", process, log)
        try:
            _wait_until_up(served)
            yield served
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            served.last_output = served.output()


def _wait_until_up(served: Served) -> None:
    """Return once the server answers; fail with its output if it dies or never answers."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            code = served.process.returncode
            raise AssertionError(f"coi serve exited {code}:\n{served.output()}")
        try:
            urllib.request.urlopen(served.url + "/api/stats", timeout=2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"coi serve did not answer on {served.url}:\n{served.output()}")


@contextmanager
def running_in_thread(server: BaseWSGIServer | MultiSocketServer) -> Iterator[None]:
    """Run a waitress server in a daemon thread; close it on leaving.

    Closing the listening socket while the thread's ``select`` waits on it raises EBADF in the
    thread, an unhandled thread exception that pytest reports against whichever test runs next:
    after a close asked for here, that error is expected and dropped.
    """
    closing = threading.Event()

    def run() -> None:
        try:
            server.run()
        except OSError:
            if not closing.is_set():
                raise

    threading.Thread(target=run, daemon=True).start()
    try:
        yield
    finally:
        closing.set()
        server.close()
        server.task_dispatcher.shutdown()
