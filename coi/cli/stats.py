"""What ``coi stats`` reports: documents by source and language, the last crawl, the index."""

from __future__ import annotations

from typing import Any

from coi.config import Config
from coi.store import open_store
from indexer.stats import index_state


def collect_stats(config: Config) -> dict[str, Any]:
    """Gather the figures from the store and the index (opening neither for writing)."""
    figures: dict[str, Any] = {"data_dir": str(config.data_dir)}
    with open_store(config.data_dir, config.store.url) as store:
        figures["documents"] = store.document_count()
        figures["by_source"] = dict(store.counts_by("source").most_common())
        figures["by_language"] = dict(store.counts_by("language").most_common())
        last = store.last_crawl()
        if last is None:
            figures["last_crawl"] = None
        else:
            crawl_id, started, finished = last
            summary = store.crawl_summary(crawl_id)
            figures["last_crawl"] = {
                "id": crawl_id,
                "started": started.isoformat(),
                "finished": finished.isoformat() if finished else None,
                "events": {source: dict(counts) for source, counts in summary.items()},
            }
    figures["index"] = index_state(config.index_dir)
    return figures


def format_stats(figures: dict[str, Any]) -> str:
    """The figures as readable lines."""
    lines = [f"data directory: {figures['data_dir']}", f"documents: {figures['documents']}"]
    lines.append("by source:   " + _pairs(figures["by_source"]))
    lines.append("by language: " + _pairs(figures["by_language"]))
    last = figures["last_crawl"]
    if last is None:
        lines.append("last crawl: never")
    else:
        state = f"finished {last['finished']}" if last["finished"] else "unfinished (resumable)"
        lines.append(f"last crawl: #{last['id']} started {last['started']}, {state}")
        for source, events in last["events"].items():
            lines.append(f"  {source}: {_pairs(events)}")
    ix = figures["index"]
    lines.append(
        f"index: {ix['documents']} documents in {ix.get('segments', 0)} segments"
        if ix["exists"]
        else "index: not built yet (run `coi index`)"
    )
    return "\n".join(lines)


def _pairs(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {value}" for key, value in counts.items()) or "none"
