"""coi's writer indexes text without token objects: exactly the index Whoosh's own loop writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from corpus import ntrex_documents
from whoosh import index as whoosh_index
from whoosh.reading import IndexReader
from whoosh.writing import SegmentWriter

from indexer.documents import name_candidates
from indexer.engine.postings import ArrayCodec
from indexer.engine.storage import CoiWriter
from indexer.schema import build_schema

EDGE_CASES = (
    "Нагорно-Карабах и Бернерс-Ли; the refugees' rights, O’Brien, COVID-19, qat-qat. "
    "Гачгынларын һүгуглары, Qaçqınların və Əliyev; Sturridge и Старридж. Это не было "
    "пепла, вулканического пепла. Doing it where it was done. "
)


def _documents() -> list[dict[str, Any]]:
    """Real news in three languages, with the fields coi gives a document of each."""
    documents = []
    for lang in ("az", "ru", "en"):
        for number, text in enumerate(list(ntrex_documents(lang).values())[:4]):
            text = EDGE_CASES + text
            names = name_candidates(text, lang)
            fields = {
                "id": f"{lang}-{number}",
                "title": text[:60],
                f"title_{lang}": text[:60],
                f"text_{lang}": text,
                "names": names,
                "names_az": " ".join(name for name in names.split() if "c" in name.casefold()),
                "language": lang,
                "country": "AZE,RUS",
                "year": 2020 + number,
                "stops": text,
            }
            if lang == "az":
                fields["az_folded"] = text
            documents.append(fields)
    return documents


def _index(folder: Path, writer_class: type[SegmentWriter]) -> Any:
    documents = _documents()  # first: it skips without the corpus, and no writer is left open
    folder.mkdir()
    ix = whoosh_index.create_in(folder, build_schema())
    writer = writer_class(ix) if writer_class is CoiWriter else writer_class(ix, codec=ArrayCodec())
    for fields in documents:
        writer.add_document(**fields)
    writer.commit()
    return ix


def _contents(reader: IndexReader) -> dict[str, Any]:
    """Every term's postings (document, weight, positions, encoded value), field lengths and
    stored fields."""
    postings = {}
    for fieldname, term in reader.all_terms():
        matcher = reader.postings(fieldname, term)
        found = []
        while matcher.is_active():
            positions = matcher.value_as("positions") if matcher.supports("positions") else None
            found.append((matcher.id(), matcher.weight(), positions, matcher.value()))
            matcher.next()
        postings[(fieldname, term)] = found
    lengths = {
        (docnum, name): reader.doc_field_length(docnum, name)
        for docnum in reader.all_doc_ids()
        for name in reader.schema.scorable_names()
    }
    return {"postings": postings, "lengths": lengths, "stored": list(reader.all_stored_fields())}


def test_coi_writer_writes_what_whooshs_loop_writes(tmp_path: Path) -> None:
    theirs = _index(tmp_path / "whoosh", SegmentWriter)
    ours = _index(tmp_path / "coi", CoiWriter)
    with theirs.reader() as their_reader, ours.reader() as our_reader:
        expected = _contents(their_reader)
        assert _contents(our_reader) == expected
    texts = {(field, term) for field, term in expected["postings"] if field.startswith("text_")}
    assert ("text_ru", "пепел".encode()) in texts  # the analyzers really ran
    assert ("az_folded", b"qacqin") in expected["postings"]
    assert any(field == "names" for field, _ in expected["postings"])
    assert ("stops", b"where") in expected["postings"]  # frequencies, not positions
