"""Memory a large HTML page costs to extract, against its size.

Usage: ``python bench/large_page.py [--sizes 1,2,8.7] [--baseline-sizes 1,2]``

Builds pages of the given sizes (MB) from the largest OVD-Info report page of the shared corpus
(its paragraphs repeated inside its own layout, so the markup is real), and extracts each in a
fresh child process with ``crawler.extract.extract``, as the crawler does. Prints, per size, the
peak RSS the extraction added over the child's RSS with the page in memory and the modules
imported, that figure divided by the page size (the cost per byte of page), the seconds taken
and the characters of text extracted. The baseline, measured in the same run, is what coi did
before memory was bounded: trafilatura's main text and metadata on the whole page, whatever its
size (slow: about 25 s per MB, so give it the smaller sizes).
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import time
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


def child(megabytes: float, how: str) -> None:
    """Extract one page in this process; print ``size_bytes peak_added_bytes seconds chars``."""
    from datetime import UTC, datetime

    import trafilatura

    from coi.models import Fetched
    from crawler.extract import extract
    from crawler.extract_html import decode_html

    body = page_of_size(megabytes)
    fetched = Fetched(
        url="https://ovd.info/large",
        status=200,
        content_type="text/html",
        body=body,
        retrieved=datetime.now(UTC),
    )
    before = _rss_now()
    started = time.perf_counter()
    if how == "coi":
        chars = len(extract(fetched).text)
    else:  # what coi did before: trafilatura on the whole page
        markup = decode_html(body)
        text = trafilatura.extract(markup, output_format="txt", include_tables=True) or ""
        trafilatura.extract_metadata(markup)
        chars = len(text)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(len(body), max(peak - before, 0), seconds, chars)


def _rss_now() -> int:
    """Resident set size of this process now, in bytes (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,2,8.7,20", help="page sizes in MB, comma-separated")
    parser.add_argument("--baseline-sizes", default="1,2,8.7", help="sizes for the baseline")
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--how", default="coi", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        return child(args.child, args.how)
    print(f"{'how':>12} {'page MB':>8} {'added MB':>9} {'x size':>7} {'seconds':>8} {'chars':>9}")
    runs = [("coi", float(s)) for s in args.sizes.split(",") if s]
    runs += [("baseline", float(s)) for s in args.baseline_sizes.split(",") if s]
    for how, megabytes in runs:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(megabytes), "--how", how],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        size, added, seconds, chars = int(out[0]), int(out[1]), float(out[2]), int(out[3])
        print(
            f"{how:>12} {size / 1e6:>8.2f} {added / 1e6:>9.0f} {added / size:>7.0f} "
            f"{seconds:>8.1f} {chars:>9}",
            flush=True,
        )
    return None


if __name__ == "__main__":
    main()
