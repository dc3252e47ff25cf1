"""coi's web interface and JSON API: a Flask app factory, no global app.

``create_app(config)`` builds an app bound to one configuration; nothing is read at import time.
The app keeps one :class:`~indexer.search.SearchEngine` (the index stays open between requests
and is refreshed when ``coi index`` changes it) and opens the store per request.
"""

from __future__ import annotations

from flask import Flask

from coi.config import Config, load_config
from coi.taxonomy.evidence import found_as
from indexer.search import SearchEngine
from web import (
    admission,
    api,
    auth,
    citecheck,
    desk,
    documents,
    errors,
    exports,
    feeds,
    i18n,
    public_collections,
    research,
    search,
    security,
    sources,
)
from web.labels import date_from_label, format_label, utc_time
from web.state import AppState


def create_app(config: Config | None = None) -> Flask:
    """Build the web app for ``config`` (read with its usual precedence when None)."""
    config = config or load_config()
    app = errors.CoiFlask(__name__)
    app.config["COI"] = config
    engine = SearchEngine(config.index_dir, query_seconds=config.web.query_seconds)
    app.extensions["coi"] = AppState(config=config, engine=engine)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.add_template_filter(utc_time)
    app.add_template_filter(found_as)
    admission.init_app(app, config.web.threads, config.web.queue)
    app.add_template_global(date_from_label)
    app.add_template_global(format_label)
    security.init_app(app)
    errors.init_app(app)
    auth.init_app(app, config)
    i18n.init_app(app)
    for module in (
        search,
        documents,
        api,
        feeds,
        exports,
        public_collections,
        sources,
        desk,
        citecheck,
        research,
    ):
        app.register_blueprint(module.blueprint)
    return app
