"""Lag from a store commit to a search that finds the document, with ``coi index --follow``.

Usage: ``python bench/follow.py [--base 300] [--rates 0.5,2] [--seconds 30] [--interval 1]``.

Builds a store of ``--base`` generated documents (``bench/collection.py``: real paragraphs of
the shared corpus, ``--words`` words each) and its index, then starts the real
``coi index --follow`` on it as its own process. For each rate in ``--rates`` (documents per
second), a writer saves new documents at that steady rate for ``--seconds``, each with a word
of its own, and a searcher kept open as ``coi serve`` keeps one (:class:`SearchEngine`, which
picks up each commit on its next query) looks for the oldest document not found yet every
20 ms. The lag of a document is the time from its save returning (the store's commit) to the
first search that finds it.

Prints, per rate, the median, p95 and largest lag in seconds, the follower's updates (from
its ``--verbose`` log) and the longest of them. The index work behind the lag is
measured in the same run, in this process before the follower starts: the median time of an
update applying one document (what the follower runs for a change it sees; the rest of the lag
is waiting for its next look at the store, up to ``--interval``, and the searcher's refresh),
and the documents per second of one update applying 20: a write rate above that makes any
follower fall behind, whatever its interval. The first document after the follower's start is
timed apart (the process loads its language data on it). A commit that merges segments
(:mod:`indexer.engine.merging`: the 16 smallest, when there are 16) holds the follower for the
merge's time: the largest lags are those. Then the follower is stopped with SIGTERM: its exit
status and how long it took.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from collection import BenchDocument, generate, save_document  # noqa: E402

from coi.config import Config  # noqa: E402
from coi.models import SearchRequest  # noqa: E402
from coi.store import Store, open_store  # noqa: E402
from indexer.build import update_index  # noqa: E402
from indexer.search import SearchEngine  # noqa: E402

PROBE_SECONDS = 0.02
WARM = 25
"""Documents of the in-process measures before the follower starts."""
DRAIN_SECONDS = 120.0
"""How long the last documents may take to be found once the writer stops."""


def marker(number: int) -> str:
    """A word no real text holds, of letters only, so that each analyzer keeps it whole."""
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[digit]
        if number == 0:
            return f"zyqvox{letters}"


def save(store: Store, doc: BenchDocument) -> None:
    word = marker(doc.number)
    text = f"{word}\n\n{doc.text}"
    save_document(
        store,
        doc,
        url=f"https://bench.example.org/follow/{doc.number}",
        text=text,
        title=f"{word} {doc.title}",
        retrieved=datetime.now(UTC),
    )


def indexing_speed(config: Config, docs: list[BenchDocument]) -> tuple[float, float]:
    """What the follower's work costs, warm and in one process, as the follower does it:
    the median seconds of an update applying one new document (five times), then the
    documents per second of one update applying the rest of ``docs``."""
    samples = []
    with open_store(config.data_dir, config.store.url) as store:
        for doc in docs[:5]:
            save(store, doc)
            started = time.perf_counter()
            update_index(config, store)
            samples.append(time.perf_counter() - started)
        for doc in docs[5:]:
            save(store, doc)
        started = time.perf_counter()
        update_index(config, store)
        speed = (len(docs) - 5) / (time.perf_counter() - started)
    return statistics.median(samples), speed


def write_steadily(
    data_dir: Path, docs: list[BenchDocument], rate: float, saved: list[tuple[str, float]]
) -> None:
    """Save ``docs`` at ``rate`` per second; record when each save returned, in order."""
    with open_store(data_dir) as store:
        started = time.monotonic()
        for n, doc in enumerate(docs):
            time.sleep(max(0.0, started + n / rate - time.monotonic()))
            save(store, doc)
            saved.append((marker(doc.number), time.monotonic()))


def measure(
    engine: SearchEngine, data_dir: Path, docs: list[BenchDocument], rate: float
) -> list[float]:
    """Lags in seconds of ``docs`` written at ``rate`` per second.

    The follower applies changes in the store's order and a commit shows whole, so only the
    oldest document not found yet is searched for: the probe stays one query at a time and
    takes little of the processor the follower needs.
    """
    saved: list[tuple[str, float]] = []
    lags: list[float] = []
    writer = threading.Thread(target=write_steadily, args=(data_dir, docs, rate, saved))
    writer.start()
    deadline = float("inf")
    while len(lags) < len(docs) and time.monotonic() < deadline:
        if not writer.is_alive() and deadline == float("inf"):
            deadline = time.monotonic() + DRAIN_SECONDS
        if len(lags) < len(saved):
            word, at = saved[len(lags)]
            if engine.search(SearchRequest(query=word, per_page=1, expand=False)).total:
                lags.append(time.monotonic() - at)
                continue
        time.sleep(PROBE_SECONDS)
    writer.join()
    if len(lags) < len(docs):
        print(f"  {len(docs) - len(lags)} documents never found within {DRAIN_SECONDS:.0f} s")
    return sorted(lags)


class Updates:
    """The follower's log (``--verbose``): how long each of its updates took."""

    LINE = re.compile(r"coi.indexer.follow: index \w+: .*\(([\d.]+) s\)$")

    def __init__(self, path: Path) -> None:
        self.path = path
        self.read = 0

    def since_last(self) -> list[float]:
        """Seconds of each update logged since the last call."""
        lines = self.path.read_text().splitlines()
        new, self.read = lines[self.read :], len(lines)
        return [float(m[1]) for line in new if (m := self.LINE.search(line))]


def p95(samples: list[float]) -> float:
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=int, default=300, help="documents before the follower")
    parser.add_argument("--rates", default="0.5,2", help="documents per second, comma-separated")
    parser.add_argument("--seconds", type=float, default=30.0, help="writing time per rate")
    parser.add_argument("--interval", type=float, default=1.0, help="the follower's --interval")
    parser.add_argument("--words", type=int, default=1500, help="words per document")
    args = parser.parse_args()
    rates = [float(rate) for rate in args.rates.split(",")]
    wanted = args.base + WARM + 1 + sum(int(rate * args.seconds) for rate in rates)
    docs = list(generate(wanted, words=args.words))
    with tempfile.TemporaryDirectory(prefix="coi-follow-") as work:
        data_dir = Path(work)
        config = Config(data_dir=data_dir)
        with open_store(data_dir) as store:
            for doc in docs[: args.base]:
                save(store, doc)
            update_index(config, store)
        one, speed = indexing_speed(config, docs[args.base : args.base + WARM])
        print(f"store and index of {args.base + WARM} documents of ~{args.words} words")
        print(f"one update applying one document: {one:.2f} s (median of 5)")
        print(f"one update applying {WARM - 5} documents: {speed:.1f} documents/s")
        env = {k: v for k, v in os.environ.items() if not k.startswith("COI_")}
        command = [sys.executable, "-m", "coi", "index", "--follow", "--verbose"]
        log = Updates(data_dir / "follower.log")
        stderr = log.path.open("w")
        follower = subprocess.Popen(
            [*command, "--data-dir", str(data_dir), "--interval", str(args.interval)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        try:
            assert follower.stdout is not None
            start = args.base + WARM
            follower.stdout.readline()  # it has started
            engine = SearchEngine(config.index_dir)
            warm = measure(engine, data_dir, docs[start : start + 1], 1.0)
            start += 1
            print(f"first document after the follower's start: {warm[0]:.2f} s (loading)")
            log.since_last()
            print(
                f"{'docs/s':>7} {'docs':>5} {'median s':>9} {'p95 s':>7} {'max s':>7}"
                f" {'updates':>8} {'longest update s':>17}"
            )
            for rate in rates:
                batch = docs[start : start + int(rate * args.seconds)]
                start += len(batch)
                lags = measure(engine, data_dir, batch, rate)
                updates = log.since_last()
                if lags:
                    figures = (statistics.median(lags), p95(lags), lags[-1])
                    print(
                        f"{rate:>7g} {len(lags):>5} "
                        + "{:>9.2f} {:>7.2f} {:>7.2f}".format(*figures)
                        + f" {len(updates):>8} {max(updates, default=0):>17.1f}"
                    )
            engine.close()
            stopping = time.monotonic()
            follower.send_signal(signal.SIGTERM)
            out, _ = follower.communicate(timeout=120)
            print(
                f"SIGTERM: exit status {follower.returncode} after "
                f"{time.monotonic() - stopping:.2f} s; {out.strip().splitlines()[-1]}"
            )
        finally:
            if follower.poll() is None:
                follower.kill()
                follower.communicate()
            stderr.close()


if __name__ == "__main__":
    main()
