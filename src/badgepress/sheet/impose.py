"""Imposition: where each badge and each crop mark goes on a page. Pure geometry, in points.

Every page of a run has the same geometry, so it is computed once (:func:`plan_sheet`), and
badge ``i`` (0-based, in output order) goes to page ``i // per_page + 1``, slot
``i % per_page + 1``. Slots are numbered in reading order: left to right, top to bottom.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from badgepress.errors import LayoutError
from badgepress.sheet.geometry import EPSILON, Rect, Segment
from badgepress.sheet.layout import Layout
from badgepress.sheet.limits import check_slots
from badgepress.sheet.units import mm


@dataclass(frozen=True, slots=True)
class Slot:
    """One badge position: 1-based ``index`` in reading order, its trim and bleed (pt)."""

    index: int
    column: int
    row: int
    trim: Rect
    bleed: Rect
    #: How the badge's own coordinates turn on the page: 0, or 180 (a back read upside down
    #: on the sheet, a fold-over's back panel)
    rotation: int = 0


@dataclass(frozen=True, slots=True)
class SheetPlan:
    """The geometry shared by every page: page size, slots, crop marks and page boxes (pt)."""

    width: float
    height: float
    columns: int
    rows: int
    slots: tuple[Slot, ...]
    marks: tuple[Segment, ...]
    trim_box: Rect
    bleed_box: Rect
    #: PDF pages per sheet (2 when each sheet has a back page) and which of them this is
    sides: int = 1
    side: int = 0
    #: Fold marks (dashed, in the margin) of fold-over badges
    fold_marks: tuple[Segment, ...] = ()
    #: The pages' /Rotate (a label printer feeding the label short side first)
    rotate: int = 0

    @property
    def per_page(self) -> int:
        """Badges on one page."""
        return len(self.slots)

    @property
    def media_box(self) -> Rect:
        """The whole page."""
        return Rect(0, 0, self.width, self.height)

    def locate(self, index: int) -> tuple[int, Slot]:
        """Page number (1-based) and slot of the ``index``-th badge (0-based)."""
        page, slot = divmod(index, self.per_page)
        return page * self.sides + self.side + 1, self.slots[slot]


def _fmt(pt: float) -> str:
    return f"{pt / mm(1):.1f} mm"


def _fit_count(space: float, item: float, gap: float) -> int:
    """How many items of ``item`` pt with ``gap`` between them fit in ``space`` pt."""
    return max(0, math.floor((space + gap + EPSILON) / (item + gap)))


def _axis(layout: Layout, which: str) -> tuple[int, float]:
    """Resolve one axis: (count, offset of the first trim edge from the page edge)."""
    horizontal = which == "x"
    assert layout.sheet is not None
    page = layout.sheet[0] if horizontal else layout.sheet[1]
    item = layout.badge[0] if horizontal else layout.badge[1]
    gap = layout.gutter_x if horizontal else layout.gutter_y
    given = layout.columns if horizontal else layout.rows
    noun = "columns" if horizontal else "rows"
    origin = layout.left if horizontal else layout.top
    if origin is not None:
        return _placed_axis(layout, horizontal, origin), origin
    room = page - 2 * layout.margin
    why = "room for crop marks" if layout.marks.crop else "the margin"
    count = given or _fit_count(room, item, gap)
    extent = count * item + (count - 1) * gap
    if count == 0 or extent > room + EPSILON:
        dim = "wide" if horizontal else "tall"
        what = (f"{count} {noun} of {_fmt(item)} badges with {_fmt(gap)} gutters need "
                f"{_fmt(extent)}" if count else f"a {_fmt(item)} badge needs {_fmt(item)}")
        raise LayoutError(
            f"{what} plus {_fmt(layout.margin)} on each side for {why}, but the sheet is only "
            f"{_fmt(page)} {dim}; use fewer {noun}, smaller gutters, a smaller badge or "
            "sheet.margin, or turn crop marks off",
            path=layout.source, key=f"grid.{noun}" if given else "badge.size",
        )
    return count, (page - extent) / 2


def _placed_axis(layout: Layout, horizontal: bool, origin: float) -> int:
    """The count of one axis of a grid placed where a label maker puts it: its first trim
    ``origin`` pt from the sheet's left (top) edge.
    """
    assert layout.sheet is not None
    page = layout.sheet[0] if horizontal else layout.sheet[1]
    item = layout.badge[0] if horizontal else layout.badge[1]
    gap = layout.gutter_x if horizontal else layout.gutter_y
    given = layout.columns if horizontal else layout.rows
    count = given or _fit_count(page - origin, item, gap)
    extent = count * item + (count - 1) * gap
    if count == 0 or origin + extent > page + EPSILON:
        noun, edge = ("columns", "left") if horizontal else ("rows", "top")
        raise LayoutError(
            f"{count} {noun} of {_fmt(item)} badges starting {_fmt(origin)} from the {edge} "
            f"edge need {_fmt(origin + extent)}, but the sheet is only {_fmt(page)}; check "
            "the maker's numbers", path=layout.source, key=f"grid.{noun}")
    return count


def plan_sheet(layout: Layout) -> SheetPlan:
    """Compute the page geometry of ``layout``: grid centred on the sheet (or placed where
    ``grid.left``/``grid.top`` put it, for label stock), marks in the margin.

    With ``layout.sheet`` None the page is one badge plus ``layout.margin`` on every side.
    Raises ``LayoutError`` when the badges, their bleed or the marks do not fit the sheet.
    """
    bw, bh = layout.badge
    if layout.sheet is None:
        cols = rows = 1
        x_off = y_off = layout.margin
        width, height = bw + 2 * x_off, bh + 2 * y_off
    else:
        (cols, x_off), (rows, y_off) = _axis(layout, "x"), _axis(layout, "y")
        check_slots(layout.source, cols, rows,
                    given=layout.columns is not None and layout.rows is not None)
        width, height = layout.sheet
    gx, gy = layout.gutter_x, layout.gutter_y
    slots: list[Slot] = []
    for r in range(rows):
        for c in range(cols):
            x0 = x_off + c * (bw + gx)
            y0 = height - y_off - (r + 1) * bh - r * gy
            trim = Rect(x0, y0, x0 + bw, y0 + bh)
            b = layout.bleed
            # With shared cuts (gutter 0) neighbours meet at the trim: bleed only on the outside.
            bleed = Rect(
                x0 - (b if c == 0 or gx else 0), y0 - (b if r == rows - 1 or gy else 0),
                x0 + bw + (b if c == cols - 1 or gx else 0), y0 + bh + (b if r == 0 or gy else 0),
            )
            slots.append(Slot(len(slots) + 1, c + 1, r + 1, trim, bleed))
    trim_box = Rect(
        min(s.trim.x0 for s in slots), min(s.trim.y0 for s in slots),
        max(s.trim.x1 for s in slots), max(s.trim.y1 for s in slots),
    )
    bleed_box = trim_box.grow(layout.bleed)
    marks = crop_marks(slots, trim_box, layout) if layout.marks.crop else ()
    page = Rect(0, 0, width, height)
    if layout.stock in PRE_CUT:
        # Nothing is cut from pre-cut stock: the sheet is what comes out. A TrimBox of the
        # whole sheet is also centred on it, so a CUPS driver that centres the TrimBox on the
        # paper (pdftopdf's "do not scale, center") moves nothing: a grid placed off-centre
        # by the maker's numbers would otherwise move by half its asymmetry (0.6 mm, L4785).
        trim_box = bleed_box = page
    for seg in marks:
        if not page.contains(seg.bounds()):
            raise LayoutError(
                f"crop marks need {_fmt(layout.marks.offset + layout.marks.length)} outside the "
                "badges but run off the sheet; raise sheet.margin or shorten marks.length",
                path=layout.source, key="marks",
            )
    return SheetPlan(width, height, cols, rows, tuple(slots), marks, trim_box, bleed_box)


def _cuts(values: list[float]) -> list[float]:
    """Distinct cut positions, in order (shared cuts appear once)."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > EPSILON:
            out.append(v)
    return out


#: Stock whose badges are cut or punched before printing (labels, card inserts).
PRE_CUT = ("labels", "inserts")


def crop_marks(slots: list[Slot], trim_box: Rect, layout: Layout) -> tuple[Segment, ...]:
    """One mark at each end of every cut line, outside the grid, ``offset`` pt from the trim.

    Marks extend the cut lines into the margin only; because ``offset >= bleed`` they never
    touch any badge's bleed.
    """
    off, length = layout.marks.offset, layout.marks.length
    xs = _cuts([v for s in slots for v in (s.trim.x0, s.trim.x1)])
    ys = _cuts([v for s in slots for v in (s.trim.y0, s.trim.y1)])
    tb = trim_box
    segs = [Segment(x, tb.y0 - off, x, tb.y0 - off - length) for x in xs]
    segs += [Segment(x, tb.y1 + off, x, tb.y1 + off + length) for x in xs]
    segs += [Segment(tb.x0 - off, y, tb.x0 - off - length, y) for y in ys]
    segs += [Segment(tb.x1 + off, y, tb.x1 + off + length, y) for y in ys]
    return tuple(segs)
