"""Serving the app with waitress, a production WSGI server that needs no compiler or daemon.

waitress writes no access log, so the queries people type (claimant data) never reach a log.
"""

from __future__ import annotations

from waitress import serve as waitress_serve

from coi.config import Config
from web import create_app


def serve(config: Config) -> None:
    """Serve until interrupted, on ``config.web.host:port``."""
    app = create_app(config)
    print(f"coi: serving on http://{config.web.host}:{config.web.port}", flush=True)
    waitress_serve(
        app, host=config.web.host, port=config.web.port, threads=config.web.threads, ident="coi"
    )
