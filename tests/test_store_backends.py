"""The store on either back-end: old SQLite stores carried forward, writers at once on a
PostgreSQL server, and the commands that only SQLite supports saying so."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from pgserver import PostgresServer

from coi.cli import cli
from coi.curation import accounts, sessions
from coi.diskfull import disk_full_message, no_space_error
from coi.errors import StoreError
from coi.models import Enrichment, Extracted, Fetched
from coi.schema import MIGRATIONS
from coi.store import Store, document_id_for, documents, open_store
from coi.store.migrate import head_revision

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def save(store: Store, url: str, text: str) -> str:
    return store.save_fetch(
        source="sms-az",
        fetched=Fetched(
            url=url, status=200, content_type="text/html", body=text.encode(), retrieved=T0
        ),
        extracted=Extracted(title="Report", text=text),
        enrichment=Enrichment(language="en"),
    )


@pytest.mark.parametrize("step", [1, 5, len(MIGRATIONS)])
def test_a_sqlite_store_of_the_numbered_steps_opens_with_everything_in_it(
    tmp_path: Path, step: int
) -> None:
    """A store an earlier coi made (step 1, 5 or 9 of the old numbered migrations) is brought
    to the newest revision, its rows intact."""
    db = sqlite3.connect(tmp_path / "coi.sqlite3", isolation_level=None)
    for script in MIGRATIONS[:step]:
        db.executescript(script)
    db.execute(f"PRAGMA user_version = {step}")
    db.execute(
        """INSERT INTO documents (id, url, source, first_seen, last_checked, change_seq)
           VALUES ('d1', 'https://a.example/1', 'sms-az', '2024-01-01T00:00:00+00:00',
                   '2024-01-01T00:00:00+00:00', 1)"""
    )
    db.execute("UPDATE counters SET value = 1")
    db.close()
    with open_store(tmp_path) as store:
        assert store.schema_version == head_revision()
        assert [row["url"] for row in store.query("SELECT url FROM documents")] == [
            "https://a.example/1"
        ]
        assert save(store, "https://a.example/2", "a new text") == "new"
        assert store.change_seq() == 2
        assert store.query("SELECT COUNT(*) FROM sessions")[0][0] == 0  # step 5's table
    with sqlite3.connect(tmp_path / "coi.sqlite3") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == int(head_revision())


def test_a_migration_that_fails_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    """Step 8 cannot run (a table of that name is in the way): nothing of steps 8 and 9 nor of
    the revisions is left behind, and the store still opens as step 7 in an older coi."""
    db = sqlite3.connect(tmp_path / "coi.sqlite3", isolation_level=None)
    for script in MIGRATIONS[:7]:
        db.executescript(script)
    db.execute("PRAGMA user_version = 7")
    db.execute("CREATE TABLE questions (id TEXT)")
    db.close()
    with pytest.raises(StoreError, match="cannot open the document store"):
        open_store(tmp_path)
    with sqlite3.connect(tmp_path / "coi.sqlite3") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 7
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "users" in tables
    assert not {"users_with_researchers", "answers", "alembic_version"} & tables


def test_writers_at_once_on_postgresql_take_unique_change_numbers(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    """Two connections saving documents at the same moment: every change has its own number,
    and an index update from zero sees every document once."""
    per_writer = 30
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def write(writer: int) -> None:
        try:
            with open_store(tmp_path, url) as store:
                start.wait()
                for n in range(per_writer):
                    save(store, f"https://w{writer}.example/{n}", f"text {writer} {n}")
        except BaseException as exc:  # reported by the test below
            errors.append(exc)

    with postgres_server.fresh_database() as url:
        threads = [threading.Thread(target=write, args=(writer,)) for writer in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors
        with open_store(tmp_path, url) as store:
            seqs = [seq for seq, _ in store.changed_since(0)]
            assert len(seqs) == 2 * per_writer
            assert seqs == sorted(set(seqs))
            assert store.change_seq() == max(seqs)


def test_two_crawls_saving_the_same_pages_at_once_on_postgresql_both_go_on(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    """The same URLs fetched by two crawls at the same moment: one stores each page, the other
    finds it unchanged; neither stops on the other's rows."""
    pages = 20
    start = threading.Barrier(2)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def crawl() -> None:
        try:
            with open_store(tmp_path, url) as store:
                start.wait()
                for n in range(pages):
                    outcomes.append(save(store, f"https://same.example/{n}", f"page {n}"))
        except BaseException as exc:  # reported by the test below
            errors.append(exc)

    with postgres_server.fresh_database() as url:
        threads = [threading.Thread(target=crawl) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors
        assert sorted(outcomes) == ["new"] * pages + ["unchanged"] * pages
        with open_store(tmp_path, url) as store:
            assert store.document_count() == pages
            assert store.query("SELECT COUNT(*) FROM versions")[0][0] == pages


def test_backup_of_a_postgresql_store_says_to_use_pg_dump(
    tmp_path: Path, postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with postgres_server.fresh_database() as url:
        with open_store(tmp_path / "data", url) as store:
            save(store, "https://a.example/1", "kept on the server")
        monkeypatch.setenv("COI_STORE_URL", url)
        result = CliRunner().invoke(
            cli, ["backup", str(tmp_path / "backup"), "--data-dir", str(tmp_path / "data")]
        )
        assert result.exit_code != 0
        assert "pg_dump" in result.output
        assert not (tmp_path / "backup" / "coi.sqlite3").exists()
        with open_store(tmp_path / "data", url) as store:
            assert store.document(document_id_for("https://a.example/1")) is not None


def test_the_cli_reads_the_store_at_store_url(
    tmp_path: Path, postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``store.url`` (here from ``COI_STORE_URL``) puts the documents on the server, the index
    and ``coi check`` read them there, and no SQLite file appears in the data directory."""
    page = tmp_path / "report.txt"
    page.write_text("Detention conditions in Baku prisons were reviewed.", encoding="utf-8")
    data = tmp_path / "data"
    config = tmp_path / "config.toml"
    config.write_text(
        'data_dir = "data"\n[[sources]]\nid = "local"\nname = "Local files"\nkind = "ngo"\n'
        'country = "AZE"\nstart_urls = ["https://local.example/"]\n',
        encoding="utf-8",
    )
    with postgres_server.fresh_database() as url:
        monkeypatch.setenv("COI_STORE_URL", url)
        result = CliRunner().invoke(
            cli, ["add", str(page), "--source", "local", "--config", str(config)]
        )
        assert result.exit_code == 0, result.output
        with open_store(data, url) as store:
            assert store.document_count() == 1
        assert not (data / "coi.sqlite3").exists()
        indexed = CliRunner().invoke(cli, ["index", "--config", str(config)])
        assert indexed.exit_code == 0, indexed.output
        checked = CliRunner().invoke(cli, ["check", "--config", str(config)])
        assert checked.exit_code == 0, checked.output
        assert "store: on a PostgreSQL server" in checked.output
        assert not (data / "coi.sqlite3").exists()


def test_a_store_url_that_is_no_postgresql_url_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["stats", "--data-dir", str(tmp_path)],
        env={"COI_STORE_URL": "mysql://localhost/coi"},
    )
    assert result.exit_code != 0
    assert "store.url" in result.output


def test_a_full_disk_on_the_server_is_told_as_such() -> None:
    """PostgreSQL's disk_full (53100), however wrapped, reads as the server's disk being full."""
    full = psycopg.errors.DiskFull("could not extend file: No space left on device")
    wrapped = StoreError("cannot save the document")
    wrapped.__cause__ = full
    assert no_space_error(wrapped) is full
    assert "server's disk" in disk_full_message(full)
    assert no_space_error(psycopg.errors.UniqueViolation("duplicate key")) is None


def test_a_login_session_lives_and_ends_on_either_back_end(tmp_path: Path, store_url: str) -> None:
    """Sessions name their user in a column called ``user``, a reserved word on PostgreSQL."""
    hour = timedelta(hours=1)
    with open_store(tmp_path, store_url) as store:
        accounts.add_user(store, "leyla", "curator", "a long passphrase", actor="admin")
        token = sessions.start(store, "leyla", lifetime=hour)
        assert sessions.user_of(store, token, lifetime=hour) == "leyla"
        accounts.set_disabled(store, "leyla", True, actor="admin")
        assert sessions.user_of(store, token, lifetime=hour) is None


def test_changes_are_listed_whole_across_batches(
    tmp_path: Path, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index update reads changes a batch at a time and still sees each document once."""
    monkeypatch.setattr(documents, "CHANGED_BATCH", 2)
    with open_store(tmp_path, store_url) as store:
        for n in range(5):
            save(store, f"https://a.example/{n}", f"text {n}")
        store.mark_gone("https://a.example/0", T0)
        listed = [(seq, doc.url) for seq, doc in store.changed_since(0)]
    assert [url for _, url in listed] == [f"https://a.example/{n}" for n in (1, 2, 3, 4, 0)]
    assert [seq for seq, _ in listed] == sorted({seq for seq, _ in listed})
