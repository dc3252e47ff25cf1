"""Read real documents from the shared corpus beside the repository (never copied into it)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"

NTREX_FILES = {
    "az": "newstest2019-ref.aze-Latn.txt",
    "ru": "newstest2019-ref.rus.txt",
    "en": "newstest2019-ref.eng-US.txt",
}


def require_corpus() -> Path:
    """The corpus folder, or skip the test with the reason."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    return CORPUS


@lru_cache(maxsize=4)
def ntrex_documents(lang: str) -> dict[str, str]:
    """NTREX-128 news articles in ``lang`` (az, ru, en), id -> text (lines joined by article)."""
    folder = require_corpus() / "ntrex128"
    ids = (folder / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    lines = (folder / NTREX_FILES[lang]).read_text(encoding="utf-8").splitlines()
    documents: dict[str, list[str]] = {}
    for doc_id, line in zip(ids, lines, strict=True):
        documents.setdefault(doc_id, []).append(line)
    return {doc_id: "\n\n".join(parts) for doc_id, parts in documents.items()}
