"""Fixtures for the reader tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pytest
from readers_helpers import write_xlsx


@pytest.fixture
def xlsx_factory(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(10_000))

    def make(rows: Iterable[Sequence[object]], **kwargs: object) -> Path:
        return write_xlsx(tmp_path / f"book{next(counter)}.xlsx", rows, **kwargs)  # type: ignore[arg-type]

    return make
