"""The research area: an officer's questions, the searches run for them, the passages saved from
document pages, and the answer exported as Markdown, printable HTML or DOCX.

Every page needs a login (researchers, curators and administrators alike); a question is its
owner's, and its share link lets others logged in read it, not change it. A private question
someone else asks for is a 404, so its existence is not told.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from coi.curation import answer, frozen, research
from coi.curation.accounts import User
from coi.models import SearchRequest, SearchResult
from web.auth import current_account
from web.citing import citation_context
from web.corroboration import newer_documents, passage_currency
from web.i18n import ui_language
from web.labels import value_label
from web.state import app_state, request_store

blueprint = Blueprint("research", __name__, url_prefix="/research")
EXPORT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _account() -> User:
    """Whoever is logged in; anonymous readers are sent to log in (GET) or refused (POST)."""
    account = current_account()
    if account is None:
        abort(401, description=_("Log in to keep research questions."))
    return account


def _owned(question_id: str) -> research.Question:
    try:
        return research.owned(request_store(), question_id, _account().name)
    except research.ResearchError:
        abort(404, description=_("No such question of yours."))


def _readable(question_id: str) -> research.Question:
    found = research.readable(
        request_store(), question_id, _account().name, request.args.get("share", "")
    )
    if found is None:
        abort(404, description=_("No such question of yours."))
    return found


@blueprint.get("/")
def index() -> str | Response:
    """My questions, and a form for a new one."""
    if current_account() is None:
        return redirect(url_for("auth.login", next=request.full_path))
    questions = research.list_owned(request_store(), _account().name)
    return render_template("research/index.html", questions=questions, error=None, form={})


@blueprint.post("/")
def create() -> Response | tuple[str, int]:
    """Create a question from the form (a missing title keeps what was typed)."""
    account = _account()
    form = request.form
    try:
        question = research.create(
            request_store(),
            form.get("title", ""),
            owner=account.name,
            description=form.get("description", ""),
            countries=_codes(form.get("countries", "")),
            topics=_codes(form.get("topics", "")),
        )
    except research.ResearchError:
        questions = research.list_owned(request_store(), account.name)
        error = _("A question needs a title.")
        return render_template(
            "research/index.html", questions=questions, error=error, form=form
        ), 400
    return redirect(url_for("research.show", question_id=question.id))


def _codes(text: str) -> tuple[str, ...]:
    """``AZE, RUS`` or ``returnees detention`` as a tuple of codes."""
    return tuple(code for code in text.replace(",", " ").split() if code)


@blueprint.get("/<question_id>")
def show(question_id: str) -> str:
    """The question: passages under headings, the search log, a search box and the exports."""
    question = _readable(question_id)
    state = app_state()
    currency = passage_currency(
        request_store(), state.engine, question.passages, state.config.web.passage_age_days
    )
    return render_template(
        "research/question.html",
        question=question,
        currency=currency,
        newer=newer_documents(state.engine, question, currency),
        max_age_days=state.config.web.passage_age_days,
        value_label=lambda facet, value: value_label(facet, value, state.config, ui_language()),
        mine=question.owner == _account().name,
        share=request.args.get("share", ""),
        versions=frozen.versions(request_store(), question.id),
    )


@blueprint.post("/<question_id>/searches/<int:search_id>")
def mark(question_id: str, search_id: int) -> Response:
    """Mark a logged search "nothing relevant found" (or undo it)."""
    _owned(question_id)
    nothing = request.form.get("nothing") == "1"
    try:
        research.mark_nothing_relevant(
            request_store(), question_id, _account().name, search_id, nothing=nothing
        )
    except research.ResearchError:
        abort(404, description=_("No such search in this question."))
    return redirect(url_for("research.show", question_id=question_id, _anchor="log"))


@blueprint.post("/passages")
def save_passage() -> Response | tuple[str, int]:
    """Save a quote from a document page to the question chosen in the form; a quote not in
    the document is sent back to be corrected, with everything typed kept."""
    form = request.form
    question = _owned(form.get("question_id", ""))
    page = form.get("page", "").strip()
    try:
        research.add_passage(
            request_store(),
            question.id,
            _account().name,
            document_id=form.get("document_id", ""),
            quote=form.get("quote", ""),
            heading=form.get("heading", ""),
            page=int(page) if page.isdigit() else None,
            note=form.get("note", ""),
            translation=form.get("translation", ""),
        )
    except research.ResearchError as error:
        document = request_store().document(form.get("document_id", ""))
        return render_template(
            "research/passage_error.html",
            questions=my_questions(),
            form=form,
            error=str(error),
            document_id=form.get("document_id", ""),
            has_pages=bool(document and document.latest.pages),
        ), 400
    return redirect(url_for("research.show", question_id=question.id, _anchor="passages"))


@blueprint.post("/<question_id>/passages/<int:passage_id>/move")
def move(question_id: str, passage_id: int) -> Response:
    """Move a passage up or down."""
    _owned(question_id)
    try:
        research.move_passage(
            request_store(),
            question_id,
            _account().name,
            passage_id,
            up=request.form.get("direction") != "down",
        )
    except research.ResearchError:
        abort(404, description=_("No such passage in this question."))
    return redirect(url_for("research.show", question_id=question_id, _anchor="passages"))


@blueprint.post("/<question_id>/share")
def share(question_id: str) -> Response:
    """Make (or withdraw) the read-only share link."""
    _owned(question_id)
    research.share(
        request_store(), question_id, _account().name, shared=request.form.get("shared") == "1"
    )
    return redirect(url_for("research.show", question_id=question_id))


@blueprint.get("/<question_id>/answer.<fmt>")
def export(question_id: str, fmt: str) -> str | Response:
    """The answer as it stands, as printable HTML, Markdown or DOCX, in the interface language."""
    if fmt not in {"html", *EXPORT_TYPES}:
        abort(404, description=_("Exports are html, md and docx."))
    question = _readable(question_id)
    return _render(_build(question), fmt, f"question-{question.id}")


@blueprint.post("/<question_id>/answers")
def freeze(question_id: str) -> Response:
    """Freeze the answer as it stands: a numbered version with its own permalink that later
    edits of the question never change (nothing changed since the last one: that one)."""
    kept = frozen.freeze(request_store(), _build(_owned(question_id)))
    return redirect(url_for("research.frozen_answer", question_id=question_id, number=kept.number))


@blueprint.get("/<question_id>/answers/<int:number>", defaults={"fmt": "html"})
@blueprint.get("/<question_id>/answers/<int:number>.<fmt>")
def frozen_answer(question_id: str, number: int, fmt: str) -> str | Response:
    """A frozen version of the answer, exactly as it was frozen, as HTML, Markdown or DOCX."""
    if fmt not in EXPORT_TYPES and fmt != "html":
        abort(404, description=_("Exports are html, md and docx."))
    question = _readable(question_id)
    kept = frozen.frozen(request_store(), question.id, number)
    if kept is None:
        abort(404, description=_("No such version of this answer."))
    return _render(kept.answer, fmt, f"question-{question.id}-v{number}", kept)


def _build(question: research.Question) -> answer.Answer:
    config = app_state().config
    return answer.build(request_store(), question, config.source, context=citation_context())


def _render(
    built: answer.Answer, fmt: str, name: str, kept: frozen.FrozenAnswer | None = None
) -> str | Response:
    labels = answer_labels()
    if fmt == "html":
        return render_template(
            "research/answer.html",
            answer=built,
            labels=labels,
            search_line=answer.search_line,
            kept=kept,
            share=request.args.get("share", ""),
        )
    body = answer.to_markdown(built, labels) if fmt == "md" else answer.to_docx(built, labels)
    response = Response(body, mimetype=EXPORT_TYPES[fmt])
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{name}-{built.exported:%Y%m%d-%H%M}.{fmt}"'
    )
    return response


def answer_labels() -> answer.Labels:
    """The answer's fixed words in the reader's language."""
    return answer.Labels(
        description=_("Question"),
        countries=_("Countries"),
        topics=_("Topics"),
        no_heading=_("Other passages"),
        translation=_("Translation"),
        note=_("Note"),
        footnotes=_("Notes"),
        sources=_("Sources"),
        consulted=_("Sources consulted"),
        nothing_relevant=_("nothing relevant found"),
        hits=_("%(hits)d documents"),
        filters=_("filters"),
        expanded=_("also searched"),
        exported=_("Exported %(date)s"),
        disclaimer_heading=_("Disclaimer"),
        disclaimer=_(
            "This response was prepared within time constraints, from publicly available "
            "information found through the searches listed. It is not, and does not purport "
            "to be, conclusive as to the merit of any particular claim to refugee status or "
            "asylum. Every passage is quoted from the archived copy cited in its note."
        ),
    )


def log_search(search_request: SearchRequest, result: SearchResult) -> research.Question | None:
    """Record a search run with ``?question=ID`` in that question's log (first page only: paging
    is not a new search); returns the question, for the page to link back to it."""
    question_id = request.args.get("question", "")
    account = current_account()
    if not question_id or account is None:
        return None
    store = request_store()
    try:
        question = research.owned(store, question_id, account.name)
    except research.ResearchError:
        return None
    if search_request.page == 1:
        research.log_search(
            store,
            question.id,
            account.name,
            query=search_request.query,
            filters={name: list(values) for name, values in search_request.filters.items()},
            # What is listed outside the filters is no hit of this search as it was run.
            hits=0 if "filters" in result.widened else result.total,
            expanded=result.expanded,
        )
    return question


def my_questions() -> list[research.Question]:
    """The questions the logged-in reader can save a passage to (none for the public)."""
    account = current_account()
    return research.list_owned(request_store(), account.name) if account else []
