"""The Whoosh schema: analysed text per language, name keys, and facets as sortable columns.

A document's title and text go to the fields of its language (``text_ru``, ``text_az``, ...),
each analysed by that language's analyzer, so Russian is stemmed as Russian and Azerbaijani as
Azerbaijani; a query is searched across all of them, because a two-word query's language cannot
be detected reliably. Every word also goes through the name analyzer into ``names``, where the
spellings and transcriptions of a name (Aliyev, Əliyev, Алиев; Sturridge, Старридж) meet
(those with a Latin c also into ``names_az``, read as Azerbaijani: Starric). Azerbaijani title
and text also go to ``az_folded``, found as typed without its letters (qacqin for qaçqın).
The words the language fields drop as stop words go to ``stops`` (no positions: phrases keep
their gaps in the language fields), so ``doing`` alone still finds the texts that have it.

Text is not stored in full: the first :data:`SNIPPET_CHARS` characters are kept for snippets,
which bounds the index's growth while still giving a passage around the query for most hits.
"""

from __future__ import annotations

from whoosh.fields import BOOLEAN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from indexer.analysis import (
    LANGUAGES,
    analyzer_for,
    folded_analyzer,
    name_analyzer,
    stopword_analyzer,
)

TEXT_LANGUAGES = (*LANGUAGES, "other")
"""Language suffixes of the analysed fields; ``other`` takes every language without its own."""
TITLE_BOOST = 3.0
"""A query word in the title counts this many times a word in the text."""
FOLDED_BOOST = 0.5
"""Weight of a match on Azerbaijani typed without its letters, against a match as typed: a
document spelled as the query ranks first."""
SNIPPET_CHARS = 20_000
"""How much of each text is stored for snippets."""


def field_language(language: str) -> str:
    """The suffix of the fields holding text in ``language``."""
    return language if language in LANGUAGES else "other"


def build_schema() -> Schema:
    """The schema of coi's index (see the module docstring for the choices)."""
    fields: dict[str, object] = {
        "id": ID(stored=True, unique=True),
        "url": STORED(),
        "title": STORED(),
        "snippet_text": STORED(),
        "names": TEXT(analyzer=name_analyzer()),
        "names_az": TEXT(analyzer=name_analyzer(azerbaijani=True)),
        "az_folded": TEXT(analyzer=folded_analyzer(), field_boost=FOLDED_BOOST),
        "stops": TEXT(analyzer=stopword_analyzer(), phrase=False),
        "language": ID(stored=True, sortable=True),
        "source": ID(stored=True, sortable=True),
        "doc_type": ID(stored=True, sortable=True),
        "country": KEYWORD(stored=True, commas=True, scorable=False),
        "mentions": KEYWORD(stored=True, commas=True, scorable=False),
        "topic": KEYWORD(stored=True, commas=True, scorable=False),
        "collection": KEYWORD(stored=True, commas=True, scorable=False),
        "year": NUMERIC(int, stored=True, sortable=True),
        "published": NUMERIC(int, stored=True, sortable=True),
        "retrieved": NUMERIC(int, bits=64, stored=True, sortable=True),
        "gone": BOOLEAN(stored=True),
        "duplicate_of": ID(stored=True),
        "also_at": STORED(),
        "author": STORED(),
        "published_from": STORED(),
        "published_precision": STORED(),
        "pages": STORED(),
    }
    for lang in TEXT_LANGUAGES:
        analyzer = analyzer_for(lang)
        fields[f"title_{lang}"] = TEXT(analyzer=analyzer, field_boost=TITLE_BOOST)
        fields[f"text_{lang}"] = TEXT(analyzer=analyzer)
    return Schema(**fields)


SEARCH_FIELDS = tuple(
    [f"title_{lang}" for lang in TEXT_LANGUAGES]
    + [f"text_{lang}" for lang in TEXT_LANGUAGES]
    + ["names", "names_az", "az_folded"]
)
"""Fields a free-text query is searched in."""
