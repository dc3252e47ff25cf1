"""A phrase query with gaps: the words a field's analyzer dropped still keep their positions.

Built on Whoosh's public query API; the array matcher (:mod:`indexer.engine.arraymatch`) knows
it too and matches it on posting arrays.
"""

from __future__ import annotations

from typing import Any

from whoosh.matching import Matcher
from whoosh.query import Phrase, Query
from whoosh.searching import Searcher


class GappedPhrase(Phrase):
    """A phrase whose words stand ``gaps[i]`` positions further apart than adjacent.

    The gaps are the words the field's analyzer dropped between them (stop words keep their
    positions in the index): ``"presumption of innocence"`` in English text is ``presumpt``
    and ``innoc`` two positions apart. Whoosh's own matcher (used only where the array path
    cannot be) sees a phrase with its slop widened by the largest gap.
    """

    def __init__(
        self, fieldname: str, words: list[str], gaps: tuple[int, ...], **kwargs: Any
    ) -> None:
        super().__init__(fieldname, words, **kwargs)
        self.gaps = gaps

    def __eq__(self, other: object) -> bool:
        return super().__eq__(other) and self.gaps == getattr(other, "gaps", None)

    def __hash__(self) -> int:
        return super().__hash__() ^ hash(self.gaps)

    def normalize(self) -> Query:
        """Itself: it is made from a phrase already normalised (Whoosh's would drop the gaps)."""
        return self

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        """Whoosh's phrase matcher, the slop widened to let the gaps through."""
        widened = Phrase(
            self.fieldname, self.words, slop=self.slop + max(self.gaps), boost=self.boost
        )
        return widened.matcher(searcher, context)
