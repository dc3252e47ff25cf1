"""A word typed in Latin letters counts once in an Azerbaijani document, not twice.

Every query word is also searched in ``az_folded`` (Azerbaijani without its letters:
``qacqin`` finds ``qaçqın``). A word without Azerbaijani letters is not indexed there, since
its exact field holds it already and counting it twice lifted every Azerbaijani document above
the others (:class:`indexer.analysis.FoldedFilter`). But folding also writes the digraphs of
romanised text as one letter (ch, sh, gh, kh: ``Khankendi`` is ``Xankəndi``), so a name such as
``Kavanaugh``, ``Washington`` or ``Chechnya`` *is* indexed there, and an Azerbaijani document
naming it scored about half again what the English or Russian document did: the Azerbaijani
translations of an article ranked above its English original for an English name. So did an
Azerbaijani text in Cyrillic, whose every word folding changes (it writes it in Latin letters):
the Cyrillic copy of a report ranked above the Latin original for any word. Here the
folded term of a word without Azerbaijani letters counts only for the documents its exact terms
miss (romanised ``Khankendi`` still finds ``Xankəndi``); a word typed with its letters keeps
the weight its spelling earns.
"""

from __future__ import annotations

from whoosh.query import AndNot, Or, Query, Term

from coi.lang.fold_az import folded_term
from coi.lang.reading import AZ_LETTERS

FOLDED_FIELD = "az_folded"
SPELLED_FIELDS = frozenset({"title_az", "text_az"})


def folded_as_fallback(query: Query) -> Query:
    """``query`` with the folded term of each Latin word without Azerbaijani letters counted
    only for the documents that word's ``title_az``/``text_az`` terms (in the same group of
    alternatives, an ``Or``) miss."""
    if query.is_leaf():
        return query
    query = query.apply(folded_as_fallback)
    if type(query) is not Or or query.minmatch or query.scale is not None:
        return query
    spelled: dict[str, list[Query]] = {}
    for sub in query.subqueries:
        plain = _in(sub, SPELLED_FIELDS) and not AZ_LETTERS.search(sub.text)
        if plain and (term := folded_term(sub.text)) is not None:
            spelled.setdefault(term, []).append(sub)
    if not spelled:
        return query
    subqueries = [
        AndNot(sub, _any(spelled[sub.text]))
        if _in(sub, {FOLDED_FIELD}) and sub.text in spelled
        else sub
        for sub in query.subqueries
    ]
    return Or(subqueries, boost=query.boost)


def _in(query: Query, fields: frozenset[str] | set[str]) -> bool:
    return type(query) is Term and query.fieldname in fields


def _any(queries: list[Query]) -> Query:
    return queries[0] if len(queries) == 1 else Or(queries)
