"""Stemming and index terms in az, ru and en: families that must meet, words that must not."""

from __future__ import annotations

import pytest

from coi.lang import analyze, stem, stopwords
from coi.lang.inflect import russian_forms
from coi.lang.stem_az import stem_az, suffixed

AZ_FAMILIES = [
    ["qaçqın", "qaçqınlar", "qaçqına", "qaçqınların", "qaçqının", "qaçqınlarla", "qaçqındır"],
    ["qanun", "qanunun", "qanuna", "qanunu", "qanunlar", "qanunda"],
    ["məhkəmə", "məhkəməyə", "məhkəməsi", "məhkəmələrdə", "məhkəmənin"],
    ["uşaq", "uşağı", "uşaqlar", "uşağın"],
    ["ürək", "ürəyi", "ürəyə"],
    ["kənd", "kəndə", "kəndlər", "kəndin"],
    ["polis", "polisi", "polisə", "polisdə"],
    ["hüquq", "hüququ", "hüquqları", "hüquqlarının"],
    ["ölkə", "ölkəmizdə", "ölkələrdən", "ölkənin"],
    ["azadlıq", "azadlığı", "azadlığın"],
    ["bakı", "bakıda", "bakının", "bakıdakı"],
    ["əliyev", "əliyevin", "əliyevə", "əliyevlə"],
    ["əfqanıstan", "əfqanıstandan", "əfqanıstanın"],
    # Names the lexicon does not know, bare and inflected.
    ["iran", "iranda", "irandan", "iranın", "irana"],
    ["qarabağ", "qarabağda", "qarabağın", "qarabağa"],
    ["oman", "omanda", "omanın"],
    ["bruney", "bruneydə", "bruneyin"],
]
AZ_APART = [("qan", "qanun"), ("bal", "bala"), ("azad", "azadlıq"), ("qanun", "qanunsuz")]

RU_FAMILIES = [
    ["беженец", "беженцев", "беженца", "беженцам", "беженцы"],
    ["отец", "отца", "отцом"],
    ["ребенок", "ребёнок", "ребенка"],
    ["пытка", "пыток", "пытки"],
    ["палец", "пальца"],
    ["иран", "ирана", "иране"],
    ["афганистан", "афганистане", "афганистана", "афганистаном"],
    ["азербайджан", "азербайджана", "азербайджане"],
    ["задержан", "задержана", "задержанный", "задержанные"],
    ["правозащитник", "правозащитника", "правозащитники"],
    ["мир", "мира", "миром"],
]
RU_APART = [("мир", "мирный"), ("суд", "судно"), ("стан", "стакан")]

EN_FAMILIES = [["refugee", "refugees"], ["arrest", "arrested", "arrests"], ["torture", "tortured"]]


@pytest.mark.parametrize("family", AZ_FAMILIES, ids=lambda f: f[0])
def test_az_families_conflate(family: list[str]) -> None:
    assert len({stem(word, "az") for word in family}) == 1


@pytest.mark.parametrize(("one", "other"), AZ_APART)
def test_az_unrelated_words_stay_apart(one: str, other: str) -> None:
    assert stem(one, "az") != stem(other, "az")


def test_az_cyrillic_reaches_the_latin_stem() -> None:
    assert stem("гачгынларын", "az") == stem("qaçqın", "az") == "qaçqın"
    assert stem("ГАЧГЫНЛАР", "az") == "qaçqın"


def test_az_uppercase_dotless_i() -> None:
    assert stem("QAÇQINLARIN", "az") == "qaçqın"


@pytest.mark.parametrize("family", RU_FAMILIES, ids=lambda f: f[0])
def test_ru_families_conflate(family: list[str]) -> None:
    assert len({stem(word, "ru") for word in family}) == 1


@pytest.mark.parametrize(("one", "other"), RU_APART)
def test_ru_unrelated_words_stay_apart(one: str, other: str) -> None:
    assert stem(one, "ru") != stem(other, "ru")


@pytest.mark.parametrize("family", EN_FAMILIES, ids=lambda f: f[0])
def test_en_families_conflate(family: list[str]) -> None:
    assert len({stem(word, "en") for word in family}) == 1


def test_other_languages_are_only_folded() -> None:
    assert stem("Flüchtlinge", "de") == "flüchtlinge"


def test_short_words_are_kept() -> None:
    assert stem_az("qan") == "qan"


def test_analyze_country_names_in_inflected_text() -> None:
    assert analyze("в Афганистане", "ru") == analyze("Афганистан", "ru")
    assert analyze("Əfqanıstandan qaçqınlar", "az")[0] == analyze("Əfqanıstan", "az")[0]
    assert analyze("Afghanistan's refugees", "en") == ["afghanistan", "refuge"]


def test_analyze_drops_stopwords() -> None:
    assert analyze("qaçqınlar və məhkəmə", "az") == ["qaçqın", "məhkəmə"]
    assert analyze("и в беженцы", "ru") == ["беженец"]
    assert analyze("the refugees", "en") == ["refuge"]


def test_stopword_lists() -> None:
    assert {"və", "ilə", "üçün", "bu"} <= stopwords("az")
    assert not {"ay", "az", "zaman", "xan", "il"} & stopwords("az")  # content words in COI
    assert {"и", "в", "не"} <= stopwords("ru")
    assert {"the", "and"} <= stopwords("en")
    assert stopwords("de") == frozenset()


def test_russian_names_have_their_case_forms_and_no_others() -> None:
    # What the tagger matches Russian names on, where Snowball's stems fail them.
    assert {"киев", "киева", "киеве", "киеву", "киевом"} <= russian_forms("киев")
    assert "нигера" not in russian_forms("нигерия")
    assert "нигерии" not in russian_forms("нигер")
    assert {"горбачев", "горбачева"} <= russian_forms("горбачёв")
    assert russian_forms("бисау") == {"бисау"}


def test_a_suffix_is_appended_in_the_words_vowel_harmony() -> None:
    # What the tagger uses to find the stems of a name's inflected forms.
    assert [suffixed("iran", "dA"), suffixed("gəncə", "nIn"), suffixed("bakı", "dAkI")] == [
        "iranda",
        "gəncənin",
        "bakıdakı",
    ]
