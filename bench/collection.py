"""Generate benchmark collections by recombining real paragraphs from the shared corpus.

Documents of about 3,000 words in az, ru and en are assembled from real paragraphs (NTREX-128
news, OVD-Info reports, FLORES sentences), with realistic metadata: 60 countries, 30 topics
(1-3 per document), 3 languages, 200 sources, 20 years. The same seed gives the same
collection, so two builds in one run index exactly the same text.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

from coi.models import Enrichment, Extracted, Fetched
from coi.store import Store
from coi.taxonomy.topics import all_topics

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
LANGUAGES = ("ru", "en", "az")
LANGUAGE_WEIGHTS = (0.45, 0.35, 0.20)
COUNTRIES = tuple(
    [
        "AZE",
        "ARM",
        "GEO",
        "RUS",
        "UKR",
        "BLR",
        "KAZ",
        "UZB",
        "TJK",
        "KGZ",
        "TKM",
        "AFG",
        "IRN",
        "IRQ",
        "SYR",
        "TUR",
        "PAK",
        "IND",
        "CHN",
        "MDA",
        "ERI",
        "ETH",
        "SOM",
        "SDN",
        "NGA",
        "COD",
        "LBY",
        "EGY",
        "YEM",
        "LBN",
        "PSE",
        "JOR",
        "SAU",
        "VEN",
        "COL",
        "CUB",
        "HTI",
        "MEX",
        "GTM",
        "HND",
        "SLV",
        "NIC",
        "ALB",
        "SRB",
        "BIH",
        "XKX",
        "MKD",
        "MNE",
        "BGD",
        "LKA",
        "NPL",
        "MMR",
        "VNM",
        "PRK",
        "IDN",
        "PHL",
        "MAR",
        "DZA",
        "TUN",
        "MLI",
    ]
)
TOPICS = tuple(topic.slug for topic in all_topics())
SOURCES = tuple(f"source-{n:03d}" for n in range(200))
DOC_TYPES = ("report", "news", "press-release", "legislation", "query-response", "statistics")


@dataclass(frozen=True)
class BenchDocument:
    """One generated document."""

    number: int
    language: str
    title: str
    text: str
    countries: tuple[str, ...]
    topics: tuple[str, ...]
    source: str
    doc_type: str
    published: date


@lru_cache(maxsize=4)
def paragraphs(language: str) -> tuple[str, ...]:
    """Real paragraphs of one language from the corpus."""
    found: list[str] = []
    ntrex = {"az": "aze-Latn", "ru": "rus", "en": "eng-US"}[language]
    found += (CORPUS / "ntrex128" / f"newstest2019-ref.{ntrex}.txt").read_text().splitlines()
    flores = {"az": "azj_Latn", "ru": "rus_Cyrl", "en": "eng_Latn"}[language]
    for split in ("train", "dev", "test"):
        lines = (CORPUS / "flores-sib200" / "annotated" / flores / f"{split}.tsv").read_text()
        found += [line.split("\t")[-1] for line in lines.splitlines()[1:]]
    if language in ("ru", "en"):
        suffix = "-en.md" if language == "en" else ".md"
        for post in sorted((CORPUS / "ovdinfo-reports" / "_posts").glob("*.md")):
            if post.name.endswith("-en.md") == (language == "en") and post.name.endswith(suffix):
                found += [p for p in post.read_text().split("\n\n") if len(p) > 80]
    return tuple(p.strip() for p in found if len(p.split()) >= 5)


def generate(count: int, *, seed: int = 7, words: int = 3000) -> Iterator[BenchDocument]:
    """``count`` documents of about ``words`` words each."""
    rng = random.Random(seed)
    for number in range(count):
        language = rng.choices(LANGUAGES, LANGUAGE_WEIGHTS)[0]
        pool = paragraphs(language)
        parts: list[str] = []
        total = 0
        target = max(300, int(rng.gauss(words, words * 0.25)))
        while total < target:
            paragraph = rng.choice(pool)
            parts.append(paragraph)
            total += len(paragraph.split())
        yield BenchDocument(
            number=number,
            language=language,
            title=" ".join(parts[0].split()[:12]),
            text="\n\n".join(parts),
            countries=tuple(rng.sample(COUNTRIES[: rng.choice((10, 30, 60))], rng.randint(1, 3))),
            topics=tuple(rng.sample(TOPICS, rng.randint(1, 3))),
            source=rng.choice(SOURCES),
            doc_type=rng.choice(DOC_TYPES),
            published=date(2006 + rng.randrange(20), rng.randint(1, 12), rng.randint(1, 28)),
        )


def queries(count: int = 200, *, seed: int = 11) -> list[str]:
    """Varied queries: one to three real words of the three languages, some phrases."""
    rng = random.Random(seed)
    vocab: dict[str, list[str]] = {}
    for language in LANGUAGES:
        words = [
            w.strip('.,:;«»"()').lower() for p in paragraphs(language)[:3000] for w in p.split()
        ]
        vocab[language] = [w for w in words if len(w) > 4 and w.isalpha()]
    out = []
    for n in range(count):
        words = vocab[LANGUAGES[n % 3]]
        size = rng.choice((1, 1, 2, 2, 3))
        picked = [rng.choice(words) for _ in range(size)]
        out.append(f'"{" ".join(picked)}"' if size == 2 and n % 10 == 0 else " ".join(picked))
    return out


RETRIEVED = datetime(2025, 1, 1, tzinfo=UTC)
"""When a generated document counts as crawled, unless a bench says otherwise."""


def save_document(
    store: Store,
    doc: BenchDocument,
    *,
    url: str,
    text: str | None = None,
    title: str | None = None,
    retrieved: datetime = RETRIEVED,
) -> None:
    """Save ``doc`` into ``store`` as a crawl of ``url`` would, its tags as the enrichment
    (``text`` and ``title`` in place of its own where a bench changes them)."""
    text = doc.text if text is None else text
    store.save_fetch(
        source=doc.source,
        fetched=Fetched(
            url=url,
            status=200,
            content_type="text/plain",
            body=text.encode(),
            retrieved=retrieved,
        ),
        extracted=Extracted(
            title=doc.title if title is None else title, text=text, published=doc.published
        ),
        enrichment=Enrichment(
            language=doc.language,
            language_shares={doc.language: 1.0},
            countries=doc.countries,
            topics=doc.topics,
            doc_type=doc.doc_type,
        ),
    )
