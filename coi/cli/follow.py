"""``coi index --follow``: the follower's process, stopped by SIGTERM (systemd) or Ctrl-C."""

from __future__ import annotations

import signal
from types import FrameType

import click

from coi.config import Config


def run_follower(config: Config, interval: float) -> None:
    """Follow the store until SIGTERM or SIGINT, then print what was done (exit status 0).

    The signal handlers only set the follower's stop flag: the update under way commits what
    it has written before the loop ends.
    """
    from coi.store import open_store
    from indexer.build import read_state
    from indexer.follow import Stop, follow

    stop = Stop()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    click.echo(
        f"following the store from change {read_state(config.index_dir)} "
        f"(a look every {interval:g} s); SIGTERM or Ctrl-C stops",
    )
    report = follow(
        config, lambda: open_store(config.data_dir, config.store.url), stop, interval=interval
    )
    click.echo(report.format())
