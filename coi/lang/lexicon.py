"""Open-vocabulary query translation between Azerbaijani, Russian and English (issue 17).

The curated thesaurus carries a few hundred COI concepts; an officer searches for anything
(a red tide, a shark attack, a blood feud). This module translates any word the bilingual
lexicon ``data/lexicon.tsv`` knows (Wiktionary's Russian–English and Azerbaijani–English pairs,
see its header): ru ↔ en and az ↔ en directly, az ↔ ru through English. A second file,
``data/lexicon-az-via-tr.tsv``, adds what Wiktionary's Turkish–English pairs say of the
Azerbaijani words that are their cognates (Turkish ``kaza``, accident, is Azerbaijani ``qəza``,
which Wiktionary gives only as *fate*), at lower confidence (:data:`COGNATE_WEIGHT`).

A query word is looked up by its lemma: pymorphy3's normal forms for Russian (``беженцев`` →
``беженец``), coi's Azerbaijani stemmer for Azerbaijani (``qaçqınların`` → ``qaçqın``), plain
inflection rules for English (``refugees`` → ``refugee``). Units of up to :data:`MAX_UNIT`
words are kept where the lexicon has them (``up to date`` and ``up-to-date`` → ``современный``).
An Azerbaijani word the lexicon lacks is read, at lower confidence, through the word it is
derived from (``velosipedçi`` through ``velosiped``) or the Russian word it was borrowed with.
A stop word is never translated.

Each translation carries a confidence in (0, 1]: a word's senses share its weight, the first
sense most (:func:`sense_weights`), so a word with one sense translates with confidence 1 and
one with many spreads it thin; from English the weight is the one the English word has among
the senses of the target word (``полиция`` has only *police*; ``полис`` has it third). A sense
only the Turkish cognate gives weighs :data:`COGNATE_WEIGHT` times as much, one both sources give
the sum of the two, and the weights of a word are scaled to sum to at most 1. On the
az → en → ru path the weights multiply and paths to the same word add up; a caller can say
that a curated source agrees with a step (the thesaurus has the pivot and the target in one
concept), which doubles its weight. Candidates far below the best are left out, and at most
:data:`MAX_PER_LANGUAGE` per target language are kept.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from coi.lang.inflect import readings
from coi.lang.normalize import fold_case, normalize
from coi.lang.reading import AZ_ONLY_CYRILLIC, word_languages
from coi.lang.stem_az import stem_az
from coi.lang.stopwords import stopwords
from coi.lang.translit import az_cyrillic_to_latin, az_latin_to_cyrillic

LANGUAGES = ("az", "ru", "en")
MAX_UNIT = 4
"""Longest multiword unit looked up, in words."""
MAX_PER_LANGUAGE = 3
"""Translations kept per target language, best first."""
KEEP_SHARE = 0.4
"""A translation is kept only with at least this share of the best one's confidence."""
COGNATE_WEIGHT = 0.5
"""Confidence of a loanword matched by transliteration between Azerbaijani and Russian, and
weight of the senses an Azerbaijani word has through its Turkish cognate."""
HUB_WORDS = 20
"""More words of one language with an English word as their only sense than this are names
glossed by a category (see :meth:`Lexicon._targets_of`)."""
AGREEMENT_FACTOR = 2.0
"""How much a curated source's agreement with a translation step raises its weight."""
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_EN_ENDINGS: tuple[tuple[str, str], ...] = (
    ("s", ""),
    ("es", ""),
    ("ies", "y"),
    ("ed", ""),
    ("ed", "e"),
    ("ied", "y"),
    ("ing", ""),
    ("ing", "e"),
)
DERIVED_WEIGHT = 0.5
"""Confidence of an Azerbaijani word the lexicon lacks, read through the word it is derived
from (``velosipedçi``, cyclist, through ``velosiped``, bicycle)."""
_AZ_DERIVATIONS = re.compile(r"(?:ç[ıiuü]|l[ıiuü][qk]|s[ıiuü]z|l[ıiuü])$")
"""Azerbaijani derivational suffixes whose base says what the word is about: -çı (who does or
sells: ``balıqçı`` fisher), -lıq (what is: ``azadlıq`` freedom), -sız (without), -lı (with)."""
_AZ_FINAL_VOWELS = "əaeiıuüoö"
"""The Azerbaijani stemmer drops a final vowel of a word it does not know; a lemma may have it."""

Entry = tuple[str, str, tuple[str, ...]]
"""(language, word, English senses best first): a line of a lexicon data file."""
Presence = Callable[[str, str], int]
"""``present(term, language)``: in how many documents of the searched collection ``term``
stands in ``language`` (0: none)."""
Agreement = Callable[[str, str, str], bool]
"""``agrees(english, term, language)``: a curated source puts the English word and ``term`` (in
``language``) in one concept."""


@dataclass(frozen=True, slots=True)
class Translation:
    """A word in another language a query word can stand for, with how sure that is."""

    term: str
    """The target lemma as the lexicon writes it (a unit keeps its hyphens: ``well-known``)."""
    language: str
    confidence: float
    """In (0, 1]; see the module docstring."""
    via: str = ""
    """The English pivot of an az ↔ ru translation."""


@lru_cache(maxsize=64)
def sense_weights(count: int) -> tuple[float, ...]:
    """The weights of ``count`` senses in their order: 1/(i+1), normalised to sum to 1.

    >>> [round(w, 2) for w in sense_weights(3)]
    [0.55, 0.27, 0.18]
    """
    raw = [1 / (i + 1) for i in range(count)]
    total = sum(raw)
    return tuple(w / total for w in raw)


def unit_key(words: str) -> str:
    """The lookup key of a word or unit: its lower-case words joined by spaces
    (``Up-to-date`` and ``up to date`` both give ``up to date``)."""
    return " ".join(_WORD.findall(words.replace("’", "'")))


class Lexicon:
    """Translations between az, ru and en (see the module docstring)."""

    def __init__(
        self,
        entries: Iterable[Entry],
        cognates: Iterable[Entry] = (),
    ) -> None:
        """Args:
        entries: (language, word, English senses) of the first source, best sense first.
        cognates: The same through a cognate (the Turkish one of an Azerbaijani word), whose
            senses weigh :data:`COGNATE_WEIGHT` times as much as the first source's.
        """
        self._senses: dict[tuple[str, str], tuple[str, ...]] = {}
        self._weights: dict[tuple[str, str], tuple[float, ...]] = {}
        """The weights of the senses of a word a cognate adds to; any other word's are
        :func:`sense_weights` (kept apart: most words have no cognate, and a tuple each would
        double the lexicon's memory)."""
        self._targets: dict[str, list[tuple[str, str]]] = {}
        self._kept_targets: dict[str, list[tuple[str, str]]] = {}
        """:meth:`_targets_of` each pivot, filled as pivots are met."""
        for language, word, english in entries:
            key = (language, word.replace("-", " "))
            self._senses[key] = english
            for sense in english:
                self._targets.setdefault(sense.replace("-", " "), []).append(key)
        for language, word, english in cognates:
            self._add_cognate((language, word.replace("-", " ")), english)

    def _add_cognate(self, key: tuple[str, str], english: tuple[str, ...]) -> None:
        """Add a cognate's senses to a word's, at :data:`COGNATE_WEIGHT`, weights scaled to
        sum to at most 1."""
        senses = dict(zip(self._senses.get(key, ()), self._sense_weights(key), strict=True))
        for sense, weight in zip(english, sense_weights(len(english)), strict=True):
            if sense not in senses:
                self._targets.setdefault(sense.replace("-", " "), []).append(key)
            senses[sense] = senses.get(sense, 0.0) + weight * COGNATE_WEIGHT
        scale = max(1.0, sum(senses.values()))
        self._senses[key] = tuple(senses)
        self._weights[key] = tuple(weight / scale for weight in senses.values())

    def _sense_weights(self, key: tuple[str, str]) -> tuple[float, ...]:
        """The weights of a word's senses, in their order (none for a word not in the lexicon)."""
        return self._weights.get(key) or sense_weights(len(self._senses.get(key, ())))

    def __len__(self) -> int:
        return len(self._senses)

    def lemma(self, words: str, language: str) -> str | None:
        """The lexicon's key for ``words`` read as ``language``, or None when it has none."""
        words = normalize(words, language)
        if language == "az":
            words = az_cyrillic_to_latin(words)
        key = unit_key(fold_case(words, language))
        if not key or _stop(key, language):
            return None
        if language == "en":
            return next((c for c in _english_lemmas(key) if c in self._targets), None)
        for candidate in self._lemmas(key, language):
            if (language, candidate) in self._senses:
                return candidate
        return None

    def translate(
        self,
        words: str,
        *,
        agrees: Agreement | None = None,
        present: Presence | None = None,
        per_language: int = MAX_PER_LANGUAGE,
        azerbaijani_query: bool = False,
    ) -> list[Translation]:
        """The translations of a word or unit into the lexicon's other languages, best first
        within each language (empty when the lexicon does not know it).

        Args:
            words: A word or unit as the user typed it.
            agrees: Says when a curated source agrees with a translation step.
            present: Leaves out translations the collection does not have (they would add
                nothing to a search but cost), before the best are chosen, and ranks the
                others by their confidence times log2(2 + documents), so that of two words
                for the same sense the one the collection uses more comes first.
            per_language: At most this many translations per target language.
            azerbaijani_query: The query ``words`` stand in has Azerbaijani letters: a Latin
                word is read in Azerbaijani too (see :meth:`_readings`).
        """
        found: dict[tuple[str, str], Translation] = {}
        readings = self._readings(words, azerbaijani=azerbaijani_query)
        for language in readings:
            lemma = self.lemma(words, language)
            if lemma is not None:
                _keep(found, self._from(lemma, language, agrees))
                if language == "ru":
                    _keep(found, [Translation(term=lemma, language="ru", confidence=1.0)])
            elif language == "az":
                latin = az_cyrillic_to_latin(words)  # Azerbaijani typed in its older script
                _keep(found, self._through_derivation(latin, agrees))
                _keep(found, self._through_russian_cognate(latin, agrees))
        if present is not None and "az" not in readings:
            _keep(found, _azerbaijani_cognates(found.values(), present))
        found.pop(("ru", self.lemma(words, "ru") or ""), None)
        if present is None:
            return _best({t: t.confidence for t in found.values()}, per_language)
        documents = {t: present(t.term, t.language) for t in found.values()}
        scores = {t: t.confidence * math.log2(2 + n) for t, n in documents.items() if n > 0}
        return _best(scores, per_language)

    def _through_derivation(self, words: str, agrees: Agreement | None) -> list[Translation]:
        """An Azerbaijani word the lexicon lacks, read through the word it is derived from (see
        :data:`_AZ_DERIVATIONS`), at lower confidence."""
        key = unit_key(fold_case(normalize(words, "az"), "az"))
        stem = stem_az(key) if " " not in key else ""
        base = _AZ_DERIVATIONS.sub("", stem)
        if len(base) < 3 or base == stem:
            return []
        lemma = self.lemma(base, "az")
        if lemma is None:
            return []
        return [
            Translation(t.term, t.language, t.confidence * DERIVED_WEIGHT, t.via)
            for t in self._from(lemma, "az", agrees)
        ]

    def _through_russian_cognate(self, words: str, agrees: Agreement | None) -> list[Translation]:
        """An Azerbaijani word the lexicon lacks read as the Russian word it was borrowed from
        or with (``fermer`` → ``фермер``, ``reklamı`` → ``реклама``), at lower confidence."""
        key = unit_key(fold_case(normalize(words, "az"), "az"))
        if " " in key:
            return []
        cyrillic = az_latin_to_cyrillic(stem_az(key))
        if AZ_ONLY_CYRILLIC.search(cyrillic):
            return []
        lemma = self.lemma(cyrillic, "ru")
        if lemma is None:
            return []
        via_russian = [
            Translation(t.term, t.language, t.confidence * COGNATE_WEIGHT, t.via)
            for t in self._from(lemma, "ru", agrees)
            if t.language != "az"
        ]
        return [Translation(lemma, "ru", COGNATE_WEIGHT), *via_russian]

    def strangers(self, word: str) -> frozenset[str]:
        """The languages (of az, ru, en) that have no such word: those whose script it is not
        written in, and for a Latin word, English or Azerbaijani when it is neither a stop word
        nor a word the lexicon has of that language (``with`` is English only; ``at``, horse,
        and ``on``, ten, are Azerbaijani too).

        >>> sorted(load().strangers("with")), sorted(load().strangers("at"))
        (['az', 'ru'], ['ru'])
        >>> sorted(load().strangers("чтобы")), sorted(load().strangers("və"))
        (['az', 'en'], ['en', 'ru'])
        """
        readable = word_languages(word)
        strange = set(LANGUAGES) - set(readable)
        if not _CYRILLIC.search(word):
            key = unit_key(fold_case(normalize(word, "en"), "en"))
            strange |= {
                language
                for language in readable
                if key not in stopwords(language) and self.lemma(word, language) is None
            }
        return frozenset(strange)

    def _targets_of(self, pivot: str) -> list[tuple[str, str]]:
        """The words whose senses include the English ``pivot``, without the names Wiktionary
        glosses by it (*country* for Бахрейн and Peru, *city* for Gəncə, *state* for Айдахо)
        where the pivot has words of that language that are none (страна, ölkə): an officer's
        *country* is no one country. A name is a word pymorphy3 reads as one
        (:func:`_read_as_name`), or one of more than :data:`HUB_WORDS` words of a language whose
        only sense is the pivot (114 Russian words have only *country*, 130 only *city*; a
        verb's prefixed forms, the most of a real sense, are 12)."""
        kept = self._kept_targets.get(pivot)
        if kept is None:
            targets = self._targets.get(pivot, [])
            kept = []
            for language in LANGUAGES:
                own = [target for target in targets if target[0] == language]
                only = {target for target in own if len(self._senses[target]) == 1}
                hub = len(only) > HUB_WORDS
                common = [
                    target
                    for target in own
                    if not (hub and target in only) and not _read_as_name(*target)
                ]
                kept += common or own
            self._kept_targets[pivot] = kept
        return kept

    def _readings(self, words: str, *, azerbaijani: bool = False) -> tuple[str, ...]:
        """The languages to read ``words`` in: a Latin word English has (a word of the lexicon
        or a stop word) is read as English only (``son`` is *son*; the ``on`` of "referendum
        on the name" is no Azerbaijani *ten*), unless it has Azerbaijani letters or stands in
        a query that has (``azerbaijani``: the ``at``, horse, of ``at oğurluğu``)."""
        languages = word_languages(words)
        if languages != ("en", "az") or azerbaijani:
            return languages
        key = unit_key(fold_case(normalize(words, "en"), "en"))
        if _stop(key, "en") or self.lemma(words, "en") is not None:
            return ("en",)
        return languages

    def _lemmas(self, key: str, language: str) -> list[str]:
        if language == "ru":
            words = key.split()
            if len(words) == 1:
                return [*_russian_lemmas(key), key]
            return [key, " ".join(next(iter(_russian_lemmas(w)), w) for w in words)]
        if language == "az":
            stem = stem_az(key) if " " not in key else key
            return [key, stem, *(stem + vowel for vowel in _AZ_FINAL_VOWELS)]
        return [key]

    def _from(self, lemma: str, language: str, agrees: Agreement | None) -> list[Translation]:
        if language == "en":
            return self._from_english({lemma: 1.0}, agrees, via=False)
        key = (language, lemma)
        english = dict(zip(self._senses[key], self._sense_weights(key), strict=True))
        out = [
            Translation(term=sense.replace(" ", "-"), language="en", confidence=weight)
            for sense, weight in english.items()
            if not _stop(sense.replace("-", " "), "en")
        ]
        pivots = {s.replace("-", " "): w for s, w in english.items()}
        others = self._from_english(pivots, agrees, via=True)
        return out + [t for t in others if t.language != language]

    def _from_english(
        self, pivots: dict[str, float], agrees: Agreement | None, *, via: bool
    ) -> list[Translation]:
        """Words whose senses include the English pivots, weighted as the module says."""
        weights: dict[tuple[str, str], float] = {}
        through: dict[tuple[str, str], tuple[float, str]] = {}
        for pivot, pivot_weight in pivots.items():
            for target in self._targets_of(pivot):
                senses = self._senses[target]
                position = [s.replace("-", " ") for s in senses].index(pivot)
                weight = pivot_weight * self._sense_weights(target)[position]
                written = target[1].replace(" ", "-")
                if agrees is not None and agrees(pivot, written, target[0]):
                    weight *= AGREEMENT_FACTOR
                if weight > through.get(target, (0.0, ""))[0]:
                    through[target] = (weight, pivot)
                weights[target] = weights.get(target, 0.0) + weight
        return [
            Translation(
                term=target[1].replace(" ", "-"),
                language=target[0],
                confidence=min(weight, 1.0),
                via=through[target][1] if via else "",
            )
            for target, weight in weights.items()
            if not _stop(target[1], target[0])
        ]


def _keep(found: dict[tuple[str, str], Translation], new: Iterable[Translation]) -> None:
    """Add translations to ``found``, keeping the more confident of two for the same term."""
    for translation in new:
        key = (translation.language, translation.term)
        if key not in found or found[key].confidence < translation.confidence:
            found[key] = translation


def _azerbaijani_cognates(
    translations: Iterable[Translation], present: Presence
) -> list[Translation]:
    """The Russian words transliterated into Azerbaijani where the collection has them
    (``фермер`` → ``fermer``, ``реклама`` → ``reklama``, stemmed as ``reklam``): loanwords
    from or through Russian the Azerbaijani lexicon is too small to hold."""
    out = []
    for translation in list(translations):
        if translation.language != "ru":
            continue
        latin = az_cyrillic_to_latin(translation.term)
        if not _CYRILLIC.search(latin) and present(latin, "az"):
            confidence = translation.confidence * COGNATE_WEIGHT
            out.append(Translation(latin, "az", confidence, translation.term))
    return out


def _stop(key: str, language: str) -> bool:
    """Whether a key is a stop word, or a unit of stop words only (never translated)."""
    return all(word in stopwords(language) for word in key.split())


_NAME_TAGS = ("Geox", "Name", "Surn", "Patr", "Orgn", "Trad")
"""pymorphy3's grammemes of proper names: of places, people and organisations."""


@lru_cache(maxsize=20_000)
def _read_as_name(language: str, word: str) -> bool:
    """Whether pymorphy3 reads ``word`` (an Azerbaijani one in Cyrillic letters) most likely as
    a name (``перу``, ``peru``, ``дания``; ``ном`` and ``чад``, read otherwise first, are not),
    or, a Russian word, does not know it at all (``гоа``: Wiktionary's words it lacks glossed
    by a category are names). Azerbaijani words it does not know (most) are kept."""
    if language == "en" or " " in word:
        return False
    parses = readings(word if language == "ru" else az_latin_to_cyrillic(word))
    if all("UNKN" in parse.tag for parse in parses):
        return language == "ru"
    named = sum(parse.score for parse in parses if any(tag in parse.tag for tag in _NAME_TAGS))
    return named >= 0.5


def _best(scores: dict[Translation, float], per_language: int) -> list[Translation]:
    """Per language: the best scored first, those far below the best and beyond the cap left
    out."""
    out: list[Translation] = []
    for language in LANGUAGES:
        own = sorted(
            (t for t in scores if t.language == language),
            key=lambda t: (-scores[t], len(t.term), t.term),
        )
        if own:
            floor = scores[own[0]] * KEEP_SHARE
            out += [t for t in own if scores[t] >= floor][:per_language]
    return out


def _english_lemmas(key: str) -> list[str]:
    """``key`` and what it may be inflected from: ``refugees`` → ``refugee``, ``arrested`` →
    ``arrest``; only the last word of a unit is inflected."""
    head, _, last = key.rpartition(" ")
    prefix = head + " " if head else ""
    candidates = [key]
    for ending, replacement in _EN_ENDINGS:
        if last.endswith(ending) and len(last) > len(ending) + 2:
            candidates.append(prefix + last[: -len(ending)] + replacement)
    return candidates


@lru_cache(maxsize=20_000)
def _russian_lemmas(word: str) -> tuple[str, ...]:
    """pymorphy3's normal forms of ``word``, likeliest first, ``ё`` written ``е`` (``рака`` is
    first the genitive of ``рак``, cancer, and only then ``рака``, a shrine)."""
    lemmas: list[str] = []
    for parse in readings(word):
        lemma = parse.normal_form.replace("ё", "е")
        if lemma not in lemmas:
            lemmas.append(lemma)
    return tuple(lemmas)


def read_entries(text: str) -> Iterable[Entry]:
    """The (language, word, English senses) lines of the data file's text."""
    for line in text.splitlines():
        if line and not line.startswith("#"):
            language, word, english = line.split("\t")
            yield language, word, tuple(english.split("|"))


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """The shipped lexicon (Wiktionary's pairs and the Azerbaijani words' Turkish cognates),
    read once per process on first use."""
    data = resources.files("coi.lang").joinpath("data")
    wiktionary = data.joinpath("lexicon.tsv").read_text("utf-8")
    cognates = data.joinpath("lexicon-az-via-tr.tsv").read_text("utf-8")
    return Lexicon(read_entries(wiktionary), read_entries(cognates))
