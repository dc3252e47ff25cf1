"""A change to what the analyzers make of a text must come with a new analysis version."""

from __future__ import annotations

import json

from golden_terms import GOLDEN, current_terms

from indexer.analysis import ANALYSIS_VERSION


def test_analysis_output_changes_only_with_a_new_analysis_version() -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    terms = current_terms()
    if golden["analysis_version"] == ANALYSIS_VERSION:
        assert terms == golden["terms"], (
            "the analyzers' terms changed but ANALYSIS_VERSION did not: raise it in "
            "indexer/analysis.py (old indexes must be rebuilt), then record the new terms with "
            "`python tests/golden_terms.py`"
        )
    else:
        assert golden["analysis_version"] < ANALYSIS_VERSION, (
            "the golden terms are from a newer analysis"
        )
        raise AssertionError(
            f"ANALYSIS_VERSION is {ANALYSIS_VERSION} but the golden terms are of version "
            f"{golden['analysis_version']}: record them with `python tests/golden_terms.py`"
        )


def test_the_sample_exercises_every_analyzer() -> None:
    terms = current_terms()
    assert all(terms[lang] for lang in ("az", "ru", "en", "other", "names"))
