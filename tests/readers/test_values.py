from __future__ import annotations

import datetime as dt

import pytest

from badgepress.readers._values import clean_text, format_number, format_value


@pytest.mark.parametrize(
    ("value", "text"),
    [(12345.0, "12345"), (3.5, "3.5"), (0.1 + 0.2, "0.3"), (1e-7, "0.0000001"),
     (1.2345678901234567e18, "1234567890123460000"), (-0.0, "0"), (42, "42")],
)
def test_numbers(value: float, text: str) -> None:
    assert format_number(value) == text


def test_other_values() -> None:
    assert format_value(None) == ""
    assert format_value(False) == "FALSE"
    assert format_value(dt.datetime(2026, 11, 23)) == "2026-11-23"
    assert format_value(dt.datetime(2026, 11, 23, 9, 30, 15)) == "2026-11-23 09:30:15"
    assert format_value(dt.timedelta(hours=26, minutes=5)) == "26:05:00"


@pytest.mark.parametrize(
    ("raw", "clean", "removed"),
    [("  Ada   Lovelace ", "Ada Lovelace", False), ("Ada\u00a0Lovelace", "Ada Lovelace", False),
     ("Ada\nLovelace\t", "Ada Lovelace", False), ("A\u200bda\u2060", "Ada", True),
     ("\ufeffAda\x07", "Ada", True), ("Cafe\u0301", "Caf\u00e9", False),
     ("क्\u200dष", "क्\u200dष", False), ("Zoë", "Zoë", False)],
)
def test_clean_text(raw: str, clean: str, removed: bool) -> None:
    assert clean_text(raw) == (clean, removed)
