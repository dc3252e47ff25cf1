"""Build a real store and a real Whoosh index from small documents written for the tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from coi.config import Config
from coi.models import Enrichment, Extracted, Fetched
from coi.store import Store, document_id_for, open_store
from indexer.build import update_index
from indexer.search import SearchEngine


@dataclass(frozen=True)
class Doc:
    """A test document: its URL tail, language, title, text and tags."""

    slug: str
    language: str
    title: str
    text: str
    countries: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    source: str = "ngo-a"
    doc_type: str = "report"
    published: date | None = None


DOCS = (
    Doc(
        "ru-refugees",
        "ru",
        "Права беженцев в Азербайджане",
        "Беженцев из Афганистана задерживают на границе. Алиев заявил о новых мерах. "
        "Правозащитники сообщают о пытках в изоляторах.",
        ("AZE",),
        ("refugees", "detention-conditions"),
        "ngo-a",
        "report",
        date(2023, 5, 2),
    ),
    Doc(
        "az-refugees",
        "az",
        "Qaçqınların hüquqları haqqında hesabat",
        "Qaçqınlar və məcburi köçkünlər haqqında illik hesabat. Əliyev bəyanat verdi. "
        "Həbsxanalarda şərait pisdir.",
        ("AZE",),
        ("refugees", "idps"),
        "gov-b",
        "report",
        date(2022, 11, 20),
    ),
    Doc(
        "en-women",
        "en",
        "Afghan Hazara women <script>alert(1)</script>",
        "Hazara women refugees in Afghanistan face detention and violence. "
        "<script>alert(1)</script> Shelters report overcrowding.",
        ("AFG",),
        ("women", "refugees"),
        "ngo-a",
        "news",
        date(2023, 1, 15),
    ),
    Doc(
        "en-prisons",
        "en",
        "Prison conditions in Azerbaijan",
        "Detention conditions in Azerbaijani prisons remain harsh; political prisoners "
        "report ill-treatment. Aliyev pardoned some journalists.",
        ("AZE",),
        ("detention-conditions", "political-opposition"),
        "gov-b",
        "report",
        date(2021, 3, 1),
    ),
    Doc(
        "ru-iran",
        "ru",
        "Положение курдов в Иране",
        "Курдские активисты в Иране подвергаются арестам. Суды выносят смертные приговоры.",
        ("IRN",),
        ("ethnic-minorities", "judiciary-fair-trial"),
        "media-c",
        "news",
        None,
    ),
    Doc(
        "en-undated",
        "en",
        "Statelessness in the South Caucasus",
        "Stateless persons in Georgia and Azerbaijan struggle to obtain documents and citizenship.",
        ("GEO", "AZE"),
        ("statelessness", "documents"),
        "media-c",
        "report",
        None,
    ),
)


def url_of(doc: Doc) -> str:
    return f"https://example.org/{doc.slug}"


def id_of(doc: Doc) -> str:
    return document_id_for(url_of(doc))


def save_doc(store: Store, doc: Doc, *, text: str | None = None, day: int = 1) -> str:
    """Store ``doc`` (optionally with other text) as fetched on 2024-01-``day``."""
    store.save_fetch(
        source=doc.source,
        fetched=Fetched(
            url=url_of(doc),
            status=200,
            content_type="text/html",
            body=f"<h1>{doc.title}</h1><p>{text or doc.text}</p>".encode(),
            retrieved=datetime(2024, 1, day, tzinfo=UTC),
        ),
        extracted=Extracted(title=doc.title, text=text or doc.text, published=doc.published),
        enrichment=Enrichment(
            language=doc.language,
            countries=doc.countries,
            topics=doc.topics,
            doc_type=doc.doc_type,
        ),
    )
    return id_of(doc)


def save_page(store: Store, url: str, text: str, *, title: str = "Report") -> str:
    """Save one crawled page of ``text`` at ``url`` (a Russian report); its document id."""
    store.save_fetch(
        source="s",
        fetched=Fetched(
            url=url,
            status=200,
            content_type="text/html",
            body=text.encode(),
            retrieved=datetime(2024, 1, 1, tzinfo=UTC),
        ),
        extracted=Extracted(title=title, text=text),
        enrichment=Enrichment(language="ru"),
    )
    return document_id_for(url)


def fill(store: Store, docs: tuple[Doc, ...] = DOCS) -> None:
    for day, doc in enumerate(docs, start=1):
        save_doc(store, doc, day=day)


def make_config(data_dir: Path, **indexer: int) -> Config:
    from dataclasses import replace

    config = Config(data_dir=data_dir)
    return replace(config, indexer=replace(config.indexer, **indexer)) if indexer else config


@contextmanager
def indexed_engine(data_dir: Path, docs: tuple[Doc, ...]) -> Iterator[SearchEngine]:
    """A search engine over ``docs``, saved in a store in ``data_dir`` and indexed there."""
    config = make_config(data_dir)
    with open_store(data_dir) as store:
        fill(store, docs)
        update_index(config, store)
    engine = SearchEngine(config.index_dir)
    try:
        yield engine
    finally:
        engine.close()
