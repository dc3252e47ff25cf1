"""The citation check for judges, as a page and as ``/api/cite-check``.

Both read the citation, the quoted passage and the access date from the query string: a check
changes nothing, so it needs no login and its result is a link a judge can keep. The texts
checked are never logged.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, jsonify, render_template, request, url_for
from flask_babel import gettext as _

from coi.curation.citecheck import CiteCheck, CiteCheckError, check_citation, to_json
from coi.models import Version
from web.state import request_store

blueprint = Blueprint("citecheck", __name__)


@blueprint.get("/cite-check")
def page() -> tuple[str, int]:
    """The form, and under it the check of what it was given."""
    citation, quote = request.args.get("citation", ""), request.args.get("quote", "")
    check: CiteCheck | None = None
    problem = ""
    status = 200
    if citation.strip() or quote.strip():
        try:
            check = check_citation(request_store(), citation, quote, _accessed())
        except CiteCheckError:
            problem = _("coi keeps no document this citation or passage points to.")
            status = 404
    return render_template(
        "citecheck.html",
        citation=citation,
        quote=quote,
        accessed=request.args.get("accessed", ""),
        check=check,
        problem=problem,
        archived=_archived,
    ), status


@blueprint.get("/api/cite-check")
def api() -> Response:
    """The check as JSON: the document, the version cited, the quote's match, later versions."""
    try:
        check = check_citation(
            request_store(),
            request.args.get("citation", ""),
            request.args.get("quote", ""),
            _accessed(),
        )
    except CiteCheckError as exc:
        abort(404, description=str(exc))
    return jsonify(to_json(check, _archived))


def _accessed() -> date | None:
    given = request.args.get("accessed", "").strip()
    if not given:
        return None
    try:
        return date.fromisoformat(given)
    except ValueError:
        abort(400, description=_("The access date is YYYY-MM-DD."))


def _archived(version: Version) -> str:
    return url_for(
        "documents.original", doc_id=version.document_id, version_id=version.id, _external=True
    )
