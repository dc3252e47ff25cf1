"""Azerbaijani typed in Cyrillic (older texts, Russian keyboards) is read as Azerbaijani too:
``гачгынлар`` finds the refugee reports in every language, as ``qaçqınlar`` does; an ordinary
Russian word is never read as Azerbaijani."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from indexfixtures import DOCS, fill, make_config

from coi.cli import cli
from coi.lang.lexicon import load as load_lexicon
from coi.lang.reading import word_languages
from coi.store import open_store
from coi.taxonomy.thesaurus import load as load_thesaurus
from indexer.build import update_index


@pytest.fixture(scope="module")
def config_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reading")
    data_dir = folder / "data"
    with open_store(data_dir) as store:
        fill(store, DOCS)
        update_index(make_config(data_dir), store)
    path = folder / "config.toml"
    path.write_text(f'data_dir = "{data_dir.as_posix()}"\n', encoding="utf-8")
    return path


def search(config_path: Path, query: str) -> dict:
    result = CliRunner().invoke(cli, ["search", query, "--json", "--config", str(config_path)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def urls(found: dict) -> set[str]:
    return {hit["url"].rsplit("/", 1)[-1] for hit in found["hits"]}


@pytest.mark.parametrize("query", ["гачгынлар", "гачгын"])
def test_cyrillic_azerbaijani_finds_what_its_latin_spelling_finds(
    config_path: Path, query: str
) -> None:
    latin = search(config_path, "qaçqınlar")
    cyrillic = search(config_path, query)
    assert {"az-refugees", "ru-refugees", "en-women"} <= urls(cyrillic)
    assert urls(cyrillic) == urls(latin)
    assert {"refugee", "беженец"} <= set(cyrillic["expanded"])


def test_an_ordinary_russian_word_gains_no_azerbaijani_reading(config_path: Path) -> None:
    found = search(config_path, "закон")
    assert not any(hit["language"] == "az" for hit in found["hits"])
    assert all(word_languages(w) == ("ru",) for w in ("закон", "беженцы", "суд", "город", "мир"))


@pytest.mark.parametrize(
    ("word", "concept"),
    [("гачгынлар", "refugee"), ("торпаг", "land"), ("һәбсханада", "prison")],
)
def test_the_thesaurus_reads_cyrillic_azerbaijani(word: str, concept: str) -> None:
    found = load_thesaurus().concepts_of(word)
    assert concept in found


@pytest.mark.parametrize(
    "word", ["закон", "суд", "тюрьма", "город", "хлеб", "дом", "война", "мир", "пытки", "сечка"]
)
def test_no_russian_word_is_translated_as_if_it_were_azerbaijani(word: str) -> None:
    """A Russian word read through Azerbaijani would give its sound-alike's meaning (закон as
    *zak*); the lexicon only translates it as Russian: never into Russian itself."""
    assert word_languages(word) == ("ru",)
    assert not [t for t in load_lexicon().translate(word) if t.language == "ru"]


def test_the_lexicon_translates_cyrillic_azerbaijani() -> None:
    terms = {(t.language, t.term) for t in load_lexicon().translate("гадын")}
    assert ("ru", "женщина") in terms
    assert ("en", "woman") in terms
