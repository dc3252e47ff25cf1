"""One pass over a query's matches: every match for the facet counts, the exact top N for the page.

Reading every term's postings in every segment is most of a search's cost (profiled with
``bench/search.py``'s queries at 10,000 documents: building the matchers and reading the
postings took about two thirds of the time). The set of matching documents the facets count
used to be gathered by a second, unscored pass over the same query; this collector records it
while scoring, so the postings are read once.

Filters and hidden duplicates are sets of document numbers checked per match instead of being
AND-ed into the query: an AND with a term that nearly every document has (``duplicate_of:-``)
cost an intersection step per match, and a filter's terms add the same constant to every score
they allow, so leaving them out of the query changes no ranking.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from whoosh.collectors import TopCollector

Boost = Callable[[int, float], float]
"""A final adjustment of a document's score (its number, its BM25F score -> new score)."""


class MatchCollector(TopCollector):
    """Records every shown match in :attr:`matched`; ranks the allowed ones exactly.

    Exact ranking (no block-quality skipping) is what keeps pages from overlapping: Whoosh's
    pruning skips documents that only tie the lowest kept score, so which of several equal hits
    made the top N depended on N, and page 2 repeated hits of page 1.
    """

    def __init__(
        self,
        limit: int,
        *,
        hidden: Collection[int],
        allowed: Collection[int] | None,
        scored: bool = True,
        boost: Boost | None = None,
    ) -> None:
        """
        Args:
            limit: how many of the best allowed matches to keep.
            hidden: document numbers never counted nor shown (duplicates shown elsewhere).
            allowed: the document numbers the filters let through (None: no filter).
            scored: False when the page is sorted by a column, so nothing needs a score.
            boost: applied to each allowed match's score before ranking.
        """
        super().__init__(limit, usequality=False, replace=0)
        self.matched: set[int] = set()
        self._hidden = hidden
        self._allowed = allowed
        self._scored = scored
        self._boost = boost

    def collect_matches(self) -> None:
        offset, hidden, matched = self.offset, self._hidden, self.matched
        matcher = self.matcher
        if not self._scored:
            # all_ids() walks the postings without keeping the matcher usable: the fast way.
            docnums = (sub + offset for sub in matcher.all_ids())
            matched.update(docnum for docnum in docnums if docnum not in hidden)
            return
        allowed, boost, keep = self._allowed, self._boost, self._collect
        while matcher.is_active():
            docnum = matcher.id() + offset
            if docnum not in hidden:
                matched.add(docnum)
                if allowed is None or docnum in allowed:
                    score = matcher.score()
                    keep(docnum, boost(docnum, score) if boost else score)
            matcher.next()

    def ranked(self) -> list[tuple[int, float]]:
        """The kept matches as (document number, score), best first, lower numbers first on ties."""
        return [(0 - negated, score) for score, negated in sorted(self.items, reverse=True)]
