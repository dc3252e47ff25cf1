"""Citations made in a request: coi's permalink on this server, labels in the reader's language."""

from __future__ import annotations

from flask import url_for

from coi.citation import CitationContext
from web.i18n import ui_language
from web.labels import value_label
from web.state import app_state


def citation_context() -> CitationContext:
    """The permalink of a document on this server and the labels of the interface language."""
    config = app_state().config
    ui = ui_language()
    return CitationContext(
        permalink=lambda doc_id: url_for("documents.show", doc_id=doc_id, _external=True),
        label=lambda facet, value: value_label(facet, value, config, ui),
    )
