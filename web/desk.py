"""The librarians' desk: corrections, withdrawing, collections, duplicates, sources, audit.

Every route needs a curator session (user administration needs an admin) and every form a CSRF
token. Changes go through the same ``coi`` functions the CLI uses and are audited with the
curator's name. A change is saved before the desk answers; the index takes it up moments later
in the background (:mod:`web.reindex`), so a save never waits on an index write.
"""

from __future__ import annotations

import atexit
import json
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from werkzeug.wrappers import Response

from coi.curation import accounts, audit, collections, corrections, duplicates, source_edits
from coi.errors import CoiError
from web.auth import current_user, login_required
from web.documents import render_document
from web.reindex import IndexRefresher
from web.security import local_path
from web.state import request_store

blueprint = Blueprint("desk", __name__, url_prefix="/desk")
FORM_FIELDS = ("title", "published", "doc_type", "language", "countries", "topics")
"""Fields of the document page's correction form."""
LIST_FIELDS = ("countries", "topics")


@blueprint.record_once
def _start_refresher(state: BlueprintSetupState) -> None:
    refresher = IndexRefresher(state.app.config["COI"])
    state.app.extensions["coi.reindex"] = refresher
    atexit.register(refresher.close)


def _actor() -> str:
    user = current_user()
    assert user is not None  # login_required ran first
    return user.name


def _reindex() -> None:
    """Have the index take the change up in the background (search shows it moments later)."""
    refresher: IndexRefresher = current_app.extensions["coi.reindex"]
    refresher.request()


def _back(default: str) -> Response:
    target = request.form.get("next", "")
    return redirect(target if local_path(target) else default)


@blueprint.errorhandler(CoiError)
def refused(error: CoiError) -> tuple[str, int]:
    """A change the data layer refused: say why, keep the curator on the desk."""
    return render_template("error.html", status=400, message=str(error)), 400


@blueprint.get("/")
@login_required()
def home() -> str:
    """Collections, duplicate groups to review, withdrawn documents and the latest changes."""
    store = request_store()
    withdrawn = [(store.document(doc_id), when) for doc_id, when in corrections.withdrawn(store)]
    return render_template(
        "desk/home.html",
        collections=collections.list_all(store, include_private=True),
        groups=duplicates.list_groups(store, unconfirmed_only=True),
        withdrawn=[(doc, when) for doc, when in withdrawn if doc is not None],
        recent=audit.entries(store, limit=20),
    )


@blueprint.post("/documents/<doc_id>/correct")
@login_required()
def correct(doc_id: str) -> Response | tuple[str, int]:
    """Apply the correction form of the document page: only the fields the curator changed.

    A value coi does not know, or a form drawn before another change to the document, is
    refused with the page drawn again: the curator's input kept, what is wrong (the valid
    values, or the other change) shown.
    """
    store = request_store()
    if store.document(doc_id) is None:
        abort(404, description=f"No document {doc_id}.")
    form = request.form
    submitted: dict[str, Any] = {field: form[field] for field in FORM_FIELDS if field in form}
    for field in LIST_FIELDS:
        if field in submitted:
            submitted[field] = submitted[field].replace(";", ",").split(",")
    seen = _seen(form.get("seen", ""))
    try:
        corrections.correct(store, doc_id, submitted, actor=_actor(), seen=seen)
    except corrections.StaleEdit as stale:
        kept = corrections.edited(submitted, seen or {})
        return render_document(
            doc_id, form={field: form[field] for field in kept}, problem=stale, status=409
        )
    except corrections.CorrectionError as problem:
        return render_document(doc_id, form=form, seen=seen, problem=problem, status=400)
    _reindex()
    return redirect(url_for("documents.show", doc_id=doc_id))


def _seen(sent: str) -> dict[str, Any] | None:
    """The values the correction form was drawn from (None from a form that did not say)."""
    try:
        seen = json.loads(sent)
    except ValueError:
        return None
    return seen if isinstance(seen, dict) else None


@blueprint.post("/documents/<doc_id>/hide")
@login_required()
def hide(doc_id: str) -> Response:
    """Withdraw a document: out of search, its permalink says withdrawn (nothing is deleted)."""
    corrections.correct(request_store(), doc_id, {"hidden": True}, actor=_actor())
    _reindex()
    return redirect(url_for("documents.show", doc_id=doc_id))


@blueprint.post("/documents/<doc_id>/unhide")
@login_required()
def unhide(doc_id: str) -> Response:
    """Restore a withdrawn document to search and its permalink."""
    corrections.revert(request_store(), doc_id, "hidden", actor=_actor())
    _reindex()
    return redirect(url_for("documents.show", doc_id=doc_id))


@blueprint.post("/documents/<doc_id>/revert/<field>")
@login_required()
def revert(doc_id: str, field: str) -> Response:
    """Drop a correction so the machine's value shows again."""
    corrections.revert(request_store(), doc_id, field, actor=_actor())
    _reindex()
    return redirect(url_for("documents.show", doc_id=doc_id))


@blueprint.post("/collections")
@login_required()
def create_collection() -> Response:
    """Create a collection from the desk form."""
    made = collections.create(
        request_store(),
        request.form.get("title", ""),
        description=request.form.get("description", ""),
        public=request.form.get("public") == "on",
        actor=_actor(),
    )
    return redirect(url_for("desk.collection", collection_id=made.id))


@blueprint.get("/collections/<collection_id>")
@login_required()
def collection(collection_id: str) -> str:
    """Edit a collection: its fields, its documents in order, their notes."""
    store = request_store()
    found = collections.get(store, collection_id)
    if found is None:
        abort(404, description=f"No collection {collection_id}.")
    docs = {item.document_id: store.document(item.document_id) for item in found.items}
    return render_template("desk/collection.html", collection=found, docs=docs)


@blueprint.post("/collections/<collection_id>/update")
@login_required()
def update_collection(collection_id: str) -> Response:
    """Change title, description or visibility."""
    collections.update(
        request_store(),
        collection_id,
        title=request.form.get("title"),
        description=request.form.get("description"),
        public=request.form.get("public") == "on",
        actor=_actor(),
    )
    _reindex()
    return redirect(url_for("desk.collection", collection_id=collection_id))


@blueprint.post("/collections/<collection_id>/add")
@login_required()
def add_to_collection(collection_id: str) -> Response:
    """Add a document (from a search result or a document page)."""
    collections.add_document(
        request_store(),
        collection_id,
        request.form.get("document_id", ""),
        note=request.form.get("note", ""),
        actor=_actor(),
    )
    _reindex()
    return _back(url_for("desk.collection", collection_id=collection_id))


@blueprint.post("/collect")
@login_required()
def collect() -> Response:
    """Add a search result to the collection chosen in its form."""
    return add_to_collection(request.form.get("collection_id", ""))


@blueprint.post("/collections/<collection_id>/remove/<doc_id>")
@login_required()
def remove_from_collection(collection_id: str, doc_id: str) -> Response:
    """Take a document out of a collection."""
    collections.remove_document(request_store(), collection_id, doc_id, actor=_actor())
    _reindex()
    return redirect(url_for("desk.collection", collection_id=collection_id))


@blueprint.post("/collections/<collection_id>/note/<doc_id>")
@login_required()
def annotate(collection_id: str, doc_id: str) -> Response:
    """Set the note on a document in a collection."""
    collections.annotate(
        request_store(), collection_id, doc_id, request.form.get("note", ""), actor=_actor()
    )
    return redirect(url_for("desk.collection", collection_id=collection_id))


@blueprint.post("/collections/<collection_id>/move/<doc_id>/<direction>")
@login_required()
def move(collection_id: str, doc_id: str, direction: str) -> Response:
    """Move a document one place up or down."""
    store = request_store()
    found = collections.get(store, collection_id)
    if found is None or direction not in ("up", "down"):
        abort(404)
    order = [item.document_id for item in found.items]
    if doc_id not in order:
        abort(404)
    i = order.index(doc_id)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(order):
        order[i], order[j] = order[j], order[i]
        collections.reorder(store, collection_id, order, actor=_actor())
    return redirect(url_for("desk.collection", collection_id=collection_id))


@blueprint.get("/duplicates")
@login_required()
def duplicate_groups() -> str:
    """Groups found by the crawler, for review."""
    store = request_store()
    groups = duplicates.list_groups(store)
    docs = {m.document_id: store.document(m.document_id) for g in groups for m in g.members}
    return render_template("desk/duplicates.html", groups=groups, docs=docs)


@blueprint.post("/duplicates/<group_id>/<action>")
@login_required()
def duplicate_action(group_id: str, action: str) -> Response:
    """Confirm a group, choose its preferred document, split a member out or merge groups."""
    store, actor, form = request_store(), _actor(), request.form
    if action == "confirm":
        duplicates.confirm(store, group_id, actor=actor)
    elif action == "prefer":
        duplicates.set_preferred(store, group_id, form.get("document_id", ""), actor=actor)
    elif action == "split":
        duplicates.split(store, form.get("document_id", ""), actor=actor)
    elif action == "merge":
        duplicates.merge(store, group_id, form.get("other_group", ""), actor=actor)
    else:
        abort(404)
    _reindex()
    return redirect(url_for("desk.duplicate_groups"))


@blueprint.get("/sources")
@login_required()
def sources() -> str:
    """Sources with their edits, pause state and crawl history."""
    store = request_store()
    rows = []
    for stats in store.sources():
        edit = source_edits.get_edit(store, stats.source.id)
        rows.append(
            {"stats": stats, "edit": edit, "shown": source_edits.apply_edit(stats.source, edit)}
        )
    errors = store.query(
        """SELECT source, reason, COUNT(*) AS n FROM crawl_log WHERE event = 'skipped'
           GROUP BY source, reason ORDER BY source, n DESC"""
    )
    return render_template("desk/sources.html", rows=rows, errors=errors)


@blueprint.post("/sources/<source_id>")
@login_required()
def edit_source(source_id: str) -> Response:
    """Save a source's description, kind, country, or pause/resume its crawl."""
    form = request.form
    paused = {"pause": True, "resume": False}.get(form.get("crawl", ""))
    source_edits.edit_source(
        request_store(),
        source_id,
        description=form.get("description") or None,
        kind=form.get("kind") or None,
        country=form.get("country") or None,
        paused=paused,
        actor=_actor(),
    )
    return redirect(url_for("desk.sources"))


@blueprint.get("/audit")
@login_required()
def audit_trail() -> str | Response:
    """The audit trail, narrowed by document, collection or curator; CSV with ``format=csv``."""
    args = request.args
    target_type, target_id = (
        ("document", args["document"])
        if args.get("document")
        else ("collection", args["collection"])
        if args.get("collection")
        else (None, None)
    )
    items = audit.entries(
        request_store(),
        target_type=target_type,
        target_id=target_id,
        actor=args.get("actor") or None,
    )
    if args.get("format") == "csv":
        response = Response(audit.to_csv(items), mimetype="text/csv")
        response.headers["Content-Disposition"] = 'attachment; filename="coi-audit.csv"'
        return response
    return render_template("desk/audit.html", items=items)


@blueprint.get("/users")
@login_required(role="admin")
def users() -> str:
    """Accounts (created with ``coi user add``); an admin may disable one here."""
    return render_template("desk/users.html", users=accounts.list_users(request_store()))


@blueprint.post("/users/<name>/disable")
@login_required(role="admin")
def disable_user(name: str) -> Response:
    """Disable an account."""
    accounts.set_disabled(request_store(), name, True, actor=_actor())
    return redirect(url_for("desk.users"))
