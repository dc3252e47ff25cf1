"""Derive coi's bilingual lexicon (``coi/lang/data/lexicon.tsv``) from the Wiktionary word lists.

Usage: ``python scripts/build_lexicon.py CORPUS/wiktionary-bli [--out coi/lang/data/lexicon.tsv]``

The input is the ``az-en.all`` and ``ru-en.all`` files of mikeizbicki/wiktionary_bli (one
``WORD<TAB>ENGLISH`` pair a line, extracted from English Wiktionary; CC BY-SA 3.0). The output
holds one line per Azerbaijani or Russian word: ``LANG<TAB>WORD<TAB>ENGLISH|ENGLISH|...``, its
English translations in the source's order with repeats dropped. Left out, so the file holds
only what a query can use:

- words and translations with anything but letters, hyphens and apostrophes (``1-ый``,
  ``α-частица``, the few Arabic-script Azerbaijani entries);
- translations that are English stop words (``его`` → his, its, him), and words that are stop
  words of their own language: a stop word is never translated;
- a word left with no translation.

Words are case-folded as coi folds them (Turkic I for Azerbaijani). The same input always gives
the same file byte for byte.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coi.lang import fold_case, normalize, stopwords  # noqa: E402

SOURCES = {"az": "az-en.all", "ru": "ru-en.all"}
SCRIPT = {
    "az": re.compile(r"^[a-zçğıöşüə]+(?:['-][a-zçğıöşüə]+)*$"),
    "ru": re.compile(r"^[а-яё]+(?:-[а-яё]+)*$"),
    "en": re.compile(r"^[a-z]+(?:['-][a-z]+)*$"),
}
HEADER = """\
# coi bilingual lexicon: Azerbaijani-English and Russian-English word pairs.
# Source: English Wiktionary (https://en.wiktionary.org), translation sections and definitions,
# as extracted by mikeizbicki/wiktionary_bli (GitHub), folder final/, files az-en.all and
# ru-en.all, commit a75387f3acb839fa8a26b983b8e382925420c9bc ("Aligning Word Vectors on
# Low-Resource Languages with Wiktionary").
# Licence: CC BY-SA 3.0 (https://creativecommons.org/licenses/by-sa/3.0/), as Wiktionary's text.
# This file is a derived work of those pairs and is shared under the same licence (see
# lexicon.LICENSE.txt beside it); the rest of coi keeps its own licence. Built by
# scripts/build_lexicon.py (see its docstring for what was left out).
# Format: LANG<TAB>WORD<TAB>ENGLISH|ENGLISH|... (translations in the source's order).
"""


def read_pairs(path: Path, lang: str) -> dict[str, list[str]]:
    """Word -> English translations of one source file, cleaned as the module docstring says."""
    english_stop = stopwords("en")
    own_stop = stopwords(lang)
    words: dict[str, list[str]] = {}
    for line in path.read_text("utf-8").splitlines():
        if "\t" not in line:
            continue
        raw_word, raw_english = line.split("\t", 1)
        word = fold_case(normalize(raw_word.strip(), lang), lang)
        english = fold_case(normalize(raw_english.strip(), "en"), "en")
        if not SCRIPT[lang].match(word) or not SCRIPT["en"].match(english):
            continue
        if word in own_stop or english in english_stop:
            continue
        translations = words.setdefault(word, [])
        if english not in translations:
            translations.append(english)
    return words


def render(lexicons: dict[str, dict[str, list[str]]]) -> str:
    """The data file's text: header, then one line per word, languages in a fixed order."""
    lines = [HEADER.rstrip("\n")]
    for lang in sorted(lexicons):
        for word, translations in lexicons[lang].items():
            lines.append(f"{lang}\t{word}\t{'|'.join(translations)}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the wiktionary-bli folder")
    parser.add_argument("--out", type=Path, default=ROOT / "coi" / "lang" / "data" / "lexicon.tsv")
    args = parser.parse_args()
    lexicons = {lang: read_pairs(args.corpus / name, lang) for lang, name in SOURCES.items()}
    args.out.write_text(render(lexicons), "utf-8")
    for lang, words in sorted(lexicons.items()):
        pairs = sum(len(t) for t in words.values())
        print(f"{lang}: {len(words)} words, {pairs} pairs")
    print(f"written to {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
