"""Whoosh analyzers per language, built on :mod:`coi.lang` (issue 3).

``analyzer_for(lang)`` and ``name_analyzer()`` are the stable entry points the schema uses.
Every analyzer is a :class:`WordTokenizer` (word parts with offsets into the raw text, so
highlighting works) followed by one filter that calls :func:`coi.lang.index_term` or
:func:`coi.lang.sounds.sound_key` — the same functions :func:`coi.lang.analyze` uses, so the index
and the taxonomy agree on terms. Whoosh pickles the schema with its analyzers: the classes
here hold only a language code, and the stemmers live in module-level cached functions.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import Analyzer, Filter, Token, Tokenizer

from coi.lang import index_term, word_parts
from coi.lang.fold_az import fold_az, folded_lexicon, folded_term
from coi.lang.inflect import morph_analyzer
from coi.lang.sounds import sound_key
from coi.lang.stopwords import stopwords
from coi.lang.terms import STEMMED
from indexer.valuewords import value_words

log = logging.getLogger(__name__)

ANALYSIS_VERSION = 5
"""Which analysis made an index's terms. Raise it with any change to :mod:`coi.lang` that
changes the terms a text gives (a stemmer rule): ``coi index`` then rebuilds an index written
before rather than leave its terms apart from those of new queries (an index that records none
was made by 1). 2: an Azerbaijani name the lexicon does not know stems alike bare and inflected
(``İran`` and ``İranda`` both ``ira``, ``Qarabağ`` and ``Qarabağda`` both ``qarabaq``).
3: authors in the name keys, and the stored author, date provenance and PDF page offsets that
an index written before lacks (issue 18). 4: Russian
words are indexed by their pymorphy3 lemma (``пепла`` is ``пепел``); Azerbaijani also folded
(``qacqin`` is ``qaçqın``), names by their consonant skeleton (``Старридж`` is ``Sturridge``).
5: the stop words of every text in a field of their own (``stops``)."""

LANGUAGES = ("az", "ru", "en")
"""Languages with an analyzer of their own; everything else uses the fallback."""


class WordTokenizer(Tokenizer):
    """Word parts of :func:`coi.lang.word_parts` as Whoosh tokens (positions, char offsets)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        parts = word_parts(value) if tokenize else iter([(value, 0, len(value))])
        for pos, (text, start, end) in enumerate(parts, start_pos):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


TERM_CACHE_SIZE = 100_000
"""Words remembered per table (a language, the name keys, the folded terms, the stop words)
before the table starts over. An entry holds about 150 bytes (measured), and a build's worker
fills eight tables: at 500,000 words each they could hold 600 MB a process (made-up words
pushed through every analyzer of a build filled them to 200,000 each, and the process grew by
708 MB with :mod:`coi.lang`'s own caches). 100,000 bound them to about 120 MB, and the
1,000-document bench build, whose largest table holds 52,000 words, never reaches that."""
_UNSEEN = object()
_TERMS: dict[str, dict[str, Any]] = {}


def _terms_of(lang: str) -> dict[str, Any]:
    """Word -> index term of ``lang`` (or name key), filled as words are met.

    A plain dict lookup per token is cheaper than a call through :func:`index_term`'s cache
    (measured on 300 generated documents, warm: 6.5 s -> 3.7 s, about what Whoosh's own
    ``StemmingAnalyzer`` takes for the same text).
    """
    return _TERMS.setdefault(lang, {})


IndexTable = tuple[dict[str, Any], Callable[[str], "str | None"]]
"""A filter's word -> index term cache, and the function that fills it (None: no term)."""


def index_positions(analyzer: Analyzer, value: str) -> dict[str, list[int]] | None:
    """The positions of each term ``analyzer`` indexes in ``value``, or None when ``analyzer``
    is not one of this module's (then Whoosh runs it).

    The same terms and positions as Whoosh gets from the analyzer's tokens in ``index`` mode
    (stop words leave their gap), without a token object and four generators per word: half
    the CPU time (measured on the text fields of 60 generated documents of 3,000 words, warm
    caches: 1.2 s through Whoosh's tokens, 0.6 s here).
    """
    found_table = _index_table(analyzer)
    if found_table is None:
        return None
    table, compute = found_table
    get_term = table.get
    positions: dict[str, list[int]] = {}
    get_positions = positions.get
    for pos, word in enumerate(value_words(value)):
        term = get_term(word, _UNSEEN)
        if term is _UNSEEN:
            if len(table) >= TERM_CACHE_SIZE:
                table.clear()
            term = table[word] = compute(word)
        if term is not None:
            found = get_positions(term)
            if found is None:
                positions[term] = [pos]
            else:
                found.append(pos)
    return positions


def index_counts(analyzer: Analyzer, value: str) -> dict[str, int] | None:
    """How often each term ``analyzer`` indexes occurs in ``value`` (None as for
    :func:`index_positions`): what a field without positions keeps, from one count of each
    distinct word instead of a step per word."""
    found_table = _index_table(analyzer)
    if found_table is None:
        return None
    table, compute = found_table
    counts: dict[str, int] = {}
    for word, count in Counter(value_words(value)).items():
        term = table.get(word, _UNSEEN)
        if term is _UNSEEN:
            if len(table) >= TERM_CACHE_SIZE:
                table.clear()
            term = table[word] = compute(word)
        if term is not None:
            counts[term] = counts.get(term, 0) + count
    return counts


def _index_table(analyzer: Analyzer) -> IndexTable | None:
    """The word -> term table of one of this module's analyzers, None for another analyzer."""
    items: list[Any] = getattr(analyzer, "items", [])
    index_table = getattr(items[-1], "index_table", None) if len(items) == 2 else None
    if index_table is None or type(items[0]) is not WordTokenizer:
        return None
    table: IndexTable = index_table()
    return table


class TermFilter(Filter):
    """Replaces each word by its index term in ``lang`` (:func:`coi.lang.index_term`).

    Stopwords are dropped, or marked ``stopped`` when the caller keeps them.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.lang == self.lang

    def __hash__(self) -> int:
        return hash((type(self), self.lang))

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        terms = _terms_of(self.lang)
        for token in tokens:
            word = token.text
            term = terms.get(word, _UNSEEN)
            if term is _UNSEEN:
                term = terms[word] = index_term(word, self.lang)
                if len(terms) > TERM_CACHE_SIZE:
                    terms.clear()
            if term is None:
                if token.removestops:
                    continue
                token.stopped = True
            else:
                token.text = term
            yield token

    def index_table(self) -> IndexTable:
        """What :func:`index_positions` needs to index a text without tokens."""
        return _terms_of(self.lang), lambda word: index_term(word, self.lang)


NOT_A_NAME = "~"
"""Prefix of a lowercase query word in the name fields: keys are capital letters, so it matches
no name."""


class NameKeyFilter(Filter):
    """Replaces each word by its transcription-independent key (:func:`coi.lang.sounds.sound_key`),
    a Latin ``c`` read as English (k, s) or, with ``azerbaijani``, as Azerbaijani (j).

    In a query only a word typed with a capital is a name: a consonant skeleton is loose (``red``
    and ``Radio``, ``tide`` and ``Today`` share one), so a lowercase word searched through it
    lists documents for names that only sound like it."""

    def __init__(self, azerbaijani: bool = False) -> None:
        self.azerbaijani = azerbaijani

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.azerbaijani == self.azerbaijani

    def __hash__(self) -> int:
        return hash((type(self), self.azerbaijani))

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        keys = _terms_of("name-key-az" if self.azerbaijani else "name-key")
        for token in tokens:
            word = token.text
            if token.mode == "query" and not word[:1].isupper():
                # Kept in its place (a phrase stays as long) as a key no name has.
                token.text = NOT_A_NAME + word
                yield token
                continue
            key = keys.get(word)
            if key is None:
                key = keys[word] = sound_key(word, azerbaijani=self.azerbaijani)
                if len(keys) > TERM_CACHE_SIZE:
                    keys.clear()
            if key:
                token.text = key
                yield token

    def index_table(self) -> IndexTable:
        """What :func:`index_positions` needs: a name's key, None for a word without one."""
        azerbaijani = self.azerbaijani
        return _terms_of(
            "name-key-az-index" if azerbaijani else "name-key-index"
        ), lambda word: sound_key(word, azerbaijani=azerbaijani) or None


class FoldedFilter(Filter):
    """Replaces each word by its Azerbaijani folded term (:func:`coi.lang.fold_az.folded_term`).

    Folded stopwords are dropped as the ``az`` analyzer drops them (``ve`` as ``və``). When
    indexing, a word that folding leaves as it is (``Kavanaugh``, ``qacqin``) is left out: the
    exact field already holds it, and counting it twice would lift every Azerbaijani document
    above the others for any plain Latin query word (measured on the relevance bench).
    """

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        terms = _terms_of("az-folded")
        stops = _folded_stopwords()
        for token in tokens:
            word = token.text
            entry = terms.get(word, _UNSEEN)
            if entry is _UNSEEN:
                term = folded_term(word)
                entry = terms[word] = (None if term in stops else term, _plain(word))
                if len(terms) > TERM_CACHE_SIZE:
                    terms.clear()
            term, plain = entry
            if term is None or (plain and token.mode == "index"):
                if token.removestops:
                    continue
                token.stopped = True
            else:
                token.text = term
            yield token

    def index_table(self) -> IndexTable:
        """What :func:`index_positions` needs: the folded term, None for a stop word or a word
        folding leaves as it is (see the class docstring)."""
        return _terms_of("az-folded-index"), _folded_index_term


def _folded_index_term(word: str) -> str | None:
    if _plain(word):  # left out whatever its term: not worth stripping its suffixes
        return None
    term = folded_term(word)
    return None if term in _folded_stopwords() else term


def _plain(word: str) -> bool:
    """Whether folding leaves ``word`` as it is (no Azerbaijani letter, no Cyrillic)."""
    return fold_az(word) == word.casefold()


@lru_cache(maxsize=1)
def _folded_stopwords() -> frozenset[str]:
    return frozenset(fold_az(word) for word in stopwords("az"))


@lru_cache(maxsize=1)
def _any_stopwords() -> frozenset[str]:
    return frozenset().union(*(stopwords(lang) for lang in LANGUAGES))


def stop_term(term: str) -> str | None:
    """The ``stops`` field's term for a word as the ``_other`` fields hold it (normalised and
    case-folded), or None when it is no stop word of az, ru or en."""
    term = term.replace("ё", "е")
    return term if term in _any_stopwords() else None


class StopWordFilter(Filter):
    """Keeps only the words some language's analyzer drops as stop words (:func:`stop_term`).

    Their own fields leave out ``where``, ``чтобы``, ``sonra``; this filter makes the field that
    still finds a document by them, as a plain engine would (``doing`` alone, ``NOT where``)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        terms = _terms_of("stops")
        for token in tokens:
            word = token.text
            term = terms.get(word, _UNSEEN)
            if term is _UNSEEN:
                term = terms[word] = _stop_index_term(word)
                if len(terms) > TERM_CACHE_SIZE:
                    terms.clear()
            if term is not None:
                token.text = term
                yield token

    def index_table(self) -> IndexTable:
        """What :func:`index_positions` needs: the word's stop term, None for any other word
        (the same table as the tokens' path: a word's stop term is the same in index and
        query)."""
        return _terms_of("stops"), _stop_index_term


def _stop_index_term(word: str) -> str | None:
    other = index_term(word, "other")
    return stop_term(other) if other else None


def load_dictionaries() -> None:
    """Load what the analyzers look words up in: pymorphy3's Russian dictionary, the
    Azerbaijani lexicon and its folded copy, the stop words.

    A build calls this before it forks its workers, so the workers share these pages with it
    instead of each loading its own copy (about 46 MB a process: 20 MB of pymorphy3, 26 MB of
    the two lexicons).
    """
    morph_analyzer()
    folded_lexicon()  # which loads the lexicon itself
    _folded_stopwords()
    _any_stopwords()
    for lang in LANGUAGES:
        stopwords(lang)


def analyzer_for(lang: str) -> Analyzer:
    """The analyzer for text in ``lang``.

    az: normalise, Cyrillic → Latin, Turkic case folding, az stopwords, coi's az stemmer.
    ru / en: normalise (ru: ё → е), case folding, Snowball stopwords, then the pymorphy3 lemma
    (ru) or the Snowball stem (en) (a word in the other script is analysed by its script). Any
    other language: normalise and case-fold only.

    >>> [t.text for t in analyzer_for("ru")("Беженцев и беженец, вулканического пепла")]
    ['беженец', 'беженец', 'вулканический', 'пепел']
    >>> [t.text for t in analyzer_for("az")("Qaçqınların və гачгынларын")]
    ['qaçqın', 'qaçqın']
    >>> [t.text for t in analyzer_for("en")("The refugees' rights")]
    ['refuge', 'right']
    >>> [t.text for t in analyzer_for("de")("Flüchtlinge IN Baku")]
    ['flüchtlinge', 'in', 'baku']
    """
    if lang not in STEMMED:
        log.debug("no stemmer or stopwords for %r: normalising and case-folding only", lang)
    return WordTokenizer() | TermFilter(lang)


def folded_analyzer() -> Analyzer:
    """The analyzer of the ``az_folded`` field: Azerbaijani as typed without its letters.

    >>> [t.text for t in folded_analyzer()("Qaçqınların və qacqin, QACHQINLAR")]
    ['qacqin', 'qacqin', 'qacqin']
    """
    return WordTokenizer() | FoldedFilter()


def stopword_analyzer() -> Analyzer:
    """The analyzer of the ``stops`` field: only the words az, ru or en drop as stop words.

    >>> [t.text for t in stopword_analyzer()("What were they doing in Baku? Чтобы и sonra")]
    ['what', 'were', 'they', 'doing', 'in', 'чтобы', 'и', 'sonra']
    """
    return WordTokenizer() | StopWordFilter()


def name_analyzer(*, azerbaijani: bool = False) -> Analyzer:
    """The analyzer of the ``names`` field: every word as its consonant skeleton, where a name
    meets its transcriptions (:mod:`coi.lang.sounds`); with ``azerbaijani``, of the
    ``names_az`` field, where a Latin c is read as Azerbaijani (``Starric`` is Sturridge).

    >>> [t.text for t in name_analyzer()("Əliyev, Алиев, Aliyev, Старридж, Sturridge")]
    ['ALYV', 'ALYV', 'ALYV', 'STRJ', 'STRJ']
    """
    return WordTokenizer() | NameKeyFilter(azerbaijani)
