"""Fixtures for the web app: an app over a fresh data folder, and its test client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import Web

from badgepress.web.edge import App


@pytest.fixture
def web(tmp_path: Path) -> Iterator[Web]:
    w = Web(tmp_path / "data")
    yield w
    w.state.engine.builds.wait()


@pytest.fixture
def state(web: Web) -> App:
    return web.state
