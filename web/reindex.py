"""Index updates for the desk's changes, run beside the requests that ask for them.

A curator's change is committed to the store before the desk answers. Bringing the index up to
date may take many seconds (a crawl can have left thousands of changes pending) or have to wait
for another process writing the index (``coi index``, a rebuild): a save that waited for it
took up to 20 s, or answered 400 although it was saved. So the desk never waits: it asks this
worker, which runs one update at a time in a thread of its own, folds the requests that arrive
meanwhile into its next run and, while another process holds the index, tries again every
:data:`RETRY_SECONDS`. Nothing is lost if the server stops first: whoever updates the index
next (``coi index``, the next desk change) picks up every change it has not reached.
"""

from __future__ import annotations

import logging
import threading

from coi.config import Config
from coi.errors import IndexLockedError
from coi.store import open_store
from indexer.build import update_index

log = logging.getLogger("coi.web.reindex")
RETRY_SECONDS = 2.0
"""Pause before trying again when another process is writing the index."""


class IndexRefresher:
    """One background thread that brings the index up to date whenever the desk asks."""

    def __init__(self, config: Config) -> None:
        self._config = config
        self._lock = threading.Lock()
        self._wanted = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        """Ask for an update and return at once (the thread starts on the first request)."""
        with self._lock:
            if self._stop.is_set():
                return
            self._idle.clear()
            self._wanted.set()
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._work, name="coi-index-refresh", daemon=True
                )
                self._thread.start()

    @property
    def pending(self) -> bool:
        """Whether a change asked for is not in the index yet."""
        return not self._idle.is_set()

    def wait(self, timeout: float) -> bool:
        """Wait until every change asked for is in the index; False if ``timeout`` ran out."""
        return self._idle.wait(timeout)

    def close(self, timeout: float = 30.0) -> None:
        """Stop asking; let an update under way finish (it commits whole or not at all)."""
        with self._lock:
            self._stop.set()
            self._wanted.set()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _work(self) -> None:
        while True:
            self._wanted.wait()
            with self._lock:
                if self._stop.is_set():
                    self._idle.set()
                    return
                self._wanted.clear()
            self._update_once()
            with self._lock:
                if not self._wanted.is_set():
                    self._idle.set()

    def _update_once(self) -> None:
        try:
            with open_store(self._config.data_dir, self._config.store.url) as store:
                update_index(self._config, store)
        except IndexLockedError:
            log.info("index busy with another process; trying again in %.0f s", RETRY_SECONDS)
            self._wanted.set()
            self._stop.wait(RETRY_SECONDS)
        except Exception:  # a change is saved whatever happens here; the next update retries
            log.exception("index update after a desk change failed; `coi index` will retry it")
