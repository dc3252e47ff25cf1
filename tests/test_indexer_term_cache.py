"""The analysis caches a build fills stay within their bound however large the vocabulary."""

from __future__ import annotations

import pytest

import indexer.analysis
from indexer.analysis import index_positions
from indexer.schema import build_schema


def test_a_vocabulary_larger_than_the_bound_leaves_every_table_within_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(indexer.analysis, "TERM_CACHE_SIZE", 40)
    monkeypatch.setattr(indexer.analysis, "_TERMS", {})
    schema = build_schema()
    words = [f"Qaçqın{chr(0x430 + n % 20)}{n}" for n in range(500)]
    text = " ".join(words)
    for name in ("text_az", "text_ru", "names", "az_folded", "stops"):
        positions = index_positions(schema[name].analyzer, text)
        assert positions is not None
    tables = indexer.analysis._TERMS
    assert set(tables) >= {"az", "ru", "name-key-index", "az-folded-index", "stops"}
    assert all(0 < len(table) <= 40 for table in tables.values())


def test_terms_are_the_same_whether_or_not_the_table_started_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    analyzer = build_schema()["text_ru"].analyzer
    text = " ".join(["беженцев пепла", *(f"слово{n}" for n in range(200)), "беженец"])
    expected = index_positions(analyzer, text)
    monkeypatch.setattr(indexer.analysis, "TERM_CACHE_SIZE", 7)
    monkeypatch.setattr(indexer.analysis, "_TERMS", {})
    assert index_positions(analyzer, text) == expected
    assert expected is not None
    assert expected["беженец"] == [0, 202]
