"""A larger index for query benchmarks: an existing index's segments, copied N times.

Usage: ``python bench/replicate.py --work DIR --size 10000 --copies 10`` after
``bench/index.py --sizes 10000 --work DIR``; writes ``DIR/100000/index`` and
``DIR/100000/baseline`` for ``bench/search.py --sizes 100000 --work DIR``.

Building 100,000 documents of 3,000 words takes hours for coi's index and for the baseline (the
measured notes: a plain Whoosh rebuild of 100,000 documents takes over 40 minutes on a quiet
machine, and these machines are shared). Query cost depends on the segments a query visits and
on the postings it reads, both of which copying reproduces: ten copies of a 10,000-document index
have ten times the postings, ten times the segments and the same term statistics. Every document
appears ten times, under the same id, so results repeat; latency, not relevance, is what this
collection is for. Both indexes are copied the same way, so the ratio is a fair one.
"""

from __future__ import annotations

import argparse
import copy
import shutil
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC


def replicate(source: Path, target: Path, copies: int) -> int:
    """Write at ``target`` an index listing every segment of ``source`` ``copies`` times.

    A segment's files name their segment inside them, so a copy cannot be renamed; the table
    of contents lists each segment ``copies`` times instead, and each listing is opened and
    read as a segment of its own, exactly like a distinct one.
    """
    ix = whoosh_index.open_dir(source)
    segments = ix._segments()
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    storage = FileStorage(str(source))
    for segment in segments:
        for name in segment.list_files(storage) or [segment.make_filename(".seg")]:
            shutil.copyfile(source / name, target / name)
    listed = [copy.copy(segment) for _ in range(copies) for segment in segments]
    TOC(ix.schema, listed, 0).write(FileStorage(str(target)), ix.indexname)
    ix.close()
    return len(listed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", default="/tmp/coi-bench-index")
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--copies", type=int, default=10)
    args = parser.parse_args()
    work = Path(args.work)
    for name in ("index", "baseline"):
        source = work / str(args.size) / name
        target = work / str(args.size * args.copies) / name
        count = replicate(source, target, args.copies)
        print(f"{target}: {count} segments")


if __name__ == "__main__":
    main()
