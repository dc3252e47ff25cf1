"""Errors as HTTP: JSON with a message and the right status under /api/, a page elsewhere.

A crash is logged with its type, route and traceback but not its message: an exception raised
while searching can quote the query, and what an officer typed about a claimant must not reach
a log file.
"""

from __future__ import annotations

import logging
import traceback
from types import TracebackType

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from coi.errors import CoiError, QueryError

log = logging.getLogger("coi.web")


class CoiFlask(Flask):
    """Flask, logging crashes without the exception's message (it may quote the query)."""

    def log_exception(
        self,
        exc_info: tuple[type[BaseException], BaseException, TracebackType]
        | tuple[None, None, None],
    ) -> None:
        """Log the type, method, path (never the query string) and the frames."""
        kind, _, trace = exc_info
        log.error(
            "%s on %s %s (message withheld: it may quote the query)\n%s",
            kind.__name__ if kind else "error",
            request.method,
            request.path,
            "".join(traceback.format_tb(trace)),
        )


def _respond(status: int, message: str) -> Response | tuple[str, int]:
    if request.path.startswith("/api/"):
        response = jsonify({"error": {"status": status, "message": message}})
        response.status_code = status
        return response
    return render_template("error.html", status=status, message=message), status


def init_app(app: Flask) -> None:
    """Register the handlers on ``app``."""

    @app.errorhandler(QueryError)
    def bad_query(error: QueryError) -> Response | tuple[str, int]:
        return _respond(400, str(error))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response | tuple[str, int]:
        return _respond(error.code or 500, error.description or error.name)

    @app.errorhandler(CoiError)
    def coi_error(error: CoiError) -> Response | tuple[str, int]:
        log.error("request failed: %s", error)
        return _respond(500, "coi could not answer this request; the error is logged.")

    @app.errorhandler(InternalServerError)
    def internal(error: InternalServerError) -> Response | tuple[str, int]:
        return _respond(500, "Something went wrong on our side.")
