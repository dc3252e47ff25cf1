"""The document page (a permalink a judge can cite) and the archived originals.

An archived original is served with its own content type but as an attachment, sandboxed and
never sniffed, so a crawled page can never run script in coi's origin. A document a curator
withdrew keeps its permalink: readers get a page saying when the library withdrew it (410
Gone, so that search engines drop it), curators the whole page with a way to restore it.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _
from markupsafe import Markup

from coi.blobs import BlobState
from coi.citation import citation_text
from coi.curation import collections, corrections, duplicates
from coi.curation.retag import explain_stored
from coi.models import Document, Hit, SearchRequest
from coi.store import Store
from coi.taxonomy import vocabulary
from web.auth import current_user
from web.citing import citation_context
from web.i18n import ui_language
from web.labels import value_label
from web.research import my_questions
from web.state import app_state, request_store

blueprint = Blueprint("documents", __name__)


@blueprint.get("/documents/<doc_id>")
def show(doc_id: str) -> tuple[str, int]:
    """Everything a judge checks: provenance, checksum, versions, text and a citation."""
    return render_document(doc_id)


def render_document(
    doc_id: str,
    *,
    form: Mapping[str, str] | None = None,
    seen: dict[str, Any] | None = None,
    problem: corrections.CorrectionError | None = None,
    status: int = 200,
) -> tuple[str, int]:
    """The document page; for the desk, with the curator's ``form`` input kept, the values the
    form was drawn from (``seen``, default: those shown now) and the ``problem`` that refused
    it."""
    store = request_store()
    document = store.document(doc_id)
    if document is None:
        abort(404, description=f"No document {doc_id}.")
    withdrawn = corrections.withdrawn_at(store, doc_id) if document.hidden else None
    if document.hidden and current_user() is None:
        return render_template("withdrawn.html", doc_id=doc_id, withdrawn=withdrawn), 410
    state = app_state()
    source = state.config.source(document.source)
    versions = store.versions(doc_id)
    return render_template(
        "document.html",
        document=document,
        source=source,
        versions=list(reversed(versions)),
        integrity={version.id: store.blobs.check(version.sha256) for version in versions},
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
        my_questions=my_questions(),
        withdrawn=withdrawn,
        form=form or {},
        seen=seen if seen is not None else corrections.shown_values(document),
        problem=problem,
        vocabularies={field: values() for field, values in vocabulary.VOCABULARIES.items()},
    ), status


@blueprint.get("/documents/<doc_id>/versions/<int:version_id>/original")
def original(doc_id: str, version_id: int) -> Response:
    """The archived bytes of one version, exactly as retrieved."""
    _refuse_withdrawn(doc_id)
    store = request_store()
    version = next((v for v in store.versions(doc_id) if v.id == version_id), None)
    if version is None:
        abort(404, description="No such version.")
    extension = {"application/pdf": "pdf", "text/html": "html", "text/plain": "txt"}.get(
        version.content_type, "bin"
    )
    state = store.blobs.check(version.sha256)
    if state != "ok":
        abort(409, description=_failed_check(state, version.sha256))
    response = Response(store.blobs.get(version.sha256), mimetype=version.content_type)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{doc_id}-v{version_id}.{extension}"'
    )
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Digest"] = f"sha-256={version.sha256}"
    return response


def _failed_check(state: BlobState, sha256: str) -> str:
    """Why an archived copy is not served: coi does not vouch for bytes it cannot verify."""
    if state == "missing":
        return _("The archived copy (SHA-256 %(sha)s) is missing from the archive.", sha=sha256)
    return _(
        "The archived copy no longer matches its SHA-256 %(sha)s: it was altered or damaged "
        "after it was archived, so coi does not serve it as the original.",
        sha=sha256,
    )


@blueprint.get("/documents/<doc_id>/diff")
def diff(doc_id: str) -> str:
    """What changed between two archived versions (``?a=ID&b=ID``; default: the last two)."""
    _refuse_withdrawn(doc_id)
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


def _refuse_withdrawn(doc_id: str) -> None:
    """A withdrawn document's archived copies and diffs are for curators only."""
    document = request_store().document(doc_id)
    if document is not None and document.hidden and current_user() is None:
        abort(410, description="The library withdrew this document.")


def _other_languages(document: Document) -> list[Hit]:
    """Documents in other languages about the same countries and topics."""
    if not document.countries and not document.topics:
        return []
    filters: dict[str, tuple[str, ...]] = {"not_language": (document.language,)}
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
