"""Configuration: one TOML file read once into frozen, typed objects.

Precedence, lowest first: the defaults below < ``config.toml`` < ``COI_*`` environment variables
< command-line flags. The file is found at ``--config``, else ``$COI_CONFIG``, else
``./config.toml``; a relative ``data_dir`` is relative to the folder of that file. An unknown key
or a value of the wrong type raises :class:`~coi.errors.ConfigError` naming the file and the key.

Environment variables are named ``COI_`` + section + ``_`` + key in capitals, for example
``COI_DATA_DIR`` or ``COI_CRAWLER_DELAY_SECONDS``. Sources come only from the file.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_type_hints

from coi.errors import ConfigError
from coi.models import DOC_TYPES, SOURCE_KINDS, Source

DEFAULT_CONFIG_NAME = "config.toml"


def _setting(default: Any, help: str) -> Any:
    """A dataclass field with its one-line help text (used by the docs test and the README)."""
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True, kw_only=True)
class CrawlerConfig:
    """How the crawler behaves towards the sites it visits."""

    user_agent: str = _setting(
        "coi/0.1 (+https://github.com/coi-search/coi)",
        "User-Agent sent with every request; identifies the crawler with a contact URL.",
    )
    delay_seconds: float = _setting(1.0, "Seconds to wait between two requests to one host.")
    timeout_seconds: float = _setting(30.0, "Connect and read timeout of one request.")
    deadline_seconds: float = _setting(
        300.0, "Seconds one URL may take in all (retries and redirects too) before it is skipped."
    )
    max_bytes: int = _setting(50_000_000, "Larger responses are skipped with a logged reason.")
    max_pages_per_source: int = _setting(1000, "Pages fetched per source and crawl at most.")
    max_depth: int = _setting(5, "Links followed from a start URL at most.")
    max_redirects: int = _setting(5, "Redirects followed for one URL at most.")
    obey_robots: bool = _setting(True, "Obey robots.txt; turn off only for your own sites.")
    retries: int = _setting(2, "Retries of a URL after a timeout, 408, 429 or 5xx answer.")
    lease_seconds: float = _setting(
        900.0,
        "Seconds a crawl worker holds the URL and host it fetches; a worker killed on another "
        "machine has its URLs taken over after this (keep it above deadline_seconds).",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexerConfig:
    """How the Whoosh index is built."""

    batch_size: int = _setting(
        5000,
        "Documents per index commit (one segment per process each; queries pay per segment).",
    )
    memory_mb: int = _setting(
        256,
        "Memory Whoosh's writers may use for buffering postings, in MB, shared by a build's "
        "processes (the parent and each analysing process buffer an equal part).",
    )
    processes: int = _setting(
        0, "Processes analysing documents when an update has 200 changes or more (0: one per core)."
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TaxonomyConfig:
    """How documents are tagged with countries and topics."""

    country_about_share: float = _setting(
        0.3, "Share of all country mentions a country needs to count as what a text is about."
    )
    country_title_share: float = _setting(
        0.15, "The share a country needs instead when the title names it (a headline names it)."
    )
    country_min_mentions: int = _setting(
        2, "Mentions a country needs to count as what a text is about (title mentions weigh more)."
    )
    title_weight: int = _setting(
        2, "Mentions or topic hits one in the title counts for (the text must name it too)."
    )
    source_country_weight: int = _setting(
        2,
        "Mentions an official source's (government, court) declared country gains where the"
        " text names it; a text about no country it names is about that country.",
    )
    topic_min_hits: int = _setting(
        2, "Topic term hits, in as many passages of 50 words, a text needs for the topic."
    )
    topic_hits_per_1000_words: float = _setting(
        1.0, "Topic hits a long text needs per 1,000 words, when more than topic_min_hits."
    )
    topic_min_share: float = _setting(
        0.1,
        "Share of all topic hits a topic needs, so a text touching every topic gets none"
        " (a topic in 10 passages or more needs no share).",
    )
    topic_min_lead: float = _setting(
        0.2,
        "Share of the leading topic's hits a topic needs, so a side issue is not a topic"
        " (a topic in 10 passages or more needs no lead).",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class WebConfig:
    """How ``coi serve`` serves the web interface and the JSON API."""

    host: str = _setting("127.0.0.1", "Address to listen on.")
    port: int = _setting(5000, "Port to listen on.")
    per_page: int = _setting(10, "Hits on one result page.")
    workers: int = _setting(
        1, "Processes answering requests, each with its own threads, queue and index searchers."
    )
    threads: int = _setting(4, "Requests answered at once (worker threads of the WSGI server).")
    queue: int = _setting(
        16, "Requests that may wait for a worker; more are answered 503 with Retry-After at once."
    )
    connection_limit: int = _setting(
        500, "Open connections at most (slow clients beyond it wait for the operating system)."
    )
    channel_timeout: int = _setting(
        20, "Seconds a connection may stay silent before it is closed (slow clients)."
    )
    query_seconds: float = _setting(
        2.0, "Seconds one query may match before the hits found so far are shown with a notice."
    )
    secure_cookies: bool = _setting(
        False, "Send the login cookie over HTTPS only (set it when coi is served behind TLS)."
    )
    passage_age_days: int = _setting(
        730, "Days after which a research question flags a passage's document as old."
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class StoreConfig:
    """Where the document store's database is."""

    url: str = _setting(
        "",
        "Empty: a SQLite file in data_dir; postgresql://user:password@host/db: a PostgreSQL"
        " server (blobs and index stay in data_dir).",
    )


STORE_URL_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    """Everything coi reads from configuration."""

    data_dir: Path = field(
        default=Path("data"),
        metadata={"help": "Folder holding the store, the archive and the index."},
    )
    crawler: CrawlerConfig = field(default_factory=CrawlerConfig)
    indexer: IndexerConfig = field(default_factory=IndexerConfig)
    taxonomy: TaxonomyConfig = field(default_factory=TaxonomyConfig)
    web: WebConfig = field(default_factory=WebConfig)
    store: StoreConfig = field(default_factory=StoreConfig)
    sources: tuple[Source, ...] = field(default=(), metadata={"help": "Publishers to crawl."})
    config_path: Path | None = field(
        default=None, metadata={"help": "File this configuration was read from."}
    )

    @property
    def store_path(self) -> Path:
        """The SQLite document store."""
        return self.data_dir / "coi.sqlite3"

    @property
    def blob_dir(self) -> Path:
        """The content-addressed archive of original bytes."""
        return self.data_dir / "blobs"

    @property
    def index_dir(self) -> Path:
        """The Whoosh index."""
        return self.data_dir / "index"

    def source(self, source_id: str) -> Source | None:
        """The declared source with this id, if any."""
        return next((s for s in self.sources if s.id == source_id), None)


SECTIONS: dict[str, type] = {
    "crawler": CrawlerConfig,
    "indexer": IndexerConfig,
    "taxonomy": TaxonomyConfig,
    "web": WebConfig,
    "store": StoreConfig,
}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


def load_config(
    path: Path | None = None,
    *,
    data_dir: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Read the configuration with its full precedence.

    Args:
        path: the file given by ``--config``; ``None`` looks at ``$COI_CONFIG`` then
            ``./config.toml`` (a missing default file means built-in defaults).
        data_dir: the ``--data-dir`` flag, which beats everything else.
        environ: the environment to read ``COI_*`` from (``os.environ`` by default).

    Raises:
        ConfigError: the file is unreadable, or a key is unknown or of the wrong type.
    """
    env = os.environ if environ is None else environ
    explicit = path is not None or "COI_CONFIG" in env
    config_path = Path(path or env.get("COI_CONFIG") or DEFAULT_CONFIG_NAME)
    raw: dict[str, Any] = {}
    if config_path.exists():
        raw = _read_toml(config_path)
    elif explicit:
        raise ConfigError(f"{config_path}: no such configuration file")
    where = str(config_path)
    config = _from_mapping(raw, where)
    config = _apply_environment(config, env)
    if data_dir is not None:
        config = replace(config, data_dir=data_dir)
    if config.store.url and not config.store.url.startswith(STORE_URL_SCHEMES):
        raise ConfigError(f"{where}: store.url must be empty (SQLite) or a postgresql:// URL")
    base = config_path.resolve().parent
    resolved = config.data_dir if config.data_dir.is_absolute() else base / config.data_dir
    return replace(
        config,
        data_dir=resolved,
        config_path=config_path.resolve() if config_path.exists() else None,
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc


def _from_mapping(raw: dict[str, Any], where: str) -> Config:
    known = {"data_dir", "sources", *SECTIONS}
    for key in raw:
        if key not in known:
            raise ConfigError(f"{where}: unknown key {key!r}")
    values: dict[str, Any] = {}
    if "data_dir" in raw:
        values["data_dir"] = Path(_check_type(raw["data_dir"], str, where, "data_dir"))
    for name, section_type in SECTIONS.items():
        if name in raw:
            section = _check_type(raw[name], dict, where, name)
            values[name] = _build_section(section_type, section, where, name)
    if "sources" in raw:
        entries = _check_type(raw["sources"], list, where, "sources")
        values["sources"] = _build_sources(entries, where)
    return Config(**values)


def _build_section(section_type: type, raw: dict[str, Any], where: str, prefix: str) -> Any:
    hints = get_type_hints(section_type)
    names = {f.name for f in fields(section_type)}
    values = {}
    for key, value in raw.items():
        if key not in names:
            raise ConfigError(f"{where}: unknown key {prefix}.{key!r}")
        values[key] = _coerce(value, hints[key], where, f"{prefix}.{key}")
    return section_type(**values)


def _coerce(value: Any, expected: Any, where: str, key: str) -> Any:
    """Check a TOML value against a field type; ints are accepted where floats are expected."""
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if expected is bool:
        return _check_type(value, bool, where, key)
    if expected is int and isinstance(value, bool):
        raise ConfigError(f"{where}: {key} must be int, not bool")
    return _check_type(value, expected, where, key)


def _check_type(value: Any, expected: type, where: str, key: str) -> Any:
    if not isinstance(value, expected):
        raise ConfigError(f"{where}: {key} must be {expected.__name__}, not {type(value).__name__}")
    return value


SOURCE_KEYS = {f.name for f in fields(Source)}


def _build_sources(entries: list[Any], where: str) -> tuple[Source, ...]:
    sources: list[Source] = []
    for number, entry in enumerate(entries, start=1):
        key = f"sources[{number}]"
        entry = _check_type(entry, dict, where, key)
        for name in entry:
            if name not in SOURCE_KEYS:
                raise ConfigError(f"{where}: unknown key {key}.{name!r}")
        for required in ("id", "name", "kind", "country", "start_urls"):
            if required not in entry:
                raise ConfigError(f"{where}: {key} lacks {required!r}")
        source = _build_source(entry, where, key)
        if any(s.id == source.id for s in sources):
            raise ConfigError(f"{where}: {key}.id {source.id!r} is declared twice")
        sources.append(source)
    return tuple(sources)


def _build_source(entry: dict[str, Any], where: str, key: str) -> Source:
    source_id = _check_type(entry["id"], str, where, f"{key}.id")
    if not _SLUG.match(source_id):
        raise ConfigError(f"{where}: {key}.id {source_id!r} must be a lower-case slug")
    kind = _check_type(entry["kind"], str, where, f"{key}.kind")
    if kind not in SOURCE_KINDS:
        raise ConfigError(f"{where}: {key}.kind must be one of {', '.join(SOURCE_KINDS)}")
    country = _check_type(entry["country"], str, where, f"{key}.country")
    if not _ISO3.match(country):
        raise ConfigError(f"{where}: {key}.country must be an ISO 3166-1 alpha-3 code")
    max_pages = entry.get("max_pages")
    if max_pages is not None:
        _coerce(max_pages, int, where, f"{key}.max_pages")
    return Source(
        id=source_id,
        name=_check_type(entry["name"], str, where, f"{key}.name"),
        kind=kind,
        country=country,
        start_urls=_url_list(entry["start_urls"], where, f"{key}.start_urls"),
        allow=_url_list(entry.get("allow", []), where, f"{key}.allow"),
        deny=_url_list(entry.get("deny", []), where, f"{key}.deny"),
        description=_check_type(entry.get("description", ""), str, where, f"{key}.description"),
        max_pages=max_pages,
        sitemaps=_url_list(entry.get("sitemaps", []), where, f"{key}.sitemaps"),
        doc_type=_doc_type(entry.get("doc_type"), where, f"{key}.doc_type"),
    )


def _doc_type(value: Any, where: str, key: str) -> str | None:
    """A source's declared document type: one the tagger knows, or None when not declared."""
    if value is None:
        return None
    kind = _check_type(value, str, where, key)
    if kind not in DOC_TYPES:
        raise ConfigError(f"{where}: {key} must be one of {', '.join(DOC_TYPES)}, not {kind!r}")
    return kind


def _url_list(value: Any, where: str, key: str) -> tuple[str, ...]:
    items = _check_type(value, list, where, key)
    for item in items:
        if not isinstance(item, str) or not item.startswith(("http://", "https://")):
            raise ConfigError(f"{where}: {key} must list http(s) URLs, got {item!r}")
    return tuple(items)


def _apply_environment(config: Config, env: Mapping[str, str]) -> Config:
    """Override settings from ``COI_*`` variables, parsed as TOML values where they look so."""
    where = "environment"
    if "COI_DATA_DIR" in env:
        config = replace(config, data_dir=Path(env["COI_DATA_DIR"]))
    for name, section_type in SECTIONS.items():
        section = getattr(config, name)
        hints = get_type_hints(section_type)
        changes: dict[str, Any] = {}
        for f in fields(section_type):
            variable = f"COI_{name}_{f.name}".upper()
            if variable in env:
                value = _parse_env_value(env[variable], hints[f.name])
                changes[f.name] = _coerce(value, hints[f.name], where, variable)
        if changes:
            config = replace(config, **{name: replace(section, **changes)})
    return config


def _parse_env_value(text: str, expected: Any) -> Any:
    if expected is str:
        return text
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def setting_help() -> dict[str, str]:
    """Every setting's dotted name and help text, for documentation and its test."""
    helps = {"data_dir": Config.__dataclass_fields__["data_dir"].metadata["help"]}
    for name, section_type in SECTIONS.items():
        for f in dataclasses.fields(section_type):
            helps[f"{name}.{f.name}"] = f.metadata["help"]
    return helps
