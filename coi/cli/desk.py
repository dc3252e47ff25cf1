"""The librarians' desk on the command line: accounts, documents, collections, sources, audit.

Every change is recorded in the audit trail under the name of whoever ran the command: the
login name on this machine, or the name given with ``--as`` (a librarian working for a
colleague, a script run by a service account). Changes to documents reach the index at once,
unless another process is writing it: then the change is saved and waits for the next update.
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

import click

from coi.cli.options import common_options, setup
from coi.config import Config
from coi.curation import accounts, audit, collections, corrections, source_edits
from coi.errors import IndexLockedError
from coi.store import Store, open_store
from coi.taxonomy import vocabulary

F = TypeVar("F", bound=Callable[..., Any])


def actor_option(command: F) -> F:
    """Add ``--as NAME``: who the audit trail names for the change."""
    return click.option(
        "--as",
        "actor",
        metavar="NAME",
        help="Name the audit trail records for this change (default: your login name).",
    )(command)


def actor_name(given: str | None) -> str:
    """The name recorded for a change made here: ``--as NAME``, else the login name."""
    if given is not None:
        if not given.strip():
            raise click.BadParameter("a name cannot be empty", param_hint="--as")
        return given.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment nor the password database
        return f"uid-{os.getuid()}"


def _refresh_index(config: Config, store: Store) -> None:
    """Bring the index up to date so a change shows in search at once; when another process is
    writing the index, the change is saved already and waits for the next update."""
    from indexer.build import update_index

    try:
        update_index(config, store)
    except IndexLockedError:
        click.echo(
            "coi: saved; the index is being written by another process, so search shows the "
            "change after the next `coi index`",
            err=True,
        )


@click.group()
def user() -> None:
    """Curator and administrator accounts."""


@user.command("add")
@common_options
@click.argument("name")
@click.option("--role", type=click.Choice(accounts.ROLES), required=True)
@click.password_option(help="Prompted (never echoed) when not given.")
@actor_option
def user_add(
    config_path: Path | None,
    data_dir: Path | None,
    verbose: bool,
    name: str,
    role: str,
    password: str,
    actor: str | None,
) -> None:
    """Create an account; the password is asked for twice and never echoed."""
    config = setup(config_path, data_dir, verbose)
    with open_store(config.data_dir, config.store.url) as store:
        accounts.add_user(store, name, role, password, actor=actor_name(actor))
    click.echo(f"added {role} {name}")


@user.command("list")
@common_options
def user_list(config_path: Path | None, data_dir: Path | None, verbose: bool) -> None:
    """List accounts."""
    config = setup(config_path, data_dir, verbose)
    with open_store(config.data_dir, config.store.url) as store:
        for item in accounts.list_users(store):
            click.echo(f"{item.name}\t{item.role}\t{'disabled' if item.disabled else 'active'}")


@user.command("disable")
@common_options
@click.argument("name")
@actor_option
def user_disable(
    config_path: Path | None, data_dir: Path | None, verbose: bool, name: str, actor: str | None
) -> None:
    """Disable an account (its history stays in the audit trail)."""
    config = setup(config_path, data_dir, verbose)
    with open_store(config.data_dir, config.store.url) as store:
        accounts.set_disabled(store, name, True, actor=actor_name(actor))
    click.echo(f"disabled {name}")


@click.group()
def doc() -> None:
    """Correct a document's metadata, hide it, or see why it has its tags."""


@doc.command("set")
@common_options
@click.argument("doc_id")
@click.option("--title")
@click.option("--published", help="YYYY-MM-DD, or '' to clear.")
@click.option("--doc-type", "doc_type")
@click.option("--lang", "language")
@click.option("--country", "countries", multiple=True, help="ISO3 (repeatable; replaces all).")
@click.option("--topic", "topics", multiple=True, help="Topic slug (repeatable; replaces all).")
@actor_option
def doc_set(
    config_path: Path | None,
    data_dir: Path | None,
    verbose: bool,
    doc_id: str,
    actor: str | None,
    **fields: object,
) -> None:
    """Correct fields of a document; the machine's values are kept beside. Values are checked
    against coi's vocabularies (``coi doc values FIELD`` lists them); a value equal to the one
    shown changes nothing."""
    changes = {name: value for name, value in fields.items() if value not in (None, ())}
    if not changes:
        raise click.UsageError("nothing to change: give at least one option")
    config = setup(config_path, data_dir, verbose)
    with open_store(config.data_dir, config.store.url) as store:
        before = store.change_seq()
        try:
            corrected = corrections.correct(store, doc_id, changes, actor=actor_name(actor))
        except corrections.InvalidValue as refused:
            raise corrections.CorrectionError(
                f"{refused} (`coi doc values {refused.field}` lists them)"
            ) from refused
        if store.change_seq() == before:
            click.echo("coi: nothing changed: the document shows these values already", err=True)
        else:
            _refresh_index(config, store)
    click.echo(json.dumps(corrected.corrections, ensure_ascii=False))


@doc.command("values")
@common_options
@click.argument("field", type=click.Choice(sorted(vocabulary.VOCABULARIES)))
def doc_values(config_path: Path | None, data_dir: Path | None, verbose: bool, field: str) -> None:
    """List the values a correction of FIELD may give, with their names."""
    setup(config_path, data_dir, verbose)  # the same configuration checks as every command
    for code, name in vocabulary.VOCABULARIES[field]().items():
        click.echo(f"{code}\t{name}")


@doc.command("why")
@common_options
@click.argument("doc_id")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def doc_why(
    config_path: Path | None, data_dir: Path | None, verbose: bool, doc_id: str, as_json: bool
) -> None:
    """Why the tagger gives a document its countries and topics: every one its latest version
    names, with the counts and thresholds that decide (a correction still wins over them)."""
    from coi.curation.retag import explain_document

    config = setup(config_path, data_dir, verbose)
    with open_store(config.data_dir, config.store.url) as store:
        why = explain_document(config, store, doc_id)
    click.echo(json.dumps(asdict(why), ensure_ascii=False, indent=2) if as_json else why.format())


@doc.command("hide")
@common_options
@click.argument("doc_id")
@click.option("--undo", is_flag=True, help="Show the document again.")
@actor_option
def doc_hide(
    config_path: Path | None,
    data_dir: Path | None,
    verbose: bool,
    doc_id: str,
    undo: bool,
    actor: str | None,
) -> None:
    """Withdraw a document (e.g. a menu page): out of search, its permalink says withdrawn;
    nothing is deleted."""
    config = setup(config_path, data_dir, verbose)
    with open_store(config.data_dir, config.store.url) as store:
        if undo:
            corrections.revert(store, doc_id, "hidden", actor=actor_name(actor))
        else:
            corrections.correct(store, doc_id, {"hidden": True}, actor=actor_name(actor))
        _refresh_index(config, store)
    click.echo(f"{'shown' if undo else 'hidden'} {doc_id}")


@click.group()
def collection() -> None:
    """Curated collections of documents."""


@collection.command("create")
@common_options
@click.argument("title")
@click.option("--description", default="")
@click.option("--public", is_flag=True, help="Visible to everyone, with a permalink and a feed.")
@actor_option
def collection_create(
    config_path: Path | None,
    data_dir: Path | None,
    verbose: bool,
    title: str,
    description: str,
    public: bool,
    actor: str | None,
) -> None:
    """Create a collection; prints its id."""
    config = setup(config_path, data_dir, verbose)
    with open_store(config.data_dir, config.store.url) as store:
        made = collections.create(
            store, title, description=description, public=public, actor=actor_name(actor)
        )
    click.echo(made.id)


@collection.command("add")
@common_options
@click.argument("collection_id")
@click.argument("doc_ids", nargs=-1, required=True)
@click.option("--note", default="", help="Curator's note on each added document.")
@actor_option
def collection_add(
    config_path: Path | None,
    data_dir: Path | None,
    verbose: bool,
    collection_id: str,
    doc_ids: tuple[str, ...],
    note: str,
    actor: str | None,
) -> None:
    """Add documents to a collection."""
    config = setup(config_path, data_dir, verbose)
    with open_store(config.data_dir, config.store.url) as store:
        for doc_id in doc_ids:
            collections.add_document(
                store, collection_id, doc_id, note=note, actor=actor_name(actor)
            )
        _refresh_index(config, store)
    click.echo(f"added {len(doc_ids)} to {collection_id}")


@collection.command("remove")
@common_options
@click.argument("collection_id")
@click.argument("doc_id")
@actor_option
def collection_remove(
    config_path: Path | None,
    data_dir: Path | None,
    verbose: bool,
    collection_id: str,
    doc_id: str,
    actor: str | None,
) -> None:
    """Remove a document from a collection (the document stays)."""
    config = setup(config_path, data_dir, verbose)
    with open_store(config.data_dir, config.store.url) as store:
        collections.remove_document(store, collection_id, doc_id, actor=actor_name(actor))
        _refresh_index(config, store)
    click.echo(f"removed {doc_id} from {collection_id}")


@collection.command("list")
@common_options
def collection_list(config_path: Path | None, data_dir: Path | None, verbose: bool) -> None:
    """List every collection with its size and visibility."""
    config = setup(config_path, data_dir, verbose)
    with open_store(config.data_dir, config.store.url) as store:
        for item in collections.list_all(store, include_private=True):
            visibility = "public" if item.public else "private"
            click.echo(f"{item.id}\t{visibility}\t{len(item.items)}\t{item.title}")


@click.group()
def source() -> None:
    """Edit, pause or resume a source."""


@source.command("edit")
@common_options
@click.argument("source_id")
@click.option("--description")
@click.option("--kind")
@click.option("--country")
@click.option("--pause/--resume", "paused", default=None, help="Pause or resume its crawl.")
@actor_option
def source_edit(
    config_path: Path | None,
    data_dir: Path | None,
    verbose: bool,
    source_id: str,
    description: str | None,
    kind: str | None,
    country: str | None,
    paused: bool | None,
    actor: str | None,
) -> None:
    """Change a source's description, kind or country, or pause its crawl."""
    config = setup(config_path, data_dir, verbose)
    with open_store(config.data_dir, config.store.url) as store:
        store.sync_sources(config.sources)
        source_edits.edit_source(
            store,
            source_id,
            description=description,
            kind=kind,
            country=country,
            paused=paused,
            actor=actor_name(actor),
        )
    click.echo(f"edited {source_id}")


@click.command("audit")
@common_options
@click.option("--document", "document_id", help="Only changes to this document.")
@click.option("--collection", "collection_id", help="Only changes to this collection.")
@click.option("--actor", help="Only changes by this user.")
@click.option("--csv", "as_csv", is_flag=True, help="Export as CSV.")
def audit_log(
    config_path: Path | None,
    data_dir: Path | None,
    verbose: bool,
    document_id: str | None,
    collection_id: str | None,
    actor: str | None,
    as_csv: bool,
) -> None:
    """Show the audit trail, newest first."""
    config = setup(config_path, data_dir, verbose)
    target_type, target_id = (
        ("document", document_id)
        if document_id
        else ("collection", collection_id)
        if collection_id
        else (None, None)
    )
    with open_store(config.data_dir, config.store.url) as store:
        items = audit.entries(store, target_type=target_type, target_id=target_id, actor=actor)
    if as_csv:
        click.echo(audit.to_csv(items), nl=False)
        return
    for item in items:
        click.echo(
            f"{item.time.isoformat()}  {item.actor}  {item.action}  "
            f"{item.target_type}:{item.target_id}  {json.dumps(item.before, ensure_ascii=False)}"
            f" -> {json.dumps(item.after, ensure_ascii=False)}"
        )
