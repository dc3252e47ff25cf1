"""PDF: text page by page (offsets kept for citations), line breaks kept, title, date, author.

The publication date is a dateline at the top of the first page when there is one; the PDF's
own ``/CreationDate`` (else ``/ModDate``) only when there is none, and then labelled ``file``:
it is when the file was made or saved, which a re-export years later moves.

pypdf is pure Python and maintained. A scanned PDF without a text layer is refused with its
own reason (``pdf-no-text``) so librarians can find those that need OCR; an encrypted or broken
file is refused with ``pdf-unreadable``.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import date

from pypdf import DocumentInformation, PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from coi.clock import utc_now
from coi.errors import ExtractError
from coi.models import Extracted
from crawler.authors import SEPARATOR, clean_names
from crawler.dates import FoundDate, dateline, pdf_file_date

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
        texts = [(page.extract_text() or "") for page in reader.pages]
        info = reader.metadata
    except PdfExtractError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise PdfExtractError("pdf-unreadable", f"{url}: {exc}") from exc
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
