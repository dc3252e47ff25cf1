"""Whether an index can be read whole: every segment its table of contents lists opens.

A deleted segment file made every search and document page answer 500 and ``coi index`` did
not notice. This is asked before each build (a damaged index is rebuilt from the store) and by
``coi check``.
"""

from __future__ import annotations

from pathlib import Path

from indexer.engine.storage import open_for_writing


def index_damage(index_dir: Path) -> str | None:
    """What is wrong with the index at ``index_dir``, or None when all of it opens."""
    try:
        ix = open_for_writing(index_dir)
    except Exception as exc:  # any failure to read the table of contents
        return f"its table of contents cannot be read: {_name(exc)}"
    try:
        for segment in ix._segments():
            if not any(index_dir.glob(f"{segment.segment_id()}*")):
                return f"segment {segment.segment_id()} is missing"
        reader = ix.reader()  # opens every segment's files
        reader.close()
    except Exception as exc:  # a segment file missing or cut short
        return f"a segment cannot be read: {_name(exc)}"
    finally:
        ix.close()
    return None


def _name(exc: BaseException) -> str:
    """The error's kind and, for a file, which one (never more: it is shown to the user)."""
    filename = getattr(exc, "filename", None)
    return f"{type(exc).__name__} {Path(filename).name}" if filename else type(exc).__name__
