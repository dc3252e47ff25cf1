"""Commands for officers and judges working from sources to a cited answer: ``coi cite-check``
and ``coi question``."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coi.cli.options import EXIT_ERROR, common_options, setup

if TYPE_CHECKING:
    from coi.curation.citecheck import CiteCheck, Difference, QuoteMatch


@click.command("cite-check")
@common_options
@click.option("--citation", default="", help="The citation as given: coi's line, a URL or both.")
@click.option("--quote", default="", help="The quoted passage to look for.")
@click.option(
    "--accessed",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Access date (YYYY-MM-DD); default: the citation's, else the latest copy.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the check as JSON (as the API).")
def cite_check(
    config_path: Path | None,
    data_dir: Path | None,
    verbose: bool,
    citation: str,
    quote: str,
    accessed: datetime | None,
    as_json: bool,
) -> None:
    """Check that a quoted passage is in the cited document as it was on the access date.

    Exits with 1 when the quote is not in that version (or no document is found)."""
    from coi.curation.citecheck import check_citation, to_json
    from coi.store import open_store

    config = setup(config_path, data_dir, verbose)
    with open_store(config.data_dir, config.store.url) as store:
        check = check_citation(store, citation, quote, accessed.date() if accessed else None)
        blobs = store.blobs
        if as_json:
            body = to_json(check, lambda version: str(blobs.path(version.sha256)))
            click.echo(json.dumps(body, ensure_ascii=False, indent=2))
        else:
            click.echo(_report(check, str(blobs.path(check.version.sha256))))
    if check.quote is not None and check.quote.kind == "absent":
        raise SystemExit(EXIT_ERROR)


def _report(check: CiteCheck, archived_copy: str) -> str:
    """The check as lines a judge reads in a terminal."""
    version = check.version
    chosen = {
        "sha256": "named by its SHA-256",
        "date": f"current on {check.accessed}",
        "earliest": f"coi's first copy (retrieved after {check.accessed})",
        "latest": "the latest copy (no access date given)",
    }[check.chosen_by]
    lines = [
        f"Document: {check.document.title} <{check.document.url}> ({check.document.id})",
        f"Version:  {version.id}, retrieved {version.retrieved:%Y-%m-%d %H:%M} UTC, {chosen}",
        f"SHA-256:  {version.sha256}",
        f"Archived copy: {archived_copy}",
    ]
    if check.quote is not None:
        lines.append("Quote:    " + _describe(check.quote))
        lines += [f"  - {d.quoted!r} is {d.source!r} in the source" for d in _changes(check.quote)]
    if check.later:
        lines.append(f"Changed since: {len(check.later)} later version(s)")
        for later in check.later:
            status = f": quote {_describe(later.quote)}" if later.quote is not None else ""
            lines.append(
                f"  - version {later.version.id}, {later.version.retrieved:%Y-%m-%d}{status}"
            )
    else:
        lines.append("Changed since: no")
    if check.document.gone:
        lines.append(
            f"Offline: the page was gone when checked on {check.document.last_checked:%Y-%m-%d}"
        )
    return "\n".join(lines)


def _describe(match: QuoteMatch) -> str:
    page = f" (p. {match.page})" if match.page else ""
    if match.kind == "exact":
        return f"found exactly{page}"
    if match.kind == "close":
        return f"found with small differences, {match.similarity:.0%} alike{page}"
    return "not found"


def _changes(match: QuoteMatch) -> list[Difference]:
    return [d for d in match.differences if d.op != "equal"]


@click.group("question")
def question() -> None:
    """Research questions: list them, show one, export its answer."""


@question.command("list")
@common_options
@click.option("--owner", required=True, help="Whose questions (the account name).")
def question_list(
    config_path: Path | None, data_dir: Path | None, verbose: bool, owner: str
) -> None:
    """List the questions an account keeps, most recently changed first."""
    from coi.curation import research
    from coi.store import open_store

    config = setup(config_path, data_dir, verbose)
    with open_store(config.data_dir, config.store.url) as store:
        for found in research.list_owned(store, owner):
            click.echo(f"{found.id}  {found.updated:%Y-%m-%d %H:%M}  {found.title}")


@question.command("show")
@common_options
@click.argument("question_id")
def question_show(
    config_path: Path | None, data_dir: Path | None, verbose: bool, question_id: str
) -> None:
    """Print a question's answer as Markdown (passages, notes, sources, sources consulted)."""
    click.echo(_export(config_path, data_dir, verbose, question_id, "md"), nl=False)


@question.command("export")
@common_options
@click.argument("question_id")
@click.option("--format", "fmt", type=click.Choice(["md", "docx"]), default="md", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True)
def question_export(
    config_path: Path | None,
    data_dir: Path | None,
    verbose: bool,
    question_id: str,
    fmt: str,
    output: Path,
) -> None:
    """Write a question's answer to a Markdown or DOCX file (the printable page is on the web)."""
    body = _export(config_path, data_dir, verbose, question_id, fmt)
    if isinstance(body, bytes):
        output.write_bytes(body)
    else:
        output.write_text(body, encoding="utf-8")
    click.echo(f"wrote {output}")


def _export(
    config_path: Path | None, data_dir: Path | None, verbose: bool, question_id: str, fmt: str
) -> str | bytes:
    """The answer to a question as Markdown text or DOCX bytes; whoever holds the data
    directory reads every question, as the administrator of this coi."""
    from coi.curation import answer, research
    from coi.store import open_store

    config = setup(config_path, data_dir, verbose)
    with open_store(config.data_dir, config.store.url) as store:
        found = research.by_id(store, question_id)
        if found is None:
            click.echo(f"error: no question {question_id}", err=True)
            raise SystemExit(EXIT_ERROR)
        built = answer.build(store, found, config.source)
    return answer.to_markdown(built) if fmt == "md" else answer.to_docx(built)
