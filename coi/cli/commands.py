"""The main commands: crawl, add, index, retag, search, serve, lang and stats.

One thin function per subcommand, delegating to library code. Heavy modules are imported inside
the commands so that ``coi lang`` in a shell pipeline starts fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from coi.cli.options import EXIT_ERROR, common_options, facet_options, setup
from coi.errors import CoiError
from coi.models import SORTS, SearchRequest


@click.command()
@common_options
@click.option("--source", "source_ids", multiple=True, help="Crawl only this source (repeatable).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a TTY).")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Crawl processes sharing the crawl (hosts are still asked one request at a time).",
)
def crawl(
    config_path: Path | None,
    data_dir: Path | None,
    verbose: bool,
    source_ids: tuple[str, ...],
    progress: bool | None,
    workers: int,
) -> None:
    """Crawl the sources of the configuration into the document store (joining the crawl other
    `coi crawl` processes are running on the same store, if any)."""
    from coi.locks import shared
    from coi.store import open_store
    from crawler.crawl import run_crawl
    from crawler.worker_pool import run_workers

    config = setup(config_path, data_dir, verbose)
    unknown = [s for s in source_ids if config.source(s) is None]
    if unknown:
        raise click.BadParameter(f"no such source: {', '.join(unknown)}", param_hint="--source")
    show = sys.stderr.isatty() if progress is None else progress
    with shared(config.data_dir / "crawl.lock", "a restore (`coi restore`)"):
        if workers > 1:
            report = run_workers(config, workers, source_ids=source_ids or None)
        else:
            with open_store(config.data_dir, config.store.url) as store:
                report = run_crawl(config, store, source_ids=source_ids or None, progress=show)
    click.echo(report.format())
    if report.nothing_reached:
        raise CoiError(
            "no source could be reached: check the network connection and the sources' "
            "start URLs (see the reasons above)"
        )


@click.command()
@common_options
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option("--source", "source_id", required=True, help="Source the files belong to.")
@click.option("--url", help="Where the file is published (one file only); cited instead of file:.")
@click.option("--title", help="The document's title (one file only).")
@click.option("--publisher", help="Who published it, when not the source itself.")
@click.option("--author", help="Author(s), separated by ';'.")
@click.option("--published", help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")
def add(
    config_path: Path | None,
    data_dir: Path | None,
    verbose: bool,
    paths: tuple[Path, ...],
    source_id: str,
    **given: str | None,
) -> None:
    """Import local files and folders (HTML, PDF, text) as documents of a source; a
    coi-manifest.csv or .json beside them gives each file's url, title, publisher, author
    and published date."""
    from coi.store import open_store
    from crawler.import_metadata import ImportMetadata, ImportMetadataError
    from crawler.local_import import files_under, import_files

    config = setup(config_path, data_dir, verbose)
    if config.source(source_id) is None:
        raise click.BadParameter(f"no such source: {source_id}", param_hint="--source")
    if (given["url"] or given["title"]) and len(list(files_under(paths))) != 1:
        raise click.UsageError("--url and --title name one file: give one, or use a manifest")
    try:
        metadata = ImportMetadata(**given)
    except ImportMetadataError as exc:
        raise click.UsageError(str(exc)) from exc
    with open_store(config.data_dir, config.store.url) as store:
        store.sync_sources(config.sources)
        counts = import_files(config, store, paths, source_id=source_id, metadata=metadata)
    click.echo(", ".join(f"{n} {event}" for event, n in sorted(counts.items())) or "nothing")


@click.command()
@common_options
@click.option("--rebuild", is_flag=True, help="Start the index over from the store.")
@click.option("--optimize", is_flag=True, help="Then merge segments (searches keep working).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a TTY).")
@click.option(
    "--follow", is_flag=True, help="Keep applying the store's changes until SIGTERM or Ctrl-C."
)
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    default=1.0,
    show_default=True,
    help="With --follow: seconds between two looks at the store when nothing changed.",
)
def index(
    config_path: Path | None,
    data_dir: Path | None,
    verbose: bool,
    rebuild: bool,
    optimize: bool,
    progress: bool,
    follow: bool,
    interval: float,
) -> None:
    """Bring the search index up to date with the store (only what changed)."""
    from coi.store import open_store
    from indexer.build import optimize_index, update_index

    config = setup(config_path, data_dir, verbose)
    if follow:
        if rebuild or optimize:
            raise click.UsageError("--follow runs alone: run --rebuild or --optimize before it")
        from coi.cli.follow import run_follower

        run_follower(config, interval)
        return
    show = sys.stderr.isatty() if progress is None else progress
    with open_store(config.data_dir, config.store.url) as store:
        report = update_index(config, store, rebuild=rebuild, progress=show)
    click.echo(report.format())
    if optimize:
        click.echo(f"merged {optimize_index(config)} segments into one")


@click.command()
@common_options
def retag(config_path: Path | None, data_dir: Path | None, verbose: bool) -> None:
    """Recompute language, countries, topics and type of stored documents (no re-crawl)."""
    from coi.curation.retag import retag_all
    from coi.store import open_store

    config = setup(config_path, data_dir, verbose)
    with open_store(config.data_dir, config.store.url) as store:
        click.echo(retag_all(config, store).format())


@click.command()
@common_options
@click.argument("query", nargs=-1)
@facet_options
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

    config = setup(config_path, data_dir, verbose)
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
    from coi.cli.textout import format_result

    click.echo(format_result(result))


@click.command()
@common_options
@click.option("--host", help="Address to listen on (default from config).")
@click.option("--port", type=int, help="Port to listen on (default from config).")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Processes answering requests (default from config: web.workers).",
)
def serve(
    config_path: Path | None,
    data_dir: Path | None,
    verbose: bool,
    host: str | None,
    port: int,
    workers: int | None,
) -> None:
    """Serve the web interface and the JSON API."""
    from dataclasses import replace

    from web.workers import serve_configured

    config = setup(config_path, data_dir, verbose)
    web = replace(config.web, host=host or config.web.host, port=port or config.web.port)
    web = replace(web, workers=workers or web.workers)
    serve_configured(replace(config, web=web))


@click.command()
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


@click.command()
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(config_path: Path | None, data_dir: Path | None, verbose: bool, as_json: bool) -> None:
    """Documents by source and language, the last crawl and the index state."""
    from coi.cli.stats import collect_stats, format_stats

    config = setup(config_path, data_dir, verbose)
    figures = collect_stats(config)
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(format_stats(figures))


@click.command()
@common_options
@click.option("--repair", is_flag=True, help="Repair what can be: the index, blobs from --from.")
@click.option(
    "--from",
    "backup_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="A backup (`coi backup`) to copy missing or altered blobs back from.",
)
def check(
    config_path: Path | None,
    data_dir: Path | None,
    verbose: bool,
    repair: bool,
    backup_dir: Path | None,
) -> None:
    """Verify every blob's SHA-256, the store's integrity and the index against the store."""
    from coi.store import open_store
    from coi.store.check import CheckReport, check_archive, check_store
    from indexer.check import check_index

    config = setup(config_path, data_dir, verbose)
    report = CheckReport()
    with open_store(config.data_dir, config.store.url) as store:
        check_store(store, report)
        check_archive(store, report, backup=backup_dir if repair else None)
        check_index(config, store, report, repair=repair)
    click.echo(report.format())
    if report.unrepaired:
        sys.exit(EXIT_ERROR)


@click.command()
@common_options
@click.argument("target", type=click.Path(path_type=Path, file_okay=False))
def backup(config_path: Path | None, data_dir: Path | None, verbose: bool, target: Path) -> None:
    """Copy the store, the archive and the index into TARGET while coi keeps running."""
    from coi.store.backup import backup_store
    from indexer.backup import backup_index

    config = setup(config_path, data_dir, verbose)
    index_note = backup_index(config.index_dir, target / "index")  # first: never ahead
    click.echo(backup_store(config, target).format("backed up"))
    click.echo(index_note)


@click.command()
@common_options
@click.argument("source", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the store's contents.")
def restore(
    config_path: Path | None, data_dir: Path | None, verbose: bool, source: Path, yes: bool
) -> None:
    """Replace the store and the archive with a backup's, then put the index in order."""
    from coi.locks import exclusive
    from coi.store import open_store
    from coi.store.backup import restore_store
    from indexer.backup import restore_index

    config = setup(config_path, data_dir, verbose)
    if not yes:
        click.confirm(f"Replace the documents in {config.data_dir} with {source}'s?", abort=True)
    with exclusive(config.data_dir / "crawl.lock", "a crawl (`coi crawl`)"):
        click.echo(restore_store(config, source).format("restored"))
        with open_store(config.data_dir, config.store.url) as store:
            click.echo(restore_index(config, store, source / "index").format())
