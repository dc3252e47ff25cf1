"""Cities name their country: a story that names only Idlib or Belfast is about Syria or the UK."""

from __future__ import annotations

import pytest

from coi.taxonomy.gazetteer import city_names
from coi.taxonomy.tagging import tag


@pytest.mark.parametrize(
    ("title", "text", "language", "country"),
    [
        (
            "Shelling in Idlib",
            "Shelling hit Idlib again. Families fled Idlib overnight.",
            "en",
            "SYR",
        ),
        ("Обстрел Идлиба", "Обстрелы Идлиба продолжились. Семьи бежали из Идлиба.", "ru", "SYR"),
        ("İdlibdə atışma", "İdlibdə atışma davam edir. Ailələr İdlibdən qaçıb.", "az", "SYR"),
        (
            "Stabbing in Belfast",
            "Police in Belfast arrested a man. Belfast's mayor spoke.",
            "en",
            "GBR",
        ),
        ("Аресты в Казани", "В Казани задержали активистов. Суд Казани арестовал их.", "ru", "RUS"),
    ],
)
def test_a_story_naming_only_a_city_is_about_its_country(
    title: str, text: str, language: str, country: str
) -> None:
    assert tag(title, text, language).countries == (country,)


@pytest.mark.parametrize(
    ("text", "language", "countries"),
    [
        # Given names, not Charlotte (USA) or Jackson (USA); a brand, not Toyota (Japan).
        ("Princess Charlotte met Michael Jackson. Charlotte smiled. Toyota sold cars.", "en", ()),
        # A word whose stem is a city's: golf is not Golfe (Angola), day not Daye (China).
        ("Golf on a sunny day. Golf again the next day.", "en", ()),
        # Inflected Russian words that share a short city's stem: Китая is China, not Киты
        # (Japan); Мария is not Мары (Turkmenistan), Совет not Совето (South Africa).
        ("Это Совет. Мария сказала, что Китая там нет. Это Совет Мария.", "ru", ("CHN",)),
        # Russian adjectives that are also towns: Северный, Центральный.
        ("Северный ветер. Центральный парк. Северный берег.", "ru", ()),
    ],
)
def test_names_and_words_that_are_also_cities_name_no_country(
    text: str, language: str, countries: tuple[str, ...]
) -> None:
    assert tag("", text, language).countries_mentioned == countries


def test_a_city_name_shared_by_two_countries_names_neither() -> None:
    # Birmingham is in England and in Alabama; neither is small beside the other.
    assert "Birmingham" not in city_names()["GBR"]["en"]
    assert "Birmingham" not in city_names()["USA"]["en"]
    # London, Ontario is too small to take London from England.
    assert "Лондон" in city_names()["GBR"]["ru"]
