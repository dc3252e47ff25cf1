"""The ``coi`` command line: one thin function per subcommand, delegating to library code.

Every subcommand takes ``--config`` and ``--data-dir``. Heavy modules are imported inside the
commands so that ``coi lang`` in a shell pipeline starts fast.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from coi.config import Config, load_config
from coi.diskfull import disk_full_message, no_space_error
from coi.errors import CoiError, ConfigError
from coi.models import SORTS, SearchRequest

F = TypeVar("F", bound=Callable[..., Any])

EXIT_ERROR = 1
EXIT_CONFIG = 2


def common_options(command: F) -> F:
    """Add ``--config``, ``--data-dir`` and ``--verbose`` to a subcommand."""
    command = click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Configuration file (default: $COI_CONFIG, else ./config.toml).",
    )(command)
    command = click.option(
        "--data-dir",
        type=click.Path(path_type=Path, file_okay=False),
        help="Data directory (beats data_dir in the file and $COI_DATA_DIR).",
    )(command)
    return click.option("-v", "--verbose", is_flag=True, help="Log what happens to stderr.")(
        command
    )


def _setup(config_path: Path | None, data_dir: Path | None, verbose: bool) -> Config:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    return load_config(config_path, data_dir=data_dir)


class CoiGroup(click.Group):
    """Maps coi's errors to one-line messages and exit codes instead of tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            click.echo(f"coi: configuration error: {exc}", err=True)
            ctx.exit(EXIT_CONFIG)
        except Exception as exc:
            full = no_space_error(exc)
            if full is None and not isinstance(exc, CoiError):
                raise
            click.echo(f"coi: {disk_full_message(full) if full else exc}", err=True)
            ctx.exit(EXIT_ERROR)


@click.group(cls=CoiGroup)
@click.version_option(package_name="coi")
def cli() -> None:
    """coi: search country-of-origin information in Russian, Azerbaijani and English."""


@cli.command()
@common_options
@click.option("--source", "source_ids", multiple=True, help="Crawl only this source (repeatable).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a TTY).")
def crawl(
    config_path: Path | None,
    data_dir: Path | None,
    verbose: bool,
    source_ids: tuple[str, ...],
    progress: bool | None,
) -> None:
    """Crawl the sources of the configuration into the document store."""
    from coi.store import open_store
    from crawler.crawl import run_crawl

    config = _setup(config_path, data_dir, verbose)
    unknown = [s for s in source_ids if config.source(s) is None]
    if unknown:
        raise click.BadParameter(f"no such source: {', '.join(unknown)}", param_hint="--source")
    show = sys.stderr.isatty() if progress is None else progress
    with open_store(config.data_dir) as store:
        report = run_crawl(config, store, source_ids=source_ids or None, progress=show)
    click.echo(report.format())
    if report.nothing_reached:
        raise CoiError(
            "no source could be reached: check the network connection and the sources' "
            "start URLs (see the reasons above)"
        )


@cli.command()
@common_options
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option("--source", "source_id", required=True, help="Source the files belong to.")
def add(
    config_path: Path | None,
    data_dir: Path | None,
    verbose: bool,
    paths: tuple[Path, ...],
    source_id: str,
) -> None:
    """Import local files and folders (HTML, PDF, text) as documents of a source."""
    from coi.store import open_store
    from crawler.local_import import import_files

    config = _setup(config_path, data_dir, verbose)
    if config.source(source_id) is None:
        raise click.BadParameter(f"no such source: {source_id}", param_hint="--source")
    with open_store(config.data_dir) as store:
        store.sync_sources(config.sources)
        counts = import_files(config, store, paths, source_id=source_id)
    click.echo(", ".join(f"{n} {event}" for event, n in sorted(counts.items())) or "nothing")


@cli.command()
@common_options
@click.option("--rebuild", is_flag=True, help="Start the index over from the store.")
@click.option("--optimize", is_flag=True, help="Then merge segments (searches keep working).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a TTY).")
def index(
    config_path: Path | None,
    data_dir: Path | None,
    verbose: bool,
    rebuild: bool,
    optimize: bool,
    progress: bool,
) -> None:
    """Bring the search index up to date with the store (only what changed)."""
    from coi.store import open_store
    from indexer.build import optimize_index, update_index

    config = _setup(config_path, data_dir, verbose)
    show = sys.stderr.isatty() if progress is None else progress
    with open_store(config.data_dir) as store:
        report = update_index(config, store, rebuild=rebuild, progress=show)
    click.echo(report.format())
    if optimize:
        click.echo(f"merged {optimize_index(config)} segments into one")


@cli.command()
@common_options
def retag(config_path: Path | None, data_dir: Path | None, verbose: bool) -> None:
    """Recompute language, countries, topics and type of stored documents (no re-crawl)."""
    from coi.retag import retag_all
    from coi.store import open_store

    config = _setup(config_path, data_dir, verbose)
    with open_store(config.data_dir) as store:
        click.echo(retag_all(config, store).format())


@cli.command()
@common_options
@click.argument("query", nargs=-1)
@click.option("--country", multiple=True, help="ISO 3166-1 alpha-3 code (repeatable).")
@click.option("--topic", multiple=True, help="Topic slug (repeatable).")
@click.option("--lang", "language", multiple=True, help="Language code: az, ru, en...")
@click.option("--source", multiple=True, help="Source id (repeatable).")
@click.option("--doc-type", "doc_type", multiple=True, help="Document type (repeatable).")
@click.option("--year", multiple=True, help="YYYY or YYYY-YYYY (repeatable).")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--per-page", type=click.IntRange(1, 100), default=None, help="Hits per page.")
@click.option(
    "--expand/--no-expand", default=True, help="Add thesaurus terms in the other languages."
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as the API's JSON.")
def search(
    config_path: Path | None,
    data_dir: Path | None,
    verbose: bool,
    query: tuple[str, ...],
    as_json: bool,
    sort: str,
    page: int,
    per_page: int | None,
    expand: bool,
    **facets: tuple[str, ...],
) -> None:
    """Search the index; an empty QUERY browses everything the filters allow."""
    from indexer.search import search as run_search

    config = _setup(config_path, data_dir, verbose)
    request = SearchRequest(
        query=" ".join(query),
        filters={name: values for name, values in facets.items() if values},
        page=page,
        per_page=per_page or config.web.per_page,
        sort=sort,  # type: ignore[arg-type]
        expand=expand,
    )
    result = run_search(config.index_dir, request)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    from coi.textout import format_result

    click.echo(format_result(result))


@cli.command()
@common_options
@click.option("--host", help="Address to listen on (default from config).")
@click.option("--port", type=int, help="Port to listen on (default from config).")
def serve(
    config_path: Path | None, data_dir: Path | None, verbose: bool, host: str | None, port: int
) -> None:
    """Serve the web interface and the JSON API."""
    from dataclasses import replace

    from web.serve import serve as run_server

    config = _setup(config_path, data_dir, verbose)
    web = replace(config.web, host=host or config.web.host, port=port or config.web.port)
    run_server(replace(config, web=web))


@cli.command()
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print the whole guess as JSON.")
def lang(config_path: Path | None, data_dir: Path | None, verbose: bool, as_json: bool) -> None:
    """Print the language of standard input (az, ru, en, ... or und)."""
    from coi.lang import detect

    guess = detect(sys.stdin.read())
    if as_json:
        click.echo(
            json.dumps(
                {
                    "language": guess.language,
                    "script": guess.script,
                    "confidence": round(guess.confidence, 4),
                    "shares": guess.shares,
                },
                ensure_ascii=False,
            )
        )
    else:
        click.echo(guess.language)


@cli.command()
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(config_path: Path | None, data_dir: Path | None, verbose: bool, as_json: bool) -> None:
    """Documents by source and language, the last crawl and the index state."""
    from coi.stats import collect_stats, format_stats

    config = _setup(config_path, data_dir, verbose)
    figures = collect_stats(config)
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(format_stats(figures))


# The desk's commands register themselves on `cli` (kept in their own module for size).
import coi.cli_desk  # noqa: E402, F401
