"""Medical COI across the three languages: an officer researching whether treatment for an
illness is available finds reports in the other languages through the thesaurus, with the
concept's terms named on the "also searched" line, and the words the file left out on purpose
(a false friend) stay out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from indexfixtures import Doc, id_of, indexed_engine

from coi.models import SearchRequest, SearchResult
from coi.taxonomy.thesaurus import load, read_concepts
from indexer.search import SearchEngine

CANCER_EN = Doc(
    "en-cancer",
    "en",
    "Availability of cancer treatment in Baku",
    "Chemotherapy and radiotherapy are provided at the National Oncology Centre. Patients "
    "with cancers diagnosed late often pay for their medicines themselves.",
)
INSULIN_RU = Doc(
    "ru-insulin",
    "ru",
    "Перебои с инсулином в регионах",
    "В аптеках нескольких районов не хватает инсулина. Больные сахарным диабетом жалуются, "
    "что бесплатные препараты выдают с опозданием.",
)
TUBERCULOSIS_AZ = Doc(
    "az-tuberculosis",
    "az",
    "Vərəmin müalicəsi pulsuzdur",
    "Respublika Vərəm Əleyhinə Mərkəzində xəstələr pulsuz müalicə olunur. Vərəmə yoluxanların "
    "sayı ötən il azalıb.",
)
INSULT_EN = Doc(
    "en-insult",
    "en",
    "Blogger charged with insult",
    "A blogger was charged with insult and defamation of the head of state over a post.",
)
DOCS = (CANCER_EN, INSULIN_RU, TUBERCULOSIS_AZ, INSULT_EN)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    data_dir: Path = tmp_path_factory.mktemp("medical")
    with indexed_engine(data_dir, DOCS) as engine:
        yield engine


def search(engine: SearchEngine, query: str, *, expand: bool = True) -> SearchResult:
    return engine.search(SearchRequest(query=query, per_page=100, expand=expand))


def found(result: SearchResult) -> list[str]:
    return [hit.id for hit in result.hits]


@pytest.mark.parametrize(
    ("query", "doc", "named"),
    [
        ("xərçəng müalicəsi", CANCER_EN, "cancer"),
        ("рак", CANCER_EN, "cancer"),
        ("онкологии", CANCER_EN, "oncology"),
        ("kimyaterapiya", CANCER_EN, "chemotherapy"),
        ("лучевая терапия", CANCER_EN, "radiotherapy"),
        ("insulin", INSULIN_RU, "инсулин"),
        ("şəkərli diabet", INSULIN_RU, "диабет"),
        ("pharmacy", INSULIN_RU, "аптека"),
        ("tuberculosis", TUBERCULOSIS_AZ, "vərəm"),
        ("туберкулеза", TUBERCULOSIS_AZ, "vərəm"),
    ],
)
def test_a_medical_query_finds_the_report_in_another_language(
    engine: SearchEngine, query: str, doc: Doc, named: str
) -> None:
    result = search(engine, query)
    assert id_of(doc) in found(result)
    assert named in result.expanded  # the "also searched" line names the concept
    assert id_of(doc) not in found(search(engine, query, expand=False))


def test_the_other_medical_reports_stay_out(engine: SearchEngine) -> None:
    assert found(search(engine, "xərçəng")) == [id_of(CANCER_EN)]
    assert found(search(engine, "tuberculosis")) == [id_of(TUBERCULOSIS_AZ)]


def test_insult_is_not_read_as_the_azerbaijani_word_for_stroke(engine: SearchEngine) -> None:
    result = search(engine, "insult")
    assert found(result)[0] == id_of(INSULT_EN)
    assert not {"stroke", "инсульт"} & set(result.expanded)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("xərçəngə", {"cancer", "рак"}),
        ("раком", {"cancer", "xərçəng"}),
        ("онкологических", {"cancer", "onkoloji"}),
        ("злокачественных", {"cancer", "bədxassəli"}),
        ("psixi pozğunluqlar", {"mental illness", "психическое расстройство"}),
        ("peyvəndləməsi", {"vaccination", "вакцинация"}),
        ("прививок", {"vaccination", "peyvənd"}),
        ("dializə", {"dialysis", "диализ"}),
        ("insultundan", set()),
        ("beyin insultundan", {"stroke", "инсульт"}),
        ("hamiləliyin", {"pregnancy", "беременность"}),
        ("əlillər", {"disability", "инвалидность"}),
        ("психиатрической больнице", {"psychiatric hospital", "psixiatriya xəstəxanası"}),
        ("MDR-TB", {"МЛУ-ТБ", "dərmanlara davamlı vərəm"}),
    ],
)
def test_inflected_medical_words_find_their_concept(word: str, expected: set[str]) -> None:
    terms = {e.term for e in load().expand(word)}
    assert expected <= terms
    if not expected:
        assert not terms & {"stroke", "инсульт"}


def test_no_curated_term_also_reads_as_another_concept() -> None:
    # A term whose analysed form is another concept's would expand a query to both; the one
    # pair allowed is English "prisoner", whose stem is "prison".
    thesaurus = load()
    shared = {
        frozenset({concept.id, *thesaurus.concepts_of(term)})
        for concept in read_concepts()
        for terms in concept.terms.values()
        for term in terms
        if thesaurus.concepts_of(term) - {concept.id}
    }
    assert shared == {frozenset({"prison", "prisoner"})}
