"""Indexing throughput, peak memory and index size: coi's index against a plain Whoosh baseline.

Usage: ``python bench/index.py [--sizes 1000,10000] [--work DIR] [--coi-only]``

For each size a collection of real recombined paragraphs (``bench/collection.py``) is written
into a coi store once; then, each in its own process so peak memory is its own:

- ``coi``: ``indexer.build.update_index`` from that store (per-language analyzers, name keys,
  facet columns, batched commits);
- ``baseline``: a plain Whoosh index of the same documents, ``StemmingAnalyzer`` on title and
  text, facets as ``ID``/``KEYWORD`` fields, one writer with the same memory limit.

``--coi-only`` leaves the baseline out (a plain Whoosh build of 100,000 documents takes hours).

Figures: documents/s, MB of text/s, CPU seconds (the build's processes together: on a machine
other work shares, a steadier measure than the clock), peak memory, index size (MB), and the
ratios coi/baseline.
Peak memory is given three times, because coi's build runs several processes: ``proc MB`` is
the largest single process's peak RSS (parent or a worker), ``sum MB`` the peak of the build's
processes' RSS added up, sampled every :data:`SAMPLE_SECONDS` (so a spike shorter than that can
be missed; pages the forked workers still share with their parent count in each, so the sum
is an upper bound), and ``pss MB`` the peak of their proportional set sizes added up (a page
shared by three processes counts a third in each): the memory the build really holds.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from collection import generate, save_document  # noqa: E402

from coi.config import Config  # noqa: E402
from coi.store import open_store  # noqa: E402

CHILDREN = resource.RUSAGE_CHILDREN
SAMPLE_SECONDS = 0.5
"""How often the build's process tree is sampled for the summed peak."""


def fill_store(data_dir: Path, size: int) -> float:
    """Write ``size`` generated documents into a coi store (the one of ``COI_STORE_URL`` if set,
    e.g. a PostgreSQL server); returns MB of text written."""
    megabytes = 0.0
    with open_store(data_dir, os.environ.get("COI_STORE_URL", "")) as store:
        for doc in generate(size):
            megabytes += len(doc.text.encode()) / 1e6
            save_document(store, doc, url=f"https://bench.example/{doc.number}")
    return megabytes


def build_coi(data_dir: Path) -> None:
    """Index the store with coi's indexer."""
    from indexer.build import update_index

    config = Config(data_dir=data_dir)  # the shipped defaults: what a user's build does
    with open_store(data_dir, os.environ.get("COI_STORE_URL", "")) as store:
        update_index(config, store, rebuild=True)


def build_baseline(data_dir: Path, size: int) -> None:
    """A plain Whoosh index of the same documents (StemmingAnalyzer, Whoosh defaults)."""
    from whoosh import index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

    schema = Schema(
        id=ID(stored=True, unique=True),
        url=STORED(),
        title=TEXT(analyzer=StemmingAnalyzer(), stored=True),
        text=TEXT(analyzer=StemmingAnalyzer()),
        country=KEYWORD(stored=True, commas=True),
        topic=KEYWORD(stored=True, commas=True),
        language=ID(stored=True),
        source=ID(stored=True),
        doc_type=ID(stored=True),
        year=NUMERIC(int, stored=True),
        published=DATETIME(stored=True),
    )
    target = data_dir / "baseline"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    ix = index.create_in(target, schema)
    writer = ix.writer(limitmb=256)
    for doc in generate(size):
        writer.add_document(
            id=str(doc.number),
            url=f"https://bench.example/{doc.number}",
            title=doc.title,
            text=doc.text,
            country=",".join(doc.countries),
            topic=",".join(doc.topics),
            language=doc.language,
            source=doc.source,
            doc_type=doc.doc_type,
            year=doc.published.year,
            published=datetime(doc.published.year, doc.published.month, doc.published.day),
        )
    writer.commit()


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (the kernel's per-thread child lists)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for thread in Path(f"/proc/{current}/task").iterdir():
                todo += [int(child) for child in (thread / "children").read_text().split()]
        except OSError:  # it ended meanwhile
            continue
    return found


def rss_mb(pid: int) -> float:
    """A process's resident set size now (0 once it has ended)."""
    return _proc_mb(f"/proc/{pid}/status", "VmRSS:")


def pss_mb(pid: int) -> float:
    """A process's proportional set size now: its pages, each shared one divided among the
    processes sharing it (0 once it has ended)."""
    return _proc_mb(f"/proc/{pid}/smaps_rollup", "Pss:")


def _proc_mb(path: str, key: str) -> float:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and its descendants until it ends; keeps the peak."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        super().__init__(daemon=True)
        self.process = process
        self.peak_mb = 0.0
        self.peak_pss_mb = 0.0

    def run(self) -> None:
        while self.process.poll() is None:
            tree = process_tree(self.process.pid)
            self.peak_mb = max(self.peak_mb, sum(rss_mb(pid) for pid in tree))
            self.peak_pss_mb = max(self.peak_pss_mb, sum(pss_mb(pid) for pid in tree))
            time.sleep(SAMPLE_SECONDS)


def measure(kind: str, data_dir: Path, size: int) -> dict[str, float]:
    """Run one build in a child process; its wall time and peak memory (largest process, sum)."""
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", kind, "--work", str(data_dir), "--sizes", str(size)],
        stdout=subprocess.PIPE,
        text=True,
    )
    sampler = TreeSampler(child)
    sampler.start()
    out, _ = child.communicate()
    seconds = time.monotonic() - started
    sampler.join()
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, child.args)
    figures = json.loads(out.strip().splitlines()[-1])
    peak_mb = figures["peak_mb"]
    index_dir = data_dir / ("index" if kind == "coi" else "baseline")
    return {
        "seconds": seconds,
        "cpu_s": figures["cpu_s"],
        "peak_mb": peak_mb,
        "sum_mb": max(sampler.peak_mb, peak_mb),
        "pss_mb": sampler.peak_pss_mb,
        "index_mb": folder_mb(index_dir),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--work", default="/tmp/coi-bench-index")
    parser.add_argument("--child", choices=("coi", "baseline"))
    parser.add_argument("--coi-only", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(args.work)
    if args.child:
        if args.child == "coi":
            build_coi(work)
        else:
            build_baseline(work, sizes[0])
        peak = (
            max(  # the writer's own processes count too
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
            )
            / 1024
        )
        own, workers = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, CHILDREN))
        # the workers count too: they have ended, and were waited for
        cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
        print(json.dumps({"peak_mb": peak, "cpu_s": cpu}))
        return
    print(
        f"{'docs':>7} {'build':>9} {'docs/s':>8} {'MB/s':>6} {'CPU s':>7} {'proc MB':>8} "
        f"{'sum MB':>7} {'pss MB':>7} {'index MB':>9}"
    )
    for size in sizes:
        data_dir = work / str(size)
        shutil.rmtree(data_dir, ignore_errors=True)
        started = time.monotonic()
        text_mb = fill_store(data_dir, size)
        print(f"{size:>7} {'store':>9} filled in {time.monotonic() - started:.0f} s")
        kinds = ("coi",) if args.coi_only else ("baseline", "coi")
        results = {kind: measure(kind, data_dir, size) for kind in kinds}
        for kind, r in results.items():
            print(
                f"{size:>7} {kind:>9} {size / r['seconds']:>8.1f} {text_mb / r['seconds']:>6.2f} "
                f"{r['cpu_s']:>7.1f} {r['peak_mb']:>8.0f} {r['sum_mb']:>7.0f} {r['pss_mb']:>7.0f} "
                f"{r['index_mb']:>9.0f}"
            )
        if "baseline" not in results:
            continue
        ratio = results["baseline"]["seconds"] / results["coi"]["seconds"]
        print(f"{size:>7} {'coi/base':>9} {ratio:>8.2f}x docs/s ({text_mb:.0f} MB of text)")
        cpu_ratio = results["coi"]["cpu_s"] / results["baseline"]["cpu_s"]
        print(f"{size:>7} {'coi/base':>9} {cpu_ratio:>8.2f}x CPU seconds")


if __name__ == "__main__":
    main()
