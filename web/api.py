"""The JSON API: the same search as the page and the CLI, documents, facets, OpenAPI, stats."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, jsonify, request, url_for

from coi.citation import citation_text, to_bibtex, to_csl_json, to_ris
from web.citing import citation_context
from web.openapi import openapi_document
from web.params import parse_request
from web.state import app_state, request_store

blueprint = Blueprint("api", __name__, url_prefix="/api")


@blueprint.get("/search")
def search() -> Response:
    """Exactly what ``coi search --json`` prints, for the same parameters."""
    state = app_state()
    result = state.engine.search(parse_request(request.args, state.config.web.per_page))
    state.count_search()
    return jsonify(result.to_json())


@blueprint.get("/facets")
def facets() -> Response:
    """Facet counts for a query and filters, without hits."""
    state = app_state()
    result = state.engine.search(parse_request(request.args, state.config.web.per_page))
    state.count_search()
    return jsonify({"query": result.query, "total": result.total, "facets": result.facets})


@blueprint.get("/documents/<doc_id>")
def document(doc_id: str) -> Response:
    """A document's metadata, provenance and versions."""
    store = request_store()
    found = store.document(doc_id)
    if found is None:
        abort(404, description=f"No document {doc_id}.")
    if found.hidden:
        abort(410, description=f"The library withdrew document {doc_id}.")
    source = app_state().config.source(found.source)
    body: dict[str, Any] = {
        "id": found.id,
        "title": found.title,
        "url": found.url,
        "source": found.source,
        "publisher": source.name if source else found.source,
        "source_kind": source.kind if source else None,
        "language": found.language,
        "countries": list(found.countries),
        "topics": list(found.topics),
        "doc_type": found.doc_type,
        "published": found.published.isoformat() if found.published else None,
        "first_seen": found.first_seen.isoformat(),
        "last_checked": found.last_checked.isoformat(),
        "gone": found.gone,
        "citation": citation_text(found, source, context=citation_context()),
        "author": found.author,
        "published_from": found.published_from,
        "published_precision": found.published_precision if found.published else None,
        "corrections": found.corrections,
        "versions": [
            {
                "id": version.id,
                "retrieved": version.retrieved.isoformat(),
                "http_status": version.http_status,
                "content_type": version.content_type,
                "sha256": version.sha256,
                "integrity": store.blobs.check(version.sha256),
                "size": version.size,
                "title": version.title,
                "original": url_for("documents.original", doc_id=found.id, version_id=version.id),
            }
            for version in store.versions(doc_id)
        ],
    }
    return jsonify(body)


@blueprint.get("/documents/<doc_id>/cite.<fmt>")
def cite(doc_id: str, fmt: str) -> Response:
    """The document's citation as RIS, BibTeX or CSL-JSON."""
    formats = {
        "ris": (to_ris, "application/x-research-info-systems"),
        "bib": (to_bibtex, "application/x-bibtex"),
        "json": (to_csl_json, "application/vnd.citationstyles.csl+json"),
    }
    if fmt not in formats:
        abort(404, description="Citation formats are ris, bib and json.")
    found = request_store().document(doc_id)
    if found is None:
        abort(404, description=f"No document {doc_id}.")
    if found.hidden:
        abort(410, description=f"The library withdrew document {doc_id}.")
    render, mimetype = formats[fmt]
    body = render([(found, app_state().config.source(found.source))], context=citation_context())
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="coi-{doc_id}.{fmt}"'
    return response


@blueprint.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document())


@blueprint.get("/stats")
def stats() -> Response:
    """How many searches this server answered (queries themselves are never logged)."""
    return jsonify({"searches": app_state().searches_served()})
