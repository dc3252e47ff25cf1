"""The interface in English, Russian and Azerbaijani (Flask-Babel).

The language is the one the user chose with the switcher (remembered in a cookie), else the
best match of the browser's Accept-Language, else English. Catalogues live as ``.po`` files in
``web/translations``; ``make install`` compiles them, and the app compiles any that is missing
or older than its ``.po`` when it starts, so a checkout never runs with stale translations.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Blueprint, Flask, make_response, redirect, request
from flask_babel import Babel, get_locale
from werkzeug.wrappers import Response

from web.security import local_path

UI_LANGUAGES = (("en", "English"), ("ru", "Русский"), ("az", "Azərbaycanca"))
CODES = tuple(code for code, _ in UI_LANGUAGES)
COOKIE = "coi_ui"
TRANSLATIONS = Path(__file__).resolve().parent / "translations"
blueprint = Blueprint("i18n", __name__)


def select_locale() -> str:
    """The chosen language, else the browser's best, else English."""
    chosen = request.cookies.get(COOKIE)
    if chosen in CODES:
        return chosen
    return request.accept_languages.best_match(CODES) or "en"


def compile_catalogues(folder: Path = TRANSLATIONS) -> list[Path]:
    """Compile every ``.po`` whose ``.mo`` is missing or older; returns those compiled."""
    compiled = []
    for po_path in sorted(folder.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as source:
            catalog = read_po(source, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as target:
            write_mo(target, catalog)
        compiled.append(mo_path)
    return compiled


@blueprint.get("/ui/<code>")
def choose(code: str) -> Response:
    """Switch the interface language (works without JavaScript) and go back."""
    target = request.args.get("next", "/")
    if not local_path(target):
        target = "/"
    response = make_response(redirect(target))
    if code in CODES:
        response.set_cookie(COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def ui_language() -> str:
    """The code of the interface language of this request."""
    return str(get_locale() or "en")


def init_app(app: Flask) -> None:
    """Translations, the locale selector and the switcher on ``app``."""
    compile_catalogues()
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    Babel(app, locale_selector=select_locale)
    app.context_processor(lambda: {"ui_language": ui_language(), "ui_languages": UI_LANGUAGES})
    app.register_blueprint(blueprint)
