"""Fixtures for the reader tests."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pytest

# The shared venv has no editable install of this worktree; import from its src/.
SRC = Path(__file__).resolve().parents[2] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from readers_helpers import write_xlsx  # noqa: E402


@pytest.fixture
def xlsx_factory(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(10_000))

    def make(rows: Iterable[Sequence[object]], **kwargs: object) -> Path:
        return write_xlsx(tmp_path / f"book{next(counter)}.xlsx", rows, **kwargs)  # type: ignore[arg-type]

    return make
