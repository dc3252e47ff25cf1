"""Re-tagging: run the enrichment step again over stored documents, without re-crawling.

After the taxonomy (countries, topics, document types) or the language rules change, the tags
of what is already stored are out of date. Re-tagging recomputes them from each document's
latest archived text; corrections made by curators are untouched and still win.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coi.config import Config
from coi.enrich import enrich, tagging_options
from coi.models import Extracted
from coi.store import Store


@dataclass(frozen=True, slots=True, kw_only=True)
class RetagReport:
    """How many documents were looked at and how many got new tags."""

    seen: int
    changed: int

    def format(self) -> str:
        """One line for the terminal."""
        return f"re-tagged {self.seen} documents: {self.changed} changed"


def retag_all(
    config: Config, store: Store, *, on_progress: Callable[[int], None] | None = None
) -> RetagReport:
    """Recompute the enrichment of every stored document's latest version."""
    seen = changed = 0
    for doc_id in store.document_ids():
        document = store.document(doc_id)
        if document is None:
            continue
        version = document.latest
        extracted = Extracted(
            title=version.title,
            text=version.text,
            published=version.published,
            author=version.author,
            pages=version.pages,
            declared_type=version.declared_type,
        )
        enrichment = enrich(
            extracted,
            url=document.url,
            source=config.source(document.source),
            options=tagging_options(config),
        )
        changed += store.update_enrichment(doc_id, enrichment)
        seen += 1
        if on_progress is not None:
            on_progress(seen)
    return RetagReport(seen=seen, changed=changed)
