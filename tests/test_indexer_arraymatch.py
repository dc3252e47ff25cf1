"""Array matching gives Whoosh's own matches and scores, on every kind of query a user can type."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from indexfixtures import DOCS, fill, make_config, save_doc
from whoosh import index as whoosh_index
from whoosh.searching import Searcher

import indexer.engine.arraymatch
from coi.lang import analyze
from coi.store import open_store
from indexer.build import optimize_index, update_index
from indexer.engine.arraymatch import ArrayMatcher
from indexer.engine.phrasememory import ENTRY_BYTES, PhraseMemory
from indexer.engine.postings import IDS_EXT, ArrayCodec, PostingArrays
from indexer.query import parse_query
from indexer.schema import build_schema

QUERIES = [
    "refugees",
    "беженцев",
    "qaçqınların",
    "Aliyev",
    "Hazara women",
    "women OR беженцев",
    "refugees detention",
    '"Hazara women"',
    '"women refugees"~3',
    "refug*",
    "title:hesabat",
    "text:women",
    "women NOT detention",
    "NOT women",
    "(women OR refugees) AND Afghanistan",
    "women^3 refugees",
    "country:AZE",
    "language:ru",
    "nosuchword",
    "women where",
    '"women in Afghanistan"',
]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Searcher]:
    data_dir = tmp_path_factory.mktemp("data")
    config = make_config(data_dir, batch_size=2)  # several segments
    with open_store(data_dir) as store:
        fill(store)
        update_index(config, store)
        for doc in DOCS[:2]:  # replaced: the old versions stay in their segments, deleted
            save_doc(store, doc, text=doc.text + " Hazara women refugees.", day=20)
        update_index(config, store)
    ix = whoosh_index.open_dir(config.index_dir)
    with ix.searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1
        assert searcher.reader().has_deletions()
        yield searcher
    ix.close()


def segment_arrays(searcher: Searcher) -> list[PostingArrays | None]:
    return [PostingArrays.open(sub.reader()) for sub, _ in searcher.leaf_searchers()]


def assert_matches_whooshs(searcher: Searcher, text: str, expand: bool = True) -> None:
    query = parse_query(text, searcher.schema, expand=expand).query
    expected = {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}
    matches = ArrayMatcher(searcher).match(query)
    got = dict(zip(matches.docnums.tolist(), matches.scores.tolist(), strict=True))
    assert got.keys() == expected.keys()
    for docnum, score in expected.items():
        assert got[docnum] == pytest.approx(score, rel=1e-12)
    assert list(matches.docnums) == sorted(got)
    # Matched as a clause, the query is read in all segments at once: the very same floats.
    clause = ArrayMatcher(searcher).match_clauses([query])
    assert clause.docnums.tolist() == matches.docnums.tolist()
    assert clause.scores.tolist() == matches.scores.tolist()
    assert clause.per_clause[0].tolist() == matches.docnums.tolist()


@pytest.mark.parametrize("expand", [True, False])
@pytest.mark.parametrize("text", QUERIES)
def test_matches_and_scores_are_whooshs(searcher: Searcher, text: str, expand: bool) -> None:
    assert_matches_whooshs(searcher, text, expand)


def test_every_segment_coi_writes_has_posting_arrays(searcher: Searcher) -> None:
    assert all(arrays is not None for arrays in segment_arrays(searcher))


@pytest.mark.parametrize("text", QUERIES)
def test_segments_without_posting_arrays_match_the_same(
    searcher: Searcher, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An index written before the arrays existed: every term read from Whoosh's blocks.
    monkeypatch.setattr(PostingArrays, "open", classmethod(lambda cls, reader: None))
    assert_matches_whooshs(searcher, text)


@pytest.mark.parametrize("text", QUERIES)
def test_unions_sorted_instead_of_counted_match_the_same(
    searcher: Searcher, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fixture's segments are small, so its unions are counted per document; a big segment
    # sorts the few postings of a rare word instead.
    monkeypatch.setattr(indexer.engine.arraymatch, "DENSE_SHARE", 0)
    assert_matches_whooshs(searcher, text)


def test_a_merged_segment_gets_posting_arrays_too(tmp_path: Path) -> None:
    config = make_config(tmp_path, batch_size=2)
    with open_store(tmp_path) as store:
        fill(store)
        update_index(config, store)
    optimize_index(config)
    ix = whoosh_index.open_dir(config.index_dir)
    with ix.searcher() as merged:
        assert len(merged.leaf_searchers()) == 1
        assert segment_arrays(merged) != [None]
        for text in ("refugees", "беженцев", "women NOT detention"):
            assert_matches_whooshs(merged, text)
    ix.close()


@pytest.fixture(scope="module")
def long_postings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Searcher]:
    """One segment whose words have postings over many blocks (Whoosh writes 128 a block)."""
    folder = tmp_path_factory.mktemp("long")
    ix = whoosh_index.create_in(folder, build_schema())
    orders = ["alpha beta gamma", "beta alpha gamma", "alpha delta beta", "gamma alpha", "beta"]
    with ix.writer(codec=ArrayCodec()) as writer:
        for n in range(700):
            writer.add_document(id=str(n), text_en=f"{orders[n % 7 % 5]} report {n}")
    with ix.writer() as writer:
        writer.delete_by_term("id", "0")  # the first "alpha beta": deleted
    with ix.searcher() as searcher:
        yield searcher
    ix.close()


@pytest.mark.parametrize(
    "text",
    ['"alpha beta"', '"alpha beta"~2', '"beta alpha"', '"alpha beta gamma"', '"alpha gamma"~3'],
)
def test_phrases_over_many_blocks_match_whooshs(long_postings: Searcher, text: str) -> None:
    query = parse_query(text, long_postings.schema).query
    assert len(ArrayMatcher(long_postings).match(query).docnums) > 0
    assert_matches_whooshs(long_postings, text)


def test_posting_arrays_cut_short_are_not_trusted(tmp_path: Path) -> None:
    ix = whoosh_index.create_in(tmp_path, build_schema())
    with ix.writer(codec=ArrayCodec(), compound=False) as writer:  # the arrays as files
        writer.add_document(id="a", text_en="refugees in camps", title_en="camps")
        writer.add_document(id="b", text_en="refugees return home", title_en="return")
    segment_id = ix._segments()[0].segment_id()
    with ix.searcher() as searcher:
        assert segment_arrays(searcher) != [None]
    with (tmp_path / f"{segment_id}{IDS_EXT}").open("r+b") as ids:
        ids.truncate(ids.seek(0, 2) - 2)  # a write cut short
    with ix.searcher() as searcher:
        assert segment_arrays(searcher) == [None]
        assert_matches_whooshs(searcher, "refugees")
        assert (
            len(ArrayMatcher(searcher).match(parse_query("refugees", ix.schema).query).docnums) == 2
        )
    ix.close()


def test_andnot_excludes_every_document_with_the_word(searcher: Searcher) -> None:
    # Whoosh's own ANDNOT lets some through when the excluded word is searched in many fields
    # (its preloading union skips ahead wrongly); the array matcher does not.
    query = parse_query("Aliyev ANDNOT refugees", searcher.schema).query
    aliyev = set(searcher.docs_for_query(parse_query("Aliyev", searcher.schema).query))
    excluded = set(searcher.docs_for_query(parse_query("refugees", searcher.schema).query))
    got = set(ArrayMatcher(searcher).match(query).docnums.tolist())
    assert got == aliyev - excluded
    assert got


def test_matching_word_by_word_gives_the_and_for_documents_with_every_word(
    searcher: Searcher,
) -> None:
    parsed = parse_query("Hazara women refugees detention", searcher.schema)
    matcher = ArrayMatcher(searcher)
    every = matcher.match(parsed.query)
    words = matcher.match_clauses(list(parsed.clauses))
    complete = words.counts == len(parsed.clauses)
    assert words.docnums[complete].tolist() == every.docnums.tolist()
    assert words.scores[complete] == pytest.approx(every.scores, rel=1e-12)
    assert (words.counts[~complete] < len(parsed.clauses)).all()
    for clause, found in zip(parsed.clauses, words.per_clause, strict=True):
        assert found.tolist() == matcher.match(clause).docnums.tolist()


@pytest.mark.parametrize("text", ['"alpha beta"', '"alpha gamma"~3', '"beta alpha"'])
def test_a_phrase_searched_again_is_answered_the_same(long_postings: Searcher, text: str) -> None:
    # The second time, which documents have the phrase comes from the segment's memory.
    matcher = ArrayMatcher(long_postings)
    query = parse_query(text, long_postings.schema).query
    first = matcher.match(query)
    again = matcher.match(query)
    assert again.docnums.tolist() == first.docnums.tolist()
    assert again.scores.tolist() == first.scores.tolist()
    assert_matches_whooshs(long_postings, text)


def test_phrase_memory_forgets_the_oldest_within_its_budget() -> None:
    memory = PhraseMemory(budget=3 * (ENTRY_BYTES + 400))
    for n in range(5):
        memory.put(n, np.arange(100) + n)  # 100 int32: 400 bytes each
    assert [memory.get(n) is not None for n in range(5)] == [False, False, True, True, True]
    newest = memory.get(4)
    assert newest is not None
    assert newest.tolist() == list(range(4, 104))
    memory.put("huge", np.arange(10_000))  # larger than the whole budget: not kept
    assert memory.get("huge") is None
    assert memory.get(4) is not None


@pytest.mark.parametrize(
    ("field", "word"),
    [("text_en", "women"), ("text_en", "refugees"), ("text_ru", "беженцев"), ("text_en", "zzz")],
)
def test_document_counts_are_whooshs(searcher: Searcher, field: str, word: str) -> None:
    term = next(iter(analyze(word, field[-2:])), word)
    matcher = ArrayMatcher(searcher)
    expected = searcher.doc_frequency(field, term)
    assert matcher.doc_frequency(field, term) == expected
    assert matcher.doc_frequency(field, term) == expected  # remembered: the same
    assert (expected > 0) == (word != "zzz")
    assert matcher.doc_frequency("no_such_field", term) == 0
