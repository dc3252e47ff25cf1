"""Text made safe for the files coi exports: CSV cells, RIS fields and XML text.

A title or a curator's note is text from the web or from a person, and each export format has
a way to turn such text into something else:

- a CSV cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a live
  formula in Excel and LibreOffice (``=HYPERLINK(…)``, ``+cmd|…``): OWASP's rule is to prefix
  it with a single quote, which spreadsheets show as text;
- a RIS field is one line, so a newline in a title would start a forged record: line breaks and
  other control characters become spaces;
- XML 1.0 forbids most control characters, and one in one title makes a whole Atom feed
  invalid: they are removed.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")


def csv_cell(value: str) -> str:
    """``value`` as a CSV cell no spreadsheet evaluates."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def csv_row(values: Iterable[str]) -> list[str]:
    """Every cell of a row made safe with :func:`csv_cell`."""
    return [csv_cell(value) for value in values]


def ris_value(value: str) -> str:
    """``value`` on one line, so it stays inside its RIS field."""
    return " ".join(_CONTROL.sub(" ", value).split())


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 does not allow."""
    return _NOT_XML.sub("", value)


class SafeCsvWriter:
    """A ``csv.writer`` whose every cell goes through :func:`csv_cell`."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out)

    def writerow(self, values: Iterable[str]) -> None:
        """Write one row of safe cells."""
        self._writer.writerow(csv_row(values))
