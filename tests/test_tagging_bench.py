"""The tagging gate: judged country and topic tags on real documents, against committed floors.

The judgements live in ``bench/tagging/labels.toml`` and the floors in
``bench/tagging/floors.json``; ``python bench/tagging.py`` prints the figures (``--show-errors``
lists what the tagger got wrong) and ``--update-floors`` raises them. Lowering one is a visible
edit of that file.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pycountry
from corpus import require_corpus

from coi.models import SOURCE_KINDS
from coi.taxonomy.topics import all_topics

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import agreement
import tagging


def test_the_labelled_set_is_large_valid_and_covers_the_three_languages() -> None:
    entries = tagging.load_labels()
    languages = [language for entry in entries for language in entry["languages"]]
    assert len(languages) >= 60
    assert {"az", "ru", "en"} <= set(languages) <= set(tagging.LANGUAGES)
    slugs = {topic.slug for topic in all_topics()}
    ids = [entry["id"] for entry in entries]
    assert len(ids) == len(set(ids)), "an item is labelled twice"
    for entry in entries:
        assert set(entry["topics"]) <= slugs, entry["id"]
        for code in entry["countries"]:
            assert pycountry.countries.get(alpha_3=code), f"{entry['id']}: {code}"
        assert entry["why"].strip(), f"{entry['id']} has no note saying what it is about"
        assert len(entry["languages"]) == len(set(entry["languages"])), entry["id"]


def test_every_label_resolves_to_a_real_corpus_document() -> None:
    require_corpus()
    documents = tagging.documents()
    assert len(documents) == sum(len(e["languages"]) for e in tagging.load_labels())
    for document in documents:
        assert document.title.strip(), document.id
        assert len(document.text.split()) >= 20, document.id


def test_tagging_stays_above_the_floors() -> None:
    require_corpus()
    result = tagging.run()
    assert tagging.FLOORS.exists()
    assert tagging.below_floors(result) == []


def test_the_second_judgement_covers_judged_articles_with_valid_tags() -> None:
    # bench/agreement.py compares it with labels.toml: every article must be judged there too.
    first = {entry["id"] for entry in tagging.load_labels()}
    second = tomllib.loads(agreement.SECOND_JUDGE.read_text("utf-8"))["document"]
    slugs = {topic.slug for topic in all_topics()}
    assert len(second) == len({entry["id"] for entry in second}) == 40
    for entry in second:
        assert entry["id"] in first, entry["id"]
        assert set(entry["topics"]) <= slugs, entry["id"]
        for code in entry["countries"]:
            assert pycountry.countries.get(alpha_3=code), f"{entry['id']}: {code}"


def test_the_coi_like_set_is_valid_and_kept_in_the_repository() -> None:
    # It needs no corpus: its documents are files of bench/tagging/coi/.
    entries = tagging.load_labels(tagging.COI_LABELS)
    slugs = {topic.slug for topic in all_topics()}
    assert len({entry["id"] for entry in entries}) == len(entries)
    for entry in entries:
        assert set(entry["topics"]) <= slugs, entry["id"]
        for code in entry["countries"]:
            assert pycountry.countries.get(alpha_3=code), f"{entry['id']}: {code}"
        assert entry["why"].strip(), entry["id"]
        kind, _, country = entry.get("source", "government:AZE").partition(":")
        assert kind in SOURCE_KINDS, entry["id"]
        assert pycountry.countries.get(alpha_3=country), entry["id"]
    documents = tagging.documents(tagging.COI_LABELS)
    assert {"az", "ru", "en"} <= {document.language for document in documents}
    assert {document.split for document in documents} == {"dev", "held-out"}
    for document in documents:
        assert document.title.strip(), document.id
        assert len(document.text.split()) >= 60, document.id
    official = {d.id: d.source_country for d in documents if d.source_country}
    assert official["az/coi:sms-statistics-2019"] == "AZE"


def test_tagging_of_coi_like_documents_stays_above_its_floors() -> None:
    result = tagging.run(tagging.COI_LABELS)
    floors = tagging.json.loads(tagging.FLOORS.read_text())
    assert {"coi/countries", "coi/topics", "coi/countries/az", "coi/topics/ru"} <= set(floors)
    assert tagging.below_floors(result) == []
