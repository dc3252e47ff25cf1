"""Run one index build with the worker pool in this process (a test kills it with SIGKILL)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent)]

from indexfixtures import make_config  # noqa: E402

from coi.store import open_store  # noqa: E402
from indexer.build import update_index  # noqa: E402


def main(data_dir: str) -> None:
    config = make_config(Path(data_dir), batch_size=50, processes=2)
    with open_store(config.data_dir, config.store.url) as store:
        update_index(config, store)


if __name__ == "__main__":
    main(sys.argv[1])
