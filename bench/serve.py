"""Serving under load: the real ``coi serve`` over a built index, many clients at once.

Usage: ``python bench/serve.py [--data DIR | --size 4000 --work DIR] [--clients 1,4,16,64]
[--workers 1,2] [--seconds 15] [--slow 100] [--writes] [--rebuild] [--burst 250]
[--server waitress|gunicorn] [--repo PATH]``

``coi serve --workers N`` runs in its own process on 127.0.0.1, once per ``--workers`` count
(``--repo`` runs another checkout's, to measure an earlier coi in the same run; ``--server
gunicorn`` serves the same app with gunicorn's threaded workers instead, the design
:mod:`web.workers` was measured against; it needs ``pip install gunicorn``). ``COI_*`` settings
in the environment reach every coi process the bench starts (the store setting, say). Each
client is a thread asking ``/api/search`` for ``bench/collection.py``'s queries, a third of
them with a country and a language filter, every answer with all facet counts, one request
after another for ``--seconds``. Printed per run: requests/s, those answered 200 per second,
their p50, p95 and p99 in ms (a 503 is quick and would flatter them), the answers that were
not 200 (503: beyond ``web.queue``, by design) and the peak RSS of all the server's processes
added up.

Then the hostile mix: the same clients, of which one sends only expensive queries (``word *``,
``*a*``, ``text:*``, ``[a TO z]``, 2,000 filter values), against the normal clients of the first
part. The figure to hold is the normal clients' p95 with the hostile client divided by their p95
without it (target at most 2x). Then ``--burst`` clients (250) each send one search at the same
moment: how many got an answer (200, or 503 to retry later) and how many none before giving up.
Then 4 clients search while ``--slow`` connections (100) send their headers a byte a second.

With ``--writes``, 16 clients search while the store and the index change under them:
:data:`CHANGES` new documents carrying a word no other has are imported (``coi add``), then
``coi index`` applies them while ``coi crawl`` crawls the local test site (``tests/sitesrv.py``)
into the same store; printed: the searches' errors, p95, p99, the slowest (target: none over
2 s), and when the new documents were first found, counted from the end of ``coi index``.
Last, with ``--rebuild``, 4 clients browse the whole collection while ``coi index --rebuild``
runs, counting answers that found all of it, part, none or gave no answer.

With no ``--data``, a collection of ``--size`` generated documents is written and indexed into
``--work`` first (once).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from collection import COUNTRIES, generate, queries  # noqa: E402
from index import process_tree, rss_mb  # noqa: E402

HOSTILE = (
    "refugees *",
    "*a*",
    "text:*",
    "[a TO z]",
)
"""Expensive queries the issue measured (3-6 s each behind the one lock)."""
MANY_FILTERS = 2000
TIMEOUT_SECONDS = 60
"""A client gives up on an answer after this long."""
CHANGES = 1000
"""New documents ``coi index`` applies while searches run (``--writes``)."""
SLOW_MS = 2000.0
"""No search may take longer while the index and the store change (``--writes``)."""
WRITE_CLIENTS = 16
SAMPLE_SECONDS = 0.5
"""How often the server's processes' RSS is sampled."""


@dataclass
class Samples:
    """Latencies in ms and statuses of one kind of client in one run."""

    latencies: list[float] = field(default_factory=list)
    answered: list[float] = field(default_factory=list)
    """The latencies of the answers with status 200 (a 503 is quick: it would flatter)."""
    statuses: Counter[int] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, ms: float, status: int) -> None:
        with self.lock:
            self.latencies.append(ms)
            if status == 200:
                self.answered.append(ms)
            self.statuses[status] += 1

    def percentile(self, share: float) -> float:
        """Of the answers with status 200."""
        ordered = sorted(self.answered)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


class RssSampler(threading.Thread):
    """The summed RSS of a server's processes, sampled until :meth:`stop`; keeps the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_mb = 0.0
        self.processes = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            tree = process_tree(self.pid)
            total = sum(rss_mb(pid) for pid in tree)
            if total > self.peak_mb:
                self.peak_mb, self.processes = total, len(tree)
            self._done.wait(SAMPLE_SECONDS)

    def stop(self) -> float:
        self._done.set()
        self.join()
        return self.peak_mb


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def normal_urls(base: str, count: int = 400) -> list[str]:
    """Realistic searches: real words, some with a country and a language filter."""
    rng = random.Random(5)
    urls = []
    for n, query in enumerate(queries(count)):
        params = [("q", query)]
        if n % 3 == 0:
            params += [
                ("country", rng.choice(COUNTRIES[:20])),
                ("lang", rng.choice(["az", "ru", "en"])),
            ]
        urls.append(f"{base}/api/search?{urllib.parse.urlencode(params)}")
    return urls


def hostile_urls(base: str) -> list[str]:
    urls = [f"{base}/api/search?{urllib.parse.urlencode({'q': q})}" for q in HOSTILE]
    many = [("year", str(1000 + n)) for n in range(MANY_FILTERS)]
    urls.append(f"{base}/api/search?{urllib.parse.urlencode([('q', 'refugees'), *many])}")
    return urls


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        with error:
            error.read()
            return int(error.code)
    except OSError:
        return 0  # refused, reset or timed out


def client(urls: list[str], offset: int, until: float | threading.Event, samples: Samples) -> None:
    """Search one after another until the time ``until`` or until the event ``until`` is set."""
    n = offset
    while not until.is_set() if isinstance(until, threading.Event) else time.monotonic() < until:
        started = time.perf_counter()
        status = get(urls[n % len(urls)])
        samples.add((time.perf_counter() - started) * 1000, status)
        n += 1


def run(base: str, clients: int, seconds: float, hostile: bool) -> tuple[Samples, Samples]:
    """``clients`` normal clients (one of them hostile when ``hostile``) for ``seconds``."""
    normal, bad = Samples(), Samples()
    urls, evil = normal_urls(base), hostile_urls(base)
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=client,
            args=(evil, n, until, bad) if hostile and n == 0 else (urls, n * 37, until, normal),
        )
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return normal, bad


def burst(base: str, clients: int) -> tuple[Samples, float]:
    """``clients`` searches sent at the same moment, one per connection; and the seconds taken."""
    samples, urls = Samples(), normal_urls(base)
    start = threading.Barrier(clients)

    def one(n: int) -> None:
        start.wait()
        began = time.perf_counter()
        status = get(urls[n % len(urls)])
        samples.add((time.perf_counter() - began) * 1000, status)

    began = time.monotonic()
    threads = [threading.Thread(target=one, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.monotonic() - began


def with_slow_clients(base: str, slow: int, seconds: float) -> Samples:
    """4 normal clients for ``seconds`` while ``slow`` connections send their headers a byte a
    second (a slow or hostile client holds a connection; it must not hold up everyone)."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    stop = threading.Event()

    def trickle() -> None:
        try:
            with socket.create_connection((host, int(port)), timeout=5) as sock:
                sock.sendall(b"GET /api/search?q=refugees HTTP/1.1\r\nHost: x\r\n")
                while not stop.wait(1.0):
                    sock.sendall(b"X")
        except OSError:
            return  # closed by the server: what a server may do with it

    tricklers = [threading.Thread(target=trickle) for _ in range(slow)]
    for thread in tricklers:
        thread.start()
    time.sleep(2)
    normal, _ = run(base, 4, seconds, hostile=False)
    stop.set()
    for thread in tricklers:
        thread.join()
    return normal


def browse_total(url: str) -> int | None:
    """How many documents a search says it found (None: no answer, or not 200)."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
            return int(json.load(response)["total"])
    except (OSError, ValueError, KeyError):
        return None


def coi(*args: str) -> list[str]:
    """The command line of one coi command (run with :func:`coi_env`)."""
    return [sys.executable, "-m", "coi", *args]


def coi_env(repo: Path) -> dict[str, str]:
    """The caller's environment, ``COI_*`` settings included, running ``repo``'s coi."""
    return {**os.environ, "PYTHONPATH": str(repo)}


def during_rebuild(base: str, repo: Path, data: Path, clients: int) -> None:
    """``clients`` browse the whole collection while ``coi index --rebuild`` runs."""
    url = f"{base}/api/search?per_page=10"
    whole = browse_total(url)
    counts: Counter[str] = Counter()
    lock = threading.Lock()
    rebuild = subprocess.Popen(
        coi("index", "--rebuild", "--data-dir", str(data)),
        cwd=repo,
        env=coi_env(repo),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    began = time.monotonic()

    def browse() -> None:
        while rebuild.poll() is None:
            total = browse_total(url)
            kind = "no answer" if total is None else "whole" if total == whole else "partial"
            if total == 0:
                kind = "none found"
            with lock:
                counts[kind] += 1

    threads = [threading.Thread(target=browse) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(
        f"during a rebuild ({time.monotonic() - began:.0f} s, exit {rebuild.returncode}): "
        f"{sum(counts.values())} searches for all {whole} documents: {dict(counts)}"
    )


def write_changes(folder: Path, marker: str) -> None:
    """:data:`CHANGES` text files to import, each with ``marker`` in its text, and a manifest."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    with (folder / "coi-manifest.csv").open("w", newline="", encoding="utf-8") as manifest:
        rows = csv.writer(manifest)
        rows.writerow(["file", "url", "title", "published"])
        for doc in generate(CHANGES, seed=int(marker[-6:], 16), words=400):
            name = f"{marker}-{doc.number:04d}.txt"
            (folder / name).write_text(f"{doc.text}\n\n{marker}\n", encoding="utf-8")
            url = f"https://bench.example/{marker}/{doc.number}"
            rows.writerow([name, url, doc.title, doc.published.isoformat()])


def crawl_config(folder: Path, site: str) -> Path:
    """A configuration with the local test site to crawl and a source for imported files."""
    path = folder / "bench-sources.toml"
    path.write_text(
        "[crawler]\ndelay_seconds = 0.05\ntimeout_seconds = 2.0\ndeadline_seconds = 5.0\n"
        "retries = 0\n\n"
        '[[sources]]\nid = "bench-site"\nname = "Caspian Rights Monitor"\nkind = "ngo"\n'
        f'country = "AZE"\nstart_urls = ["{site}/en/index.html"]\nallow = ["{site}/"]\n\n'
        '[[sources]]\nid = "bench-import"\nname = "Imported reports"\nkind = "ngo"\n'
        'country = "AZE"\nstart_urls = ["https://bench.example/"]\n',
        encoding="utf-8",
    )
    return path


def start_site(repo: Path) -> tuple[subprocess.Popen[str], str]:
    """The local test site in a process of its own, and its base URL."""
    site = subprocess.Popen(
        [sys.executable, str(repo / "tests" / "sitesrv.py")],
        cwd=repo / "tests",
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert site.stdout is not None
    return site, site.stdout.readline().strip()


def during_writes(base: str, repo: Path, data: Path, work: Path) -> None:
    """Searches while ``coi index`` applies :data:`CHANGES` new documents and a crawl writes."""
    marker = f"zqbench{os.urandom(3).hex()}"
    write_changes(work / "changes", marker)
    site, site_url = start_site(repo)
    try:
        config = crawl_config(work, site_url)
        common = ["--config", str(config), "--data-dir", str(data)]
        began = time.monotonic()
        subprocess.run(
            coi("add", str(work / "changes"), "--source", "bench-import", *common),
            cwd=repo,
            env=coi_env(repo),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"  {CHANGES} documents imported (coi add) in {time.monotonic() - began:.0f} s")
        probe = f"{base}/api/search?{urllib.parse.urlencode({'q': marker})}"
        searches, done = Samples(), threading.Event()
        urls = normal_urls(base)
        threads = [
            threading.Thread(target=client, args=(urls, n * 37, done, searches))
            for n in range(WRITE_CLIENTS)
        ]
        found: list[tuple[float, int | None]] = []

        def watch() -> None:
            while not done.is_set():
                found.append((time.monotonic(), browse_total(probe)))
                time.sleep(0.1)

        watcher = threading.Thread(target=watch)
        for thread in [*threads, watcher]:
            thread.start()
        time.sleep(2)
        index = subprocess.Popen(coi("index", *common), cwd=repo, env=coi_env(repo))
        crawls: list[int] = []
        while index.poll() is None:
            crawl = subprocess.run(
                coi("crawl", "--no-progress", *common),
                cwd=repo,
                env=coi_env(repo),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            crawls.append(crawl.returncode)
        indexed = time.monotonic()
        deadline = indexed + 30
        while time.monotonic() < deadline and not _all_found(found, indexed, CHANGES):
            time.sleep(0.2)
        time.sleep(1)
        done.set()
        for thread in [*threads, watcher]:
            thread.join()
    finally:
        site.terminate()
        site.wait()
    _report_writes(searches, found, index.returncode, crawls, indexed)


def _all_found(found: list[tuple[float, int | None]], since: float, count: int) -> bool:
    """Whether the last 5 probes after ``since`` all found (nearly) ``count`` documents."""
    after = [total for at, total in found if at >= since]
    return len(after) >= 5 and all(_nearly(total, count) for total in after[-5:])


def _nearly(total: int | None, count: int) -> bool:
    """At least 99% of ``count``: the duplicate check may group a generated document or two."""
    return total is not None and total >= count * 0.99


def _report_writes(
    searches: Samples,
    found: list[tuple[float, int | None]],
    index_exit: int | None,
    crawls: list[int],
    indexed: float,
) -> None:
    errors = {status: n for status, n in searches.statuses.items() if status != 200}
    slow = sum(ms > SLOW_MS for ms in searches.latencies)
    first = next((at for at, total in found if _nearly(total, CHANGES)), None)
    most = max((total or 0 for _, total in found), default=0)
    failed = sum(total is None for _, total in found)
    seen = f"{first - indexed:+.1f} s" if first is not None else "never"
    print(
        f"  coi index exit {index_exit}, {len(crawls)} crawls (exit {crawls}) meanwhile; "
        f"{len(searches.latencies)} searches by {WRITE_CLIENTS} clients: "
        f"not 200: {json.dumps(errors) if errors else 0}, p95 {searches.percentile(0.95):.0f}, "
        f"p99 {searches.percentile(0.99):.0f}, slowest {max(searches.latencies):.0f} ms, "
        f"{slow} over {SLOW_MS:.0f} ms",
        flush=True,
    )
    print(
        f"  the {CHANGES} new documents first found {seen} from the end of coi index "
        f"({most} at most); "
        f"{len(found)} probes, {failed} without an answer",
        flush=True,
    )


def report(label: str, samples: Samples, seconds: float, rss: float | None = None) -> None:
    errors = {status: n for status, n in samples.statuses.items() if status != 200}
    print(
        f"{label:<24} {len(samples.latencies) / seconds:6.1f} req/s, "
        f"{len(samples.answered) / seconds:6.1f} answered 200/s  "
        f"p50 {samples.percentile(0.5):7.1f}  "
        f"p95 {samples.percentile(0.95):7.1f}  p99 {samples.percentile(0.99):7.1f} ms  "
        f"not 200: {json.dumps(errors) if errors else 0}"
        + (f"  RSS {rss:.0f} MB" if rss is not None else ""),
        flush=True,
    )


def server_command(server: str, data: Path, port: int, workers: int) -> list[str]:
    if server == "gunicorn":
        return [
            *(sys.executable, "-m", "gunicorn", "--worker-class", "gthread"),
            *("--workers", str(workers), "--threads", "4", "--bind", f"127.0.0.1:{port}"),
            "web:create_app()",
        ]
    command = coi("serve", "--data-dir", str(data), "--port", str(port))
    return [*command, "--workers", str(workers)] if workers > 1 else command  # an earlier coi: 1


def start_server(
    server: str, repo: Path, data: Path, port: int, workers: int, log: Path
) -> subprocess.Popen[str]:
    """The server, answering; what it writes to stderr goes to ``log``."""
    env = {**coi_env(repo), "COI_DATA_DIR": str(data)}
    process = subprocess.Popen(
        server_command(server, data, port, workers),
        cwd=repo,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{server} exited: {log.read_text()}")
        if get(f"http://127.0.0.1:{port}/api/search?q=refugees") == 200:
            return process
        time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{server} did not answer within 60 s")


def prepare(work: Path, size: int) -> Path:
    """A data folder with ``size`` generated documents, indexed (made once)."""
    from index import build_coi, fill_store

    data = work / f"data-{size}"
    if not (data / "index").is_dir():
        fill_store(data, size)
        build_coi(data)
    return data


def measure(args: argparse.Namespace, data: Path, workers: int) -> None:
    """Every part of the bench against one server of ``workers`` processes."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    repo = args.repo.resolve()
    server = start_server(args.server, repo, data, port, workers, args.work / "server.log")
    try:
        for url in [hostile_urls(base)[0], *normal_urls(base)[: 20 * workers]]:
            get(url)  # warm up: every worker's searchers and their tables opened
        print(f"\n{args.server} with {workers} worker processes, {args.seconds:.0f} s per run")
        counts = [int(n) for n in args.clients.split(",")]
        quiet: Samples | None = None
        for clients in counts:
            sampler = RssSampler(server.pid)
            sampler.start()
            normal, _ = run(base, clients, args.seconds, hostile=False)
            report(f"{clients} clients", normal, args.seconds, sampler.stop())
            quiet = normal
        clients = max(counts)
        normal, bad = run(base, clients, args.seconds, hostile=True)
        report(f"{clients - 1} normal + 1 hostile", normal, args.seconds)
        report("  the hostile client", bad, args.seconds)
        if quiet is not None and quiet.answered and normal.answered:
            p50 = normal.percentile(0.5) / quiet.percentile(0.5)
            p95 = normal.percentile(0.95) / quiet.percentile(0.95)
            print(f"normal clients with a hostile one: p50 {p50:.2f}x, p95 {p95:.2f}x (target 2x)")
        if args.burst:
            samples, took = burst(base, args.burst)
            print(
                f"burst of {args.burst} at once: answered by status {dict(samples.statuses)} "
                f"(0: no answer within {TIMEOUT_SECONDS} s), slowest "
                f"{max(samples.latencies) / 1000:.1f} s, all done in {took:.1f} s"
            )
        if args.slow:
            normal = with_slow_clients(base, args.slow, args.seconds)
            report(f"4 clients + {args.slow} slow", normal, args.seconds)
        if args.writes:
            print(f"while coi index applies {CHANGES} new documents and a crawl writes:")
            during_writes(base, repo, data, args.work)
        if args.rebuild:
            during_rebuild(base, repo, data, 4)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, help="A data folder with a built index.")
    parser.add_argument("--size", type=int, default=4000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/coi-bench-serve"))
    parser.add_argument("--clients", default="1,4,16,64")
    parser.add_argument("--workers", default="1,2", help="Worker processes, one server each.")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--slow", type=int, default=100, help="Slow clients (0: none).")
    parser.add_argument("--writes", action="store_true", help="Then search during index writes.")
    parser.add_argument("--rebuild", action="store_true", help="Then search during a rebuild.")
    parser.add_argument("--burst", type=int, default=250, help="Clients at once (0: none).")
    parser.add_argument("--server", choices=("waitress", "gunicorn"), default="waitress")
    parser.add_argument("--repo", type=Path, default=ROOT, help="Checkout whose coi serves.")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    data = args.data or prepare(args.work, args.size)
    print(f"coi from {args.repo}, data {data}")
    for workers in [int(n) for n in args.workers.split(",")]:
        measure(args, data, workers)


if __name__ == "__main__":
    main()
