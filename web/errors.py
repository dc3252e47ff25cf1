"""Errors as HTTP: JSON with a message and the right status under /api/, a page elsewhere."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from coi.errors import CoiError, QueryError

log = logging.getLogger("coi.web")


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
