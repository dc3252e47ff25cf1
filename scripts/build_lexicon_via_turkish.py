"""Derive Azerbaijani–English pairs through Turkish (``coi/lang/data/lexicon-az-via-tr.tsv``).

Usage: ``python scripts/build_lexicon_via_turkish.py TR-EN.ALL [--out FILE]``

Wiktionary's Azerbaijani–English pairs are few (5,700 words); its Turkish–English pairs are about
twice as many, and Turkish and Azerbaijani share most of their vocabulary with regular spelling
differences (Turkish ``kaza``, accident, is Azerbaijani ``qəza``; ``aşı``, vaccine, is ``aşı``).
This script spells each Turkish word the ways Azerbaijani may spell it (:data:`CORRESPONDENCES`,
``-mak``/``-mek`` → ``-maq``/``-mək``) and keeps the spellings coi's Azerbaijani word list
(``data/az-lexicon.txt``, 69,000 lemmas) has, fewest changes first: a cognate only, never a
guessed word. A word may also be in the Wiktionary lexicon (``data/lexicon.tsv``): coi adds the
cognate's senses to its own at lower weight, for Wiktionary often gives an Azerbaijani word only
an old sense (``qəza``: fate); a cognate can also be a false friend (Turkish ``kalem`` is a pen,
Azerbaijani ``kələm`` a cabbage), which the lower weight keeps behind the word's own senses.
Left out:

- words and translations with anything but letters, hyphens and apostrophes, English stop
  words and Azerbaijani stop words, as ``scripts/build_lexicon.py`` does;
- Turkish words with too many spellings to try (:data:`MAX_SPELLINGS`).

The input is ``final/tr-en.all`` of mikeizbicki/wiktionary_bli (commit a75387f3, CC BY-SA 3.0,
from English Wiktionary). The output has the format of ``lexicon.tsv``; the same input always
gives the same file byte for byte. coi reads these words at lower confidence than Wiktionary's
own pairs (``coi.lang.lexicon.COGNATE_WEIGHT``).
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coi.lang import fold_case, normalize, stopwords  # noqa: E402
from coi.lang.stem_az import lexicon as azerbaijani_words  # noqa: E402

MAX_SPELLINGS = 4096
"""A Turkish word with more Azerbaijani spellings than this is left out (none of the input's
ordinary words comes near it)."""
_BACK_VOWELS = frozenset("aıou")
_TURKISH = re.compile(r"^[a-zçğıöşü]+(?:['-][a-zçğıöşü]+)*$")
_ENGLISH = re.compile(r"^[a-z]+(?:['-][a-z]+)*$")
_INFINITIVES = {"mak": "maq", "mek": "mək"}
HEADER = """\
# coi bilingual lexicon, second source: Azerbaijani words with their English translations
# through their Turkish cognates (Turkish kaza, accident -> Azerbaijani qəza).
# Source: English Wiktionary (https://en.wiktionary.org), Turkish-English pairs, as extracted
# by mikeizbicki/wiktionary_bli (GitHub), file final/tr-en.all, commit
# a75387f3acb839fa8a26b983b8e382925420c9bc; an Azerbaijani spelling is kept only where the
# word list words.txt of aznlp-disc/stemmer (MIT, (c) 2018 AzerbaijaniNLP Research Group) has it.
# Licence: CC BY-SA 3.0 (https://creativecommons.org/licenses/by-sa/3.0/), as Wiktionary's text;
# this derived file is shared under the same licence (see lexicon.LICENSE.txt beside it).
# Built by scripts/build_lexicon_via_turkish.py (see its docstring for the spelling rules and
# what was left out). Format: LANG<TAB>WORD<TAB>ENGLISH|ENGLISH|... as in lexicon.tsv.
"""


def spellings(turkish: str) -> list[tuple[str, ...]]:
    """Per letter of a Turkish word, the letters Azerbaijani may write for it.

    The correspondences are the regular ones of the two spellings: e is e or ə; a is a or ə
    (Arabic and Persian loans: kalem → qələm); k is q by a back vowel and at the start of a
    word before one, and x, q or ğ at the end after one (çok → çox, ak → ağ); g is q before a
    back vowel (gaz → qaz); h is h or x (hasta → xəstə); a first t is t or d (taş → daş).
    """
    options: list[tuple[str, ...]] = []
    for i, letter in enumerate(turkish):
        before = turkish[i - 1] if i else ""
        after = turkish[i + 1] if i + 1 < len(turkish) else ""
        if letter == "e":
            options.append(("e", "ə"))
        elif letter == "a":
            options.append(("a", "ə"))
        elif letter == "k":
            choices = ["k"]
            if after in _BACK_VOWELS:
                choices.append("q")
            if not after and before in _BACK_VOWELS:
                choices += ["q", "x", "ğ"]
            options.append(tuple(dict.fromkeys(choices)))
        elif letter == "g" and after in _BACK_VOWELS:
            options.append(("g", "q"))
        elif letter == "h":
            options.append(("h", "x"))
        elif letter == "t" and i == 0:
            options.append(("t", "d"))
        else:
            options.append((letter,))
    return options


def cognates(turkish: str, known: frozenset[str]) -> list[str]:
    """The Azerbaijani spellings of ``turkish`` that ``known`` has, those with the fewest
    changed letters only (``kaza`` → ``qəza``); none when there are too many to try."""
    stem, ending = turkish, ""
    if turkish[-3:] in _INFINITIVES and len(turkish) > 4:
        stem, ending = turkish[:-3], _INFINITIVES[turkish[-3:]]
    options = spellings(stem)
    count = 1
    for choices in options:
        count *= len(choices)
    if count > MAX_SPELLINGS:
        return []
    found: list[tuple[int, str]] = []
    for letters in itertools.product(*options):
        spelling = "".join(letters) + ending
        if spelling in known:
            found.append((sum(a != b for a, b in zip(stem, letters, strict=True)), spelling))
    fewest = min((changes for changes, _ in found), default=0)
    return [spelling for changes, spelling in found if changes == fewest]


def read_turkish(text: str) -> dict[str, list[str]]:
    """Turkish word -> English translations of the input, in its order, cleaned as the module
    docstring says."""
    english_stop = stopwords("en")
    words: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "\t" not in line:
            continue
        raw_word, raw_english = line.split("\t", 1)
        word = fold_case(normalize(raw_word.strip(), "az"), "az")
        english = fold_case(normalize(raw_english.strip(), "en"), "en")
        if not _TURKISH.match(word) or not _ENGLISH.match(english) or english in english_stop:
            continue
        translations = words.setdefault(word, [])
        if english not in translations:
            translations.append(english)
    return words


def through_turkish(turkish: dict[str, list[str]], known: frozenset[str]) -> dict[str, list[str]]:
    """Azerbaijani word of ``known`` -> English translations of its Turkish cognates."""
    own_stop = stopwords("az")
    words: dict[str, list[str]] = {}
    for word, english in turkish.items():
        for spelling in cognates(word, known):
            if spelling in own_stop:
                continue
            translations = words.setdefault(spelling, [])
            translations += [e for e in english if e not in translations]
    return words


def render(words: dict[str, list[str]]) -> str:
    """The data file's text: header, then one line per Azerbaijani word."""
    lines = [HEADER.rstrip("\n")]
    lines += [f"az\t{word}\t{'|'.join(english)}" for word, english in words.items()]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("turkish", type=Path, help="final/tr-en.all of wiktionary_bli")
    data = ROOT / "coi" / "lang" / "data"
    parser.add_argument("--out", type=Path, default=data / "lexicon-az-via-tr.tsv")
    args = parser.parse_args()
    turkish = read_turkish(args.turkish.read_text("utf-8"))
    words = through_turkish(turkish, azerbaijani_words())
    args.out.write_text(render(words), "utf-8")
    pairs = sum(len(english) for english in words.values())
    print(f"az: {len(words)} words, {pairs} pairs, from {len(turkish)} Turkish words")
    print(f"written to {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
