"""What a librarian knows about an imported file: its real address, title, publisher, author
and date (``coi add --url … --published …``, or a manifest beside the files) (issue 18).

A report received by e-mail has an origin a judge should cite, not ``file:///home/…``. The
manifest is a CSV or JSON file named ``coi-manifest.csv`` or ``coi-manifest.json`` in a folder
given to ``coi add``; each row names a file (relative to the manifest) and any of ``url``,
``title``, ``publisher``, ``author``, ``published``. A bad row is logged and skipped; its file
is still imported with what the file itself says.
"""

from __future__ import annotations

import csv
import json
import logging
import re
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path

from coi.errors import CoiError
from coi.models import Extracted

log = logging.getLogger("coi.crawler.import")
MANIFEST_NAMES = ("coi-manifest.csv", "coi-manifest.json")
"""Files of these names are read as manifests, never imported as documents."""
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class ImportMetadataError(CoiError):
    """A value given for an imported file cannot be used (a date that is not one, a URL that
    is not http(s))."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportMetadata:
    """What is known about an imported file beyond its bytes; None: the file's own value."""

    url: str | None = None
    """Where the document is published; becomes its URL and its id (like a crawled page's)."""
    title: str | None = None
    publisher: str | None = None
    """Who published it, when not the source itself (a report a ministry forwarded)."""
    author: str | None = None
    """Author(s), ``;``-separated."""
    published: str | None = None
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

    def __post_init__(self) -> None:
        if self.url is not None and not re.match(r"^https?://\S+$", self.url):
            raise ImportMetadataError(f"url {self.url!r} is not an http(s) address")
        if self.published is not None:
            parse_published(self.published)

    def over(self, defaults: ImportMetadata) -> ImportMetadata:
        """These values, with ``defaults`` where these have none."""
        given = {f.name: getattr(self, f.name) for f in fields(self)}
        return replace(defaults, **{k: v for k, v in given.items() if v is not None})


def parse_published(value: str) -> tuple[date, str]:
    """``2020`` -> (2020-01-01, ``year``); ``2020-08`` -> month; ``2020-08-15`` -> day.

    Raises:
        ImportMetadataError: not a date of one of these forms.
    """
    match = _PARTIAL_DATE.match(value.strip())
    if match is None:
        raise ImportMetadataError(f"published {value!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        parsed = date(year or 0, month or 1, day or 1)
    except ValueError as exc:
        raise ImportMetadataError(f"published {value!r} is not a date ({exc})") from exc
    return parsed, "day" if day else "month" if month else "year"


def apply(extracted: Extracted, metadata: ImportMetadata) -> Extracted:
    """The extracted file with what the librarian said winning over what the file says."""
    out = replace(
        extracted,
        title=" ".join(metadata.title.split()) if metadata.title else extracted.title,
        author=metadata.author.strip() if metadata.author else extracted.author,
        publisher=metadata.publisher.strip() if metadata.publisher else extracted.publisher,
    )
    if metadata.published:
        value, precision = parse_published(metadata.published)
        out = replace(out, published=value, published_precision=precision, published_from="import")
    return out


def read_manifests(files: list[Path]) -> dict[Path, ImportMetadata]:
    """Every manifest among ``files``: resolved file path -> what its row says."""
    found: dict[Path, ImportMetadata] = {}
    for manifest in (f for f in files if f.name in MANIFEST_NAMES):
        try:
            rows = _rows(manifest)
        except (OSError, ValueError, csv.Error) as exc:
            log.warning("skipped manifest %s: %s", manifest, exc)
            continue
        for number, row in enumerate(rows, start=1):
            name = str(row.get("file") or "").strip()
            if not name:
                log.warning("skipped row %d of %s: no file named", number, manifest)
                continue
            try:
                found[(manifest.parent / name).resolve()] = _metadata(row)
            except ImportMetadataError as exc:
                log.warning("skipped row %d of %s (%s): %s", number, manifest, name, exc)
    return found


def _rows(manifest: Path) -> list[dict[str, object]]:
    text = manifest.read_text(encoding="utf-8-sig")
    if manifest.suffix == ".csv":
        return list(csv.DictReader(text.splitlines()))
    data = json.loads(text)
    if isinstance(data, dict):  # {"report.pdf": {...}, ...}
        data = [{"file": name, **value} for name, value in data.items() if isinstance(value, dict)]
    if not isinstance(data, list):
        raise ValueError("a JSON manifest is a list of objects or an object of objects")
    return [row for row in data if isinstance(row, dict)]


def _metadata(row: dict[str, object]) -> ImportMetadata:
    def value(key: str) -> str | None:
        raw = row.get(key)
        text = str(raw).strip() if raw is not None else ""
        return text or None

    return ImportMetadata(
        url=value("url"),
        title=value("title"),
        publisher=value("publisher"),
        author=value("author"),
        published=value("published"),
    )
