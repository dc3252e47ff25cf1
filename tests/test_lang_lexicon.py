"""Query translation through the shipped bilingual lexicon: lemmas, units, az ↔ ru through
English, confidence, stop words, loanwords, and a data file the script rebuilds exactly."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from corpus import require_corpus

from coi.lang.lexicon import Lexicon, Translation, load, read_entries

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "coi" / "lang" / "data"


def terms(translations: list[Translation], language: str) -> list[str]:
    return [t.term for t in translations if t.language == language]


def test_an_inflected_russian_word_is_looked_up_by_its_lemma() -> None:
    translations = load().translate("беженцев")
    assert terms(translations, "en") == ["refugee"]
    assert "qaçqın" in terms(translations, "az")
    assert load().lemma("беженцев", "ru") == "беженец"


def test_an_inflected_azerbaijani_word_is_looked_up_by_its_stem() -> None:
    translations = load().translate("qaçqınların")
    assert terms(translations, "en") == ["refugee"]
    assert "беженец" in terms(translations, "ru")


def test_azerbaijani_in_cyrillic_is_read_as_azerbaijani() -> None:
    assert "тюрьма" in terms(load().translate("һәбсхана"), "ru")


def test_an_english_plural_finds_its_singular() -> None:
    translations = load().translate("refugees")
    assert "беженец" in terms(translations, "ru")
    assert "qaçqın" in terms(translations, "az")


def test_a_russian_case_form_prefers_the_common_lemma() -> None:
    # рака is the genitive of рак (cancer) before it is рака (a shrine).
    assert load().lemma("рака", "ru") == "рак"


def test_a_multiword_unit_is_kept_whole_however_it_is_written() -> None:
    for written in ("well known", "well-known", "Well-Known"):
        assert "общеизвестный" in terms(load().translate(written), "ru"), written
    assert load().translate("well") != load().translate("well known")


def test_azerbaijani_and_russian_meet_through_english() -> None:
    prison = load().translate("həbsxana")
    assert "тюрьма" in terms(prison, "ru")
    assert {t.via for t in prison if t.term == "тюрьма"} == {"prison"}
    elections = load().translate("seçkilər")
    assert terms(elections, "ru")[0] == "выборы"
    assert "seçki" in terms(load().translate("выборы"), "az")


def test_fewer_senses_give_more_confidence() -> None:
    # полиция has the one sense police; милиция has three, police among them.
    police = {t.term: t.confidence for t in load().translate("police")}
    assert police["полиция"] == 1.0
    assert police["полиция"] > police["милиция"]
    assert all(0 < t.confidence <= 1 for t in load().translate("attack"))


def test_agreement_with_a_curated_source_raises_confidence() -> None:
    plain = {t.term: t.confidence for t in load().translate("həbsxana")}

    def agrees(english: str, term: str, language: str) -> bool:
        return (english, term, language) == ("prison", "тюрьма", "ru")

    agreed = {t.term: t.confidence for t in load().translate("həbsxana", agrees=agrees)}
    assert agreed["тюрьма"] > plain["тюрьма"]
    assert terms(load().translate("həbsxana", agrees=agrees), "ru")[0] == "тюрьма"


def test_stop_words_are_never_translated() -> None:
    for word in ("where", "doing", "чтобы", "и", "sonra", "və"):
        assert load().translate(word) == [], word
    assert all(t.term not in ("his", "its", "him") for t in load().translate("его"))


def test_a_latin_word_english_knows_is_read_as_english() -> None:
    # son is an English word and an Azerbaijani one (last); an English query means the son.
    assert "сын" in terms(load().translate("son"), "ru")
    assert "последний" not in terms(load().translate("son"), "ru")


def test_an_english_stop_word_is_read_as_azerbaijani_only_in_an_azerbaijani_query() -> None:
    # The "on" of "referendum on the name" is no Azerbaijani "on", ten; in "on nəfər" it is.
    assert load().translate("on") == []
    assert "десять" in terms(load().translate("on", azerbaijani_query=True), "ru")
    # Among Azerbaijani words, "son" is read both ways ("son xəbərlər", the latest news).
    latest = load().translate("son", azerbaijani_query=True)
    assert "сын" in terms(latest, "ru")
    assert "recent" in terms(latest, "en")


def test_a_category_word_is_not_translated_as_the_names_glossed_by_it() -> None:
    # Wiktionary glosses США, Россия, Перу... as "country": an officer's country is none of them.
    country = load().translate("country")
    assert terms(country, "ru")[0] == "страна"
    assert not {"сша", "россия", "перу", "кнр"} & set(terms(country, "ru"))
    assert "ölkə" in terms(country, "az")
    assert "peru" not in terms(country, "az")
    assert "штат" in terms(load().translate("state"), "ru")


def test_an_azerbaijani_derived_word_is_read_through_its_base() -> None:
    cyclist = load().translate("velosipedçilər")  # cyclists: -çi on velosiped, bicycle
    assert terms(cyclist, "en") == ["bicycle"]
    assert "велосипед" in terms(cyclist, "ru")
    assert all(t.confidence <= 0.5 for t in cyclist)  # below a word the lexicon has itself
    assert "refugee" in terms(load().translate("qaçqınlıq"), "en")  # -lıq on qaçqın


def test_an_azerbaijani_loanword_meets_its_russian_source() -> None:
    farmer = load().translate("fermer")
    assert terms(farmer, "ru") == ["фермер"]
    assert "farmer" in terms(farmer, "en")
    assert all(t.confidence < 1 for t in farmer)


def test_russian_words_reach_azerbaijani_loanwords_the_collection_has() -> None:
    def present(term: str, language: str) -> bool:
        return language != "az" or term == "fermer"

    assert "fermer" in terms(load().translate("farmer", present=present), "az")
    assert "fermer" not in terms(load().translate("farmer"), "az")  # unchecked: not guessed


def test_translations_the_collection_lacks_are_left_out_before_the_best_are_chosen() -> None:
    everything = load().translate("attack", per_language=10)
    russian = terms(everything, "ru")
    kept = russian[1]

    def present(term: str, language: str) -> bool:
        return language != "ru" or term == kept

    assert terms(load().translate("attack", present=present), "ru") == [kept]


def test_a_small_lexicon_of_my_own() -> None:
    lexicon = Lexicon(
        [
            ("ru", "кот", ("cat",)),
            ("az", "pişik", ("cat",)),
            ("ru", "северо-запад", ("north-west",)),
        ]
    )
    assert [(t.term, t.language) for t in lexicon.translate("кошка")] == []
    assert [(t.term, t.language) for t in lexicon.translate("коты")] == [
        ("pişik", "az"),
        ("cat", "en"),
    ]
    assert terms(lexicon.translate("north west"), "ru") == ["северо-запад"]
    assert terms(lexicon.translate("Северо-Запад"), "en") == ["north-west"]


def test_the_shipped_file_names_its_licence_and_source() -> None:
    text = (ROOT / "coi" / "lang" / "data" / "lexicon.tsv").read_text("utf-8")
    header = "\n".join(line for line in text.splitlines()[:12] if line.startswith("#"))
    assert "CC BY-SA 3.0" in header
    assert "Wiktionary" in header
    assert "mikeizbicki/wiktionary_bli" in header
    entries = list(read_entries(text))
    cognates = list(read_entries((DATA / "lexicon-az-via-tr.tsv").read_text("utf-8")))
    assert len(entries) > 40_000
    assert len(load()) == len(
        {(lang, word.replace("-", " ")) for lang, word, _ in entries + cognates}
    )
    assert {language for language, _, _ in entries} == {"az", "ru"}


def test_the_script_rebuilds_the_shipped_file_exactly(tmp_path: Path) -> None:
    corpus = require_corpus() / "wiktionary-bli"
    out = tmp_path / "lexicon.tsv"
    script = ROOT / "scripts" / "build_lexicon.py"
    subprocess.run([sys.executable, str(script), str(corpus), "--out", str(out)], check=True)
    assert out.read_bytes() == (ROOT / "coi" / "lang" / "data" / "lexicon.tsv").read_bytes()


def test_an_azerbaijani_word_gains_the_modern_sense_of_its_turkish_cognate() -> None:
    # Wiktionary gives qəza only as fate, doom, providence; Turkish kaza is an accident.
    accident = {t.term: t.confidence for t in load().translate("qəzada") if t.language == "en"}
    assert "accident" in accident
    assert next(iter(accident)) == "fate"  # Wiktionary's own sense stays first
    assert accident["accident"] < accident["fate"]


def test_a_word_only_its_turkish_cognate_knows_is_translated_at_lower_confidence() -> None:
    wiktionary = (DATA / "lexicon.tsv").read_text("utf-8")
    assert "\tyolsuzluq\t" not in wiktionary
    corruption = load().translate("yolsuzluqla")  # yolsuzluq, Turkish yolsuzluk
    assert terms(corruption, "en") == ["corruption"]
    assert "коррупция" in terms(corruption, "ru")
    assert all(t.confidence <= 0.5 for t in corruption)


def test_a_false_friend_stays_behind_the_words_own_sense() -> None:
    # Turkish kalem is a pen, Azerbaijani kələm a cabbage.
    assert terms(load().translate("kələm"), "en")[0] == "cabbage"


def test_senses_both_sources_give_add_up() -> None:
    lexicon = Lexicon(
        [("az", "qəza", ("fate", "accident"))],
        [("az", "qəza", ("accident",)), ("az", "aşı", ("vaccine", "graft"))],
    )
    accident = {t.term: t.confidence for t in lexicon.translate("qəza")}
    assert list(accident) == ["accident", "fate"]
    assert sum(accident.values()) == pytest.approx(1.0)
    vaccine = {t.term: t.confidence for t in lexicon.translate("aşı")}
    assert vaccine["vaccine"] == pytest.approx(0.5 * 2 / 3)
    assert [t.term for t in lexicon.translate("vaccine")] == ["aşı"]


def test_a_turkish_word_is_spelled_the_azerbaijani_ways_the_word_list_has() -> None:
    spec = importlib.util.spec_from_file_location(
        "build_lexicon_via_turkish", ROOT / "scripts" / "build_lexicon_via_turkish.py"
    )
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    cognates = script.cognates
    known = frozenset({"qəza", "çox", "baxmaq", "xəstə", "kaza"})
    assert cognates("çok", known) == ["çox"]
    assert cognates("bakmak", known) == ["baxmaq"]
    assert cognates("hasta", known) == ["xəstə"]
    assert cognates("kaza", known) == ["kaza"]  # the fewest changed letters win
    assert cognates("kaza", known - {"kaza"}) == ["qəza"]
    assert cognates("kitap", known) == []


def test_the_cognate_file_names_its_licence_and_source() -> None:
    header = (DATA / "lexicon-az-via-tr.tsv").read_text("utf-8").split("\naz\t")[0]
    for needed in ("CC BY-SA 3.0", "Wiktionary", "mikeizbicki/wiktionary_bli", "tr-en.all"):
        assert needed in header, needed
    assert "aznlp-disc/stemmer" in header
    assert "lexicon-az-via-tr.tsv" in (DATA / "lexicon.LICENSE.txt").read_text("utf-8")


def test_the_script_rebuilds_the_cognate_file_exactly(tmp_path: Path) -> None:
    turkish = require_corpus() / "wiktionary-bli" / "tr-en.all"
    if not turkish.is_file():
        pytest.skip(f"the Turkish-English pairs are not at {turkish}")
    out = tmp_path / "lexicon-az-via-tr.tsv"
    script = ROOT / "scripts" / "build_lexicon_via_turkish.py"
    subprocess.run([sys.executable, str(script), str(turkish), "--out", str(out)], check=True)
    assert out.read_bytes() == (DATA / "lexicon-az-via-tr.tsv").read_bytes()
