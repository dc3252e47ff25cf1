"""Research questions as an officer keeps them: private, logged searches, passages that last."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from indexfixtures import DOCS, id_of, save_doc
from researchfixtures import CHANGED_TEXT, PRISONS, fill_research

from coi.cli import cli
from coi.curation import accounts, research
from coi.store import Store, open_store

PASSWORD = "correct horse battery"
REPORTED = "political prisoners report ill-treatment"


@pytest.fixture
def store(tmp_path: Path, store_url: str) -> Iterator[Store]:
    with open_store(tmp_path, store_url) as opened:
        fill_research(opened)
        yield opened


def test_a_researcher_account_is_below_curators(store: Store) -> None:
    user = accounts.add_user(store, "olga", "researcher", PASSWORD, actor="system")
    assert not user.is_curator
    assert not user.is_admin
    assert accounts.authenticate(store, "olga", PASSWORD) == user


def test_a_question_is_private_until_shared_by_link(store: Store) -> None:
    question = research.create(
        store, "Returnees to Azerbaijan", owner="olga", countries=("AZE",), topics=("returnees",)
    )
    assert research.readable(store, question.id, "olga") is not None
    assert research.readable(store, question.id, "rashad") is None
    token = research.share(store, question.id, "olga")
    assert token is not None
    assert research.readable(store, question.id, "rashad", token) is not None
    assert research.readable(store, question.id, "rashad", "wrong") is None
    with pytest.raises(research.ResearchError):
        research.log_search(
            store, question.id, "rashad", query="x", filters={}, hits=0, expanded=()
        )
    assert [q.id for q in research.list_owned(store, "olga")] == [question.id]


def test_searches_are_logged_and_marked_empty(store: Store) -> None:
    question = research.create(store, "Returnees", owner="olga")
    first = research.log_search(
        store,
        question.id,
        "olga",
        query="returnees",
        filters={"country": ["AZE"]},
        hits=3,
        expanded=("возвращенцы",),
    )
    research.log_search(
        store, question.id, "olga", query="deportees", filters={}, hits=0, expanded=()
    )
    research.mark_nothing_relevant(store, question.id, "olga", first)
    log = research.owned(store, question.id, "olga").searches
    assert [(s.query, s.hits, s.nothing_relevant) for s in log] == [
        ("returnees", 3, True),
        ("deportees", 0, False),
    ]
    assert log[0].filters == {"country": ["AZE"]}
    assert log[0].expanded == ("возвращенцы",)


def test_passages_cite_their_version_and_outlive_a_change(store: Store) -> None:
    question = research.create(store, "Prisons", owner="olga")
    kept = research.add_passage(
        store, question.id, "olga", document_id=id_of(PRISONS), quote=REPORTED, heading="Conditions"
    )
    assert kept.sha256 == store.versions(id_of(PRISONS))[-1].sha256
    ru = research.add_passage(
        store,
        question.id,
        "olga",
        document_id=id_of(DOCS[0]),
        quote="Правозащитники сообщают о пытках в изоляторах.",
        heading="Ill-treatment",
        translation="Human rights defenders report torture in detention centres.",
    )
    assert ru.language == "ru"
    with pytest.raises(research.ResearchError):
        research.add_passage(
            store, question.id, "olga", document_id=id_of(PRISONS), quote="never said this"
        )
    save_doc(store, PRISONS, day=28, text=CHANGED_TEXT + " Entirely new paragraph.")
    research.move_passage(store, question.id, "olga", ru.id, up=True)
    after = research.owned(store, question.id, "olga")
    assert [p.id for p in after.passages] == [ru.id, kept.id]
    assert after.passages[1].sha256 == kept.sha256
    assert [heading for heading, _ in after.headings()] == ["Ill-treatment", "Conditions"]


def test_user_add_offers_the_researcher_role(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    run = CliRunner().invoke(
        cli,
        ["user", "add", "olga", "--role", "researcher", "--config", str(config)],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert run.exit_code == 0, run.output
    with open_store(tmp_path / "data") as opened:
        found = accounts.get_user(opened, "olga")
    assert found is not None
    assert found.role == "researcher"
