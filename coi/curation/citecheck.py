"""The citation check a judge runs: is the quoted passage in the source, as it was on that date?

A judge receives a passage with a citation (a coi citation line, a URL, a permalink or a bare
quote) and an access date. coi finds the document (by permalink, SHA-256 or URL named in the
citation; failing those, by the quote itself), takes the version that was current on the
access date (a SHA-256 in the citation names the version outright), and says whether the
quote is in it: exactly (spacing, quote marks and dashes aside), with small differences
(shown word by word, found with :mod:`difflib`, so no extra dependency), or not at all. It
also says whether later versions still have it and whether the page went offline, so the
judge knows the archived copy is the only remaining witness.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, Literal

from coi.errors import CoiError
from coi.models import Document, Version
from coi.store import Store

MatchKind = Literal["exact", "close", "absent"]
CLOSE_ENOUGH = 0.8
"""How alike (difflib's ratio: twice the matching characters over both lengths) a passage and
the quote must be to count as "with small differences"."""

_URL = re.compile(r"https?://[^\s\"'<>«»“”()]+[^\s\"'<>«»“”().,;:]")
_SHA256 = re.compile(r"\b[0-9a-f]{64}\b")
_PERMALINK = re.compile(r"/documents/([0-9a-f]{8,64})\b")
_ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_ACCESSED = re.compile(r"accessed (\d{1,2} [A-Z][a-z]+ \d{4})")
_PAGE = re.compile(r"\bp\. ?(\d+)\b")
_TRANSLATE = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "–": "-", "—": "-"}
)


class CiteCheckError(CoiError):
    """The citation names no document coi keeps, or the input is empty."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Difference:
    """One stretch of a close match: the same in both, or what the quote and the source have."""

    op: Literal["equal", "replace", "delete", "insert"]
    quoted: str
    """The quote's words in this stretch."""
    source: str
    """The source's words in this stretch."""


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteMatch:
    """Where, and how well, a quote is found in one version's text."""

    kind: MatchKind
    similarity: float
    """1.0 for an exact match; difflib's ratio of quote and passage otherwise."""
    found: str = ""
    """The source's passage that matched (empty when absent)."""
    page: int | None = None
    """For a PDF: the page the passage starts on."""
    differences: tuple[Difference, ...] = ()
    """For a close match: the word-level differences between quote and source."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LaterVersion:
    """A version retrieved after the one cited, and whether it still has the quote."""

    version: Version
    quote: QuoteMatch | None


@dataclass(frozen=True, slots=True, kw_only=True)
class CiteCheck:
    """What a judge reads: the document, the version cited, the quote's fate, what changed."""

    document: Document
    version: Version
    """The version current on the access date (or named by its SHA-256)."""
    chosen_by: Literal["sha256", "date", "earliest", "latest"]
    """How the version was chosen: its SHA-256, the access date, the first version retrieved
    (the access date is before coi's first copy), or the latest (no date given)."""
    accessed: date | None
    quote: QuoteMatch | None
    """None when no passage was given (only the document and version were checked)."""
    later: tuple[LaterVersion, ...]
    """Versions retrieved after the cited one, oldest first."""

    @property
    def changed_since(self) -> bool:
        """A later version exists (its text differs: coi keeps a version only then)."""
        return bool(self.later)


@dataclass(frozen=True, slots=True, kw_only=True)
class CitationParts:
    """What coi reads out of a pasted citation."""

    url: str | None = None
    sha256: str | None = None
    document_id: str | None = None
    accessed: date | None = None
    page: int | None = None


def parse_citation(citation: str) -> CitationParts:
    """Pick the permalink, URL, SHA-256, access date and page out of a pasted citation (coi's
    own line, or any citation giving a URL and an "accessed" date)."""
    permalink = _PERMALINK.search(citation)
    urls = [url for url in _URL.findall(citation) if not _PERMALINK.search(url)]
    sha = _SHA256.search(citation.lower())
    page = _PAGE.search(citation)
    return CitationParts(
        url=urls[0] if urls else None,
        sha256=sha.group(0) if sha else None,
        document_id=permalink.group(1) if permalink else None,
        accessed=_accessed_date(citation),
        page=int(page.group(1)) if page else None,
    )


def _accessed_date(citation: str) -> date | None:
    spelled = _ACCESSED.search(citation)
    if spelled:
        try:
            return datetime.strptime(spelled.group(1), "%d %B %Y").date()
        except ValueError:
            pass
    iso = _ISO_DATE.search(citation)
    if iso:
        try:
            return date.fromisoformat(iso.group(1))
        except ValueError:
            return None
    return None


def check_citation(
    store: Store, citation: str = "", quote: str = "", accessed: date | None = None
) -> CiteCheck:
    """Check ``quote`` against the document ``citation`` names, as it was on ``accessed``
    (given, or read from the citation). Raises :class:`CiteCheckError` when no document is
    found."""
    if not citation.strip() and not quote.strip():
        raise CiteCheckError("give a citation, a URL or a quoted passage")
    parts = parse_citation(citation)
    accessed = accessed or parts.accessed
    document = _find_document(store, parts, quote)
    versions = store.versions(document.id)
    version, chosen_by = _version_for(versions, parts.sha256, accessed)
    later = [v for v in versions if v.id > version.id]
    return CiteCheck(
        document=document,
        version=version,
        chosen_by=chosen_by,
        accessed=accessed,
        quote=find_quote(version, quote) if quote.strip() else None,
        later=tuple(
            LaterVersion(version=v, quote=find_quote(v, quote) if quote.strip() else None)
            for v in later
        ),
    )


def _find_document(store: Store, parts: CitationParts, quote: str) -> Document:
    if parts.document_id and (found := store.document(parts.document_id)):
        return found
    if parts.sha256:
        rows = store.query("SELECT document_id FROM versions WHERE sha256 = ?", (parts.sha256,))
        if rows and (found := store.document(rows[0]["document_id"])):
            return found
    if parts.url:
        for url in (parts.url, parts.url.rstrip("/"), parts.url + "/"):
            if found := store.document_by_url(url):
                return found
    if quote.strip():
        found = _document_quoting(store, quote)
        if found is not None:
            return found
    raise CiteCheckError("coi keeps no document this citation or passage points to")


def _document_quoting(store: Store, quote: str) -> Document | None:
    """The document whose oldest version holding the quote's longest words was retrieved first
    (the quote verbatim first; else its longest run of words, as a close match would)."""
    words = _normal(quote).split()
    probes = [" ".join(words)] + [" ".join(words[i : i + 6]) for i in range(0, len(words), 6)]
    for probe in probes:
        if len(probe) < 12:
            continue
        rows = store.query(
            "SELECT document_id FROM versions WHERE instr(text, ?) > 0 ORDER BY retrieved LIMIT 1",
            (probe,),
        )
        if rows:
            return store.document(rows[0]["document_id"])
    return None


def _version_for(
    versions: list[Version], sha256: str | None, accessed: date | None
) -> tuple[Version, Literal["sha256", "date", "earliest", "latest"]]:
    if sha256:
        named = next((v for v in versions if v.sha256 == sha256), None)
        if named is not None:
            return named, "sha256"
    if accessed is None:
        return versions[-1], "latest"
    end_of_day = datetime.combine(accessed, time.max, tzinfo=UTC)
    current = [v for v in versions if _aware(v.retrieved) <= end_of_day]
    return (current[-1], "date") if current else (versions[0], "earliest")


def _aware(moment: datetime) -> datetime:
    """Retrieval times are UTC; an old store may have kept them without the zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _normal(text: str) -> str:
    """Typographic quotes and dashes made plain, and any run of spaces one space: what a quote
    pasted from a PDF or a word processor changes without changing what it says."""
    return " ".join(text.translate(_TRANSLATE).split())


def _normal_with_offsets(text: str) -> tuple[str, list[int]]:
    """``text`` normalised as by :func:`_normal`, with each output character's offset in
    ``text`` (to give the page of a match)."""
    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for index, char in enumerate(text.translate(_TRANSLATE)):
        if char.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            offsets.append(index - 1)
            pending_space = False
        out.append(char)
        offsets.append(index)
    return "".join(out), offsets


def _page_at(version: Version, offset: int) -> int | None:
    if not version.pages:
        return None
    return sum(1 for start in version.pages if start <= offset) or 1


def find_quote(version: Version, quote: str) -> QuoteMatch:
    """Whether ``quote`` is in ``version``'s text: exact, close (with its differences), absent."""
    wanted = _normal(quote).strip("\"' ")  # the quoter's own quote marks are not the source's
    text, offsets = _normal_with_offsets(version.text)
    at = text.find(wanted) if wanted else -1
    if at >= 0:
        return QuoteMatch(
            kind="exact", similarity=1.0, found=wanted, page=_page_at(version, offsets[at])
        )
    start, end = _closest_window(text, wanted) if wanted else (0, 0)
    if end <= start:
        return QuoteMatch(kind="absent", similarity=0.0)
    found = text[start:end]
    matcher = difflib.SequenceMatcher(None, wanted, found, autojunk=False)
    similarity = matcher.ratio()
    if similarity < CLOSE_ENOUGH:
        return QuoteMatch(kind="absent", similarity=round(similarity, 3))
    return QuoteMatch(
        kind="close",
        similarity=round(similarity, 3),
        found=found,
        page=_page_at(version, offsets[start]),
        differences=_word_differences(wanted, found),
    )


def _closest_window(text: str, wanted: str) -> tuple[int, int]:
    """The stretch of ``text`` most like ``wanted``: anchored on the longest run they share,
    then trimmed to the first and last characters that match."""
    matcher = difflib.SequenceMatcher(None, text, wanted, autojunk=False)
    anchor = matcher.find_longest_match(0, len(text), 0, len(wanted))
    if anchor.size < min(12, len(wanted)):
        return 0, 0
    slack = max(20, len(wanted) // 4)
    low = max(0, anchor.a - anchor.b - slack)
    high = min(len(text), anchor.a - anchor.b + len(wanted) + slack)
    window = text[low:high]
    blocks = [
        block
        for block in difflib.SequenceMatcher(
            None, window, wanted, autojunk=False
        ).get_matching_blocks()
        if block.size
    ]
    if not blocks:
        return 0, 0
    start = low + blocks[0].a
    end = low + blocks[-1].a + blocks[-1].size
    # Widen to whole words so the highlighted differences read as words.
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _word_differences(quoted: str, found: str) -> tuple[Difference, ...]:
    a, b = quoted.split(), found.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return tuple(
        Difference(op=op, quoted=" ".join(a[i1:i2]), source=" ".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    )


def to_json(check: CiteCheck, archived: Callable[[Version], str]) -> dict[str, Any]:
    """The check as the API sends it and ``coi cite-check --json`` prints it; ``archived``
    gives the address of a version's archived copy."""
    return {
        "document": {
            "id": check.document.id,
            "title": check.document.title,
            "url": check.document.url,
            "gone": check.document.gone,
            "last_checked": check.document.last_checked.isoformat(),
        },
        "accessed": check.accessed.isoformat() if check.accessed else None,
        "version": _version_json(check.version, archived),
        "chosen_by": check.chosen_by,
        "quote": _quote_json(check.quote),
        "changed_since": check.changed_since,
        "later_versions": [
            {**_version_json(later.version, archived), "quote": _quote_json(later.quote)}
            for later in check.later
        ],
    }


def _version_json(version: Version, archived: Callable[[Version], str]) -> dict[str, Any]:
    return {
        "id": version.id,
        "retrieved": version.retrieved.isoformat(),
        "sha256": version.sha256,
        "archived_copy": archived(version),
    }


def _quote_json(match: QuoteMatch | None) -> dict[str, Any] | None:
    if match is None:
        return None
    return {
        "match": match.kind,
        "similarity": match.similarity,
        "found": match.found,
        "page": match.page,
        "differences": [
            {"op": d.op, "quoted": d.quoted, "source": d.source} for d in match.differences
        ],
    }
