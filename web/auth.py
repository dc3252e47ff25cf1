"""Curator sessions: login and logout, expiry, CSRF tokens, rate-limited attempts, roles.

Reading is public and identical for everyone; every change needs a curator session. The
session's token rides in Flask's signed cookie (its secret kept in the data directory, so a
restart does not log everyone out) and is checked against the store on every request
(:mod:`coi.curation.sessions`), so logging out ends it for good; it expires after
:data:`SESSION_HOURS` and carries a CSRF token that every POST must echo. With
``web.secure_cookies`` the cookie is sent over HTTPS only. Failed logins are counted per name
(guessing one curator's password) and per address (trying one password on many names); past
:data:`MAX_ATTEMPTS_PER_NAME` or :data:`MAX_ATTEMPTS_PER_ADDRESS` in :data:`ATTEMPT_WINDOW_SECONDS`
further attempts are refused without checking the password.
"""

from __future__ import annotations

import functools
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from coi.config import Config
from coi.curation import accounts, sessions
from coi.curation.accounts import User
from coi.private_files import private_dir, private_file
from web.security import local_path
from web.state import request_store

F = TypeVar("F", bound=Callable[..., Any])
SESSION_HOURS = 8
SESSION_LIFETIME = timedelta(hours=SESSION_HOURS)
MAX_ATTEMPTS_PER_NAME = 5
MAX_ATTEMPTS_PER_ADDRESS = 20
"""Failed logins from one address, whatever the names tried (an office behind one NAT address
shares them, hence more than per name)."""
ATTEMPT_WINDOW_SECONDS = 300
blueprint = Blueprint("auth", __name__)


class LoginThrottle:
    """Failed login attempts per key (a name, or an address) in a sliding window."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def blocked(self, key: str) -> bool:
        """Whether this key used up its attempts."""
        with self._lock:
            window = self._failures[key]
            while window and window[0] < time.monotonic() - ATTEMPT_WINDOW_SECONDS:
                window.popleft()
            if not window:
                del self._failures[key]  # keep no entry for every name ever tried
            return len(window) >= self.limit

    def failed(self, key: str) -> None:
        """Count a failed attempt."""
        with self._lock:
            self._failures[key].append(time.monotonic())

    def forget(self, key: str) -> None:
        """A successful login: earlier failures of this key no longer count."""
        with self._lock:
            self._failures.pop(key, None)


def secret_key(data_dir: Path) -> bytes:
    """The app's session secret, created once per data directory (readable by its owner only)."""
    path = data_dir / "secret_key"
    if not path.exists():
        private_dir(data_dir)
        private_file(path)
        path.write_bytes(secrets.token_bytes(32))
    return path.read_bytes()


def init_app(app: Flask, config: Config) -> None:
    """Sessions, CSRF checks and the login routes on ``app``."""
    app.secret_key = secret_key(config.data_dir)
    app.permanent_session_lifetime = SESSION_LIFETIME
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.web.secure_cookies,
    )
    app.extensions["coi.throttle"] = (
        LoginThrottle(MAX_ATTEMPTS_PER_NAME),
        LoginThrottle(MAX_ATTEMPTS_PER_ADDRESS),
    )
    accounts.dummy_hash()
    app.before_request(_load_user)
    app.before_request(_check_csrf)
    app.context_processor(
        lambda: {
            "current_user": g.get("user"),
            "current_account": g.get("account"),
            "csrf_token": csrf_token,
        }
    )
    app.register_blueprint(blueprint)


def csrf_token() -> str:
    """This session's CSRF token (created on first use)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return str(session["csrf"])


def _check_csrf() -> None:
    if request.method != "POST":
        return
    sent = request.form.get("csrf_token", "")
    if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
        abort(400, description="The form expired or did not come from coi (CSRF check failed).")


def _load_user() -> None:
    g.user = g.account = None
    name = session.get("user")
    if not name:
        return
    expired = time.time() - session.get("login_time", 0) > SESSION_HOURS * 3600
    store = request_store()
    if (
        expired
        or sessions.user_of(store, session.get("sid", ""), lifetime=SESSION_LIFETIME) != name
    ):
        session.clear()
        return
    user = accounts.get_user(store, name)
    g.account = user if user is not None and not user.disabled else None
    # A researcher reads only what is public: every curator's view keys on ``g.user``.
    g.user = g.account if g.account is not None and g.account.is_curator else None


def current_user() -> User | None:
    """The curator (or administrator) logged in for this request, if any."""
    user: User | None = g.get("user")
    return user


def current_account() -> User | None:
    """Whoever is logged in, researchers included (for research questions)."""
    account: User | None = g.get("account")
    return account


def login_required(role: str = "curator") -> Callable[[F], F]:
    """Refuse the view unless a curator (or, with ``role="admin"``, an admin) is logged in.

    Anonymous GETs go to the login page; anonymous POSTs get 401; a curator asking for an
    admin page gets 403.
    """

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None and current_account() is not None:
                abort(403, description="Researchers read and keep questions; curators change.")
            if user is None:
                if request.method == "GET":
                    return redirect(url_for("auth.login", next=request.full_path))
                abort(401, description="Log in as a curator to change anything.")
            if role == "admin" and not user.is_admin:
                abort(403, description="Only administrators may do this.")
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    """The login form, and checking it."""
    error = None
    if request.method == "POST":
        name = request.form.get("name", "").strip()
        address = request.remote_addr or "-"
        by_name, by_address = current_app.extensions["coi.throttle"]
        if by_name.blocked(name) or by_address.blocked(address):
            return render_template(
                "login.html", error="Too many attempts; wait a few minutes."
            ), 429
        store = request_store()
        user = accounts.authenticate(store, name, request.form.get("password", ""))
        if user is None:
            by_name.failed(name)
            by_address.failed(address)
            error = "Wrong name or password."
        else:
            by_name.forget(name)
            session.clear()
            session.permanent = True
            sid = sessions.start(store, user.name, lifetime=SESSION_LIFETIME)
            session.update(user=user.name, login_time=time.time(), sid=sid)
            csrf_token()
            target = request.args.get("next", "")
            home = url_for("desk.home" if user.is_curator else "search.index")
            return redirect(target if local_path(target) else home)
    return render_template("login.html", error=error), (401 if error else 200)


@blueprint.post("/logout")
def logout() -> Response:
    """End the session, in the store too: the cookie opens nothing afterwards."""
    if session.get("sid"):
        sessions.end(request_store(), session["sid"])
    session.clear()
    return redirect(url_for("search.index"))
