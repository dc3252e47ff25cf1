"""The OpenAPI 3.1 description of the JSON API, written by hand to match ``web.api``."""

from __future__ import annotations

from typing import Any

from coi.models import DATE_PRECISIONS, DATE_SOURCES, SORTS
from indexer.facets import ALIASES, EXCLUDE_PREFIX, FACETS

_FILTERS = [
    {
        "name": prefix + facet.name,
        "in": "query",
        "required": False,
        "description": (
            f"{facet.label}: keep documents with none of these values."
            if prefix
            else f"{facet.label} filter; repeat for OR within the facet, AND across facets."
        ),
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": True,
    }
    for prefix in ("", EXCLUDE_PREFIX)
    for facet in FACETS
]
_ALIASES = [
    {
        "name": prefix + alias,
        "in": "query",
        "description": f"Alias of {prefix + name}.",
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": True,
    }
    for prefix in ("", EXCLUDE_PREFIX)
    for alias, name in ALIASES.items()
]
_ERROR = {
    "description": "Error",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
_BUSY = {
    **_ERROR,
    "description": "Busy: more requests are running and waiting than the server takes; retry "
    "after the seconds the Retry-After header gives",
    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
}


def openapi_document() -> dict[str, Any]:
    """The document served at ``/api/openapi.json``."""
    search_params = [
        {
            "name": "q",
            "in": "query",
            "schema": {"type": "string"},
            "description": "Whoosh query syntax; empty browses newest first.",
        },
        {
            "name": "sort",
            "in": "query",
            "schema": {"type": "string", "enum": list(SORTS)},
        },
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
        {
            "name": "per_page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 100},
        },
        {
            "name": "expand",
            "in": "query",
            "description": "0 searches only the words typed; by default the thesaurus and the "
            "bilingual lexicon add their equivalents in the other languages (listed in "
            "`expanded`).",
            "schema": {"type": "string", "enum": ["0", "1"], "default": "1"},
        },
        {
            "name": "drop",
            "in": "query",
            "description": "A term of `expanded` not to add (repeatable; listed in `dropped`).",
            "schema": {"type": "string"},
        },
        *_FILTERS,
        *_ALIASES,
    ]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "coi API",
            "version": "0.1.0",
            "description": "Search country-of-origin information in az, ru and en.",
        },
        "paths": {
            "/api/search": {
                "get": {
                    "summary": "Search with facet counts",
                    "parameters": search_params,
                    "responses": {
                        "200": {
                            "description": "Results",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/SearchResult"}
                                }
                            },
                        },
                        "400": _ERROR,
                        "503": _BUSY,
                    },
                }
            },
            "/api/facets": {
                "get": {
                    "summary": "Facet counts without hits",
                    "parameters": search_params,
                    "responses": {
                        "200": {"description": "query, total and facets as in /api/search"},
                        "400": _ERROR,
                        "503": _BUSY,
                    },
                }
            },
            "/api/documents/{id}": {
                "get": {
                    "summary": "A document with its provenance and versions",
                    "description": "Each version's `integrity` says whether its archived bytes "
                    "still match its `sha256` (`ok`), are `missing` or were `altered`.",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {"description": "The document"},
                        "404": _ERROR,
                        "410": _ERROR,
                    },
                }
            },
            "/api/documents/{id}/cite.{format}": {
                "get": {
                    "summary": "Citation as RIS, BibTeX or CSL-JSON",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "format",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "enum": ["ris", "bib", "json"]},
                        },
                    ],
                    "responses": {
                        "200": {"description": "The citation"},
                        "404": _ERROR,
                        "410": _ERROR,
                    },
                }
            },
            "/api/cite-check": {
                "get": {
                    "summary": "Is a quoted passage in the cited document as it was on a date?",
                    "parameters": [
                        {"name": name, "in": "query", "schema": {"type": "string"}}
                        for name in ("citation", "quote")
                    ]
                    + [
                        {
                            "name": "accessed",
                            "in": "query",
                            "schema": {"type": "string", "format": "date"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The document, the version current on the access "
                            "date, the quote's match (exact, close with its differences, "
                            "absent; page), later versions and whether the page is gone"
                        },
                        "400": _ERROR,
                        "404": _ERROR,
                    },
                }
            },
            "/api/stats": {
                "get": {
                    "summary": "Number of searches served (queries themselves are never logged)",
                    "responses": {"200": {"description": "Counts"}},
                }
            },
            "/api/openapi.json": {
                "get": {
                    "summary": "This description",
                    "responses": {"200": {"description": "OpenAPI 3.1 document"}},
                }
            },
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {
                            "type": "object",
                            "properties": {
                                "status": {"type": "integer"},
                                "message": {"type": "string"},
                            },
                        }
                    },
                },
                "SearchResult": {
                    "type": "object",
                    "properties": {
                        "query": {"type": "string"},
                        "total": {"type": "integer"},
                        "page": {"type": "integer"},
                        "per_page": {"type": "integer"},
                        "notices": {"type": "array", "items": {"type": "string"}},
                        "expanded": {"type": "array", "items": {"type": "string"}},
                        "all_words": {
                            "type": ["integer", "null"],
                            "description": "When documents with only most of the words are "
                            "listed too: how many (the first) have all of them; null when "
                            "every hit has every word.",
                        },
                        "dropped": {"type": "array", "items": {"type": "string"}},
                        "widened": {
                            "type": "array",
                            "items": {"type": "string", "enum": ["filters", "words"]},
                            "description": "When the search as asked found nothing, what it "
                            "let go of to find these hits: `filters` (they match outside the "
                            "filters), `words` (they have at least one of the words, not most); "
                            "empty when nothing was widened.",
                        },
                        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                        "facets": {
                            "type": "object",
                            "additionalProperties": {
                                "type": "object",
                                "additionalProperties": {"type": "integer"},
                            },
                        },
                    },
                },
                "Hit": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "url": {"type": "string"},
                        "language": {"type": "string"},
                        "countries": {"type": "array", "items": {"type": "string"}},
                        "topics": {"type": "array", "items": {"type": "string"}},
                        "source": {"type": "string"},
                        "doc_type": {"type": "string"},
                        "published": {"type": ["string", "null"], "format": "date"},
                        "retrieved": {"type": "string", "format": "date-time"},
                        "score": {"type": "number"},
                        "snippet": {"type": "string"},
                        "gone": {"type": "boolean"},
                        "missing": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "Words of the query this document lacks.",
                        },
                        "also_at": {"type": "array", "items": {"type": "string"}},
                        "author": {"type": ["string", "null"]},
                        "page": {
                            "type": ["integer", "null"],
                            "description": "PDF page of the snippet's passage",
                        },
                        "published_from": {
                            "type": ["string", "null"],
                            "enum": [*DATE_SOURCES, None],
                            "description": "where the publication date was read",
                        },
                        "published_precision": {
                            "type": ["string", "null"],
                            "enum": [*DATE_PRECISIONS, None],
                        },
                    },
                },
            }
        },
    }
