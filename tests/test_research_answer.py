"""A question's answer as exported: each passage cited by the version it was read in, the
sources, the sources consulted (empty searches too) and the disclaimer, in Markdown and DOCX."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from indexfixtures import id_of
from researchfixtures import HARSH, PAGE_TWO, PDF_URL, PRISONS, fill_research

from coi.cli import cli
from coi.curation import answer, research
from coi.store import Store, document_id_for, open_store


@pytest.fixture
def store(tmp_path: Path, store_url: str) -> Iterator[Store]:
    with open_store(tmp_path, store_url) as opened:
        fill_research(opened)
        yield opened


def answered(store: Store) -> answer.Answer:
    """A question with a passage of the prison report's first version, one of a PDF's second
    page, a search that found three documents and one that found nothing relevant."""
    question = research.create(
        store, "Returnees to Azerbaijan", owner="olga", countries=("AZE",), topics=("returnees",)
    )
    first = store.versions(id_of(PRISONS))[0]
    research.add_passage(
        store,
        question.id,
        "olga",
        document_id=id_of(PRISONS),
        quote=HARSH,
        heading="Detention",
        version_id=first.id,
        note="Older than the annual report.",
    )
    research.add_passage(
        store,
        question.id,
        "olga",
        document_id=document_id_for(PDF_URL),
        quote="questioned by the State Security Service",
        heading="Return",
        page=2,
    )
    research.log_search(
        store,
        question.id,
        "olga",
        query="returnees",
        filters={"country": ["AZE"]},
        hits=3,
        expanded=("возвращенцы",),
    )
    empty = research.log_search(
        store, question.id, "olga", query="deportees airport", filters={}, hits=1, expanded=()
    )
    research.mark_nothing_relevant(store, question.id, "olga", empty)
    return answer.build(store, research.owned(store, question.id, "olga"), lambda _: None)


def test_markdown_cites_the_version_read_and_lists_what_was_consulted(store: Store) -> None:
    first = store.versions(id_of(PRISONS))[0]
    text = answer.to_markdown(answered(store))
    assert "# Returnees to Azerbaijan" in text
    assert f"> {HARSH}[^1]" in text
    assert '[^1]: gov-b: "Prison conditions in Azerbaijan", 1 March 2021' in text
    assert f"(accessed 4 January 2024; archived copy SHA-256 {first.sha256})" in text
    assert text.index("## Detention") < text.index("## Return")
    assert "[^2]: " in text
    assert "p. 2" in text.split("[^2]: ")[1]
    assert "## Sources consulted" in text
    assert '"returnees" (filters: country: AZE; 3 documents; also searched: возвращенцы)' in text
    assert '"deportees airport" (1 documents; nothing relevant found)' in text
    assert "does not purport to be, conclusive" in text
    assert PAGE_TWO.splitlines()[0] not in text  # only what was quoted


def test_the_docx_opens_in_python_docx_with_notes_sources_and_searches(store: Store) -> None:
    first = store.versions(id_of(PRISONS))[0]
    opened = docx.Document(io.BytesIO(answer.to_docx(answered(store))))
    paragraphs = [p.text for p in opened.paragraphs]
    headings = [
        p.text
        for p in opened.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert headings == [
        "Detention",
        "Return",
        "Notes",
        "Sources",
        "Sources consulted",
        "Disclaimer",
    ]
    quote = next(p for p in opened.paragraphs if p.text.startswith(HARSH))
    assert quote.runs[-1].text == "1"
    assert quote.runs[-1].font.superscript
    notes = paragraphs[paragraphs.index("Notes") + 1 : paragraphs.index("Sources")]
    assert notes[0].startswith('1 gov-b: "Prison conditions in Azerbaijan"')
    assert first.sha256 in notes[0]
    assert notes[1].startswith("2 ")
    assert notes[1].endswith("p. 2")
    sources = paragraphs[paragraphs.index("Sources") + 1 : paragraphs.index("Sources consulted")]
    assert len(sources) == 2
    consulted = paragraphs[
        paragraphs.index("Sources consulted") + 1 : paragraphs.index("Disclaimer")
    ]
    assert [line.split(" — ")[1].split(" (")[0] for line in consulted] == [
        '"returnees"',
        '"deportees airport"',
    ]
    assert consulted[1].endswith("nothing relevant found)")
    assert opened.core_properties.title == "Returnees to Azerbaijan"


def test_coi_question_lists_shows_and_exports_docx(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_store(data) as opened:
        fill_research(opened)
        question_id = answered(opened).question.id
    config = tmp_path / "config.toml"
    config.write_text(f'data_dir = "{data}"\n', encoding="utf-8")
    runner = CliRunner()
    listed = runner.invoke(cli, ["question", "list", "--owner", "olga", "--config", str(config)])
    assert listed.exit_code == 0, listed.output
    assert f"{question_id}  " in listed.output
    assert "Returnees to Azerbaijan" in listed.output
    shown = runner.invoke(cli, ["question", "show", question_id, "--config", str(config)])
    assert f"> {HARSH}[^1]" in shown.output
    out = tmp_path / "answer.docx"
    exported = runner.invoke(
        cli,
        [
            "question",
            "export",
            question_id,
            "--format",
            "docx",
            "-o",
            str(out),
            "--config",
            str(config),
        ],
    )
    assert exported.exit_code == 0, exported.output
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "Sources consulted" in paragraphs
    missing = runner.invoke(cli, ["question", "show", "nope", "--config", str(config)])
    assert missing.exit_code == 1
    assert "no question nope" in missing.output
