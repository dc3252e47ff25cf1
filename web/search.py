"""The search page: query box, facets with counts, chips, results, sort and pages."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from coi.curation import collections
from coi.models import SORTS
from indexer.facets import EXCLUDE_PREFIX, FACET_BY_NAME
from indexer.search import effective_sort
from web.auth import current_user
from web.i18n import ui_language
from web.labels import FACET_LABELS, topic_note, value_label
from web.params import parse_request, state_pairs, toggle_url, url_with
from web.research import log_search
from web.state import app_state, request_store

blueprint = Blueprint("search", __name__)
FACETS_SHOWN = 12
"""Values listed per facet before the rest are folded away."""


@blueprint.get("/")
def index() -> str:
    """Search (or, with no query, browse) and render the result page."""
    state = app_state()
    ui = ui_language()
    search_args = request.args.copy()
    search_args.poplist("question")  # the research question it is run for, not a filter
    search_request = parse_request(search_args, state.config.web.per_page)
    result = state.engine.search(search_request)
    state.count_search()
    question = log_search(search_request, result)
    pairs = state_pairs(request.args)
    if question is not None:  # refining the search keeps logging it to the question
        pairs.append(("question", question.id))
    selected = {(k, v) for k, v in pairs if k in FACET_BY_NAME}
    facets = [
        {
            "name": name,
            "label": FACET_LABELS[name],
            "values": [
                {
                    "value": value,
                    "label": value_label(name, value, state.config, ui),
                    "note": topic_note(value, ui) if name == "topic" else "",
                    "count": count,
                    "selected": (name, value) in selected,
                    "url": toggle_url(pairs, name, value),
                    "excluded": (EXCLUDE_PREFIX + name, value) in pairs,
                    "exclude_url": toggle_url(pairs, EXCLUDE_PREFIX + name, value),
                }
                for value, count in counts.items()
            ],
        }
        for name, counts in result.facets.items()
        if counts
    ]
    chips = [
        {
            "label": _chip_label(k, v, ui),
            "excluded": k.startswith(EXCLUDE_PREFIX),
            "url": toggle_url(pairs, k, v),
        }
        for k, v in pairs
        if k.removeprefix(EXCLUDE_PREFIX) in FACET_BY_NAME
    ]
    last_page = max((result.total + result.per_page - 1) // result.per_page, 1)
    return render_template(
        "search.html",
        result=result,
        request_state=search_request,
        facets=facets,
        chips=chips,
        shown=FACETS_SHOWN,
        sources={s.id: s for s in state.config.sources},
        sort=effective_sort(search_request),
        sort_urls={s: url_with(pairs, sort=s) for s in SORTS},
        page_url=lambda n: url_with(pairs, page=str(n)),
        last_page=last_page,
        nothing_collected=not result.total and not request_store().document_count(),
        value_label=lambda facet, value: value_label(facet, value, state.config, ui),
        feed_query=url_with(pairs) if pairs else "",
        page_query=url_with(pairs, page=str(search_request.page)),
        no_expand_url=url_with(pairs, expand="0", drop=None),
        added=[{"term": t, "url": toggle_url(pairs, "drop", t)} for t in result.expanded],
        dropped=[{"term": t, "url": toggle_url(pairs, "drop", t)} for t in result.dropped],
        expand_url=url_with(pairs, expand=None),
        unfiltered_url=url_with(
            [(k, v) for k, v in pairs if k.removeprefix(EXCLUDE_PREFIX) not in FACET_BY_NAME]
        ),
        my_collections=_collections_for_curator(),
        question=question,
    )


def _chip_label(key: str, value: str, ui: str) -> str:
    facet = key.removeprefix(EXCLUDE_PREFIX)
    label = f"{FACET_LABELS[facet]}: {value_label(facet, value, app_state().config, ui)}"
    return str(_("not %(label)s", label=label)) if key != facet else label


def _collections_for_curator() -> list[collections.Collection]:
    """The collections a logged-in curator can add results to (none for the public)."""
    if current_user() is None:
        return []
    return collections.list_all(request_store(), include_private=True)
