"""Listing pages: menus, section indexes, contacts and about pages (issue 18).

They are archived and crawled through (their links lead to the documents), but they are not
documents an officer looks for: filed as type ``listing``, they stay out of the default search,
browse and "similar documents" (a filter shows them).

A page is a listing when its content area is mostly links, or when it has almost no text of its
own, or when it is a site's service page (about, contacts, e-services) with little text. The
content area is the page without its menus, header, footer and sidebars, so the menu every
page carries does not make every page a listing.
"""

from __future__ import annotations

import copy
import re

import lxml.html

BOILERPLATE = " | ".join(
    f".//{tag}" for tag in ("nav", "header", "footer", "aside", "script", "style", "noscript")
)
"""Parts of a content area that are not its own content."""
MIN_WORDS = 15
"""A page with fewer words of main text than this says nothing a search should list."""
LINK_SHARE = 0.5
"""A content area whose text is at least this share link text is a list of links..."""
LINK_SHARE_MAX_WORDS = 400
"""... unless its main text is longer than this (a report with a long table of contents)."""
SERVICE_MAX_WORDS = 150
"""A service page (about, contacts) longer than this has something to say: kept."""
SERVICE_PAGE = re.compile(
    r"(^|[/_.-])(about(-us)?|contacts?(-us)?|kontakty?|kontaktlar|elaqe|əlaqə|haqqimizda|"
    r"haqqımızda|o-nas|o-sluzhbe|e-services?|e-xidmetler|e-xidmətlər|elektronnye-uslugi|"
    r"sitemap|karta-sajta|sayt-xeritesi|structure|struktura|struktur|rehberlik|rəhbərlik|"
    r"rukovodstvo|vacancies|vakansii|vakansiyalar)(\.\w+)?/?$",
    re.IGNORECASE,
)
"""Last segments of the URLs of the service pages of a site, in en, ru (transliterated)
and az."""


def is_listing(tree: lxml.html.HtmlElement, text: str, url: str) -> bool:
    """True when the page is a menu, a section index or a service page (see the module).

    Args:
        tree: the parsed page; not changed.
        text: its main text as extracted.
        url: its URL.
    """
    words = len(text.split())
    if words < MIN_WORDS:
        return True
    if words <= LINK_SHARE_MAX_WORDS and link_share(tree) >= LINK_SHARE:
        return True
    path = url.split("?", 1)[0].split("#", 1)[0]
    return words <= SERVICE_MAX_WORDS and SERVICE_PAGE.search(path) is not None


def link_share(tree: lxml.html.HtmlElement) -> float:
    """The share of the content area's text that is the text of links."""
    area = copy.deepcopy(_content_area(tree))
    for element in area.xpath(BOILERPLATE):
        element.drop_tree()
    total = len("".join(area.text_content().split()))
    if total == 0:
        return 1.0
    linked = sum(len("".join(a.text_content().split())) for a in area.xpath(".//a"))
    return linked / total


def _content_area(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    for path in ("//main", "//article", "//body"):
        found = tree.xpath(path)
        if found:
            return found[0]
    return tree
