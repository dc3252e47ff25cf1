"""Re-tagging: run the enrichment step again over stored documents, without re-crawling.

After the taxonomy (countries, topics, document types) or the language rules change, the tags
of what is already stored are out of date. Re-tagging recomputes them from each document's
latest archived text; corrections made by curators are untouched and still win.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coi.config import Config
from coi.errors import NotFound
from coi.models import Document, Extracted
from coi.store import Store
from coi.taxonomy.enrich import enrich, explain_tags
from coi.taxonomy.evidence import Explanation


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
        enrichment = enrich(
            _latest(document),
            url=document.url,
            source=config.source(document.source),
            options=config.taxonomy,
        )
        changed += store.update_enrichment(doc_id, enrichment)
        seen += 1
        if on_progress is not None:
            on_progress(seen)
    return RetagReport(seen=seen, changed=changed)


def explain_document(config: Config, store: Store, doc_id: str) -> Explanation:
    """What re-tagging a stored document would weigh: every country and topic its latest
    version names, with the counts and thresholds that decide.

    Raises:
        NotFound: the store has no document ``doc_id``.
    """
    document = store.document(doc_id)
    if document is None:
        raise NotFound(f"no document {doc_id}")
    return explain_stored(config, document)


def explain_stored(config: Config, document: Document) -> Explanation:
    """:func:`explain_document` for a document already read from the store."""
    return explain_tags(
        _latest(document), source=config.source(document.source), options=config.taxonomy
    )


def _latest(document: Document) -> Extracted:
    """A document's latest version as the enrichment step reads it."""
    version = document.latest
    return Extracted(
        title=version.title,
        text=version.text,
        published=version.published,
        published_from=version.published_from,
        published_precision=version.published_precision,
        author=version.author,
        publisher=version.publisher,
        pages=version.pages,
        declared_type=version.declared_type,
        declared_language=version.declared_language,
    )
