"""Re-tagging stored documents after the rules change, without re-crawling."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from coi.config import Config, StoreConfig
from coi.curation import corrections
from coi.curation.retag import retag_all
from coi.models import Enrichment, Extracted, Fetched
from coi.store import document_id_for, open_store

TEXT = (
    "The State Migration Service reviewed applications for refugee status submitted by "
    "asylum seekers during the year and issued residence permits to stateless persons."
)


def test_retag_updates_machine_tags_but_keeps_archive_and_corrections(
    tmp_path: Path, store_url: str
) -> None:
    config = Config(data_dir=tmp_path, store=StoreConfig(url=store_url))
    with open_store(tmp_path, store_url) as store:
        for n in range(2):
            store.save_fetch(
                source="sms-az",
                fetched=Fetched(
                    url=f"https://migration.gov.az/en/{n}",
                    status=200,
                    content_type="text/html",
                    body=f"<p>{n}</p>".encode(),
                    retrieved=datetime(2024, 1, 1, tzinfo=UTC),
                ),
                extracted=Extracted(title=f"Annual report {n}", text=TEXT),
                enrichment=Enrichment(language="und"),  # as tagged by older rules
            )
        kept = document_id_for("https://migration.gov.az/en/1")
        corrections.correct(store, kept, {"language": "az"}, actor="leyla")
        seq = store.change_seq()
        report = retag_all(config, store)
        assert (report.seen, report.changed) == (2, 2)
        first = store.document(document_id_for("https://migration.gov.az/en/0"))
        second = store.document(kept)
        assert first is not None
        assert second is not None
        assert first.language == "en"
        assert first.version_count == 1
        assert second.latest.enrichment.language == "en"
        assert second.language == "az"  # the curator's correction still wins
        assert len(list(store.changed_since(seq))) == 2
        assert retag_all(config, store).changed == 0


def test_retag_keeps_the_type_the_page_declared(tmp_path: Path, store_url: str) -> None:
    config = Config(data_dir=tmp_path, store=StoreConfig(url=store_url))
    url = "https://migration.gov.az/en/ruling"
    with open_store(tmp_path, store_url) as store:
        store.save_fetch(
            source="sms-az",
            fetched=Fetched(
                url=url,
                status=200,
                content_type="text/html",
                body=b"<p>ruling</p>",
                retrieved=datetime(2024, 1, 1, tzinfo=UTC),
            ),
            extracted=Extracted(title="Annual report", text=TEXT, declared_type="court-decision"),
            enrichment=Enrichment(language="en", doc_type="other"),
        )
        retag_all(config, store)
        document = store.document(document_id_for(url))
        assert document is not None
        assert document.latest.declared_type == "court-decision"
        assert document.doc_type == "court-decision"  # not "report", as the title alone says
