"""Crawl throughput and memory on a generated local site, and kill -9 / resume equality.

Usage: ``python bench/crawl.py [--sizes 1000,10000]``

For each size the test site (``tests/sitesrv.py``) serves that many generated report pages on
127.0.0.1; a crawl with delay 0 runs in a child process. Printed: pages/s, the child's peak RSS
(it should stay flat as the site grows: the frontier lives in SQLite, not in memory), and whether
a crawl killed with SIGKILL half-way and resumed ends with exactly the documents of the
uninterrupted crawl.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from sitesrv import SiteServer  # noqa: E402

from coi.store import open_store  # noqa: E402

CHILD = ROOT / "tests" / "crawl_child.py"


def run_child(url: str, data_dir: Path) -> tuple[float, float]:
    """One crawl in a child: (seconds, peak RSS MB of the child)."""
    started = time.monotonic()
    wrapper = (
        "import resource, runpy, sys; sys.argv = sys.argv[1:]; "
        "runpy.run_path(sys.argv[0], run_name='__main__'); "
        "print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapper, str(CHILD), url, str(data_dir)],
        capture_output=True,
        text=True,
        check=True,
    )
    peak_kb = int(done.stdout.rsplit("PEAK", 1)[1])
    return time.monotonic() - started, peak_kb / 1024


def documents(data_dir: Path) -> dict[str, int]:
    with open_store(data_dir) as store:
        rows = store.query(
            "SELECT d.url, COUNT(v.id) AS n FROM documents d "
            "JOIN versions v ON v.document_id = d.id GROUP BY d.url"
        )
        return {row["url"]: row["n"] for row in rows}


def killed_and_resumed(server: SiteServer, data_dir: Path, size: int) -> dict[str, int]:
    """Crawl, SIGKILL after half the pages were requested, crawl again to the end."""
    server.reset()
    log = data_dir.with_suffix(".log")
    with log.open("wb") as output:
        child = subprocess.Popen(
            [sys.executable, str(CHILD), server.url, str(data_dir)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 1800
    while (requested := sum(p.startswith("/gen/") for p in server.state.paths())) < size // 2:
        if child.poll() is not None or time.monotonic() > deadline:
            child.kill()
            tail = log.read_text("utf-8", "replace")[-2000:]
            raise RuntimeError(
                f"the crawl ended or stalled after {requested} of {size} pages:\n{tail}"
            )
        time.sleep(0.5)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    run_child(server.url, data_dir)
    return documents(data_dir)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    server = SiteServer()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"{'pages':>7} {'seconds':>8} {'pages/s':>8} {'peak MB':>8} {'kill -9 + resume':>18}")
    for size in (int(s) for s in args.sizes.split(",")):
        server.state.generated_pages = size
        with tempfile.TemporaryDirectory(prefix="coi-bench-crawl-") as folder:
            whole_dir, killed_dir = Path(folder) / "whole", Path(folder) / "killed"
            server.reset()
            seconds, peak = run_child(server.url, whole_dir)
            whole = documents(whole_dir)
            resumed = killed_and_resumed(server, killed_dir, size)
            same = "same documents" if resumed == whole and len(whole) == size else "DIFFERENT"
            print(f"{size:>7} {seconds:>8.1f} {size / seconds:>8.1f} {peak:>8.0f} {same:>18}")
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
