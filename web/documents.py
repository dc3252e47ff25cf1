"""The document page (a permalink a judge can cite) and the archived originals.

An archived original is served with its own content type but as an attachment, sandboxed and
never sniffed, so a crawled page can never run script in coi's origin.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template

from coi import collections
from coi.citation import citation_text
from web.auth import current_user
from web.i18n import ui_language
from web.labels import value_label
from web.state import app_state, request_store

blueprint = Blueprint("documents", __name__)


@blueprint.get("/documents/<doc_id>")
def show(doc_id: str) -> str:
    """Everything a judge checks: provenance, checksum, versions, text and a citation."""
    store = request_store()
    document = store.document(doc_id)
    if document is None or document.hidden:
        abort(404, description=f"No document {doc_id}.")
    source = app_state().config.source(document.source)
    versions = store.versions(doc_id)
    return render_template(
        "document.html",
        document=document,
        source=source,
        versions=list(reversed(versions)),
        citation=citation_text(document, source),
        paragraphs=_paragraphs_with_pages(document.latest.text, document.latest.pages),
        value_label=lambda facet, value: value_label(
            facet, value, app_state().config, ui_language()
        ),
        my_collections=(
            collections.list_all(store, include_private=True) if current_user() else []
        ),
    )


@blueprint.get("/documents/<doc_id>/versions/<int:version_id>/original")
def original(doc_id: str, version_id: int) -> Response:
    """The archived bytes of one version, exactly as retrieved."""
    store = request_store()
    version = next((v for v in store.versions(doc_id) if v.id == version_id), None)
    if version is None:
        abort(404, description="No such version.")
    extension = {"application/pdf": "pdf", "text/html": "html", "text/plain": "txt"}.get(
        version.content_type, "bin"
    )
    response = Response(store.blobs.get(version.sha256), mimetype=version.content_type)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{doc_id}-v{version_id}.{extension}"'
    )
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Digest"] = f"sha-256={version.sha256}"
    return response


def _paragraphs_with_pages(text: str, pages: tuple[int, ...]) -> list[tuple[int | None, str]]:
    """Paragraphs, each with the PDF page it starts on (None for web pages)."""
    out: list[tuple[int | None, str]] = []
    offset = 0
    for paragraph in text.split("\n\n"):
        start = text.find(paragraph, offset)
        offset = start + len(paragraph)
        page = sum(1 for p in pages if p <= start) if pages else None
        if paragraph.strip():
            out.append((page, paragraph))
    return out
