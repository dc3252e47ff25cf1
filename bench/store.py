"""Import and re-tag a collection in the store, on SQLite and on PostgreSQL, in the same run.

Usage: ``python bench/store.py [--documents 10000] [--words 1000] [--runs 3]
[--postgres-url postgresql://…] [--sqlite-only]``.

Documents are generated from real paragraphs of the shared corpus (``bench/collection.py``;
the bench says so and stops when the corpus is absent). Each run starts from an empty store:

- ``import``: every document saved as a crawl saves it (``save_fetch``: blob, version, change
  number, duplicate fingerprint), one transaction each;
- ``retag``: every document read back and its tags replaced (``document`` then
  ``update_enrichment``, as ``coi retag`` does; the tagger's own time is left out, it is the
  same on both back-ends and ``bench/tagging.py`` measures it).

PostgreSQL is the server of ``--postgres-url`` (a database is created and dropped per run),
else a throw-away cluster of the installed PostgreSQL (with its default durability, as
SQLite's); without either only SQLite is measured,
with the reason printed. Prints seconds and documents per second of each step, medians of the
runs, and the ratio PostgreSQL/SQLite of the seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from collection import CORPUS, BenchDocument, generate, save_document  # noqa: E402
from pgserver import PostgresServer, throwaway_cluster  # noqa: E402

from coi.models import Enrichment  # noqa: E402
from coi.store import Store, open_store  # noqa: E402

STEPS = ("import", "retag")


def retagged(enrichment: Enrichment) -> Enrichment:
    """Tags as new rules might give them: one more topic, the type generalised."""
    return Enrichment(
        language=enrichment.language,
        language_shares=enrichment.language_shares,
        countries=enrichment.countries,
        countries_mentioned=enrichment.countries,
        topics=(*enrichment.topics, "documents"),
        doc_type="report",
    )


def import_all(store: Store, documents: list[BenchDocument]) -> None:
    for doc in documents:
        save_document(store, doc, url=f"https://bench.example/{doc.number}")


def retag_all(store: Store) -> int:
    changed = 0
    for doc_id in store.document_ids():
        document = store.document(doc_id)
        assert document is not None
        changed += store.update_enrichment(doc_id, retagged(document.latest.enrichment))
    return changed


def measure(open_: Callable[[], Store], documents: list[BenchDocument]) -> dict[str, float]:
    """Seconds of each step on one empty store."""
    with open_() as store:
        started = time.perf_counter()
        import_all(store, documents)
        imported = time.perf_counter()
        changed = retag_all(store)
        done = time.perf_counter()
        assert store.document_count() == len(documents)
        assert changed == len(documents)
    return {"import": imported - started, "retag": done - imported}


@contextlib.contextmanager
def postgres(url: str | None) -> Iterator[tuple[PostgresServer | None, str]]:
    """A server to measure on (the tests' helper), or None with the reason."""
    with contextlib.nullcontext(url) if url else throwaway_cluster(durable=True) as found:
        if found is None:
            yield None, "PostgreSQL is not installed (no initdb) and --postgres-url not given"
            return
        server = PostgresServer(found)
        try:
            yield server, ""
        finally:
            server.close()


def report(name: str, runs: list[dict[str, float]], documents: int) -> dict[str, float]:
    medians = {step: statistics.median(run[step] for run in runs) for step in STEPS}
    for step in STEPS:
        print(
            f"{name:<11} {step:<7} {medians[step]:8.2f} s  {documents / medians[step]:8.0f} docs/s"
            f"  (runs: {', '.join(f'{run[step]:.2f}' for run in runs)})"
        )
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres-url", default=None)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"the shared corpus is not at {CORPUS}: nothing to measure")
    documents = list(generate(args.documents, words=args.words))
    print(f"{len(documents)} documents of about {args.words} words, {args.runs} runs")

    sqlite_runs = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as data:
            sqlite_runs.append(measure(lambda data=data: open_store(Path(data)), documents))
    sqlite = report("SQLite", sqlite_runs, len(documents))
    if args.sqlite_only:
        return
    with postgres(args.postgres_url) as (server, reason):
        if server is None:
            print(f"PostgreSQL  skipped: {reason}")
            return
        pg_runs = []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as data, server.fresh_database() as url:
                pg_runs.append(measure(lambda d=data, u=url: open_store(Path(d), u), documents))
        pg = report("PostgreSQL", pg_runs, len(documents))
    for step in STEPS:
        print(f"ratio PostgreSQL/SQLite {step}: {pg[step] / sqlite[step]:.2f}")


if __name__ == "__main__":
    main()
