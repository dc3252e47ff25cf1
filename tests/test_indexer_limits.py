"""No query can stall search: expansions, terms and filter values are bounded, a query stops
at its time budget with the hits found so far, and searches never wait on each other."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from indexfixtures import fill, make_config

import indexer.limits
import indexer.search
from coi.errors import QueryError
from coi.models import SearchRequest
from coi.store import open_store
from indexer.build import update_index
from indexer.limits import EXPANSION_NOTICE, MAX_FILTER_VALUES, TERMS_NOTICE, TIME_NOTICE
from indexer.search import SearchEngine


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("data")
    config = make_config(data_dir, batch_size=1)  # one segment per document
    with open_store(data_dir) as store:
        fill(store)
        update_index(config, store)
    return config.index_dir


@pytest.fixture
def engine(index_dir: Path) -> Iterator[SearchEngine]:
    engine = SearchEngine(index_dir)
    yield engine
    engine.close()


def test_a_wildcard_stands_for_a_bounded_number_of_words_and_says_so(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = engine.search(SearchRequest(query="*e*", per_page=50))
    assert whole.total >= 3
    assert not whole.notices
    monkeypatch.setattr(indexer.limits, "MAX_EXPANSION", 1)
    cut = engine.search(SearchRequest(query="*e*", per_page=50))
    assert cut.notices == (EXPANSION_NOTICE.format(n=1),)
    assert 0 < cut.total < whole.total


@pytest.mark.parametrize("query", ["text:*", "refugees *", "[a TO z]", "title:[a TO я]"])
def test_match_everything_queries_answer(engine: SearchEngine, query: str) -> None:
    result = engine.search(SearchRequest(query=query, per_page=50))
    assert result.total > 0
    assert all(notice != TIME_NOTICE for notice in result.notices)


def test_a_query_with_too_many_terms_is_cut_to_its_first_words(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = "Hazara OR Statelessness OR Qaçqınlar"
    assert engine.search(SearchRequest(query=query, expand=False)).total == 3
    monkeypatch.setattr(indexer.limits, "MAX_TERMS", 9)  # a word is looked up in nine fields
    result = engine.search(SearchRequest(query=query, expand=False))
    assert result.notices == (TERMS_NOTICE,)
    assert [hit.title for hit in result.hits] == ["Afghan Hazara women <script>alert(1)</script>"]


def test_too_many_filter_values_are_refused(engine: SearchEngine) -> None:
    years = tuple(str(1000 + n) for n in range(MAX_FILTER_VALUES + 1))
    with pytest.raises(QueryError, match=f"at most {MAX_FILTER_VALUES} filter values"):
        engine.search(SearchRequest(filters={"year": years}))
    assert engine.search(SearchRequest(filters={"year": years[:-1]})).total == 0


def test_a_query_past_its_budget_returns_the_hits_found_so_far(index_dir: Path) -> None:
    engine = SearchEngine(index_dir, query_seconds=0.0)
    result = engine.search(SearchRequest(per_page=50, query="refugees OR hesabat OR women"))
    complete = SearchEngine(index_dir).search(SearchRequest(per_page=50, query=result.query))
    engine.close()
    assert result.notices[-1] == TIME_NOTICE
    assert 0 < result.total < complete.total  # the first segment's hits, not none
    assert {hit.id for hit in result.hits} < {hit.id for hit in complete.hits}


def test_a_slow_search_does_not_hold_up_the_others(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = indexer.search.bound_query
    other_done = threading.Event()
    waited: list[bool] = []

    def slow_for_one(query: object, reader: object, budget: object) -> object:
        if "stateless" in str(query):
            waited.append(other_done.wait(timeout=10))
        return real(query, reader, budget)  # type: ignore[arg-type]

    monkeypatch.setattr(indexer.search, "bound_query", slow_for_one)
    slow = threading.Thread(target=engine.search, args=(SearchRequest(query="Statelessness"),))
    slow.start()
    assert engine.search(SearchRequest(query="Hazara")).total == 1  # while the other waits
    other_done.set()
    slow.join(timeout=20)
    assert waited == [True]
