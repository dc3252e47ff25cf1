"""The values postings repeat are shared, equal to Whoosh's own, in tables that stay bounded."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_indexer_fast_postings import _contents, _index
from whoosh.formats import Positions
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

import indexer.engine.shared
from indexer.engine.shared import frequency_value, positions_value, term_bytes, weight
from indexer.engine.storage import CoiWriter


def test_repeated_values_are_one_object_equal_to_whooshs_encoding() -> None:
    assert term_bytes("qaçqın") == "qaçqın".encode()
    assert term_bytes("qaçqın") is term_bytes("".join(["qaç", "qın"]))
    assert weight(2.0) is weight(float("2"))
    assert positions_value([17]) == Positions().encode([17])
    assert positions_value([17]) is positions_value([17])
    assert positions_value([3, 9, 40]) == Positions().encode([3, 9, 40])
    assert frequency_value(2) == pack_uint(2)  # what ``Frequency.word_values`` gives
    assert frequency_value(2) is frequency_value(len([1, 5]))


def test_the_tables_stay_bounded_however_many_values_come(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(indexer.engine.shared, "LIMIT", 50)
    for number in range(1_000):
        assert term_bytes(f"w{number}") == f"w{number}".encode()
        assert weight(number * 0.5) == number * 0.5
        assert positions_value([number]) == Positions().encode([number])
        assert frequency_value(number) == pack_uint(number)
    tables = ("_TERMS", "_WEIGHTS", "_ONE_POSITION", "_COUNTS")
    assert all(len(getattr(indexer.engine.shared, name)) <= 50 for name in tables)


def test_tables_starting_over_mid_build_leave_the_index_as_whooshs_loop_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexer.engine.shared, "LIMIT", 20)
    theirs = _index(tmp_path / "whoosh", SegmentWriter)
    ours = _index(tmp_path / "coi", CoiWriter)
    with theirs.reader() as their_reader, ours.reader() as our_reader:
        assert _contents(our_reader) == _contents(their_reader)
