"""Make ``python -m coi`` behave like the ``coi`` command."""

from coi.cli import cli

if __name__ == "__main__":
    cli()
