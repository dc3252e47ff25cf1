"""What every subcommand shares: ``--config``/``--data-dir``/``--verbose``, set-up, error codes."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from coi.config import Config, load_config
from coi.diskfull import disk_full_message, no_space_error
from coi.errors import CoiError, ConfigError
from indexer.facets import ALIASES, EXCLUDE_PREFIX, FACETS

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


def setup(config_path: Path | None, data_dir: Path | None, verbose: bool) -> Config:
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


def facet_options(command: F) -> F:
    """One repeatable option per facet of the registry, and its ``--not-`` exclusion.

    ``--country AFG --not-source x`` arrive as ``country`` and ``not_source``, the names the
    API's filters use, so the command line can ask exactly what the search page can.
    """
    for facet in reversed(FACETS):
        flags = [f"--{facet.name.replace('_', '-')}"]
        flags += [f"--{alias}" for alias, name in ALIASES.items() if name == facet.name]
        for excluded in (True, False):
            prefix = EXCLUDE_PREFIX.replace("_", "-") if excluded else ""
            verb = "Leave out" if excluded else "Keep only"
            command = click.option(
                *(f"--{prefix}{flag[2:]}" for flag in flags),
                EXCLUDE_PREFIX + facet.name if excluded else facet.name,
                multiple=True,
                help=f"{verb} this {facet.label.lower()}: {facet.values_help} (repeatable).",
            )(command)
    return command
