"""Turn cell values into the cleaned strings a badge prints.

Everything a reader hands on is a ``str``: layouts substitute text, and a spreadsheet's idea
of a number or a date is only useful once it looks the way the person who typed it expects.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

#: Invisible characters that only ever get into names by copy and paste from web pages and
#: PDFs. ZWNJ/ZWJ (U+200C/U+200D) are deliberately absent: Indic and Persian names need them
#: to render correctly, and bidi marks are kept because they change how Arabic/Hebrew display.
_INVISIBLE = {0x200B: None, 0xFEFF: None, 0x2060: None}

# Control characters (C0, DEL, C1) other than whitespace, which str.split() already handles.
_CONTROLS = {c: None for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)] if not chr(c).isspace()}
_DROP = {**_INVISIBLE, **_CONTROLS}

#: Excel keeps 15 significant digits; showing more would print float noise (0.30000000000000004)
#: and digits Excel itself never shows for big ids.
_EXCEL_DIGITS = 15


@dataclass(frozen=True, slots=True)
class CellProblem:
    """A cell whose value cannot be used: a formula never calculated, or an error like #REF!."""

    message: str


def clean_text(text: str) -> tuple[str, bool]:
    """Return ``text`` normalised for printing and whether invisible characters were removed.

    NFC, whitespace runs (including NBSP, tabs and line breaks inside a cell) folded to one
    space and trimmed, control characters and stray zero-width spaces dropped.
    """
    # Fast path: nearly every cell is printable text already in NFC.
    if text.isprintable():
        if text.isascii():
            return (text if _is_tidy(text) else " ".join(text.split())), False
        if unicodedata.is_normalized("NFC", text) and _is_tidy(text):
            return text, False
    dropped = text.translate(_DROP)
    removed = len(dropped) != len(text)  # _DROP holds no whitespace, so this is real removal
    folded = " ".join(dropped.split())
    return unicodedata.normalize("NFC", folded), removed


def _is_tidy(text: str) -> bool:
    # Printable text can still carry NBSP and double spaces; only skip work when it cannot.
    return "  " not in text and text == text.strip() and "\u00a0" not in text


def format_number(value: float | int) -> str:
    """Print a number as a person expects: 12345 not 12345.0, 3.5, big ids without exponent."""
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):  # NaN / infinity
        return str(value)
    if value.is_integer() and abs(value) < 10**_EXCEL_DIGITS:
        return str(int(value))
    text = format(Decimal(f"{value:.{_EXCEL_DIGITS}g}"), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_value(value: object) -> str | CellProblem:
    """Return the display text of a cell value (``None`` is the empty string)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):  # before int: bool is an int
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            # Excel has no date-only type: a date cell arrives as a datetime at midnight.
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    if isinstance(value, dt.timedelta):
        total = int(value.total_seconds())
        sign, total = ("-", -total) if total < 0 else ("", total)
        return f"{sign}{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
    if isinstance(value, CellProblem):
        return value
    return str(value)
