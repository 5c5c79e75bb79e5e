"""Lengths and paper sizes, parsed once at the edge into PDF points (1 pt = 1/72 in).

Everything past this module works in points. A length is written ``"90mm"``, ``"3.5 in"``,
``"1cm"``, ``"12pt"`` or a bare number of points; a size is ``"90mm x 55mm"`` (``x``, ``×`` or
``*``) or a paper name (``A4``, ``Letter``, ...).
"""

from __future__ import annotations

import math
import re

PT_PER_UNIT: dict[str, float] = {
    "pt": 1.0,
    "mm": 72.0 / 25.4,
    "cm": 72.0 / 2.54,
    "in": 72.0,
}

_LENGTH = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(mm|cm|in|pt)?\s*$", re.IGNORECASE)

#: Portrait paper sizes in points (width, height).
PAPER_SIZES: dict[str, tuple[float, float]] = {
    "a3": (841.8897637795277, 1190.5511811023623),
    "a4": (595.2755905511812, 841.8897637795277),
    "a5": (419.5275590551181, 595.2755905511812),
    "a6": (297.6377952755906, 419.5275590551181),
    "sra3": (907.0866141732284, 1275.5905511811025),
    "letter": (612.0, 792.0),
    "legal": (612.0, 1008.0),
    "tabloid": (792.0, 1224.0),
}


#: The longest length a layout may give (pt): 200 in, the largest page a PDF may have (PDF 1.7,
#: annex C). Anything longer is a typo, and would overflow the geometry downstream.
MAX_LENGTH = 14_400.0


def _checked(pt: float, value: object) -> float:
    """``pt`` if it is a finite length within :data:`MAX_LENGTH`, else ``ValueError``."""
    if not math.isfinite(pt):
        raise ValueError(f"expected a finite length such as '3mm', got {value!r}")
    if abs(pt) > MAX_LENGTH:
        raise ValueError(f"{value!r:.20} is longer than the largest PDF page (200 in, 5080 mm)")
    return pt


def parse_length(value: object) -> float:
    """Parse a length (``"90mm"``, ``"0.25in"``, ``12``) into points.

    A bare number is taken as points. Raises ``ValueError`` with the allowed forms when the
    value is not a length; callers turn that into a ``LayoutError`` naming the key.
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a length such as '3mm', got {value!r}")
    if isinstance(value, int | float):
        try:
            return _checked(float(value), value)
        except OverflowError:  # an integer beyond any float
            raise ValueError("a number longer than the largest PDF page (200 in, 5080 mm)")\
                from None
    if isinstance(value, str):
        m = _LENGTH.match(value)
        if m:
            return _checked(float(m.group(1)) * PT_PER_UNIT[(m.group(2) or "pt").lower()], value)
    raise ValueError(
        f"expected a length such as '3mm', '0.125in', '1cm' or '12pt', got {value!r}"
    )


def parse_size(value: object) -> tuple[float, float]:
    """Parse ``"90mm x 55mm"`` or a paper name into ``(width, height)`` in points.

    Paper names (A3-A6, SRA3, Letter, Legal, Tabloid; case-insensitive) give portrait sizes.
    Raises ``ValueError`` naming the allowed forms.
    """
    if isinstance(value, str):
        key = value.strip().lower()
        if key in PAPER_SIZES:
            return PAPER_SIZES[key]
        parts = re.split(r"\s*[x×*]\s*", value.strip(), flags=re.IGNORECASE)
        if len(parts) == 2 and all(_LENGTH.match(p) for p in parts):
            return parse_length(parts[0]), parse_length(parts[1])  # or why not (too long)
    names = ", ".join(n.upper() if n.startswith(("a", "sra")) else n.title() for n in PAPER_SIZES)
    raise ValueError(f"expected a size such as '90mm x 55mm' or one of {names}, got {value!r}")


def mm(value: float) -> float:
    """Return ``value`` millimetres in points."""
    return value * PT_PER_UNIT["mm"]


def parse_offset(value: object) -> tuple[float, float]:
    """Parse a printer offset ``"0.8mm, -1.2mm"`` (or a pair ``["0.8mm", "-1.2mm"]``) into
    ``(x, y)`` in points: positive x moves the print right, positive y up.
    """
    parts: list[object]
    if isinstance(value, str):
        parts = [p for p in re.split(r"\s*,\s*", value.strip())]
    elif isinstance(value, list | tuple):
        parts = list(value)
    else:
        parts = []
    if len(parts) != 2:
        raise ValueError(f"expected an offset X,Y such as '0.8mm,-1.2mm' (x right, y up), "
                         f"got {value!r}")
    return parse_length(parts[0]), parse_length(parts[1])
