"""PDF: text page by page (offsets kept for citations), the PDF's own title and date.

pypdf is pure Python and maintained. A scanned PDF without a text layer is refused with its
own reason (``pdf-no-text``) so librarians can find those that need OCR; an encrypted or broken
file is refused with ``pdf-unreadable``.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import date

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from coi.errors import ExtractError
from coi.models import Extracted

_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})(\d{2})")
logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every odd font


class PdfExtractError(ExtractError):
    """The PDF cannot give text; ``reason`` says why."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def extract_pdf(body: bytes, url: str) -> Extracted:
    """Extract a PDF's text with the offset where each page starts."""
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
    return Extracted(
        title=" ".join(str(title).split()),
        text=text,
        published=_pdf_date(info.get("/CreationDate") if info else None),
        author=str(info.author) if info and info.author else None,
        pages=pages,
    )


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


def _pdf_date(value: object) -> date | None:
    match = _PDF_DATE.match(str(value or ""))
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
