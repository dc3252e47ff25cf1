"""A research question's answer as an officer hands it on: Markdown, DOCX (and, on the web,
printable HTML from the same :class:`Answer`).

COI methodology wants every statement referenced and every source consulted listed, so the
answer carries each passage with a footnote citing the exact version it was read in (publisher,
author, title, date, URL, date accessed, archived copy's SHA-256, coi permalink, page), the list
of sources with their descriptions, the search log as "sources consulted" (searches that found
nothing relevant included) and a standard disclaimer. The words around them come in
:class:`Labels`, so the web passes them in the reader's language; this module knows none.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from docx import Document as new_docx

from coi.citation import PLAIN, CitationContext, citation_text
from coi.clock import utc_now
from coi.curation.research import LoggedSearch, Passage, Question
from coi.models import Document, Source
from coi.store import Store


@dataclass(frozen=True, slots=True, kw_only=True)
class Labels:
    """The fixed words of an answer (English here; the web gives its translations)."""

    description: str = "Question"
    countries: str = "Countries"
    topics: str = "Topics"
    no_heading: str = "Other passages"
    translation: str = "Translation"
    note: str = "Note"
    footnotes: str = "Notes"
    sources: str = "Sources"
    consulted: str = "Sources consulted"
    nothing_relevant: str = "nothing relevant found"
    hits: str = "%(hits)d documents"
    filters: str = "filters"
    expanded: str = "also searched"
    exported: str = "Exported %(date)s"
    disclaimer_heading: str = "Disclaimer"
    disclaimer: str = (
        "This response was prepared within time constraints, from publicly available "
        "information found through the searches listed. It is not, and does not purport to "
        "be, conclusive as to the merit of any particular claim to refugee status or asylum. "
        "Every passage is quoted from the archived copy cited in its note."
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CitedPassage:
    """A passage and the number of its footnote."""

    passage: Passage
    footnote: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Answer:
    """Everything an export shows, in order."""

    question: Question
    sections: tuple[tuple[str, tuple[CitedPassage, ...]], ...]
    footnotes: tuple[str, ...]
    """Footnote ``n`` is ``footnotes[n - 1]``: the citation of the passage's version."""
    sources: tuple[tuple[str, str], ...]
    """(citation of the document as last read, the publisher's description) per document."""
    consulted: tuple[LoggedSearch, ...]
    exported: datetime


def build(
    store: Store,
    question: Question,
    source_of: Callable[[str], Source | None],
    *,
    context: CitationContext = PLAIN,
) -> Answer:
    """The answer to ``question``: each passage cited by the version it was read in (which
    stays in the archive when the page changes or goes), sources listed once each."""
    footnotes: list[str] = []
    documents: dict[str, tuple[Document, Source | None]] = {}
    sections = []
    for heading, passages in question.headings():
        cited = []
        for passage in passages:
            document = store.document(passage.document_id)
            if document is None:  # documents are never deleted; still, say what is known
                footnotes.append(f"{passage.document_id}, archived copy SHA-256 {passage.sha256}")
            else:
                source = source_of(document.source)
                read = _as_read(store, document, passage)
                footnotes.append(citation_text(read, source, passage.page, context=context))
                documents.setdefault(document.id, (read, source))
            cited.append(CitedPassage(passage=passage, footnote=len(footnotes)))
        sections.append((heading, tuple(cited)))
    sources = tuple(
        (citation_text(document, source, context=context), source.description if source else "")
        for document, source in documents.values()
    )
    return Answer(
        question=question,
        sections=tuple(sections),
        footnotes=tuple(footnotes),
        sources=sources,
        consulted=question.searches,
        exported=utc_now(),
    )


def _as_read(store: Store, document: Document, passage: Passage) -> Document:
    """The document with the version the passage was read in as its ``latest``."""
    for version in store.versions(document.id):
        if version.id == passage.version_id:
            return replace(document, latest=version)
    return document


def search_line(search: LoggedSearch, labels: Labels) -> str:
    """``2024-01-05 10:30 UTC — "returnees" (country: AZE; 3 documents; also searched: …)``."""
    details = []
    if search.filters:
        shown = "; ".join(f"{name}: {', '.join(values)}" for name, values in search.filters.items())
        details.append(f"{labels.filters}: {shown}")
    details.append(labels.hits % {"hits": search.hits})
    if search.expanded:
        details.append(f"{labels.expanded}: {', '.join(search.expanded)}")
    if search.nothing_relevant:
        details.append(labels.nothing_relevant)
    return f'{search.time:%Y-%m-%d %H:%M} UTC — "{search.query}" ({"; ".join(details)})'


def to_markdown(answer: Answer, labels: Labels = Labels()) -> str:
    """The answer in Markdown with ``[^n]`` footnotes."""
    question = answer.question
    lines = [f"# {question.title}", ""]
    if question.description:
        lines += [f"**{labels.description}:** {question.description}", ""]
    if question.countries:
        lines += [f"**{labels.countries}:** {', '.join(question.countries)}", ""]
    if question.topics:
        lines += [f"**{labels.topics}:** {', '.join(question.topics)}", ""]
    lines += [f"*{labels.exported % {'date': f'{answer.exported:%Y-%m-%d %H:%M} UTC'}}*", ""]
    for heading, passages in answer.sections:
        lines += [f"## {heading or labels.no_heading}", ""]
        for cited in passages:
            passage = cited.passage
            quote = "\n> ".join(passage.quote.splitlines())
            lines += [f"> {quote}[^{cited.footnote}]", ""]
            if passage.translation:
                lines += [f"*{labels.translation}:* {passage.translation}", ""]
            if passage.note:
                lines += [f"*{labels.note}:* {passage.note}", ""]
    lines += [f"## {labels.sources}", ""]
    lines += [_source_item(citation, description) for citation, description in answer.sources]
    lines += ["", f"## {labels.consulted}", ""]
    lines += [f"- {search_line(search, labels)}" for search in answer.consulted]
    lines += ["", f"## {labels.disclaimer_heading}", "", labels.disclaimer, ""]
    lines += [f"[^{n}]: {text}" for n, text in enumerate(answer.footnotes, start=1)]
    return "\n".join(lines) + "\n"


def _source_item(citation: str, description: str) -> str:
    return f"- {citation}" + (f" — {description}" if description else "")


def to_docx(answer: Answer, labels: Labels = Labels()) -> bytes:
    """The answer as a Word document: quotes with superscript note numbers, the notes, the
    sources, the sources consulted and the disclaimer."""
    question = answer.question
    doc = new_docx()
    doc.core_properties.title = question.title
    doc.add_heading(question.title, level=0)
    for label, value in (
        (labels.description, question.description),
        (labels.countries, ", ".join(question.countries)),
        (labels.topics, ", ".join(question.topics)),
    ):
        if value:
            paragraph = doc.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
    doc.add_paragraph(labels.exported % {"date": f"{answer.exported:%Y-%m-%d %H:%M} UTC"})
    for heading, passages in answer.sections:
        doc.add_heading(heading or labels.no_heading, level=1)
        for cited in passages:
            passage = cited.passage
            quote = doc.add_paragraph(style="Quote")
            quote.add_run(passage.quote)
            quote.add_run(str(cited.footnote)).font.superscript = True
            if passage.translation:
                paragraph = doc.add_paragraph()
                paragraph.add_run(f"{labels.translation}: ").italic = True
                paragraph.add_run(passage.translation)
            if passage.note:
                paragraph = doc.add_paragraph()
                paragraph.add_run(f"{labels.note}: ").italic = True
                paragraph.add_run(passage.note)
    doc.add_heading(labels.footnotes, level=1)
    for number, text in enumerate(answer.footnotes, start=1):
        paragraph = doc.add_paragraph()
        paragraph.add_run(str(number)).font.superscript = True
        paragraph.add_run(f" {text}")
    doc.add_heading(labels.sources, level=1)
    for citation, description in answer.sources:
        doc.add_paragraph(_source_item(citation, description)[2:], style="List Bullet")
    doc.add_heading(labels.consulted, level=1)
    for search in answer.consulted:
        doc.add_paragraph(search_line(search, labels), style="List Bullet")
    doc.add_heading(labels.disclaimer_heading, level=1)
    doc.add_paragraph(labels.disclaimer)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
