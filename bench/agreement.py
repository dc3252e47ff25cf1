"""How far two judges agree on tags, beside how far the tagger agrees with each (issue #5).

Usage: ``python bench/agreement.py [--json]``

Reads the 40 NTREX-128 articles that ``bench/tagging/second-judge.toml`` judged a second time
and compares, per facet (countries the article is about, COI topics), three pairs on their
English texts: the second judge against the first (``bench/tagging/labels.toml``), the tagger
against the first, and the tagger against the second. Precision and recall are micro-averaged
with the first-named side as the reference. Two readers who disagree this much set the ceiling
of what precision and recall against either of them can mean: a tagger cannot be held to
agree with one judge more closely than another careful judge does.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tagging as bench

from coi.taxonomy.tagging import tag

SECOND_JUDGE = bench.ROOT / "bench" / "tagging" / "second-judge.toml"


def agreement(pairs: list[tuple[set[str], set[str]]]) -> bench.Count:
    """Micro-averaged agreement of ``(reference, other)`` tag sets, counted as the tagging
    benchmark counts (``other`` in the tagger's place)."""
    return bench.Count(
        tp=sum(len(reference & other) for reference, other in pairs),
        fp=sum(len(other - reference) for reference, other in pairs),
        fn=sum(len(reference - other) for reference, other in pairs),
    )


def run() -> dict[str, dict[str, bench.Count]]:
    """Per facet, the three comparisons (see the module docstring)."""
    first = {entry["id"]: entry for entry in bench.load_labels()}
    second = tomllib.loads(SECOND_JUDGE.read_text("utf-8"))["document"]
    tagged = {}
    for entry in second:
        title, text = bench.resolve(entry["id"], "en")
        tags = tag(title, text, "en")
        tagged[entry["id"]] = {"countries": set(tags.countries), "topics": set(tags.topics)}
    figures = {}
    for facet in bench.FACETS:
        judged = [
            (set(first[entry["id"]][facet]), set(entry[facet]), tagged[entry["id"]][facet])
            for entry in second
        ]
        figures[facet] = {
            "second judge vs first": agreement([(one, two) for one, two, _ in judged]),
            "tagger vs first": agreement([(one, got) for one, _, got in judged]),
            "tagger vs second": agreement([(two, got) for _, two, got in judged]),
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    figures = run()
    if parser.parse_args().json:
        table = {
            facet: {pair: {**asdict(a), "precision": a.precision, "recall": a.recall}
                    for pair, a in pairs.items()}
            for facet, pairs in figures.items()
        }  # fmt: skip
        print(json.dumps(table, indent=2))
        return
    print("NTREX-128 articles judged twice, English texts; the first-named side is the reference")
    for facet, pairs in figures.items():
        print(f"\n{facet:<27} precision  recall    TP    FP    FN")
        for pair, a in pairs.items():
            print(
                f"  {pair:<24} {a.precision:>8.3f} {a.recall:>7.3f} {a.tp:>5} {a.fp:>5} {a.fn:>5}"
            )


if __name__ == "__main__":
    main()
