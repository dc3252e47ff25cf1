"""Publication dates and listing pages on a labelled set: invented dates, true dates found,
listing-page precision and recall (issue 18).

Usage: ``python bench/dates.py``

The set (``bench/dates/labels.json``) is the test site's pages, the mirror of a government
migration service among them (dates in metadata, in a ``<time>``, in a dateline, in the URL,
or nowhere but a footer's "© 2025"; a section index, about, contacts and e-services pages),
and the shared corpus's OVD-Info reports, HTML and PDF. coi's extraction is measured against
the baseline of the same run: trafilatura's metadata date (htmldate), which coi used before.

A date is *invented* when the page states none or another one. A PDF's own date fields are
counted apart: coi shows them labelled as the file's date, never as a stated publication date.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import trafilatura  # noqa: E402
from sitesrv import render  # noqa: E402

from coi.models import Extracted, Fetched  # noqa: E402
from crawler.extract import extract  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "ovdinfo-reports"
SITE = ROOT / "tests" / "site"
LABELS = Path(__file__).resolve().parent / "dates" / "labels.json"
RETRIEVED = datetime(2026, 12, 1, tzinfo=UTC)


@dataclass
class Tally:
    """Counts of one method over the set."""

    stated: int = 0
    found: int = 0
    invented: int = 0
    undated_pages: int = 0
    file_dates: int = 0

    def line(self, name: str) -> str:
        pages = self.stated + self.undated_pages
        return (
            f"{name:<28} invented {self.invented:>2}/{pages} ({self.invented / pages:.0%})  "
            f"true dates found {self.found:>2}/{self.stated} ({self.found / self.stated:.0%})  "
            f"file dates (labelled) {self.file_dates}"
        )


def pages() -> list[tuple[str, str, bytes, str, dict[str, object]]]:
    """(name, url, body, content type, label) of every labelled page present."""
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    out = []
    for name, label in labels["site"].items():
        body = render((SITE / name).read_text(encoding="utf-8"))
        out.append((name, f"http://127.0.0.1:8000/{name}", body, "text/html", label))
    if not CORPUS.is_dir():
        print(f"(the shared corpus is not at {CORPUS}: OVD-Info left out)")
        return out
    for name, label in labels["corpus"].items():
        kind = "application/pdf" if name.endswith(".pdf") else "text/html"
        body = (CORPUS / name).read_bytes()
        out.append((name, f"https://reports.ovdinfo.org/{name}", body, kind, label))
    return out


def coi_date(extracted: Extracted) -> tuple[date | None, str | None]:
    return extracted.published, extracted.published_from


def baseline_date(body: bytes, content_type: str, extracted: Extracted) -> date | None:
    """What coi stored before: trafilatura's date for HTML, ``/CreationDate`` for a PDF."""
    if content_type == "application/pdf":
        return extracted.published if extracted.published_from == "file" else None
    metadata = trafilatura.extract_metadata(body.decode("utf-8", "replace"))
    try:
        return date.fromisoformat(metadata.date[:10]) if metadata and metadata.date else None
    except ValueError:
        return None


def count(tally: Tally, truth: date | None, found: date | None, file_date: bool) -> None:
    if truth is not None:
        tally.stated += 1
        tally.found += found == truth
    else:
        tally.undated_pages += 1
    if file_date and found is not None:
        tally.file_dates += 1
    elif found is not None and found != truth:
        tally.invented += 1


def main() -> None:
    ours, before = Tally(), Tally()
    listing = {"tp": 0, "fp": 0, "fn": 0}
    wrong: list[str] = []
    for name, url, body, content_type, label in pages():
        fetched = Fetched(
            url=url, status=200, content_type=content_type, body=body, retrieved=RETRIEVED
        )
        extracted = extract(fetched)
        truth = date.fromisoformat(str(label["published"])) if label["published"] else None
        found, source = coi_date(extracted)
        count(ours, truth, found, source == "file")
        count(before, truth, baseline_date(body, content_type, extracted), False)
        if found != truth and source != "file":
            wrong.append(f"  {name}: {found} from {source}, states {truth}")
        predicted, actual = extracted.declared_type == "listing", bool(label["listing"])
        key = "tp" if predicted and actual else "fp" if predicted else "fn" if actual else ""
        if key:
            listing[key] += 1
        if predicted != actual:
            wrong.append(f"  {name}: listing {predicted}, labelled {actual}")
    print(ours.line("coi (crawler.dates)"))
    print(before.line("baseline (trafilatura/htmldate)"))
    tp, fp, fn = listing["tp"], listing["fp"], listing["fn"]
    print(
        f"listing pages: precision {tp}/{tp + fp} ({tp / max(tp + fp, 1):.0%}), "
        f"recall {tp}/{tp + fn} ({tp / max(tp + fn, 1):.0%})"
    )
    if wrong:
        print("errors:\n" + "\n".join(wrong))


if __name__ == "__main__":
    main()
