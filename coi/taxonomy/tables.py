"""Reading coi's data tables: tab-separated, ``#`` comments, a header line, ``|`` lists.

The thesaurus, the topics and the place names are files a librarian reads and extends; they
share one format so that one reader (and one set of rules for comments and lists) serves all.
"""

from __future__ import annotations

from pathlib import Path


def read_table(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data lines (line number, cells); comments and blank lines skipped."""
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
        else:
            rows.append((number, cells))
    return header or [], rows


def split_list(cell: str) -> tuple[str, ...]:
    """The items of a ``a | b | c`` cell, stripped, empty ones dropped."""
    return tuple(item.strip() for item in cell.split("|") if item.strip())
