"""The taxonomy: countries, topics and document types.

The tables and rules that tag a document with them (:mod:`coi.taxonomy.tagging`), and the
thesaurus that carries a concept across the three languages.
"""
