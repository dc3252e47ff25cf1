"""The trilingual thesaurus: complete, unambiguous, and finding inflected forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from coi.thesaurus import ThesaurusError, load, read_concepts


def test_every_concept_has_all_three_languages_and_no_term_is_claimed_twice() -> None:
    thesaurus = load()
    assert len(thesaurus.concepts) >= 300
    for concept in thesaurus.concepts.values():
        assert all(concept.terms.get(lang) for lang in ("en", "ru", "az")), concept.id
    assert thesaurus.duplicates() == {}


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("беженцев", {"refugee", "qaçqın"}),
        ("qaçqınların", {"refugee", "беженец"}),
        ("Афганистане", {"Afghanistan", "Əfqanıstan"}),
        ("prisons", {"тюрьма", "həbsxana"}),
        ("asylum seeker", {"sığınacaq axtaran"}),
    ],
)
def test_inflected_words_find_their_concept(word: str, expected: set[str]) -> None:
    assert expected <= {e.term for e in load().expand(word)}


def test_a_concept_missing_a_language_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "thesaurus.tsv"
    bad.write_text("id\ten\tru\taz\nrefugee\trefugee\tбеженец\t\n", encoding="utf-8")
    with pytest.raises(ThesaurusError, match=":2: every concept needs"):
        read_concepts(bad)
