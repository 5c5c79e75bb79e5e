"""Reading a layout's TOML tables: a reader that names the key of every mistake, and the
parsers of its values (lengths, counts, choices, colours, boxes). Everything returned is in
points; every error is a :class:`~badgepress.errors.LayoutError` with the file and the key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from badgepress.errors import LayoutError
from badgepress.sheet.geometry import Rect
from badgepress.sheet.units import parse_length


@dataclass(frozen=True, slots=True)
class Color:
    """A fill colour: ``space`` is ``"cmyk"`` (four 0-1 values) or ``"rgb"`` (three 0-1 values)."""

    space: Literal["rgb", "cmyk"]
    values: tuple[float, ...]


#: 100 % K: what a print shop wants for black text (no registration problems on small type).
BLACK = Color("cmyk", (0.0, 0.0, 0.0, 1.0))


T = TypeVar("T")


class TableReader:
    """Reads keys of one TOML table, turning every mistake into a LayoutError with its key."""

    def __init__(self, path: str, prefix: str, table: Mapping[str, Any]) -> None:
        self.path, self.prefix, self.table = path, prefix, table
        self.used: set[str] = set()

    def key(self, name: str) -> str:
        """The dotted path of key ``name`` in the file, e.g. ``field[2].size``."""
        return f"{self.prefix}.{name}" if self.prefix else name

    def fail(self, name: str, message: str) -> LayoutError:
        """The error for key ``name``: the file, the key and ``message``."""
        return LayoutError(message, path=self.path, key=self.key(name))

    def get(self, name: str, parse: Callable[[Any], T], default: T | None = None) -> T:
        """Key ``name`` parsed by ``parse``; ``default`` when absent (None: it is required)."""
        self.used.add(name)
        if name not in self.table:
            if default is None:
                raise self.fail(name, "is required")
            return default
        try:
            return parse(self.table[name])
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise self.fail(name, str(exc)) from None

    def sub(self, name: str, *, required: bool = False) -> TableReader:
        """A reader for the sub-table ``name`` (an empty one when absent and not required)."""
        self.used.add(name)
        value = self.table.get(name, {})
        if name not in self.table and required:
            raise self.fail(name, "is required")
        if not isinstance(value, dict):
            raise self.fail(name, "must be a table")
        return TableReader(self.path, self.key(name), value)

    def done(self, allowed: str = "") -> None:
        """Raise for the first key that no ``get`` or ``sub`` asked for."""
        unknown = sorted(set(self.table) - self.used)
        if unknown:
            known = ", ".join(sorted(self.used))
            raise self.fail(unknown[0], f"unknown key; allowed here: {known}{allowed}")


def choice(*options: str) -> Callable[[Any], str]:
    """A parser that accepts one of ``options`` (any case) and returns it in lower case."""
    def parse(value: Any) -> str:
        if isinstance(value, str) and value.lower() in options:
            return value.lower()
        raise ValueError(f"expected one of {', '.join(options)}, got {value!r}")

    return parse


def positive_length(value: Any) -> float:
    """A length greater than 0, in pt."""
    v = parse_length(value)
    if v <= 0:
        raise ValueError(f"must be greater than 0, got {value!r}")
    return v


def length_or_zero(value: Any) -> float:
    """A length of 0 or more, in pt."""
    v = parse_length(value)
    if v < 0:
        raise ValueError(f"must not be negative, got {value!r}")
    return v


def count(value: Any) -> int:
    """A whole number of at least 1."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"expected a whole number of at least 1, got {value!r}")
    return value


def flag(value: Any) -> bool:
    """``true`` or ``false``."""
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def text(value: Any) -> str:
    """A string."""
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def fraction(value: Any) -> float:
    """A horizontal scale from 0.5 to 1."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.5 <= value <= 1:
        raise ValueError(f"expected a number from 0.5 to 1 (1 = never condense), got {value!r}")
    return float(value)


_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")
_CMYK = re.compile(r"^cmyk\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*\)$", re.I)


def parse_color(value: Any) -> Color:
    """Parse ``"#1a2b3c"`` (RGB) or ``"cmyk(0, 0, 0, 100)"`` (percentages) into a Color."""
    if isinstance(value, str):
        if m := _HEX.match(value.strip()):
            h = m.group(1)
            return Color("rgb", tuple(int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)))
        if m := _CMYK.match(value.strip()):
            parts = tuple(float(g) / 100 for g in m.groups())
            if all(0 <= p <= 1 for p in parts):
                return Color("cmyk", parts)
    raise ValueError(f"expected '#rrggbb' or 'cmyk(c, m, y, k)' in percent, got {value!r}")


def parse_box(r: TableReader, name: str) -> Rect:
    """The box table ``name`` of ``r`` (x, y, width, height), in pt from the trim's lower left."""
    b = r.sub(name, required=True)
    box = Rect.from_size(
        b.get("x", length_or_zero), b.get("y", length_or_zero),
        b.get("width", positive_length), b.get("height", positive_length),
    )
    b.done()
    return box


def fraction_gap(value: Any) -> float:
    """A fraction of the font size from 0 to 1."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError(f"expected a fraction of the font size from 0 to 1, got {value!r}")
    return float(value)


