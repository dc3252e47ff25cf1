"""What a COI page is about when its publisher is an official body: the agency's own statistics
are under its country, a page on EU projects in Azerbaijan is about Azerbaijan, and a list of
nationalities makes no country "about"."""

from __future__ import annotations

from coi.models import Extracted, Source
from coi.taxonomy.countries import official_country
from coi.taxonomy.enrich import enrich, explain_tags
from coi.taxonomy.tagging import explain, tag

STATISTICS_AZ = (
    "2019-cu ildə qaçqın statusu üzrə müraciətlərin statistikası",
    "Dövlət Miqrasiya Xidməti 2019-cu ildə qaçqın statusu ilə bağlı müraciətlərin statistikasını "
    "açıqlayıb. İl ərzində qaçqın statusu almaq üçün 312 nəfər müraciət edib. Müraciət edənlər "
    "arasında Əfqanıstan (147 nəfər), Pakistan (41 nəfər), İran (38 nəfər), İraq (22 nəfər), "
    "Suriya (19 nəfər), Rusiya (12 nəfər) vətəndaşları olub.\n\nİl ərzində 47 nəfərə qaçqın "
    "statusu verilib, 96 müraciət rədd edilib. Sığınacaq axtaran şəxslərin müraciətlərinə "
    "qanunvericiliyə uyğun baxılır.",
)
STATISTICS_RU = (
    "Статистика обращений о статусе беженца за 2019 год",
    "В 2019 году в Государственную миграционную службу с ходатайством о признании беженцем "
    "обратились 312 человек.\n\nГражданство заявителей\nАфганистан\n147\nПакистан\n41\nИран\n38\n"
    "Ирак\n22\nСирия\n19\nРоссия\n12\nПрочие\n33\n\nСтатус беженца предоставлен 47 лицам, в 96 "
    "случаях в предоставлении статуса отказано. Ходатайства рассматриваются в порядке, "
    "установленном законом.",
)
TAIEX_EN = (
    "TAIEX and Twinning projects",
    "The State Migration Service takes part in the European Union's TAIEX and Twinning "
    "instruments, which share the experience of EU member states' public administrations.\n\n"
    'In 2019 the twinning project "Support to the State Migration Service in the field of '
    'migration management" was carried out together with the General Inspectorate for '
    "Immigration of Romania. Experts from Romania held seminars in Baku on the identification "
    "of asylum seekers and the examination of asylum applications.\n\nA study visit of the "
    "Service's staff to Bucharest followed in October 2019.",
)
SERVICE = Source(
    id="sms-az",
    name="State Migration Service",
    kind="government",
    country="AZE",
    start_urls=("https://migration.gov.az/",),
    allow=(),
)


def test_the_agencys_own_statistics_are_under_its_country() -> None:
    for (title, text), language in ((STATISTICS_AZ, "az"), (STATISTICS_RU, "ru")):
        assert tag(title, text, language).countries == ()  # the issue: about no country
        tags = tag(title, text, language, source_country="AZE")
        assert tags.countries == ("AZE",)
        assert {"AFG", "PAK", "IRN", "IRQ", "SYR", "RUS"} <= set(tags.countries_mentioned)


def test_a_page_on_eu_projects_in_azerbaijan_is_about_azerbaijan() -> None:
    title, text = TAIEX_EN
    assert tag(title, text, "en").countries == ("ROU",)  # the issue: Romania only
    assert "AZE" in tag(title, text, "en", source_country="AZE").countries


def test_a_list_of_nationalities_makes_no_country_about() -> None:
    # Counted as prose, the six nationalities would leave Azerbaijan a quarter of the weight.
    text = (
        "Azerbaijan granted refugee status to 47 people in 2019. Applicants came from "
        "Afghanistan, Pakistan, Iran, Iraq, Syria and Russia. Azerbaijan rejected 96 "
        "applications."
    )
    why = explain("Asylum applications in 2019", text, "en")
    assert [c.iso3 for c in why.countries if c.about] == ["AZE"]
    listed = {c.iso3: c.listed for c in why.countries if c.listed}
    assert listed == {"AFG": 1, "PAK": 1, "IRN": 1, "IRQ": 1, "SYR": 1, "RUS": 1}
    assert set(why.mentioned) == {"AZE", *listed}


def test_a_few_countries_side_by_side_are_prose_not_a_list() -> None:
    text = (
        "Armenia and Azerbaijan met in Georgia. Armenia said the talks went well; Azerbaijan "
        "agreed. Georgia hosted them again."
    )
    assert tag("", text, "en").countries == ("ARM", "AZE", "GEO")


def test_a_foreign_official_report_stays_about_its_subject() -> None:
    # A State Department report on Russia names the United States in passing.
    text = (
        "Russia detained hundreds of protesters. Russian courts sentenced activists; the "
        "authorities of Russia blocked websites. The U.S. embassy raised the cases."
    )
    assert tag("Russia 2023 Human Rights Report", text, "en", source_country="USA").countries == (
        "RUS",
    )


def test_only_official_sources_declare_what_their_pages_are_about() -> None:
    media = Source(**{**_fields(SERVICE), "kind": "media", "country": "DEU"})
    assert official_country(SERVICE) == "AZE"
    assert official_country(media) is None
    assert official_country(None) is None
    title, text = STATISTICS_AZ
    page = Extracted(title=title, text=text)
    url = "https://migration.gov.az/az/statistics/2019"
    assert enrich(page, url=url, source=SERVICE).countries == ("AZE",)
    assert enrich(page, url=url, source=media).countries == ()


def test_why_shows_the_sources_country_on_its_own_line() -> None:
    title, text = STATISTICS_AZ
    why = explain_tags(Extracted(title=title, text=text), source=SERVICE)
    lines = why.format().splitlines()
    assert "source's country: AZE (an official source; about it by default)" in lines
    assert any("official source's country, AZE" in rule for rule in why.rules())
    assert any(line.split()[:2] == ["AFG", "0"] for line in lines)  # weight 0, listed
    named = explain_tags(Extracted(title=TAIEX_EN[0], text=TAIEX_EN[1]), source=SERVICE)
    assert "named, so +2 weight" in named.source_line()


def test_a_sport_story_of_an_official_source_is_about_no_country() -> None:
    text = "The football match ended 2:1. The striker scored twice in the second half."
    assert tag("Football: league match", text, "en", source_country="AZE").countries == ()


def _fields(source: Source) -> dict[str, object]:
    return {name: getattr(source, name) for name in Source.__dataclass_fields__}
