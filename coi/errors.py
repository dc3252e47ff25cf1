"""The errors coi raises, and how each layer treats them.

Hierarchy::

    CoiError
    ├── ConfigError          the configuration file or an override is wrong (names file and key)
    ├── StoreError           the document store cannot be opened, migrated or written
    ├── FetchError           one URL could not be fetched; ``reason`` is the crawl-log code
    │   ├── RobotsDisallowed robots.txt forbids the URL
    │   ├── TooManyRequests  the host answered 429/503 (``retry_after`` seconds, if given)
    │   ├── TooLarge         the body exceeds ``max_bytes``
    │   └── BadContent       a content type or body coi cannot use
    ├── ExtractError         text could not be extracted from a fetched body
    ├── BusyError            another coi process is doing the same work (a crawl, a rebuild)
    │   └── IndexLockedError another process is writing the index
    └── QueryError           a search request is invalid (bad filter value, page out of range)

Policy: lower layers translate library exceptions into these (``raise ... from exc``); the crawl
loop and the index build catch them per item, log ``reason url`` and carry on; the CLI maps them
to a one-line message and exit code 1 (2 for configuration errors); the web maps them to HTTP
statuses with a JSON body for the API.
"""

from __future__ import annotations


class CoiError(Exception):
    """Base of every error coi raises on purpose."""


class ConfigError(CoiError):
    """The configuration is invalid; the message names the file and the key."""


class StoreError(CoiError):
    """The document store cannot be opened, migrated or written."""


class NotFound(CoiError):
    """A command names a document the store does not hold."""


class FetchError(CoiError):
    """One URL could not be fetched.

    ``reason`` is a short stable code recorded in the crawl log and counted in summaries
    (for example ``http-404``, ``timeout``, ``not-html``).
    """

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(message or reason)
        self.reason = reason


class RobotsDisallowed(FetchError):
    """robots.txt of the host forbids the URL for our user agent."""

    def __init__(self, message: str = "") -> None:
        super().__init__("robots-disallowed", message)


class TooManyRequests(FetchError):
    """The host asked us to slow down; ``retry_after`` is in seconds when the host said."""

    def __init__(self, retry_after: float | None, message: str = "") -> None:
        super().__init__("too-many-requests", message)
        self.retry_after = retry_after


class TooLarge(FetchError):
    """The response body is larger than ``crawler.max_bytes``."""

    def __init__(self, message: str = "") -> None:
        super().__init__("too-large", message)


class BadContent(FetchError):
    """The response is of a type or shape coi cannot use (``reason`` says which)."""


class ExtractError(CoiError):
    """No usable text could be extracted from a body."""


class BusyError(CoiError):
    """Another live coi process holds a lock this command needs (see :mod:`coi.locks`)."""


class IndexLockedError(BusyError):
    """Another live process is writing the index."""


class QueryError(CoiError):
    """A search request is invalid (unknown filter value form, page out of range)."""
