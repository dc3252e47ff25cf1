"""How long a curator waits for the desk to save a correction.

Usage: ``python bench/desk_save.py [--documents 1000] [--pending 200] [--saves 3]``.

Builds a store of generated documents (``bench/collection.py``: real paragraphs of the shared
corpus) and its index, then saves corrections through the real web app (test client, logged
in as a curator) in two unlucky moments a library meets every day:

- ``backlog``: a crawl has just changed ``--pending`` documents the index has not taken up;
- ``locked``: another process (``coi index``, a rebuild) holds the index writer.

The desk saves and answers at once; the index takes the change up in the background. The
baseline, measured in the same run, is what a save cost when the desk brought the index up to
date before answering: the save plus ``update_index`` in the same two moments (with the lock
held, that is the writer's lock wait, after which the curator got a 400 although the change
was saved). Prints the median of each in ms and the ratio baseline/desk.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from collection import RETRIEVED, BenchDocument, generate, save_document  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402

from coi.config import Config  # noqa: E402
from coi.curation import accounts, corrections  # noqa: E402
from coi.errors import IndexLockedError  # noqa: E402
from coi.store import Store, document_id_for, open_store  # noqa: E402
from indexer.build import update_index  # noqa: E402
from web import create_app  # noqa: E402

PASSWORD = "bench password 1"
HOLD_WRITER = """
import sys, time
from whoosh import index
writer = index.open_dir(sys.argv[1]).writer()
print("held", flush=True)
time.sleep(3600)
"""


def url(number: int) -> str:
    return f"https://bench.example/{number}"


def store_doc(store: Store, doc: BenchDocument, edition: int) -> None:
    """Store a generated document as crawled in its ``edition`` (0: first crawl)."""
    text = doc.text if edition == 0 else f"{doc.text}\n\nUpdate {edition}."
    save_document(
        store, doc, url=url(doc.number), text=text, retrieved=RETRIEVED + timedelta(days=edition)
    )


def recrawl(data_dir: Path, docs: list[BenchDocument], edition: int) -> None:
    """Change ``docs`` in the store as a crawl does, leaving the index behind."""
    with open_store(data_dir) as store:
        for doc in docs:
            store_doc(store, doc, edition)


def logged_in(client: FlaskClient) -> str:
    def token(path: str) -> str:
        found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
        assert found is not None
        return found.group(1)

    client.post(
        "/login", data={"name": "bench", "password": PASSWORD, "csrf_token": token("/login")}
    )
    return token("/desk/")


def desk_save(client: FlaskClient, csrf: str, number: int, title: str) -> float:
    started = time.perf_counter()
    response = client.post(
        f"/desk/documents/{document_id_for(url(number))}/correct",
        data={"csrf_token": csrf, "title": title},
    )
    assert response.status_code == 302, response.status_code
    return time.perf_counter() - started


def inline_save(config: Config, number: int, title: str) -> float:
    """The former desk: save, then update the index before answering."""
    started = time.perf_counter()
    with open_store(config.data_dir, config.store.url) as store:
        corrections.correct(store, document_id_for(url(number)), {"title": title}, actor="bench")
        with contextlib.suppress(IndexLockedError):  # the curator got a 400, the change saved
            update_index(config, store)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--pending", type=int, default=200)
    parser.add_argument("--saves", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coi-desk-bench-") as work:
        figures = measure(Config(data_dir=Path(work)), args)
    print(f"{args.documents} documents, {args.pending} pending after a crawl, {args.saves} saves")
    print(f"{'moment':<10}{'desk ms':>10}{'baseline ms':>14}{'ratio':>8}")
    for moment, times in figures.items():
        desk = statistics.median(times["desk"]) * 1000
        baseline = statistics.median(times["baseline"]) * 1000
        print(f"{moment:<10}{desk:>10.0f}{baseline:>14.0f}{baseline / desk:>8.1f}")


def measure(config: Config, args: argparse.Namespace) -> dict[str, dict[str, list[float]]]:
    """Seconds per save, by moment (backlog, locked) and by way (desk, baseline)."""
    data_dir = config.data_dir
    docs = list(generate(args.documents, words=800))
    recrawl(data_dir, docs, 0)
    with open_store(data_dir) as store:
        accounts.add_user(store, "bench", "curator", PASSWORD, actor="bench")
        update_index(config, store)
    app = create_app(config)
    refresher = app.extensions["coi.reindex"]
    client = app.test_client()
    csrf = logged_in(client)
    figures: dict[str, dict[str, list[float]]] = {}
    for edition in range(1, args.saves + 1):
        for moment in ("backlog", "locked"):
            refresher.wait(600)
            if moment == "backlog":
                recrawl(data_dir, docs[: args.pending], edition)
                holder = None
            else:
                holder = subprocess.Popen(
                    [sys.executable, "-c", HOLD_WRITER, str(config.index_dir)],
                    stdout=subprocess.PIPE,
                    text=True,
                )
                assert holder.stdout is not None
                holder.stdout.readline()
            try:
                title = f"Corrected {moment} {edition}"
                times = figures.setdefault(moment, {"desk": [], "baseline": []})
                times["desk"].append(desk_save(client, csrf, args.pending + 1, title))
                if moment == "backlog":
                    refresher.wait(600)
                    recrawl(data_dir, docs[: args.pending], edition + 100)
                times["baseline"].append(inline_save(config, args.pending + 2, f"{title} b"))
            finally:
                if holder is not None:
                    holder.kill()
                    holder.wait()
    refresher.close()
    app.extensions["coi"].engine.close()
    return figures


if __name__ == "__main__":
    main()
