"""The public sources page: who publishes what coi holds, and how much of it.

As ecoi.net's source descriptions do, each source shows its kind, country, a description, how
many documents coi holds from it and how its last crawl went (reached, with errors, or
unreachable, with the date), with links to search only it or to search everything but it.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from coi.crawl_outcomes import last_outcomes
from coi.models import Source
from coi.source_edits import apply_edit, get_edit
from web.i18n import ui_language
from web.labels import SOURCE_KIND_LABELS, country_name
from web.state import app_state, request_store

blueprint = Blueprint("sources", __name__, url_prefix="/sources")


@blueprint.get("/")
def index() -> str:
    """Every source, declared or known to the store, with curators' edits applied."""
    store = request_store()
    store.sync_sources(app_state().config.sources)
    ui = ui_language()
    outcomes = last_outcomes(store)
    rows: list[dict[str, Any]] = [
        {
            "source": apply_edit(stats.source, get_edit(store, stats.source.id)),
            "documents": stats.documents,
            "last_crawled": stats.last_crawled,
            "outcome": outcomes.get(stats.source.id),
        }
        for stats in store.sources()
    ]
    declared = {row["source"].id for row in rows}
    for source_id, count in sorted(store.counts_by("source").items()):
        if source_id not in declared:  # documents of a source since removed from the config
            rows.append(
                {
                    "source": Source(
                        id=source_id, name=source_id, kind="", country="", start_urls=(), allow=()
                    ),
                    "documents": count,
                    "last_crawled": None,
                    "outcome": None,
                }
            )
    return render_template(
        "sources.html",
        rows=rows,
        country_name=lambda c: country_name(c, ui),
        kind_label=lambda kind: SOURCE_KIND_LABELS.get(kind, kind),
    )
