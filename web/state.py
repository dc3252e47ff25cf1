"""What the app keeps between requests, and the per-request store."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from multiprocessing.sharedctypes import Synchronized

from flask import current_app, g

from coi.config import Config
from coi.store import Store, open_store
from indexer.search import SearchEngine


@dataclass
class AppState:
    """The app's configuration, its open search engine and a count of searches.

    Queries are counted, never logged: what a claimant's officer searched for must not leak
    into a log file.
    """

    config: Config
    engine: SearchEngine
    searches: int = 0
    shared_searches: Synchronized[int] | None = None
    """The count of all worker processes together, when :mod:`web.workers` serves."""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def count_search(self) -> None:
        """One more search served."""
        if self.shared_searches is not None:
            with self.shared_searches.get_lock():
                self.shared_searches.value += 1
            return
        with self._lock:
            self.searches += 1

    def searches_served(self) -> int:
        """Searches this server answered, in all its worker processes."""
        return self.searches if self.shared_searches is None else self.shared_searches.value


def app_state() -> AppState:
    """The state of the app handling this request."""
    state: AppState = current_app.extensions["coi"]
    return state


def request_store() -> Store:
    """The store for this request, opened on first use and closed at teardown."""
    if "coi_store" not in g:
        g.coi_store = open_store(app_state().config.data_dir, app_state().config.store.url)
    store: Store = g.coi_store
    return store


def close_store(_: BaseException | None = None) -> None:
    """Teardown: close the request's store if one was opened."""
    store = g.pop("coi_store", None)
    if store is not None:
        store.close()
