"""What a layout may ask for: bounds that keep the work proportional to what can be printed.

A badge smaller than :data:`MIN_BADGE` cannot hold a legible name inside its safe area; a sheet
larger than :data:`MAX_SHEET` is no press's sheet; more than :data:`MAX_SLOTS` badges on one
sheet is a typo (a 10 mm "badge" on A3). Each such layout is refused with the reason, before
any work: otherwise a layout of a million tiny badges costs hundreds of MB for its geometry
alone. A layout file over :data:`MAX_LAYOUT_BYTES` is refused before it is parsed.
"""

from __future__ import annotations

from badgepress.errors import LayoutError
from badgepress.sheet.units import mm

#: The smallest badge side (pt): 10 mm. A 3 mm safe area leaves a 4 mm box for the name.
MIN_BADGE = mm(10)
#: The largest sheet side (pt): 1,500 mm, beyond B0 (1,000 x 1,414 mm) and SRA0.
MAX_SHEET = mm(1500)
#: The most badges on one sheet (10 mm badges on A4 with no margins are about 580).
MAX_SLOTS = 500
#: The largest layout file read (bytes); the shipped layouts are under 4 KB.
MAX_LAYOUT_BYTES = 1024 * 1024


def _mm(pt: float) -> str:
    return f"{pt / mm(1):,.1f} mm"


def check_limits(path: str, sheet: tuple[float, float] | None,
                 badge: tuple[float, float]) -> None:
    """Raise ``LayoutError`` (naming ``path`` and the key) for a badge smaller than
    :data:`MIN_BADGE` or a sheet larger than :data:`MAX_SHEET` on a side (sizes in pt).
    """
    if min(badge) < MIN_BADGE - 1e-6:
        raise LayoutError(
            f"a badge of {_mm(badge[0])} x {_mm(badge[1])} is too small to print a name on; "
            f"each side must be at least {_mm(MIN_BADGE)}", path=path, key="badge.size")
    if sheet is not None and max(sheet) > MAX_SHEET + 1e-6:
        raise LayoutError(
            f"a sheet of {_mm(sheet[0])} x {_mm(sheet[1])} is larger than any press sheet; "
            f"each side must be at most {_mm(MAX_SHEET)}", path=path, key="sheet.size")


def check_slots(path: str, columns: int, rows: int, *, given: bool) -> None:
    """Raise ``LayoutError`` when ``columns`` x ``rows`` exceeds :data:`MAX_SLOTS`; ``given``:
    whether the layout set them (the key named is then ``grid``, else ``badge.size``).
    """
    if columns * rows > MAX_SLOTS:
        raise LayoutError(
            f"{columns:,} x {rows:,} = {columns * rows:,} badges on one sheet is more than "
            f"{MAX_SLOTS}; use larger badges, or fewer grid.columns and grid.rows",
            path=path, key="grid" if given else "badge.size")


__all__ = ["MAX_LAYOUT_BYTES", "MAX_SHEET", "MAX_SLOTS", "MIN_BADGE", "check_limits",
           "check_slots"]
