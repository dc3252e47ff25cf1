"""Memory a large HTML page costs to extract, against its size.

Usage: ``python bench/large_page.py [--sizes 1,4,8.7]``

Builds pages of the given sizes (MB) from the largest OVD-Info report page of the shared corpus
(its paragraphs repeated inside its own layout, so the markup is real), and extracts each in a
fresh child process with ``crawler.extract.extract``, as the crawler does. Prints, per size, the
peak RSS the extraction added over the child's RSS with the page already in memory, and that
figure divided by the page size (the cost per byte of page). The first line is the baseline: a
page of the report's own size, measured in the same run.
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus" / "ovdinfo-reports"


def page_of_size(megabytes: float) -> bytes:
    """The largest corpus report page, its paragraphs repeated to ``megabytes`` MB."""
    page = max(CORPUS.glob("**/index.html"), key=lambda p: p.stat().st_size).read_bytes()
    paragraphs = b"".join(re.findall(rb"<p[ >].*?</p>", page, flags=re.S)) or page
    head, _, tail = page.rpartition(b"</body>")
    target = int(megabytes * 1_000_000)
    body = bytearray(head)
    while len(body) + len(tail) < target:
        body += paragraphs
    return bytes(body[: target - len(tail) - 7]) + b"</body>" + tail


def child(megabytes: float) -> None:
    """Extract one page in this process and print ``size_bytes peak_added_bytes``."""
    from datetime import UTC, datetime

    from coi.errors import CoiError
    from coi.models import Fetched
    from crawler.extract import extract

    body = page_of_size(megabytes) if megabytes else max(
        CORPUS.glob("**/index.html"), key=lambda p: p.stat().st_size
    ).read_bytes()
    fetched = Fetched(
        url="https://ovd.info/large",
        status=200,
        content_type="text/html",
        body=body,
        retrieved=datetime.now(UTC),
    )
    before = _rss_now()
    try:
        chars = len(extract(fetched).text)
    except CoiError as exc:
        chars = -1
        print(f"refused: {exc}", file=sys.stderr)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(len(body), max(peak - before, 0), chars)


def _rss_now() -> int:
    """Resident set size of this process now, in bytes (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,4,8.7", help="page sizes in MB, comma-separated")
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        return child(args.child)
    print(f"{'page MB':>8} {'added MB':>9} {'x size':>7} {'chars':>9}")
    for megabytes in [0.0] + [float(s) for s in args.sizes.split(",")]:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(megabytes)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        size, added, chars = int(out[0]), int(out[1]), int(out[2])
        label = "baseline" if megabytes == 0 else ""
        print(
            f"{size / 1e6:>8.2f} {added / 1e6:>9.0f} {added / size:>7.0f} {chars:>9} {label}",
            flush=True,
        )
    return None


if __name__ == "__main__":
    main()
