"""Corroboration and currency of a research question's passages, from the search engine.

COI methodology asks for balance (a statement confirmed by more than one source, ideally of
another kind or language) and currency (the most recent information). So beside each passage
the question page shows up to three documents from other publishers or in other languages that
say something similar (more-like-this on the quote), flags a passage whose document is older
than the configured age, and lists documents on the question's countries and topics that are
newer than its newest passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from coi.clock import utc_now
from coi.curation.research import Passage, Question
from coi.models import Hit, SearchRequest
from coi.store import Store
from indexer.search import SearchEngine

CORROBORATING = 3
"""Documents shown beside a passage at most."""
CLOSE = 0.5
"""A similar document counts when it scores at least this share of the closest one..."""
SHARED_WORDS = 2
"""...and has at least this many of the quote's words: one shared word is not corroboration."""
WORD = re.compile(r"\w[\w-]{3,}")
"""A word that says something (four letters or more)."""
STEM = 5
"""Letters compared, so "prisoner" and "prisoners" (or Russian case endings) match."""
NEWER = 5
"""Newer documents listed for the question at most."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Currency:
    """What the question page shows beside one passage."""

    dated: date
    """The document's publication date, or the day its version was retrieved if undated."""
    old: bool
    """Older than the configured age."""
    corroborating: tuple[Hit, ...]
    """Documents of other publishers or in other languages saying something similar."""


def passage_currency(
    store: Store, engine: SearchEngine, passages: tuple[Passage, ...], max_age_days: int
) -> dict[int, Currency]:
    """Each passage's date, whether it is old, and what corroborates it, by passage id."""
    oldest_current = utc_now().date() - timedelta(days=max_age_days)
    found = {}
    for passage in passages:
        document = store.document(passage.document_id)
        if document is None:
            continue
        version = next(
            (v for v in store.versions(document.id) if v.id == passage.version_id),
            document.latest,
        )
        dated = document.published or version.retrieved.date()
        similar = engine.similar(document.id, passage.quote, passage.language, limit=12)
        floor = CLOSE * max((hit.score for hit in similar), default=0.0)
        found[passage.id] = Currency(
            dated=dated,
            old=dated < oldest_current,
            corroborating=tuple(
                hit
                for hit in similar
                if hit.score >= floor
                and (hit.source != document.source or hit.language != document.language)
                and _shares_words(store, hit.id, passage.quote)
            )[:CORROBORATING],
        )
    return found


def _stems(text: str) -> set[str]:
    return {word[:STEM] for word in WORD.findall(text.lower())}


def _shares_words(store: Store, doc_id: str, quote: str) -> bool:
    """Whether the document's text has at least :data:`SHARED_WORDS` of the quote's words
    (all of them for a shorter quote)."""
    wanted = _stems(quote)
    document = store.document(doc_id)
    if document is None:
        return False
    return len(wanted & _stems(document.latest.text)) >= min(SHARED_WORDS, len(wanted))


def newer_documents(
    engine: SearchEngine, question: Question, currency: dict[int, Currency]
) -> list[Hit]:
    """Documents on the question's countries and topics published after its newest passage
    (the newest of all while it has none), newest first, those already cited left out."""
    filters = {
        name: values
        for name, values in (("country", question.countries), ("topic", question.topics))
        if values
    }
    if not filters:
        return []
    cited = {passage.document_id for passage in question.passages}
    newest = max((entry.dated for entry in currency.values()), default=None)
    result = engine.search(
        SearchRequest(filters=filters, sort="newest", per_page=NEWER + len(cited))
    )
    return [
        hit
        for hit in result.hits
        if hit.id not in cited
        and (newest is None or (hit.published or hit.retrieved.date()) > newest)
    ][:NEWER]
