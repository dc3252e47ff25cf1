"""Exports of a result list for the case file: CSV and RIS, same parameters as the page."""

from __future__ import annotations

import io

from flask import Blueprint, Response, abort, request

from coi.citation import to_ris
from coi.export_safety import SafeCsvWriter
from coi.models import SearchRequest
from web.citing import citation_context
from web.params import parse_request
from web.state import app_state, request_store

blueprint = Blueprint("exports", __name__)
MAX_EXPORT = 100
"""Hits per export: the API's page limit (page through for more)."""


@blueprint.get("/export.<fmt>")
def export(fmt: str) -> Response:
    """The current page of results, up to :data:`MAX_EXPORT` hits, as CSV or RIS."""
    if fmt not in ("csv", "ris"):
        abort(404, description="Exports are csv and ris.")
    state = app_state()
    asked = parse_request(request.args, MAX_EXPORT)
    result = state.engine.search(
        SearchRequest(
            query=asked.query,
            filters=asked.filters,
            sort=asked.sort,
            page=asked.page,
            per_page=min(asked.per_page, MAX_EXPORT),
        )
    )
    state.count_search()
    store = request_store()
    documents = [d for d in (store.document(hit.id) for hit in result.hits) if d is not None]
    if fmt == "ris":
        body = to_ris(
            [(doc, state.config.source(doc.source)) for doc in documents],
            context=citation_context(),
        )
        mimetype = "application/x-research-info-systems"
    else:
        out = io.StringIO()
        writer = SafeCsvWriter(out)  # no cell is a live spreadsheet formula
        writer.writerow(
            [
                "title",
                "publisher",
                "author",
                "published",
                "language",
                "countries",
                "topics",
                "url",
                "retrieved",
                "sha256",
                "permalink",
            ]
        )
        for doc in documents:
            source = state.config.source(doc.source)
            writer.writerow(
                [
                    doc.title,
                    source.name if source else doc.source,
                    doc.author or "",
                    doc.published_label or "",
                    doc.language,
                    " ".join(doc.countries),
                    " ".join(doc.topics),
                    doc.url,
                    doc.latest.retrieved.isoformat(),
                    doc.latest.sha256,
                    f"{request.host_url}documents/{doc.id}",
                ]
            )
        body, mimetype = out.getvalue(), "text/csv"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="coi-results.{fmt}"'
    return response
