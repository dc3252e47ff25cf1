"""Citations a judge or an officer can paste: a ready line, and RIS, BibTeX and CSL-JSON.

The line follows the common COI citation practice (author, publisher, title, date, URL, date
accessed), adds the archived copy's SHA-256 so anyone can check the text cited is the text
retrieved, coi's permalink to that copy, and a page when the passage is in a PDF. The exports
carry the same: authors, SHA-256, permalink, and topics and countries by their labels in the
reader's language (the caller gives the labels: this module knows no interface language).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from coi.export_safety import ris_value
from coi.models import Document, Source


def _slug(facet: str, value: str) -> str:
    return value


@dataclass(frozen=True, slots=True, kw_only=True)
class CitationContext:
    """What a citation needs from where it is made: coi's address and the reader's labels."""

    permalink: Callable[[str], str] | None = None
    """Document id -> the absolute URL of its coi page; None where there is no server."""
    label: Callable[[str, str], str] = field(default=_slug)
    """(facet, value) -> the label a reader reads (``topic``, ``detention`` -> "Detention")."""


PLAIN = CitationContext()
"""No permalink, slugs as labels (the command line without a server)."""


def _publisher(document: Document, source: Source | None) -> str:
    return document.latest.publisher or (source.name if source else document.source)


def _authors(document: Document) -> list[str]:
    return [name.strip() for name in (document.author or "").split(";") if name.strip()]


def _date_text(document: Document) -> str:
    """``15 August 2020``, ``August 2020`` or ``2020``: as much as the evidence gave."""
    published = document.published
    if published is None:
        return "undated"
    form = {"year": "%Y", "month": "%B %Y"}.get(document.published_precision, "%-d %B %Y")
    return published.strftime(form)


def citation_text(
    document: Document,
    source: Source | None,
    page: int | None = None,
    *,
    context: CitationContext = PLAIN,
) -> str:
    """``Author, Publisher: "Title", 2 May 2023, URL (accessed 1 January 2024; archived copy
    SHA-256 …, PERMALINK), p. 3``."""
    accessed = document.latest.retrieved.strftime("%-d %B %Y")
    by = ", ".join([*_authors(document), _publisher(document, source)])
    archived = f"archived copy SHA-256 {document.latest.sha256}"
    if context.permalink is not None:
        archived += f", {context.permalink(document.id)}"
    text = (
        f'{by}: "{document.title}", {_date_text(document)}, {document.url} '
        f"(accessed {accessed}; {archived})"
    )
    return f"{text}, p. {page}" if page else text


def _keywords(document: Document, context: CitationContext) -> list[str]:
    """Topic and country labels in the reader's language."""
    return [context.label("topic", topic) for topic in document.topics] + [
        context.label("country", country) for country in document.countries
    ]


def _kind(document: Document) -> str:
    return {"news": "NEWS", "legislation": "STAT", "court-decision": "CASE"}.get(
        document.doc_type, "RPRT"
    )


def _ris_date(document: Document) -> str:
    """RIS's ``YYYY/MM/DD/`` with the unknown parts left empty."""
    if document.published is None:
        return ""
    parts = document.published.isoformat().split("-")
    known = {"year": 1, "month": 2}.get(document.published_precision, 3)
    return "/".join(parts[:known] + [""] * (3 - known)) + "/"


def to_ris(
    documents: list[tuple[Document, Source | None]], *, context: CitationContext = PLAIN
) -> str:
    """RIS records (Zotero, EndNote, Citavi read them)."""
    records = []
    for document, source in documents:
        # every value on one line (ris_value): a newline would forge a record
        lines = [f"TY  - {_kind(document)}", f"TI  - {ris_value(document.title)}"]
        lines += [f"AU  - {ris_value(name)}" for name in _authors(document)]
        lines += [
            f"PB  - {ris_value(_publisher(document, source))}",
            f"UR  - {ris_value(document.url)}",
            f"Y2  - {document.latest.retrieved.date().isoformat()}",
            f"LA  - {ris_value(document.language)}",
            f"ID  - {document.id}",
            f"N1  - Archived copy SHA-256: {document.latest.sha256}",
        ]
        if context.permalink is not None:
            lines.append(f"L2  - {context.permalink(document.id)}")
        if document.published:
            lines.append(f"DA  - {_ris_date(document)}")
            lines.append(f"PY  - {document.published.year}")
        lines += [f"KW  - {ris_value(keyword)}" for keyword in _keywords(document, context)]
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


def to_bibtex(
    documents: list[tuple[Document, Source | None]], *, context: CitationContext = PLAIN
) -> str:
    """BibTeX ``@misc`` entries keyed by document id."""
    entries = []
    for document, source in documents:
        fields = {"title": _bibtex_escape(document.title)}
        if _authors(document):
            fields["author"] = " and ".join(
                "{" + _bibtex_escape(name) + "}" for name in _authors(document)
            )
        fields.update(
            publisher=_bibtex_escape(_publisher(document, source)),
            howpublished=f"\\url{{{_bibtex_url(document.url)}}}",
            urldate=document.latest.retrieved.date().isoformat(),
            language=_bibtex_escape(document.language),
        )
        note = f"Archived copy SHA-256: {document.latest.sha256}"
        if context.permalink is not None:
            note += f", \\url{{{_bibtex_url(context.permalink(document.id))}}}"
        fields["note"] = note
        if document.published:
            fields["date"] = document.published_label or ""
            fields["year"] = str(document.published.year)
        keywords = _keywords(document, context)
        if keywords:
            fields["keywords"] = _bibtex_escape(", ".join(keywords))
        body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields.items())
        entries.append(f"@misc{{coi-{document.id},\n{body}\n}}")
    return "\n\n".join(entries) + "\n"


def to_csl_json(
    documents: list[tuple[Document, Source | None]], *, context: CitationContext = PLAIN
) -> str:
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
            "note": f"Archived copy SHA-256: {document.latest.sha256}",
        }
        if _authors(document):
            item["author"] = [{"literal": name} for name in _authors(document)]
        if context.permalink is not None:
            item["archive"] = "coi"
            item["archive_location"] = context.permalink(document.id)
        if document.published:
            known = {"year": 1, "month": 2}.get(document.published_precision, 3)
            item["issued"] = {"date-parts": [list(document.published.timetuple()[:known])]}
        keywords = _keywords(document, context)
        if keywords:
            item["keyword"] = ", ".join(keywords)
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2)
