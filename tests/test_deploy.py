"""The systemd units the deployment notes ship run commands and options coi has."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from coi.cli import cli

UNITS = Path(__file__).resolve().parent.parent / "docs" / "systemd"


def commands() -> list[tuple[str, list[str]]]:
    """Each unit's ``ExecStart`` commands, as the arguments given to ``coi``."""
    found = []
    for unit in sorted(UNITS.glob("*.service")):
        for line in unit.read_text().splitlines():
            if line.startswith("ExecStart="):
                program, *args = shlex.split(line.removeprefix("ExecStart=").lstrip("-"))
                assert program.endswith("/coi"), f"{unit.name} runs {program}"
                found.append((unit.name, args))
    return found


def test_every_service_runs_coi() -> None:
    assert {name for name, _ in commands()} == {p.name for p in UNITS.glob("*.service")}


@pytest.mark.parametrize(("unit", "args"), commands())
def test_the_command_and_its_options_exist(unit: str, args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0, f"{unit}: coi {' '.join(args)}: {result.output}"


def test_every_timer_starts_a_service_shipped_beside_it() -> None:
    for timer in UNITS.glob("*.timer"):
        assert timer.with_suffix(".service").exists(), timer.name
