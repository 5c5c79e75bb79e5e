"""Both sides of a badge: duplex backs, fold-over panels and printer offsets. Pure geometry,
in points.

A duplex back is printed on the next page and lands behind its front when the sheet is turned
as the layout's ``duplex`` says. Turning a sheet mirrors it about one axis: a long-edge flip of
a portrait sheet (or a short-edge flip of a landscape one) about the vertical axis, so the
back's columns are mirrored and its rows kept; the other flip about the horizontal axis, so
the rows are mirrored. A lanyard badge is turned about its own vertical axis; where the sheet
turns about the horizontal one, the back's content is turned 180° so that it reads upright.
Mirroring is exact, so the registration is exact by construction: the back of the back is the
front.

A fold-over badge (``badge.fold = "top"``) is a front panel and a back panel joined along the
badge's top edge, the back panel turned 180°, on one side of the sheet: each grid cell is the
badge twice as tall, cut around its outside and folded (dashed fold marks) at the middle.

Printer offsets move everything printed on a side (badges, marks, page boxes) by a measured
amount; they are checked against the paper here, once, before anything is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from badgepress.errors import LayoutError
from badgepress.sheet.geometry import Rect, Segment
from badgepress.sheet.impose import SheetPlan, Slot, plan_sheet
from badgepress.sheet.layout import Layout
from badgepress.sheet.units import mm


@dataclass(frozen=True, slots=True)
class Sides:
    """The geometry of a layout's sides: the front, and the back (None: none). A duplex back
    is a page of its own (``back.side == 1``); a fold-over back shares the front's page.
    """

    front: SheetPlan
    back: SheetPlan | None


def flips_about_vertical(width: float, height: float, duplex: str) -> bool:
    """Whether turning a ``width`` x ``height`` sheet (pt) for its back mirrors it left to
    right: a long-edge flip of a portrait (or square) sheet, a short-edge flip of a landscape one.
    """
    return (width <= height) == (duplex == "long-edge")


def mirror(r: Rect, width: float, height: float, vertical: bool) -> Rect:
    """Where ``r`` lies seen from the other side of a ``width`` x ``height`` sheet turned about
    its vertical (``vertical``) or horizontal axis (pt, page coordinates of the other side).
    """
    if vertical:
        return Rect(width - r.x1, r.y0, width - r.x0, r.y1)
    return Rect(r.x0, height - r.y1, r.x1, height - r.y0)


def _mirror_segment(s: Segment, width: float, height: float, vertical: bool) -> Segment:
    if vertical:
        return Segment(width - s.x0, s.y0, width - s.x1, s.y1)
    return Segment(s.x0, height - s.y0, s.x1, height - s.y1)


def back_sheet(front: SheetPlan, duplex: str, marks: bool = False) -> SheetPlan:
    """The back page of ``front`` for a ``duplex`` flip: slot ``i`` of the result lies exactly
    behind slot ``i`` of the front, its content turned 180° where the sheet turns about the
    horizontal axis. Crop marks are mirrored too when ``marks`` is True, else left off.
    """
    w, h = front.width, front.height
    v = flips_about_vertical(w, h, duplex)
    rotation = 0 if v else 180
    slots = tuple(replace(s, trim=mirror(s.trim, w, h, v), bleed=mirror(s.bleed, w, h, v),
                          rotation=(s.rotation + rotation) % 360) for s in front.slots)
    segs = tuple(_mirror_segment(m, w, h, v) for m in front.marks) if marks else ()
    return replace(front, slots=slots, marks=segs, trim_box=mirror(front.trim_box, w, h, v),
                   bleed_box=mirror(front.bleed_box, w, h, v), sides=2, side=1,
                   fold_marks=())


def place(box: Rect, slot: Slot) -> Rect:
    """A box given in the badge's own coordinates (pt from its trim's lower left) on the page."""
    t = slot.trim
    if slot.rotation == 180:
        return Rect(t.x1 - box.x1, t.y1 - box.y1, t.x1 - box.x0, t.y1 - box.y0)
    return box.shift(t.x0, t.y0)


def own_bleed(slot: Slot) -> Rect:
    """The slot's bleed in the badge's own coordinates (pt from its trim's lower left)."""
    t, b = slot.trim, slot.bleed
    if slot.rotation == 180:
        return Rect(t.x1 - b.x1, t.y1 - b.y1, t.x1 - b.x0, t.y1 - b.y0)
    return b.shift(-t.x0, -t.y0)


def transform(slot: Slot) -> tuple[float, float, float, float, float, float]:
    """The PDF matrix (``cm``) from the badge's own coordinates to the page."""
    t = slot.trim
    if slot.rotation == 180:
        return (-1.0, 0.0, 0.0, -1.0, t.x1, t.y1)
    return (1.0, 0.0, 0.0, 1.0, t.x0, t.y0)


def _fmt(pt: float) -> str:
    return f"{pt / mm(1):.1f} mm"


def fold_sheet(layout: Layout) -> Sides:
    """The sheet of a fold-over layout: cells of the badge twice as tall, cut around; in each,
    the front panel below the fold and the back panel above it, turned 180°.
    """
    w, h = layout.badge
    try:
        cells = plan_sheet(replace(layout, badge=(w, 2 * h)))
    except LayoutError as exc:
        raise LayoutError(f"a fold-over badge is two panels, {_fmt(w)} x {_fmt(2 * h)} in all, "
                          f"and does not fit: {exc.message}", path=layout.source,
                          key="badge.fold") from None
    fronts, backs, folds = [], [], []
    for s in cells.slots:
        t, b = s.trim, s.bleed
        y = t.y0 + h
        fronts.append(replace(s, trim=Rect(t.x0, t.y0, t.x1, y), bleed=Rect(b.x0, b.y0, b.x1, y)))
        backs.append(replace(s, trim=Rect(t.x0, y, t.x1, t.y1), bleed=Rect(b.x0, y, b.x1, b.y1),
                             rotation=180))
        folds.append(y)
    off, length = layout.marks.offset, layout.marks.length
    tb = cells.trim_box
    ys = sorted(set(folds))
    marks = tuple(seg for y in ys for seg in (Segment(tb.x0 - off, y, tb.x0 - off - length, y),
                                               Segment(tb.x1 + off, y, tb.x1 + off + length, y)))
    for seg in marks:
        if not cells.media_box.contains(seg.bounds()):
            raise LayoutError(f"fold marks need {_fmt(off + length)} beside the badges but run "
                              "off the sheet; raise sheet.margin or shorten marks.length",
                              path=layout.source, key="badge.fold")
    front = replace(cells, slots=tuple(fronts), fold_marks=marks)
    back = replace(cells, slots=tuple(backs), marks=(), fold_marks=())
    return Sides(front, back)


def shifted(plan: SheetPlan, dx: float, dy: float) -> SheetPlan:
    """``plan`` with everything printed moved by ``(dx, dy)`` pt (a printer offset).

    The page boxes stay where they are: they describe the sheet as designed, and a CUPS
    driver centres the TrimBox on the paper (pdftopdf), which would undo an offset that moved
    it.
    """
    if not dx and not dy:
        return plan

    def seg(s: Segment) -> Segment:
        return Segment(s.x0 + dx, s.y0 + dy, s.x1 + dx, s.y1 + dy)

    return replace(
        plan, slots=tuple(replace(s, trim=s.trim.shift(dx, dy), bleed=s.bleed.shift(dx, dy))
                          for s in plan.slots),
        marks=tuple(map(seg, plan.marks)), fold_marks=tuple(map(seg, plan.fold_marks)))


def _on_paper(plan: SheetPlan, layout: Layout, key: str, offset: tuple[float, float]) -> None:
    """Refuse an offset that pushes a badge or a mark off the paper."""
    page = plan.media_box
    what = (f"an offset of {offset[0] / mm(1):+.1f} mm, {offset[1] / mm(1):+.1f} mm pushes")
    for marks, kind in ((plan.marks, "crop"), (plan.fold_marks, "fold")):
        if any(not page.contains(m.bounds()) for m in marks):
            raise LayoutError(f"{what} {kind} marks off the paper; use a smaller offset, "
                              "raise sheet.margin or turn marks off", path=layout.source,
                              key=key)
    if any(not page.contains(s.trim) for s in plan.slots):
        raise LayoutError(f"{what} badges off the paper; use a smaller offset",
                          path=layout.source, key=key)


def plan_sides(layout: Layout) -> Sides:
    """The geometry of every side of ``layout``: its front sheet, and its back (a duplex page
    or the fold-over panels), each moved by its printer offset and checked against the paper.
    A one-sided layout without offsets gets exactly :func:`plan_sheet`.
    """
    if layout.fold:
        sides = fold_sheet(layout)
    elif layout.back is not None and layout.duplex:
        front = replace(plan_sheet(layout), sides=2)
        sides = Sides(front, back_sheet(front, layout.duplex, layout.back_marks))
    else:
        sides = Sides(plan_sheet(layout), None)
    front, back = sides.front, sides.back
    if layout.offset != (0.0, 0.0):
        front = shifted(front, *layout.offset)
        _on_paper(front, layout, "printer.offset", layout.offset)
    if back is not None:
        off = layout.offset if layout.fold else layout.back_offset
        if off != (0.0, 0.0):
            back = shifted(back, *off)
            _on_paper(back, layout, "printer.offset" if layout.fold else "printer.back_offset",
                      off)
    if layout.rotate:
        front = replace(front, rotate=layout.rotate)
        back = replace(back, rotate=layout.rotate) if back is not None else None
    return Sides(front, back)
