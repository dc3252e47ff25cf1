"""The librarians' desk over HTTP: every permission boundary, CSRF, and changes that show."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from indexfixtures import DOCS, Doc, fill, id_of, make_config
from whoosh import index as whoosh_index

import coi.curation.accounts
from coi.curation import accounts, audit, collections
from coi.models import Document
from coi.store import open_store
from indexer.build import update_index
from web import create_app
from web.auth import MAX_ATTEMPTS_PER_ADDRESS, SESSION_HOURS

PASSWORD = "correct horse battery"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    config = make_config(tmp_path)
    with open_store(tmp_path) as store:
        fill(store)
        update_index(config, store)
        accounts.add_user(store, "leyla", "curator", PASSWORD, actor="system")
        accounts.add_user(store, "anna", "admin", PASSWORD, actor="system")
    app = create_app(config)
    yield app
    app.extensions["coi.reindex"].close()
    app.extensions["coi"].engine.close()


def settle(app: Flask) -> None:
    """Wait until the index has taken up the desk's changes (it does so in the background)."""
    assert app.extensions["coi.reindex"].wait(60)


def stored(app: Flask, doc_id: str) -> Document:
    with open_store(app.extensions["coi"].config.data_dir) as store:
        found = store.document(doc_id)
    assert found is not None
    return found


def found(app: Flask, query: str) -> list[str]:
    hits = app.test_client().get("/api/search", query_string={"q": query}).get_json()["hits"]
    return [hit["id"] for hit in hits]


def trail(app: Flask, doc_id: str) -> list[audit.AuditEntry]:
    with open_store(app.extensions["coi"].config.data_dir) as store:
        return audit.entries(store, target_type="document", target_id=doc_id)


def token(client: FlaskClient) -> str:
    page = client.get("/login").get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match is not None
    return match.group(1)


def login(client: FlaskClient, name: str) -> str:
    csrf = token(client)
    response = client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": csrf})
    assert response.status_code == 302
    fresh = token(client)
    assert fresh != csrf  # a new session, a new token: no session fixation
    return fresh


DESK_GETS = ["/desk/", "/desk/duplicates", "/desk/sources", "/desk/audit"]
DESK_POSTS = [
    f"/desk/documents/{id_of(DOCS[0])}/correct",
    f"/desk/documents/{id_of(DOCS[0])}/hide",
    "/desk/collections",
    "/desk/collect",
    "/desk/sources/ngo-a",
]


@pytest.mark.parametrize("path", DESK_GETS)
def test_anonymous_desk_pages_redirect_to_login(app: Flask, path: str) -> None:
    response = app.test_client().get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", DESK_POSTS)
def test_anonymous_changes_are_refused(app: Flask, path: str) -> None:
    client = app.test_client()
    csrf = token(client)
    assert client.post(path, data={"csrf_token": csrf, "title": "x"}).status_code == 401


@pytest.mark.parametrize("path", DESK_POSTS)
def test_posts_without_csrf_token_are_refused_even_logged_in(app: Flask, path: str) -> None:
    client = app.test_client()
    login(client, "leyla")
    assert client.post(path, data={"title": "x"}).status_code == 400


def test_admin_pages_refuse_curators_and_admit_admins(app: Flask) -> None:
    curator = app.test_client()
    csrf = login(curator, "leyla")
    assert curator.get("/desk/users").status_code == 403
    assert curator.post("/desk/users/anna/disable", data={"csrf_token": csrf}).status_code == 403
    admin = app.test_client()
    login(admin, "anna")
    assert "leyla (curator)" in admin.get("/desk/users").get_data(as_text=True)


def test_wrong_passwords_are_rate_limited(app: Flask) -> None:
    client = app.test_client()
    csrf = token(client)
    statuses = [
        client.post(
            "/login", data={"name": "leyla", "password": "nope", "csrf_token": csrf}
        ).status_code
        for _ in range(6)
    ]
    assert statuses == [401] * 5 + [429]
    right = {"name": "leyla", "password": PASSWORD, "csrf_token": csrf}
    assert client.post("/login", data=right).status_code == 429


def test_public_pages_are_the_same_for_everyone(app: Flask) -> None:
    anonymous = app.test_client().get(f"/api/documents/{id_of(DOCS[0])}").get_json()
    curator = app.test_client()
    login(curator, "leyla")
    assert curator.get(f"/api/documents/{id_of(DOCS[0])}").get_json() == anonymous


def test_curators_see_why_a_document_has_its_tags(app: Flask) -> None:
    path = f"/documents/{id_of(DOCS[0])}"
    assert "Why these tags" not in app.test_client().get(path).get_data(as_text=True)
    curator = app.test_client()
    login(curator, "leyla")
    page = curator.get(path).get_data(as_text=True)
    assert "Why these tags" in page
    # The fixture's report names Azerbaijan in its title only and Afghanistan once in its text:
    # re-tagging would find it about neither (its stored tags say Azerbaijan).
    cells = (
        r"<tr><td>([^<]+)</td><td>\d+</td><td>[\d.]+</td><td>[\d.]+</td><td>([^<]+)</td>"
        r"<td>([^<]*)</td>"
    )
    rows = {country: (about, found) for country, about, found in re.findall(cells, page)}
    assert rows["Azerbaijan"][0] == "no (title only)"
    assert rows["Afghanistan"][0] == "no"
    assert rows["Afghanistan"][1] == "афганистана"  # the word that named it, as written


def test_a_correction_reaches_search_at_once_and_is_audited(app: Flask) -> None:
    client = app.test_client()
    csrf = login(client, "leyla")
    before = client.get("/api/search?topic=torture-ill-treatment").get_json()["total"]
    response = client.post(
        f"/desk/documents/{id_of(DOCS[4])}/correct",
        data={"csrf_token": csrf, "topics": "torture-ill-treatment, ethnic-minorities"},
    )
    assert response.status_code == 302
    settle(app)
    after = client.get("/api/search?topic=torture-ill-treatment").get_json()
    assert after["total"] == before + 1
    with open_store(app.extensions["coi"].config.data_dir) as store:
        (entry,) = audit.entries(store, target_type="document", target_id=id_of(DOCS[4]))
    assert (entry.actor, entry.action) == ("leyla", "correct")
    assert entry.before == {"topics": ["ethnic-minorities", "judiciary-fair-trial"]}


def test_collections_from_search_to_public_permalink_and_exports(app: Flask) -> None:
    client = app.test_client()
    csrf = login(client, "leyla")
    created = client.post(
        "/desk/collections",
        data={"csrf_token": csrf, "title": "Azerbaijan: detention 2021-2023", "public": "on"},
    )
    collection = created.headers["Location"].rsplit("/", 1)[-1]
    for doc in (DOCS[3], DOCS[0]):
        client.post(
            "/desk/collect",
            data={"csrf_token": csrf, "collection_id": collection, "document_id": id_of(doc)},
        )
    settle(app)
    public = app.test_client()
    page = public.get(f"/collections/{collection}").get_data(as_text=True)
    assert page.index(DOCS[3].title) < page.index("Права беженцев")
    assert public.get(f"/api/search?collection={collection}").get_json()["total"] == 2
    csv_text = public.get(f"/collections/{collection}/export.csv").get_data(as_text=True)
    assert csv_text.splitlines()[0].startswith("title,publisher,author,published,url")
    assert public.get(f"/collections/{collection}/export.ris").status_code == 200
    assert b"<entry>" in public.get(f"/collections/{collection}/feed").data


def test_private_collections_are_hidden_from_the_public(app: Flask) -> None:
    client = app.test_client()
    csrf = login(client, "leyla")
    created = client.post("/desk/collections", data={"csrf_token": csrf, "title": "Draft"})
    collection = created.headers["Location"].rsplit("/", 1)[-1]
    assert client.get(f"/collections/{collection}").status_code == 200
    assert app.test_client().get(f"/collections/{collection}").status_code == 404
    assert app.test_client().get(f"/collections/{collection}/export.csv").status_code == 404


def test_logout_ends_the_session(app: Flask) -> None:
    client = app.test_client()
    csrf = login(client, "leyla")
    assert client.get("/desk/").status_code == 200
    client.post("/logout", data={"csrf_token": csrf})
    assert client.get("/desk/").status_code == 302


def test_a_session_expires_after_its_hours(app: Flask) -> None:
    client = app.test_client()
    login(client, "leyla")
    with client.session_transaction() as session:
        session["login_time"] -= SESSION_HOURS * 3600 + 1
    assert client.get("/desk/").status_code == 302


def test_a_disabled_account_loses_its_open_session(app: Flask) -> None:
    client = app.test_client()
    login(client, "leyla")
    with open_store(app.extensions["coi"].config.data_dir) as store:
        accounts.set_disabled(store, "leyla", True, actor="anna")
    assert client.get("/desk/").status_code == 302


def test_search_feed_and_opensearch(app: Flask) -> None:
    client = app.test_client()
    feed = client.get("/feed?q=refugees")
    assert feed.mimetype == "application/atom+xml"
    assert b"<entry>" in feed.data
    assert b"{searchTerms}" in client.get("/opensearch.xml").data


class _CorrectionForm(HTMLParser):
    """The fields of the document page's correction form, as a browser would send them."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._inside = self._select = False
        self._select_name = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._inside = attr.get("action", "").endswith("/correct")
        elif self._inside and tag == "input" and attr.get("name"):
            self.fields[attr["name"]] = attr.get("value", "")
        elif self._inside and tag == "select":
            self._select_name = attr["name"]
        elif self._inside and tag == "option" and self._select_name and "selected" in attr:
            self.fields[self._select_name] = attr["value"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "select":
            self._select_name = ""


def correction_form(client: FlaskClient, doc_id: str) -> dict[str, str]:
    page = client.get(f"/documents/{doc_id}")
    assert page.status_code == 200
    parser = _CorrectionForm()
    parser.feed(page.get_data(as_text=True))
    assert {"csrf_token", "seen", "title", "doc_type", "language", "topics"} <= set(parser.fields)
    return parser.fields


@pytest.mark.parametrize("doc", [DOCS[2], DOCS[4], DOCS[5]], ids=lambda doc: doc.slug)
def test_saving_the_form_as_it_is_corrects_nothing(app: Flask, doc: Doc) -> None:
    client = app.test_client()
    login(client, "leyla")
    doc_id = id_of(doc)
    response = client.post(
        f"/desk/documents/{doc_id}/correct", data=correction_form(client, doc_id)
    )
    assert response.status_code == 302
    assert stored(app, doc_id).corrections == {}
    assert trail(app, doc_id) == []


def test_only_the_field_changed_becomes_a_correction(app: Flask) -> None:
    client = app.test_client()
    login(client, "leyla")
    doc_id = id_of(DOCS[0])
    form = correction_form(client, doc_id) | {"language": "az"}
    assert client.post(f"/desk/documents/{doc_id}/correct", data=form).status_code == 302
    assert stored(app, doc_id).corrections == {"language": "az"}
    (entry,) = trail(app, doc_id)
    assert (entry.before, entry.after) == ({"language": "ru"}, {"language": "az"})
    back = correction_form(client, doc_id) | {"language": "ru"}  # the machine's value again
    assert client.post(f"/desk/documents/{doc_id}/correct", data=back).status_code == 302
    assert stored(app, doc_id).corrections == {}


@pytest.mark.parametrize(
    ("field", "typed", "suggested"),
    [
        ("countries", "AZE, AZR", "AZE"),
        ("countries", "XYZ", None),
        ("doc_type", "newz", "news"),
        ("language", "blah", None),
        ("topics", "torture", "torture-ill-treatment"),
    ],
)
def test_a_value_coi_does_not_know_is_refused_with_the_valid_ones_and_the_input_kept(
    app: Flask, field: str, typed: str, suggested: str | None
) -> None:
    client = app.test_client()
    login(client, "leyla")
    doc_id = id_of(DOCS[0])
    form = correction_form(client, doc_id) | {field: typed, "title": "A title typed meanwhile"}
    response = client.post(f"/desk/documents/{doc_id}/correct", data=form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f"Valid values of {field}" in page
    if suggested:
        assert f"did you mean {suggested}" in page
    refilled = _CorrectionForm()
    refilled.feed(page)
    assert refilled.fields["title"] == "A title typed meanwhile"
    if field != "doc_type":  # a select offers valid types only; the typo stays selected there
        assert refilled.fields[field] == typed
    assert stored(app, doc_id).corrections == {}
    assert trail(app, doc_id) == []


def test_a_stale_form_is_refused_showing_the_other_curators_change(app: Flask) -> None:
    leyla, anna = app.test_client(), app.test_client()
    login(leyla, "leyla")
    login(anna, "anna")
    doc_id = id_of(DOCS[0])
    leylas_form = correction_form(leyla, doc_id)
    annas_form = correction_form(anna, doc_id) | {"topics": "refugees, children"}
    assert anna.post(f"/desk/documents/{doc_id}/correct", data=annas_form).status_code == 302
    leylas_form["title"] = "Права беженцев в Азербайджане (2023)"
    refused = leyla.post(f"/desk/documents/{doc_id}/correct", data=leylas_form)
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "another change reached this document" in page
    assert "topics is now <strong>children, refugees</strong>, was detention-conditions" in page
    assert "anna, " in page
    assert stored(app, doc_id).title == DOCS[0].title
    again = _CorrectionForm()
    again.feed(page)
    assert again.fields["title"] == "Права беженцев в Азербайджане (2023)"  # her input is kept
    assert leyla.post(f"/desk/documents/{doc_id}/correct", data=again.fields).status_code == 302
    now = stored(app, doc_id)
    assert (now.title, now.topics) == (
        "Права беженцев в Азербайджане (2023)",
        ("children", "refugees"),
    )


def test_saving_never_waits_for_an_index_write(app: Flask) -> None:
    client = app.test_client()
    login(client, "leyla")
    doc_id = id_of(DOCS[3])
    holder = whoosh_index.open_dir(app.extensions["coi"].config.index_dir).writer()
    try:
        form = correction_form(client, doc_id) | {"topics": "corruption"}
        response = client.post(f"/desk/documents/{doc_id}/correct", data=form)
        assert response.status_code == 302  # today: 400 after the lock wait, although saved
        assert stored(app, doc_id).topics == ("corruption",)
        assert client.get("/api/search?topic=corruption").get_json()["total"] == 0
        assert app.extensions["coi.reindex"].pending
    finally:
        holder.cancel()
    settle(app)
    hits = client.get("/api/search?topic=corruption").get_json()["hits"]
    assert [hit["id"] for hit in hits] == [doc_id]


def test_a_withdrawn_document_keeps_its_permalink_and_curators_restore_it(app: Flask) -> None:
    curator = app.test_client()
    csrf = login(curator, "leyla")
    doc_id = id_of(DOCS[3])
    curator.post(f"/desk/documents/{doc_id}/hide", data={"csrf_token": csrf})
    settle(app)
    public = app.test_client().get(f"/documents/{doc_id}")
    assert public.status_code == 410
    page = public.get_data(as_text=True)
    assert "The library withdrew this document on" in page
    assert DOCS[3].title not in page
    assert "political prisoners" not in page
    version = stored(app, doc_id).latest.id
    original = f"/documents/{doc_id}/versions/{version}/original"
    assert app.test_client().get(original).status_code == 410
    assert curator.get(original).status_code == 200
    withdrawn_json = app.test_client().get(f"/api/documents/{doc_id}")
    assert withdrawn_json.status_code == 410
    assert "withdrew" in withdrawn_json.get_json()["error"]["message"]
    assert doc_id not in found(app, "prisons")
    desk_view = curator.get(f"/documents/{doc_id}")
    assert desk_view.status_code == 200
    assert "Withdrawn by the library on" in desk_view.get_data(as_text=True)
    assert DOCS[3].title in curator.get("/desk/").get_data(as_text=True)
    restored = curator.post(f"/desk/documents/{doc_id}/unhide", data={"csrf_token": csrf})
    assert restored.status_code == 302
    settle(app)
    assert app.test_client().get(f"/documents/{doc_id}").status_code == 200
    assert doc_id in found(app, "prisons")
    assert [e.action for e in trail(app, doc_id)] == ["revert", "hide"]


def test_a_collection_made_private_leaves_every_public_facet_filter_feed_and_export(
    app: Flask,
) -> None:
    curator = app.test_client()
    csrf = login(curator, "leyla")
    made = curator.post(
        "/desk/collections", data={"csrf_token": csrf, "title": "Zaqatala draft", "public": "on"}
    )
    slug = made.headers["Location"].rsplit("/", 1)[-1]
    for doc in (DOCS[0], DOCS[3]):
        curator.post(
            f"/desk/collections/{slug}/add", data={"csrf_token": csrf, "document_id": id_of(doc)}
        )
    settle(app)
    public = app.test_client()
    assert public.get("/api/facets").get_json()["facets"]["collection"] == {slug: 2}
    curator.post(
        f"/desk/collections/{slug}/update", data={"csrf_token": csrf, "title": "Zaqatala draft"}
    )
    settle(app)
    assert slug not in public.get("/api/facets").get_json()["facets"].get("collection", {})
    assert public.get(f"/api/search?collection={slug}").get_json()["total"] == 0
    assert slug not in public.get("/").get_data(as_text=True)
    assert b"<entry>" not in public.get(f"/feed?collection={slug}").data
    assert (
        len(public.get(f"/export.csv?collection={slug}").get_data(as_text=True).splitlines()) == 1
    )
    for path in (
        f"/collections/{slug}",
        f"/collections/{slug}/feed",
        f"/collections/{slug}/export.csv",
    ):
        assert public.get(path).status_code == 404
    assert curator.get(f"/collections/{slug}").status_code == 200  # curators still see it


def test_a_session_cookie_opens_nothing_after_logout(app: Flask) -> None:
    client = app.test_client()
    csrf = login(client, "leyla")
    cookie = client.get_cookie("session")
    assert cookie is not None
    client.post("/logout", data={"csrf_token": csrf})
    replay = app.test_client()
    replay.set_cookie("session", cookie.value)
    assert replay.get("/desk/").status_code == 302
    replay.set_cookie("session", cookie.value)
    change = replay.post("/desk/collections", data={"csrf_token": csrf, "title": "Replayed"})
    assert change.status_code in (400, 401)  # refused, whichever check speaks first
    with open_store(app.extensions["coi"].config.data_dir) as store:
        assert collections.list_all(store, include_private=True) == []


def test_one_password_sprayed_over_many_names_is_limited_per_address(app: Flask) -> None:
    client = app.test_client()
    csrf = token(client)
    statuses = [
        client.post(
            "/login", data={"name": f"user{n}", "password": "Winter2024!", "csrf_token": csrf}
        ).status_code
        for n in range(MAX_ATTEMPTS_PER_ADDRESS + 1)
    ]
    assert statuses == [401] * MAX_ATTEMPTS_PER_ADDRESS + [429]
    right = {"name": "leyla", "password": PASSWORD, "csrf_token": csrf}
    assert client.post("/login", data=right).status_code == 429
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.99"
    assert login(elsewhere, "leyla")  # another address is not held back


def test_one_name_guessed_from_many_addresses_is_limited(app: Flask) -> None:
    statuses = []
    for n in range(7):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"192.0.2.{n}"
        csrf = token(client)
        data = {"name": "leyla", "password": f"guess {n}", "csrf_token": csrf}
        statuses.append(client.post("/login", data=data).status_code)
    assert statuses == [401] * 5 + [429] * 2


def test_an_unknown_name_costs_a_password_check_like_a_known_one(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    real = coi.curation.accounts.check_password_hash

    def counting(stored: str, password: str) -> bool:
        checked.append(password)
        return real(stored, password)

    monkeypatch.setattr(coi.curation.accounts, "check_password_hash", counting)
    client = app.test_client()
    csrf = token(client)
    for name in ("leyla", "nobody-here"):
        client.post("/login", data={"name": name, "password": "wrong one", "csrf_token": csrf})
    assert checked == ["wrong one", "wrong one"]


@pytest.mark.parametrize("secure", [False, True])
def test_secure_cookies_setting(tmp_path: Path, secure: bool) -> None:
    config = make_config(tmp_path)
    config = replace(config, web=replace(config.web, secure_cookies=secure))
    with open_store(tmp_path) as store:
        accounts.add_user(store, "leyla", "curator", PASSWORD, actor="anna")
    app = create_app(config)
    try:
        client = app.test_client()
        csrf = token(client)
        response = client.post(
            "/login", data={"name": "leyla", "password": PASSWORD, "csrf_token": csrf}
        )
        assert ("; Secure" in response.headers["Set-Cookie"]) is secure
    finally:
        app.extensions["coi"].engine.close()
