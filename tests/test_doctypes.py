"""Document types as a judge filters on them: what the publisher declares beats the wording."""

from __future__ import annotations

import pytest

from coi.taxonomy.doctypes import classify_doc_type


@pytest.mark.parametrize(
    ("title", "url", "expected"),
    [
        ("Annual report 2023", "", "report"),
        ("Пресс-релиз: визит омбудсмена", "", "press-release"),
        ("Qaçqınlar haqqında Qanun", "", "legislation"),
        ("Anything", "https://example.org/news/2024/1", "news"),
        ("Anything", "", "other"),
    ],
)
def test_document_types(title: str, url: str, expected: str) -> None:
    assert classify_doc_type(title, "short text", url) == expected


@pytest.mark.parametrize(
    ("title", "url", "page_type", "source_type", "expected"),
    [
        # The source's declaration beats the title's loose wording ...
        ("Parliament adopts law on NGOs", "https://news.example/2024/5", None, "news", "news"),
        ("Report: ten detained", "https://news.example/2024/6", None, "news", "news"),
        # ... but not the section the publisher filed the page in ...
        ("Law on NGOs", "https://news.example/legislation/ngo", None, "news", "legislation"),
        # ... and the page's own metadata beats both.
        ("Anything", "https://news.example/news/1", "legislation", "news", "legislation"),
        ("Anything", "https://ngo.example/x", None, "report", "report"),
        ("Anything", "https://ngo.example/x", "made-up", "made-up", "other"),
    ],
)
def test_declared_types_and_their_precedence(
    title: str, url: str, page_type: str | None, source_type: str | None, expected: str
) -> None:
    assert (
        classify_doc_type(title, "short text", url, page_type=page_type, source_type=source_type)
        == expected
    )
