"""The document page (a permalink a judge can cite) and the archived originals.

An archived original is served with its own content type but as an attachment, sandboxed and
never sniffed, so a crawled page can never run script in coi's origin.
"""

from __future__ import annotations

import difflib

from flask import Blueprint, Response, abort, render_template, request
from markupsafe import Markup

from coi import collections, duplicates
from coi.citation import citation_text
from coi.models import Document, Hit, SearchRequest
from coi.retag import explain_stored
from coi.store import Store
from web.auth import current_user
from web.citing import citation_context
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
    state = app_state()
    source = state.config.source(document.source)
    versions = store.versions(doc_id)
    return render_template(
        "document.html",
        document=document,
        source=source,
        versions=list(reversed(versions)),
        citation=citation_text(document, source, context=citation_context()),
        twins=_twins(store, document),
        paragraphs=_paragraphs_with_pages(
            document.latest.text,
            document.latest.pages,
            state.engine.highlight(
                document.latest.text, document.language, request.args.get("q", "")
            ),
        ),
        value_label=lambda facet, value: value_label(
            facet, value, app_state().config, ui_language()
        ),
        similar=state.engine.similar(doc_id, document.latest.text, document.language),
        other_languages=_other_languages(document),
        my_collections=(
            collections.list_all(store, include_private=True) if current_user() else []
        ),
        why=explain_stored(state.config, document) if current_user() else None,
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


@blueprint.get("/documents/<doc_id>/diff")
def diff(doc_id: str) -> str:
    """What changed between two archived versions (``?a=ID&b=ID``; default: the last two)."""
    store = request_store()
    versions = {v.id: v for v in store.versions(doc_id)}
    if len(versions) < 2:
        abort(404, description="This document has a single version.")
    ids = sorted(versions)
    try:
        old = versions[int(request.args.get("a", ids[-2]))]
        new = versions[int(request.args.get("b", ids[-1]))]
    except (KeyError, ValueError):
        abort(404, description="No such version.")
    document = store.document(doc_id)
    lines = difflib.ndiff(old.text.split("\n\n"), new.text.split("\n\n"))
    changes = [(line[:1], line[2:]) for line in lines if line[:1] in "+- "]
    return render_template(
        "diff.html",
        document=document,
        old=old,
        new=new,
        changes=changes,
        versions=[versions[i] for i in ids],
    )


def _other_languages(document: Document) -> list[Hit]:
    """Documents in other languages about the same countries and topics."""
    if not document.countries and not document.topics:
        return []
    filters = {"not_language": (document.language,)}
    if document.countries:
        filters["country"] = document.countries
    if document.topics:
        filters["topic"] = document.topics
    result = app_state().engine.search(SearchRequest(filters=filters, per_page=5))
    return list(result.hits)


def _twins(store: Store, document: Document) -> list[Document]:
    """The same document in other formats or at other addresses (its duplicate group)."""
    group = duplicates.group_of(store, document.id)
    if group is None:
        return []
    others = (store.document(m.document_id) for m in group.members if m.document_id != document.id)
    return [other for other in others if other is not None and not other.hidden]


def _paragraphs_with_pages(
    text: str, pages: tuple[int, ...], marked: list[str]
) -> list[tuple[int | None, bool, Markup]]:
    """Paragraphs as safe HTML (``marked``), each with the PDF page it is on (or None) and
    whether the page starts with it (where the page's anchor ``#p<n>`` goes)."""
    out: list[tuple[int | None, bool, Markup]] = []
    offset = 0
    last_page: int | None = None
    for paragraph, html_paragraph in zip(text.split("\n\n"), marked, strict=True):
        start = text.find(paragraph, offset)
        offset = start + len(paragraph)
        page = sum(1 for p in pages if p <= start) if pages else None
        if paragraph.strip():
            out.append((page, page != last_page, Markup(html_paragraph)))  # escaped already
            last_page = page
    return out
