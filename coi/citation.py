"""Citations a judge or an officer can paste: a ready line, and RIS, BibTeX and CSL-JSON.

The line follows the common COI citation practice (publisher, title, date, URL, date
accessed), adds the archived copy's SHA-256 so anyone can check the text cited is the text
retrieved, and a page when the passage is in a PDF.
"""

from __future__ import annotations

import json
import re

from coi.export_safety import ris_value
from coi.models import Document, Source


def _publisher(document: Document, source: Source | None) -> str:
    return source.name if source else document.source


def citation_text(document: Document, source: Source | None, page: int | None = None) -> str:
    """``Publisher: "Title", 2 May 2023, URL (accessed 1 January 2024; SHA-256 …), p. 3``."""
    published = document.published.strftime("%-d %B %Y") if document.published else "undated"
    accessed = document.latest.retrieved.strftime("%-d %B %Y")
    text = (
        f'{_publisher(document, source)}: "{document.title}", {published}, {document.url} '
        f"(accessed {accessed}; archived copy SHA-256 {document.latest.sha256})"
    )
    return f"{text}, p. {page}" if page else text


def _kind(document: Document) -> str:
    return {"news": "NEWS", "legislation": "STAT", "court-decision": "CASE"}.get(
        document.doc_type, "RPRT"
    )


def to_ris(documents: list[tuple[Document, Source | None]]) -> str:
    """RIS records (Zotero, EndNote, Citavi read them)."""
    records = []
    for document, source in documents:
        lines = [  # every value on one line (ris_value): a newline would forge a record
            f"TY  - {_kind(document)}",
            f"TI  - {ris_value(document.title)}",
            f"PB  - {ris_value(_publisher(document, source))}",
            f"UR  - {ris_value(document.url)}",
            f"Y2  - {document.latest.retrieved.date().isoformat()}",
            f"LA  - {ris_value(document.language)}",
            f"ID  - {document.id}",
        ]
        if document.published:
            lines.append(f"DA  - {document.published.strftime('%Y/%m/%d')}")
            lines.append(f"PY  - {document.published.year}")
        lines += [f"KW  - {ris_value(topic)}" for topic in document.topics]
        lines.append("ER  - ")
        records.append("\n".join(lines))
    return "\n\n".join(records) + "\n"


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIALS = re.compile("|".join(re.escape(c) for c in _BIBTEX_SPECIAL))


def _bibtex_escape(value: str) -> str:
    """Text LaTeX prints as it is: a backslash cannot start a command (``\\input{…}``), a brace
    cannot close the field, and a line break cannot end it."""
    flat = " ".join(value.split())
    return _BIBTEX_SPECIALS.sub(lambda match: _BIBTEX_SPECIAL[match.group()], flat)


def _bibtex_url(url: str) -> str:
    """A URL safe inside ``\\url{…}``: braces, backslashes and spaces, which could close it or
    start a command, are percent-encoded (RFC 3986 allows none of them unencoded anyway)."""
    return "".join(
        f"%{ord(c):02X}" if c in "{}\\" or c.isspace() or not c.isprintable() else c for c in url
    )


def to_bibtex(documents: list[tuple[Document, Source | None]]) -> str:
    """BibTeX ``@misc`` entries keyed by document id."""
    entries = []
    for document, source in documents:
        fields = {
            "title": document.title,
            "publisher": _publisher(document, source),
            "howpublished": f"\\url{{{_bibtex_url(document.url)}}}",
            "urldate": document.latest.retrieved.date().isoformat(),
            "language": document.language,
        }
        if document.published:
            fields["date"] = document.published.isoformat()
            fields["year"] = str(document.published.year)
        body = ",\n".join(
            f"  {key} = {{{value if key == 'howpublished' else _bibtex_escape(value)}}}"
            for key, value in fields.items()
        )
        entries.append(f"@misc{{coi-{document.id},\n{body}\n}}")
    return "\n\n".join(entries) + "\n"


def to_csl_json(documents: list[tuple[Document, Source | None]]) -> str:
    """CSL-JSON items (the format of citeproc and Zotero)."""
    items = []
    for document, source in documents:
        item: dict[str, object] = {
            "id": document.id,
            "type": "article-newspaper" if document.doc_type == "news" else "report",
            "title": document.title,
            "publisher": _publisher(document, source),
            "URL": document.url,
            "language": document.language,
            "accessed": {"date-parts": [list(document.latest.retrieved.timetuple()[:3])]},
        }
        if document.published:
            item["issued"] = {"date-parts": [list(document.published.timetuple()[:3])]}
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2)
