"""Extraction throughput and memory on the real HTML pages and PDFs of the shared corpus.

Usage: ``python bench/extract.py [--repeat 3]``

Runs ``crawler.extract.extract`` over the OVD-Info report pages (HTML with navigation and
scripts) and their PDF editions (Cyrillic text layer), each file ``--repeat`` times, and prints
documents/s, MB/s (of input), the median time per document, the largest text extracted and the
peak RSS of this process.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coi.models import Fetched  # noqa: E402
from crawler.extract import extract  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "ovdinfo-reports"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{'kind':>5} {'files':>6} {'MB':>6} {'docs/s':>7} {'MB/s':>6} {'median s':>9} {'chars':>9}"
    )
    for kind, pattern, content_type in (
        ("html", "*/*/index.html", "text/html"),
        ("pdf", "*/*/report.pdf", "application/pdf"),
    ):
        files = sorted(CORPUS.glob(pattern))
        bodies = [path.read_bytes() for path in files]
        times, largest = [], 0
        for _ in range(args.repeat):
            for path, body in zip(files, bodies, strict=True):
                fetched = Fetched(
                    url=f"https://ovd.info/{path.parent.name}",
                    status=200,
                    content_type=content_type,
                    body=body,
                    retrieved=datetime.now(UTC),
                )
                started = time.perf_counter()
                extracted = extract(fetched)
                times.append(time.perf_counter() - started)
                largest = max(largest, len(extracted.text))
        megabytes = sum(len(b) for b in bodies) * args.repeat / 1e6
        total = sum(times)
        print(
            f"{kind:>5} {len(files):>6} {megabytes / args.repeat:>6.1f} {len(times) / total:>7.2f} "
            f"{megabytes / total:>6.2f} {statistics.median(times):>9.2f} {largest:>9}"
        )
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
