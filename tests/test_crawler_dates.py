"""Publication dates only from evidence that they are one, authors apart from the site, and
listing pages, on real page shapes in az, ru and en (issue 18)."""

from __future__ import annotations

from datetime import date

import lxml.html
import pytest

from crawler.authors import html_authors
from crawler.dates import dateline, html_date, pdf_file_date, url_date
from crawler.extract_html import extract_html
from crawler.listing import is_listing

TODAY = date(2026, 12, 1)
FOOTER_ONLY = (
    '<html lang="ru"><head><title>О службе</title></head><body><main><h1>О службе</h1>'
    "<p>Государственная миграционная служба является центральным органом исполнительной "
    "власти, осуществляющим политику в области миграции, регистрации иностранцев и "
    "предоставления убежища лицам, которым на родине грозит преследование.</p></main>"
    "<footer>© 2025 Государственная миграционная служба</footer></body></html>"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Опубликовано: 15 августа 2020 г.\n\nСлужба сообщает…", date(2020, 8, 15)),
        ("15 avqust 2020\n\nXidmət məlumat verir…", date(2020, 8, 15)),
        ("August 15, 2020 — Baku. The service reported…", date(2020, 8, 15)),
        ("20.01.2020 | Новости\n\nВ 2019 году…", date(2020, 1, 20)),
        ("© 2025 Dövlət Miqrasiya Xidməti", None),
        ("В 2019 году в службу обратились 312 иностранцев.", None),
        # a date further into a long opening sentence is what the text is about
        (
            "The parliament amended the law on refugees adopted on 21 May 1999 to shorten "
            "the procedure for asylum seekers.",
            None,
        ),
        ("Report of 31 December 2027 on a future event", None),
    ],
)
def test_a_dateline_is_a_full_date_at_the_top(text: str, expected: date | None) -> None:
    found = dateline(text, TODAY)
    assert (found.value if found else None) == expected


def test_a_url_gives_a_day_or_a_month_but_never_a_year_alone() -> None:
    day = url_date("https://migration.gov.az/ru/news/2021/03/12/taiex", TODAY)
    assert day is not None
    assert (day.value, day.precision) == (date(2021, 3, 12), "day")
    month = url_date("https://example.org/2020/08/report.html", TODAY)
    assert month is not None
    assert (month.value, month.precision) == (date(2020, 8, 1), "month")
    assert url_date("https://migration.gov.az/statistics/2019/", TODAY) is None


def test_metadata_beats_a_time_element_and_the_url() -> None:
    tree = lxml.html.document_fromstring(
        '<html><head><meta name="citation_publication_date" content="2020/08/15"></head>'
        '<body><article><time datetime="2021-01-01">1 Jan</time></article></body></html>'
    )
    found = html_date(tree, "text", "https://x.org/2022/02/02/a", TODAY)
    assert found is not None
    assert (found.value, found.source) == (date(2020, 8, 15), "metadata")


def test_a_time_in_the_footer_or_menu_is_not_the_page_date() -> None:
    tree = lxml.html.document_fromstring(
        "<html><body><main><p>Text</p><footer><time datetime='2025-01-01'>2025</time>"
        "</footer></main></body></html>"
    )
    assert html_date(tree, "Text", "https://x.org/about", TODAY) is None


def test_a_page_whose_only_year_is_a_footer_copyright_stays_undated() -> None:
    extracted = extract_html(FOOTER_ONLY.encode(), "https://migration.gov.az/ru/o-sluzhbe")
    assert (extracted.published, extracted.published_from) == (None, None)


def test_a_pdf_date_is_the_files_own() -> None:
    found = pdf_file_date("D:20261122101500+04'00'", TODAY)
    assert found is not None
    assert (found.value, found.source) == (date(2026, 11, 22), "file")


def test_authors_come_from_declarations_and_bylines_never_the_site_name() -> None:
    declared = lxml.html.document_fromstring(
        '<html><head><meta name="citation_author" content="Mammadova, Aysel">'
        '<meta name="citation_author" content="Huseynov, Rauf">'
        '<meta name="author" content="migration.gov.az"></head><body></body></html>'
    )
    assert html_authors(declared) == "Mammadova, Aysel; Huseynov, Rauf"
    byline = lxml.html.document_fromstring(
        '<html><body><article><p class="byline">Автор: Анна Петрова</p></article>'
        '<footer><span class="author">Site team</span></footer></body></html>'
    )
    assert html_authors(byline) == "Анна Петрова"
    site = lxml.html.document_fromstring(
        '<html><head><meta name="author" content="Dövlət Miqrasiya Xidməti"></head></html>'
    )
    assert html_authors(site, sitename="Dövlət Miqrasiya Xidməti") is None


def test_a_section_index_is_a_listing_and_an_article_with_a_menu_is_not() -> None:
    menu = "<nav>" + "".join(f"<a href='/{n}'>Menu item {n}</a>" for n in range(30)) + "</nav>"
    index = lxml.html.document_fromstring(
        f"<html><body>{menu}<main><h1>Xəbərlər</h1><ul>"
        + "".join(
            f"<li><a href='/n/{n}'>Xəbər başlığı nömrə {n} haqqında</a></li>" for n in range(12)
        )
        + "</ul></main></body></html>"
    )
    words = " ".join(["Qaçqınların hüquqları haqqında hesabat"] * 12)
    assert is_listing(index, words, "https://migration.gov.az/az/xeberler/")
    article = lxml.html.document_fromstring(
        f"<html><body>{menu}<main><article><p>{words}</p></article></main></body></html>"
    )
    assert not is_listing(article, words, "https://migration.gov.az/az/news/1")
    assert is_listing(article, words, "https://migration.gov.az/az/elaqe")
