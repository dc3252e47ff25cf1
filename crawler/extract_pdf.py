"""PDF: text page by page (offsets kept for citations), line breaks kept, title, date, author.

The publication date is a dateline at the top of the first page when there is one; the PDF's
own ``/CreationDate`` (else ``/ModDate``) only when there is none, and then labelled ``file``:
it is when the file was made or saved, which a re-export years later moves.

pypdf is pure Python and maintained. A scanned PDF without a text layer is refused with its
own reason (``pdf-no-text``) so librarians can find those that need OCR; an encrypted or broken
file is refused with ``pdf-unreadable``. pypdf raises errors of any type on a malformed file
(``AttributeError`` from a number where a dictionary belongs, ``RecursionError`` from a cyclic
page tree...): a page whose text cannot be read is left empty, and a file nothing can be read
from is ``pdf-unreadable``, never a crash.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import date

from pypdf import DocumentInformation, PageObject, PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from coi.clock import utc_now
from coi.errors import ExtractError
from coi.models import Extracted
from crawler.authors import SEPARATOR, clean_names
from crawler.dates import FoundDate, dateline, pdf_file_date

log = logging.getLogger("coi.crawler.extract")
logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every odd font


class PdfExtractError(ExtractError):
    """The PDF cannot give text; ``reason`` says why."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def extract_pdf(body: bytes, url: str, *, today: date | None = None) -> Extracted:
    """Extract a PDF's text with the offset where each page starts.

    Args:
        body: the file's bytes.
        url: where it came from.
        today: a date after it is refused as a publication date (default: today, UTC).
    """
    try:
        reader = PdfReader(io.BytesIO(body))
        if reader.is_encrypted:
            raise PdfExtractError("pdf-encrypted", f"{url}: the PDF is encrypted")
        texts = [_page_text(page, url, number) for number, page in enumerate(reader.pages, 1)]
        info = _metadata(reader, url)
    except PdfExtractError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise PdfExtractError("pdf-unreadable", f"{url}: {exc}") from exc
    except Exception as exc:  # pypdf on a malformed file raises errors of any type
        raise PdfExtractError("pdf-unreadable", f"{url}: {type(exc).__name__}: {exc}") from exc
    if not any(t.strip() for t in texts):
        raise PdfExtractError("pdf-no-text", f"{url}: no text layer (a scan?)")
    text, pages = _join_pages(texts)
    title = (info.title if info else None) or _first_line(text) or url.rsplit("/", 1)[-1]
    found = _date(texts[0], info, today or utc_now().date())
    authors = clean_names(str(info.author).split(";")) if info and info.author else []
    return Extracted(
        title=" ".join(str(title).split()),
        text=text,
        published=found.value if found else None,
        published_from=found.source if found else None,
        published_precision=found.precision if found else "day",
        author=SEPARATOR.join(authors) or None,
        pages=pages,
    )


def _date(first_page: str, info: DocumentInformation | None, today: date) -> FoundDate | None:
    """A dateline on the first page, else the file's own date (labelled so)."""
    found = dateline(first_page.strip(), today)
    if found is None and info is not None:
        found = pdf_file_date(info.get("/CreationDate"), today) or pdf_file_date(
            info.get("/ModDate"), today
        )
    return found


def _page_text(page: PageObject, url: str, number: int) -> str:
    """One page's text; empty when pypdf fails on this page, so the other pages still count."""
    try:
        return page.extract_text() or ""
    except Exception as exc:  # pypdf on a malformed page raises errors of any type
        log.warning("page %d of %s unreadable (%s: %s)", number, url, type(exc).__name__, exc)
        return ""


def _metadata(reader: PdfReader, url: str) -> DocumentInformation | None:
    """The PDF's information dictionary; None when it is missing or malformed."""
    try:
        info = reader.metadata
        if info is not None:
            _ = (info.title, info.author, info.get("/CreationDate"))  # fail here, not later
        return info
    except Exception as exc:  # a malformed information dictionary raises errors of any type
        log.warning("metadata of %s unreadable (%s: %s)", url, type(exc).__name__, exc)
        return None


def _join_pages(texts: list[str]) -> tuple[str, tuple[int, ...]]:
    """Pages joined by blank lines; hyphenated line ends are joined back into words."""
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for raw in texts:
        page = re.sub(r"(\w)-\n(\w)", r"\1\2", raw).strip()
        starts.append(offset)
        parts.append(page)
        offset += len(page) + 2
    return "\n\n".join(parts), tuple(starts)


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if len(line.strip()) > 3:
            return line.strip()[:200]
    return None
