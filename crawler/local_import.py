"""``coi add``: import local files (reports received by e-mail) like crawled documents.

Each file goes through the same extraction, enrichment, archive and versioning as a fetched
page. Its document id comes from its content hash (there is no URL to derive it from) and its
URL is a ``file:`` URL naming where it was imported from, so the citation still says where the
copy came from. Importing the same file twice stores nothing new.

When the librarian knows the file's real origin (``--url``, ``--title``, ``--publisher``,
``--author``, ``--published``, or a manifest beside the files: :mod:`crawler.import_metadata`),
that wins: the document gets the real URL (and the id a crawl of that URL would give), and its
citation names the real title, publisher, author and date.

One bad file costs the import that file: an unreadable file, a body coi does not read, or an
error nobody foresaw is logged with the file's path, counted as skipped with its reason, and the
next file is imported. Only errors of the store or the disk stop the import.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from coi.config import Config
from coi.database import DATABASE_ERRORS
from coi.errors import CoiError, StoreError
from coi.models import Fetched, Source
from coi.store import Store, document_id_for
from coi.taxonomy.enrich import enrich
from crawler.extract import extract
from crawler.import_metadata import MANIFEST_NAMES, ImportMetadata, apply, read_manifests

log = logging.getLogger("coi.crawler.import")
STORE_ERRORS: tuple[type[Exception], ...] = (StoreError, *DATABASE_ERRORS)
"""The store failing: no later file could be saved either, so the import stops."""
SUFFIX_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".md": "text/plain",
}


def files_under(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named, and every file below the folders named, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            yield path
        else:
            log.warning("skipped %s: no such file", path)


def import_files(
    config: Config,
    store: Store,
    paths: Iterable[Path],
    *,
    source_id: str,
    metadata: ImportMetadata | None = None,
) -> Counter[str]:
    """Import files as documents of ``source_id``; returns counts of new/unchanged/skipped.

    Args:
        config: the configuration (tagging thresholds, the source).
        store: where the documents go.
        paths: files and folders.
        source_id: the source they belong to.
        metadata: what the librarian said for every file; a manifest's row wins for its file.
    """
    source = config.source(source_id)
    counts: Counter[str] = Counter()
    files = list(files_under(paths))
    manifests = read_manifests(files)
    for path in files:
        if path.name in MANIFEST_NAMES:
            continue
        given = manifests.get(path.resolve(), ImportMetadata()).over(metadata or ImportMetadata())
        try:
            outcome = _import_file(config, store, path, source, source_id, given)
        except STORE_ERRORS:
            raise
        except CoiError as exc:
            outcome = f"skipped:{getattr(exc, 'reason', 'extract-failed')}"
            log.warning("%s %s", outcome, path)
        except OSError as exc:
            outcome = "skipped:unreadable-file"
            log.warning("%s %s: %s", outcome, path, exc)
        except Exception as exc:  # an error nobody foresaw costs this file, never the folder
            outcome = f"skipped:unexpected:{type(exc).__name__}"
            log.error("%s %s: %s", outcome, path, exc, exc_info=True)
        counts[outcome.split(":", 1)[0]] += 1
        if outcome.startswith("skipped:"):
            counts[outcome] += 1
    return counts


def _import_file(
    config: Config,
    store: Store,
    path: Path,
    source: Source | None,
    source_id: str,
    given: ImportMetadata,
) -> str:
    """Import one file; returns ``new``, ``changed`` or ``unchanged``."""
    body = path.read_bytes()
    content_type = SUFFIX_TYPES.get(path.suffix.lower()) or (
        mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    )
    fetched = Fetched(
        url=given.url or path.resolve().as_uri(),
        status=200,
        content_type=content_type,
        body=body,
        retrieved=datetime.now(UTC).replace(microsecond=0),
        headers={"content-type": content_type},
    )
    extracted = apply(extract(fetched), given)
    doc_id = document_id_for(given.url) if given.url else hashlib.sha256(body).hexdigest()[:16]
    return store.save_fetch(
        source=source_id,
        fetched=fetched,
        extracted=extracted,
        enrichment=enrich(extracted, url=fetched.url, source=source, options=config.taxonomy),
        document_id=doc_id,
    )
