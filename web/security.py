"""Security headers on every response, and the teardown that closes the request's store.

The CSP allows only our own scripts, styles and images (no inline script), so a crawled page
that slipped markup through could still not run anything; frames are refused; types are not
sniffed. No asset comes from another host: coi must work offline inside an agency network.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response

from web.state import close_store

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
}


def local_path(target: str) -> bool:
    """True for a path on this site, safe to redirect to after a login or a language switch.

    Browsers read ``//host``, ``/\\host`` and ``/<tab>/host`` as other hosts, so the target is
    parsed the way a browser would before it is trusted.
    """
    parts = urlsplit(target.replace("\\", "/"))
    return target.startswith("/") and not parts.scheme and not parts.netloc


def add_headers(response: Response) -> Response:
    """Set the security headers (a route may have set a stricter CSP already)."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    """Install the headers and the store teardown on ``app``."""
    app.after_request(add_headers)
    app.teardown_appcontext(close_store)
