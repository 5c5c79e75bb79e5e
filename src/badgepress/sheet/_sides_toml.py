"""The layout keys for both sides and every stock: ``[back]``, ``sheet.duplex``,
``badge.fold``, ``sheet.stock``, ``sheet.rotate``, ``grid.left``/``top``/``pitch_x``/
``pitch_y``, ``badge.corner``, ``badge.printable``, ``marks.back`` and the ``[printer]``
table. Read here so that :mod:`badgepress.sheet.layout` keeps the schema's core; all lengths
in points.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from badgepress.errors import LayoutError
from badgepress.sheet._toml import (
    TableReader,
    choice,
    flag,
    length_or_zero,
    parse_box,
    positive_length,
)
from badgepress.sheet.geometry import EPSILON, Rect
from badgepress.sheet.units import mm, parse_offset

#: ``sheet.stock`` values: sheets for cutting, adhesive labels, pre-cut inserts, a label
#: printer's labels, a card printer's cards, one badge a page on an office printer.
STOCKS = ("cut", "labels", "inserts", "label-printer", "card", "page")


@dataclass(frozen=True, slots=True)
class SidesSpec:
    """The side and stock keys as written (``duplex`` None: not given)."""

    duplex: str | None = None
    fold: str | None = None
    stock: str = "cut"
    rotate: int = 0
    left: float | None = None
    top: float | None = None
    corner: float = 0.0
    back_marks: bool = False
    #: ``badge.printable``: what the printer can print of the badge (pt, from the trim's
    #: lower left, as the badge reads); None: all of it
    printable: Rect | None = None

    def as_kwargs(self, has_back: bool) -> dict[str, Any]:
        """The Layout fields; a back without ``duplex`` (and no fold) prints long-edge."""
        duplex = self.duplex or ("long-edge" if has_back and not self.fold else None)
        return {"duplex": duplex, "fold": self.fold, "stock": self.stock,
                "rotate": self.rotate, "left": self.left, "top": self.top,
                "corner": self.corner, "back_marks": self.back_marks,
                "printable": self.printable}


@dataclass(frozen=True, slots=True)
class PrinterSpec:
    """The ``[printer]`` table: offsets of the front and the back print (pt, x right, y up)."""

    offset: tuple[float, float] = (0.0, 0.0)
    back_offset: tuple[float, float] = (0.0, 0.0)

    def as_kwargs(self) -> dict[str, Any]:
        """The Layout fields."""
        return {"offset": self.offset, "back_offset": self.back_offset}


NO_SIDES = SidesSpec()
NO_PRINTER = PrinterSpec()


def _rotation(value: Any) -> int:
    if value in (0, 90, 270) and not isinstance(value, bool):
        return int(value)
    raise ValueError(f"expected 0, 90 or 270 (degrees the page is turned clockwise), "
                     f"got {value!r}")


def read_sides(sheet: TableReader, badge: TableReader, grid: TableReader,
               marks: TableReader) -> SidesSpec:
    """Read the side and stock keys of ``[sheet]``, ``[badge]``, ``[grid]`` and ``[marks]``,
    then close those tables (unknown keys fail).
    """
    badge.used.add("printable")
    spec = SidesSpec(
        duplex=sheet.get("duplex", choice("long-edge", "short-edge"), "") or None,
        stock=sheet.get("stock", choice(*STOCKS), "cut"),
        rotate=sheet.get("rotate", _rotation, 0),
        fold=badge.get("fold", choice("top"), "") or None,
        corner=badge.get("corner", length_or_zero, 0.0),
        printable=parse_box(badge, "printable") if "printable" in badge.table else None,
        left=_maybe(grid, "left"),
        top=_maybe(grid, "top"),
        back_marks=marks.get("back", flag, False),
    )
    badge.done()
    grid.done()
    marks.done()
    return spec


def _maybe(r: TableReader, name: str) -> float | None:
    value = r.get(name, length_or_zero, -1.0)
    return None if value < 0 else value


def pitch_gutters(grid: TableReader, badge: tuple[float, float], gutter_x: float,
                  gutter_y: float) -> tuple[float, float]:
    """Gutters from ``grid.pitch_x``/``pitch_y`` (a maker's label pitch: one label's edge to
    the next one's, in pt) where given, else ``gutter_x``/``gutter_y``.
    """
    out = []
    for key, size, gutter in (("pitch_x", badge[0], gutter_x), ("pitch_y", badge[1], gutter_y)):
        pitch = grid.get(key, positive_length, -1.0)
        if pitch < 0:
            out.append(gutter)
            continue
        if pitch < size - EPSILON:
            raise grid.fail(key, f"is {pitch / mm(1):.2f} mm, less than the badge "
                            f"({size / mm(1):.2f} mm): badges would overlap")
        out.append(max(0.0, pitch - size))
    return out[0], out[1]


def read_printer(top: TableReader) -> PrinterSpec:
    """The ``[printer]`` table: ``offset`` and ``back_offset`` (``"X,Y"``, x right, y up)."""
    pr = top.sub("printer")
    spec = PrinterSpec(pr.get("offset", parse_offset, (0.0, 0.0)),
                       pr.get("back_offset", parse_offset, (0.0, 0.0)))
    pr.done()
    return spec


F = TypeVar("F")


def parse_back(top: TableReader, badge: tuple[float, float], safe: float,
               parse_face: Callable[[TableReader, tuple[float, float], float], F]) -> F | None:
    """The ``[back]`` table's face (``[[back.field]]``, ``[[back.rect]]``, ...), read by the
    same ``parse_face`` as the front; None when the layout has no back.
    """
    top.used.add("back")
    if "back" not in top.table:
        return None
    b = top.sub("back")
    try:
        face = parse_face(b, badge, safe)
    except LayoutError as exc:
        if exc.key and not exc.key.startswith("back"):
            raise LayoutError(exc.message, path=exc.path, key=f"back.{exc.key}") from None
        raise
    b.done()
    return face


class _Boxed(Protocol):
    @property
    def box(self) -> Rect: ...


class _FaceLike(Protocol):
    @property
    def fields(self) -> Sequence[_Boxed]: ...

    @property
    def qrs(self) -> Sequence[_Boxed]: ...


def clear_of_corners(box: Rect, badge: tuple[float, float], radius: float,
                     safe: float) -> bool:
    """Whether ``box`` (pt, from the trim's lower left) keeps ``safe`` inside a badge whose
    corners are rounded with ``radius``: each of its corners that lies in a corner square is
    at most ``radius - safe`` from that corner's centre.
    """
    w, h = badge
    r = radius
    if r <= safe + EPSILON:
        return True  # the rounding lies inside the straight safe margin
    for cx, cy, px, py in ((r, r, box.x0, box.y0), (w - r, r, box.x1, box.y0),
                           (r, h - r, box.x0, box.y1), (w - r, h - r, box.x1, box.y1)):
        beyond_x = px < cx if cx == r else px > cx
        beyond_y = py < cy if cy == r else py > cy
        if beyond_x and beyond_y and math.hypot(px - cx, py - cy) > r - safe + EPSILON:
            return False
    return True


def check_sides(path: str, sides: SidesSpec, badge: tuple[float, float], safe: float,
                front: _FaceLike, back: _FaceLike | None) -> None:
    """Refuse combinations that cannot print: a back on one-sided stock, a fold without a
    back, a duplex setting with nothing to print on the back, text in a rounded corner.
    """
    def fail(key: str, message: str) -> LayoutError:
        return LayoutError(message, path=path, key=key)

    if back is not None and sides.stock in ("labels", "label-printer"):
        what = "adhesive labels" if sides.stock == "labels" else "a label printer's labels"
        raise fail("back", f"{what} print on one side only; remove [back], or use "
                   "sheet.stock = 'inserts' for pre-cut cards printed on both sides")
    if sides.fold and back is None:
        raise fail("badge.fold", "a fold-over badge needs a [back] for its other panel "
                   "([[back.field]] tables)")
    if sides.fold and sides.duplex:
        raise fail("sheet.duplex", "a fold-over badge prints both panels on the same side of "
                   "the sheet; remove sheet.duplex (or badge.fold)")
    if sides.fold and sides.stock != "cut":
        raise fail("badge.fold", "fold-over badges are cut from plain sheets; remove "
                   f"badge.fold or sheet.stock = {sides.stock!r}")
    if sides.duplex and back is None:
        raise fail("sheet.duplex", "is set, but the layout has no [back] to print; add "
                   "[[back.field]] tables or remove sheet.duplex")
    if sides.back_marks and back is None:
        raise fail("marks.back", "crop marks on the back need a [back]; remove marks.back")
    if sides.corner > min(badge) / 2 + EPSILON:
        raise fail("badge.corner", f"a {sides.corner / mm(1):.1f} mm radius is more than half "
                   "the badge")
    for prefix, face in (("", front), ("back.", back)):
        for i, spec in enumerate(face.fields if face is not None else ()):
            if not clear_of_corners(spec.box, badge, sides.corner, safe):
                raise fail(f"{prefix}field[{i + 1}].box", f"reaches into a rounded corner "
                           f"(radius {sides.corner / mm(1):.1f} mm, {safe / mm(1):.1f} mm "
                           "safe margin); move or shrink the box")
    if sides.printable is not None:
        if not Rect(0, 0, *badge).contains(sides.printable):
            raise fail("badge.printable", "reaches outside the badge; it is the part of the "
                       "badge the printer can print (from the trim's lower left)")
        where = outside_printable(front, back, sides.printable)
        if where is not None:
            raise fail(where, f"reaches outside the printable area "
                       f"({describe_area(sides.printable)}, badge.printable), where the "
                       "printer prints nothing; move or shrink the box")


def describe_area(area: Rect) -> str:
    """``x 9.5-87.4 mm, y 3.0-49.8 mm``: an area of the badge for messages (pt in)."""
    return (f"x {area.x0 / mm(1):.1f}-{area.x1 / mm(1):.1f} mm, "
            f"y {area.y0 / mm(1):.1f}-{area.y1 / mm(1):.1f} mm")


def outside_printable(front: _FaceLike, back: _FaceLike | None, area: Rect) -> str | None:
    """The key (``field[2].box``, ``back.qr[1].box``) of the first text or QR code box of
    ``front`` or ``back`` that is not inside ``area`` (pt, badge coordinates); None: all are.
    """
    for prefix, face in (("", front), ("back.", back)):
        if face is None:
            continue
        for kind, specs in (("field", face.fields), ("qr", face.qrs)):
            for i, spec in enumerate(specs):
                if not area.contains(spec.box):
                    return f"{prefix}{kind}[{i + 1}].box"
    return None
