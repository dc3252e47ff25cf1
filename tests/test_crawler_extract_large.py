"""Large pages cost bounded memory: past a size they are read with lxml alone, and markup past
the parse cap is left unread (the figures are in ``bench/large_page.py``)."""

from __future__ import annotations

from crawler.extract_html import MAX_MAIN_TEXT_CHARS, MAX_PARSED_CHARS, extract_html

PARAGRAPH = "<p>Monitors visited the detention centre and spoke with detainees.</p>\n"


def page(characters: int, last_words: str) -> bytes:
    """A page of about ``characters`` characters whose last paragraph says ``last_words``."""
    count = characters // len(PARAGRAPH) + 1
    return (
        "<html><head><title>Detention monitoring, full year</title></head><body><main>"
        + PARAGRAPH * count
        + f"<p>{last_words}</p></main></body></html>"
    ).encode()


def test_a_page_too_large_for_main_text_extraction_keeps_its_text_and_title() -> None:
    extracted = extract_html(page(MAX_MAIN_TEXT_CHARS + 100_000, "Closing remarks"), "https://x/")
    assert extracted.title == "Detention monitoring, full year"
    assert extracted.text.startswith("Monitors visited the detention centre")
    assert extracted.text.endswith("Closing remarks")


def test_markup_past_the_parse_cap_is_left_unread() -> None:
    extracted = extract_html(page(MAX_PARSED_CHARS + 100_000, "Beyond the cap"), "https://x/")
    assert extracted.text.startswith("Monitors visited the detention centre")
    assert "Beyond the cap" not in extracted.text
    assert len(extracted.text) < MAX_PARSED_CHARS
