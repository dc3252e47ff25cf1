"""Public collections: permalink, exports (CSV, RIS, BibTeX) and an Atom feed.

A private collection is visible to curators only; to anyone else it does not exist (404).
"""

from __future__ import annotations

import io

from flask import Blueprint, Response, abort, render_template, url_for

from coi.citation import to_bibtex, to_ris
from coi.curation import collections
from coi.curation.collections import Collection
from coi.export_safety import SafeCsvWriter
from coi.models import Document, Hit
from web.auth import current_user
from web.citing import citation_context
from web.feeds import atom_feed
from web.state import app_state, request_store

blueprint = Blueprint("collections", __name__, url_prefix="/collections")


def _visible(collection_id: str) -> Collection:
    found = collections.get(request_store(), collection_id)
    if found is None or (not found.public and current_user() is None):
        abort(404, description=f"No collection {collection_id}.")
    return found


def _documents(found: Collection) -> list[Document]:
    store = request_store()
    docs = [store.document(item.document_id) for item in found.items]
    return [doc for doc in docs if doc is not None and not doc.hidden]


@blueprint.get("/")
def index() -> str:
    """Every public collection (and, for curators, the private ones)."""
    shown = collections.list_all(request_store(), include_private=current_user() is not None)
    return render_template("collections/list.html", collections=shown)


@blueprint.get("/<collection_id>")
def show(collection_id: str) -> str:
    """A collection's permalink: its documents in the curator's order, with notes."""
    found = _visible(collection_id)
    store = request_store()
    docs = {item.document_id: store.document(item.document_id) for item in found.items}
    return render_template("collections/show.html", collection=found, docs=docs)


@blueprint.get("/<collection_id>/export.<fmt>")
def export(collection_id: str, fmt: str) -> Response:
    """The collection as CSV, RIS or BibTeX, for a case file or a reference manager."""
    found = _visible(collection_id)
    docs = _documents(found)
    config = app_state().config
    pairs = [(doc, config.source(doc.source)) for doc in docs]
    context = citation_context()
    if fmt == "ris":
        body, mimetype = to_ris(pairs, context=context), "application/x-research-info-systems"
    elif fmt == "bib":
        body, mimetype = to_bibtex(pairs, context=context), "application/x-bibtex"
    elif fmt == "csv":
        body, mimetype = _csv(found, docs), "text/csv"
    else:
        abort(404, description="Exports are csv, ris and bib.")
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{collection_id}.{fmt}"'
    return response


def _csv(found: Collection, docs: list[Document]) -> str:
    notes = {item.document_id: item.note for item in found.items}
    out = io.StringIO()
    writer = SafeCsvWriter(out)  # no cell is a live spreadsheet formula
    writer.writerow(
        ["title", "publisher", "author", "published", "url", "retrieved", "sha256", "note"]
    )
    config = app_state().config
    for doc in docs:
        source = config.source(doc.source)
        writer.writerow(
            [
                doc.title,
                source.name if source else doc.source,
                doc.author or "",
                doc.published_label or "",
                doc.url,
                doc.latest.retrieved.isoformat(),
                doc.latest.sha256,
                notes.get(doc.id, ""),
            ]
        )
    return out.getvalue()


@blueprint.get("/<collection_id>/feed")
def feed(collection_id: str) -> Response:
    """The collection as an Atom feed."""
    found = _visible(collection_id)
    hits = [
        Hit(
            id=doc.id,
            title=doc.title,
            url=doc.url,
            language=doc.language,
            countries=doc.countries,
            topics=doc.topics,
            source=doc.source,
            doc_type=doc.doc_type,
            published=doc.published,
            retrieved=doc.latest.retrieved,
            score=0.0,
            snippet="",
        )
        for doc in _documents(found)
    ]
    body = atom_feed(
        f"coi collection: {found.title}",
        url_for("collections.feed", collection_id=found.id, _external=True),
        url_for("collections.show", collection_id=found.id, _external=True),
        hits,
    )
    return Response(body, mimetype="application/atom+xml")
