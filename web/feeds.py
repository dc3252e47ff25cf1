"""Alerts without accounts: an Atom feed for any search, and an OpenSearch description.

A feed URL is the search URL under ``/feed``: subscribing to it in any feed reader is the alert
("tell me about new documents on Hazara women"), newest added first, with no account and no
stored query on our side.
"""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, request, url_for

from coi.export_safety import xml_text
from coi.models import Hit, SearchRequest
from web.params import parse_request
from web.state import app_state

blueprint = Blueprint("feeds", __name__)
ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50


def atom_feed(title: str, self_url: str, alternate_url: str, hits: list[Hit]) -> bytes:
    """An Atom document for a list of hits; valid XML whatever characters a title holds."""
    ET.register_namespace("", ATOM)
    feed = _feed(title, self_url, alternate_url, hits)
    for element in feed.iter():  # one control character in one title would void the feed
        element.text = xml_text(element.text) if element.text else element.text
        for name, value in element.attrib.items():
            element.set(name, xml_text(value))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _feed(title: str, self_url: str, alternate_url: str, hits: list[Hit]) -> ET.Element:
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = self_url
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=alternate_url)
    updated = max((hit.retrieved for hit in hits), default=datetime.now(UTC))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated.isoformat()
    for hit in hits:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = hit.title
        permalink = url_for("documents.show", doc_id=hit.id, _external=True)
        ET.SubElement(entry, f"{{{ATOM}}}id").text = permalink
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=permalink)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="via", href=hit.url)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = hit.retrieved.isoformat()
        if hit.published:
            ET.SubElement(
                entry, f"{{{ATOM}}}published"
            ).text = f"{hit.published.isoformat()}T00:00:00+00:00"
        names = [name.strip() for name in (hit.author or "").split(";") if name.strip()]
        for name in names or [hit.source]:  # Atom needs an author: the source when none is named
            author = ET.SubElement(entry, f"{{{ATOM}}}author")
            ET.SubElement(author, f"{{{ATOM}}}name").text = name
        ET.SubElement(entry, f"{{{ATOM}}}summary", type="html").text = hit.snippet
    return feed


@blueprint.get("/feed")
def search_feed() -> Response:
    """The newest added documents matching a search, as Atom."""
    state = app_state()
    asked = parse_request(request.args, FEED_SIZE)
    result = state.engine.search(
        SearchRequest(query=asked.query, filters=asked.filters, per_page=FEED_SIZE, sort="added")
    )
    state.count_search()
    query = request.query_string.decode()
    title = f"coi: {asked.query or 'all documents'}"
    body = atom_feed(
        title,
        url_for("feeds.search_feed", _external=True) + (f"?{query}" if query else ""),
        url_for("search.index", _external=True) + (f"?{query}" if query else ""),
        list(result.hits),
    )
    return Response(body, mimetype="application/atom+xml")


@blueprint.get("/opensearch.xml")
def opensearch() -> Response:
    """Lets a browser add coi as a search engine."""
    template = url_for("search.index", _external=True) + "?q={searchTerms}"
    feed = url_for("feeds.search_feed", _external=True) + "?q={searchTerms}"
    body = f"""<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>coi</ShortName>
  <Description>Country-of-origin information in Azerbaijani, Russian and English</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <Url type="text/html" template="{template}"/>
  <Url type="application/atom+xml" template="{feed}"/>
</OpenSearchDescription>
"""
    return Response(body, mimetype="application/opensearchdescription+xml")
