"""Fixtures shared by every test module."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep a developer's COI_* variables from leaking into the configuration under test."""
    for name in list(os.environ):
        if name.startswith("COI_"):
            monkeypatch.delenv(name)


from sitesrv import site_server  # noqa: E402, F401  (the test site, shared by the session)
