"""Duplicates: same text at two URLs, a lightly changed copy, and texts that must stay apart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus import ntrex_documents
from indexfixtures import save_page

from coi import duplicate_detection
from coi.curation import audit, duplicates
from coi.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path, store_url: str) -> Iterator[Store]:
    with open_store(tmp_path, store_url) as opened:
        yield opened


def articles(lang: str, count: int) -> list[str]:
    texts = [t for t in ntrex_documents(lang).values() if len(t.split()) > 200]
    return texts[:count]


def test_simhash_is_stable_and_tolerant_of_layout() -> None:
    text = " ".join(f"слово{n}" for n in range(300))
    assert duplicate_detection.simhash(text) == duplicate_detection.simhash(text)
    relaid = text.replace(" ", "\n", 40).upper()
    hamming, simhash = duplicate_detection.hamming, duplicate_detection.simhash
    assert hamming(simhash(text), simhash(relaid)) == 0


def test_same_text_at_two_urls_is_grouped_exactly(store: Store) -> None:
    (text,) = articles("ru", 1)
    first = save_page(store, "https://a.example/report", text)
    second = save_page(store, "https://b.example/mirror/report", text)
    group = duplicates.group_of(store, second)
    assert group is not None
    assert group.preferred == first
    assert [(m.document_id, m.method) for m in group.members] == [
        (first, "self"),
        (second, "exact"),
    ]


def test_republished_copy_with_small_edits_is_a_near_duplicate(store: Store) -> None:
    for n, text in enumerate(articles("en", 5)):
        original = save_page(store, f"https://a.example/news/{n}", text)
        edited = "Republished with permission.\n\n" + text.replace(" the ", " the\n", 5)
        copy = save_page(store, f"https://c.example/republished/{n}", edited, title="Report (copy)")
        group = duplicates.group_of(store, copy)
        assert group is not None
        assert group.preferred == original
        assert group.members[1].method == "near"


def test_different_articles_are_not_grouped(store: Store) -> None:
    for n, text in enumerate(articles("az", 12) + articles("ru", 12)):
        save_page(store, f"https://a.example/{n}", text, title=f"Article {n}")
    assert duplicates.list_groups(store) == []


def test_curator_split_is_remembered_and_merge_and_preferred_are_audited(store: Store) -> None:
    a, b = articles("ru", 2)
    first = save_page(store, "https://a.example/1", a)
    second = save_page(store, "https://b.example/1", a)
    save_page(store, "https://a.example/2", b)
    fourth = save_page(store, "https://b.example/2", b)
    duplicates.split(store, second, actor="leyla")
    assert duplicates.group_of(store, first) is None
    save_page(store, "https://b.example/1", a + "\n\nUpdated.")  # a re-crawl does not regroup it
    assert duplicates.group_of(store, second) is None
    group = duplicates.group_of(store, fourth)
    assert group is not None
    duplicates.set_preferred(store, group.id, fourth, actor="leyla")
    duplicates.confirm(store, group.id, actor="leyla")
    shown = duplicates.get_group(store, group.id)
    assert shown is not None
    assert shown.preferred == fourth
    assert shown.confirmed
    assert shown.members[0].document_id == fourth
    actions = [e.action for e in audit.entries(store, target_type="duplicates")]
    assert actions == ["duplicates.confirm", "duplicates.prefer", "duplicates.split"]


def test_merging_two_groups(store: Store) -> None:
    a, b = articles("en", 2)
    first = save_page(store, "https://a.example/1", a)
    save_page(store, "https://b.example/1", a)
    third = save_page(store, "https://a.example/2", b)
    save_page(store, "https://b.example/2", b)
    duplicates.merge(store, first, third, actor="leyla")
    merged = duplicates.get_group(store, first)
    assert merged is not None
    assert len(merged.members) == 4
    assert duplicates.get_group(store, third) is None
    with pytest.raises(duplicates.DuplicateError):
        duplicates.merge(store, first, first, actor="leyla")
