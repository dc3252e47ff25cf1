"""A page's JSON-LD (schema.org) blocks, which the type, date and author readers all consult."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import lxml.html


def json_ld_nodes(tree: lxml.html.HtmlElement) -> Iterator[dict[str, Any]]:
    """The top-level nodes of the page's JSON-LD blocks, the members of an ``@graph`` too."""
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(str(script))
        except ValueError:  # broken JSON-LD is common and says nothing
            continue
        for node in data if isinstance(data, list) else [data]:
            if isinstance(node, dict):
                yield node
                graph = node.get("@graph")
                if isinstance(graph, list):
                    yield from (member for member in graph if isinstance(member, dict))
