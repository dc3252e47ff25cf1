"""What the index holds, for ``coi stats``: opened for reading only, never created."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index


def index_state(index_dir: Path) -> dict[str, Any]:
    """Whether the index exists, its document count and its number of segments."""
    if not whoosh_index.exists_in(index_dir):
        return {"exists": False, "documents": 0}
    ix = whoosh_index.open_dir(index_dir)
    try:
        return {
            "exists": True,
            "documents": ix.doc_count(),
            "segments": len(ix._segments()),
        }
    finally:
        ix.close()
