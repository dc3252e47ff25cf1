"""coi: a search engine for country-of-origin information in Russian, Azerbaijani and English.

The package holds what the crawler, the indexer and the web share: the domain model, the
document store, language tools, taxonomies, configuration and the ``coi`` command line.
"""

__version__ = "0.1.0"
