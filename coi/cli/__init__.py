"""The ``coi`` command line, the top floor: the one place that composes crawler, indexer and web.

The group is assembled here from the main commands (:mod:`coi.cli.commands`) and the librarians'
desk (:mod:`coi.cli.desk`); neither module knows the group, so they import nothing of each other.
"""

from __future__ import annotations

import click

from coi.cli import commands, desk, research
from coi.cli.options import CoiGroup


@click.group(cls=CoiGroup)
@click.version_option(package_name="coi")
def cli() -> None:
    """coi: search country-of-origin information in Russian, Azerbaijani and English."""


for command in (
    commands.crawl,
    commands.add,
    commands.index,
    commands.retag,
    commands.search,
    commands.serve,
    commands.lang,
    commands.stats,
    commands.check,
    commands.backup,
    commands.restore,
    desk.user,
    desk.doc,
    desk.collection,
    desk.source,
    desk.audit_log,
    research.cite_check,
    research.question,
):
    cli.add_command(command)
