"""The trilingual thesaurus: complete, unambiguous, and finding inflected forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from coi.taxonomy.thesaurus import ThesaurusError, country_concepts, load, read_concepts


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


def test_countries_have_their_long_names_as_documents_write_them() -> None:
    # CLDR names one form; ISO's names and translations add the long ones, in reading order.
    countries = {c.id: c.terms for c in country_concepts()}
    assert "Democratic Republic of the Congo" in countries["country-COD"]["en"]
    assert "Демократическая Республика Конго" in countries["country-COD"]["ru"]
    assert "Republic of Korea" in countries["country-KOR"]["en"]
    assert "Объединённые Арабские Эмираты" in countries["country-ARE"]["ru"]
    assert "Boliviya Çoxmillətli Dövləti" in countries["country-BOL"]["az"]
    names = [name for terms in countries.values() for lang in terms.values() for name in lang]
    assert not [name for name in names if name.startswith(("Korea, ", "Корея, "))]
    # Congo alone is the Republic's ISO name, and documents write it for either Congo.
    assert "Congo" not in countries["country-COG"]["en"]
    assert "Конго" not in countries["country-COG"]["ru"]
