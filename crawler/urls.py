"""URL normalisation and scope, so one page is fetched once and only where a source allows.

Normalising: lower-case scheme and host, drop default ports, fragments and tracking
parameters (utm_*, fbclid, gclid, ...), sort the remaining query parameters, collapse an empty
path to ``/`` and drop a trailing slash elsewhere (``/en/`` and ``/en`` are one page on nearly
every site; a site that serves different pages for them is rare enough to accept the merge).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from coi.models import Source

TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "yclid", "mc_cid", "mc_eid", "_ga", "_gl", "igshid", "ref_src"}
)
DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_url(url: str, base: str | None = None) -> str | None:
    """The canonical form of ``url`` (resolved against ``base``), or None if it is not http(s)."""
    try:
        absolute = urljoin(base, url.strip()) if base else url.strip()
        parts = urlsplit(absolute)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    query = urlencode(
        sorted(
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMETERS
        )
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def host_of(url: str) -> str:
    """``host[:port]`` of a normalised URL: the unit of politeness."""
    return urlsplit(url).netloc


def allowed_prefixes(source: Source) -> tuple[str, ...]:
    """The source's ``allow`` prefixes, normalised; by default the start URLs' sites."""
    prefixes = source.allow or tuple(
        f"{urlsplit(url).scheme}://{urlsplit(url).netloc}/" for url in source.start_urls
    )
    return tuple(_prefix(p) for p in prefixes)


def _prefix(prefix: str) -> str:
    normalized = normalize_url(prefix) or prefix
    return normalized if normalized.endswith("/") or not prefix.endswith("/") else normalized + "/"


def in_scope(url: str, source: Source) -> bool:
    """Whether a normalised URL is inside the source's ``allow`` and outside its ``deny``."""
    if any(url.startswith(_prefix(p)) or url == _prefix(p).rstrip("/") for p in source.deny):
        return False
    return any(url.startswith(p) or url == p.rstrip("/") for p in allowed_prefixes(source))
