"""A document's type (report, news, legislation ...) from what the publisher declares and
what the page looks like."""

from __future__ import annotations

import re

from coi.models import DOC_TYPES

_URL_TYPES = (
    (re.compile(r"/(press|press-releases?|pressreleases?)/"), "press-release"),
    (re.compile(r"/(news|novosti|xeberler|xəbərlər|articles?)/"), "news"),
    (re.compile(r"/(laws?|legislation|zakon|qanun)/"), "legislation"),
    (re.compile(r"/(judgments?|decisions?|case-law|court)/"), "court-decision"),
    (re.compile(r"/(statistics?|statistika)/"), "statistics"),
    (re.compile(r"/(reports?|doklady?|hesabat)/"), "report"),
)
_TITLE_TYPES = (
    (re.compile(r"press release|пресс-релиз|mətbuat açıqlaması", re.I), "press-release"),
    (re.compile(r"query response|ответ на запрос|sorğuya cavab", re.I), "query-response"),
    (re.compile(r"\b(law|act|decree)\b|закон|указ|qanun|fərman", re.I), "legislation"),
    (
        re.compile(r"judgment|decision of the court|решение суда|постановление|qərar", re.I),
        "court-decision",
    ),
    (re.compile(r"guidelines?|policy|руководство|rəhbər", re.I), "policy-guideline"),
    (re.compile(r"statistics|статистика|statistika", re.I), "statistics"),
    (re.compile(r"\breport\b|доклад|отчет|отчёт|hesabat|məruzə", re.I), "report"),
)


def classify_doc_type(
    title: str,
    text: str,
    url: str = "",
    *,
    page_type: str | None = None,
    source_type: str | None = None,
) -> str:
    """The document type, from the most specific evidence to the weakest.

    1. ``page_type``, what the page's own metadata declares (schema.org ``Legislation``...):
       the publisher speaking about this very page.
    2. The URL's section (``/press-releases/``, ``/legislation/``): the publisher filed the page
       there, so a law on a news agency's site is legislation, not news.
    3. ``source_type``, the source's declaration in the configuration: right for most pages
       of a source (a news agency's are news), so it beats the title's wording, which news
       headlines use loosely ("Report: ...", "Parliament adopts law on NGOs").
    4. The title's wording, then length (a long text is a report), else ``other``.

    A declaration that is not one of :data:`DOC_TYPES` is ignored.
    """
    if page_type is not None and page_type in DOC_TYPES:
        return page_type
    path = url.lower()
    for pattern, kind in _URL_TYPES:
        if pattern.search(path):
            return kind
    if source_type is not None and source_type in DOC_TYPES:
        return source_type
    for pattern, kind in _TITLE_TYPES:
        if pattern.search(title):
            return kind
    if len(text.split()) > 3000:
        return "report"
    return "other"
