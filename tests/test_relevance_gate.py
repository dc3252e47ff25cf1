"""The relevance gate: judged queries on real documents must not fall below committed floors.

The floors live in ``bench/relevance/floors.json``; ``python bench/relevance.py`` prints the
figures and ``--update-floors`` raises them. Lowering one is a visible edit of that file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from corpus import require_corpus

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))


def test_relevance_stays_above_the_floors() -> None:
    require_corpus()
    import relevance

    scores = relevance.run()
    assert scores["all"].queries >= 60
    assert relevance.below_floors(scores) == []
