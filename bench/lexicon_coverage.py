"""How many held-out Azerbaijani words query translation finds the right English for.

Usage: ``python bench/lexicon_coverage.py``

The shipped Wiktionary lexicon is built from all of ``az-en.all``, its test split included, so
it cannot be scored on that split. Here a lexicon is built the same way
(``scripts/build_lexicon.py``) from ``az-en.all`` of the shared corpus (``wiktionary-bli``) less
every word of ``az-en.test``, and each word of ``az-en.test`` is translated through it, with and
without the shipped Turkish cognates (``coi/lang/data/lexicon-az-via-tr.tsv``, which owes
nothing to the Azerbaijani pairs). Printed per lexicon: the share of test words with any
English translation, and the share whose translations (at most three, as a search uses) hold
one of the test's own.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "scripts")]

from build_lexicon import read_pairs  # noqa: E402
from corpus import CORPUS  # noqa: E402

from coi.lang.lexicon import Entry, Lexicon, read_entries  # noqa: E402

COGNATES = ROOT / "coi" / "lang" / "data" / "lexicon-az-via-tr.tsv"


def gold(path: Path) -> dict[str, set[str]]:
    """Test word -> its English translations."""
    words: dict[str, set[str]] = {}
    for line in path.read_text("utf-8").splitlines():
        word, _, english = line.partition("\t")
        words.setdefault(word.strip(), set()).add(english.strip().lower())
    return words


def score(lexicon: Lexicon, test: dict[str, set[str]]) -> tuple[float, float]:
    """(share of test words translated at all, share translated with a right English word)."""
    translated = right = 0
    for word, english in test.items():
        found = {t.term.replace("-", " ") for t in lexicon.translate(word) if t.language == "en"}
        translated += bool(found)
        right += bool(found & english)
    return translated / len(test), right / len(test)


def main() -> None:
    folder = CORPUS / "wiktionary-bli"
    test = gold(folder / "az-en.test")
    train: list[Entry] = [
        ("az", word, tuple(english))
        for word, english in read_pairs(folder / "az-en.all", "az").items()
        if word not in test
    ]
    cognates = list(read_entries(COGNATES.read_text("utf-8")))
    print(f"{len(test)} test words; train lexicon {len(train)} words; cognates {len(cognates)}")
    print(f"{'lexicon':>28}  translated  right")
    for name, lexicon in (
        ("wiktionary train", Lexicon(train)),
        ("wiktionary train + cognates", Lexicon(train, cognates)),
        ("cognates alone", Lexicon([], cognates)),
    ):
        translated, right = score(lexicon, test)
        print(f"{name:>28}  {translated:10.3f}  {right:5.3f}")


if __name__ == "__main__":
    main()
