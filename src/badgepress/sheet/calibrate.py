"""The calibration page: a layout's cut lines with millimetre scales, to read a printer's
shift off one printed page. Pure geometry, in points.

Every scale is labelled with the correction to pass to ``--offset``: a tick labelled ``k``
lies ``k`` mm from the line it measures. Folded edge to edge, a sheet creases at its true
middle, and the crease crosses each centre scale at the tick that is the correction; on label
or insert stock, each die-cut edge crosses the edge scales at it. (A printer that shifts the
print 0.8 mm right puts the printed middle 0.8 mm right of the crease: the crease meets tick
-0.8, and ``--offset -0.8mm,0`` moves the print back.)
"""

from __future__ import annotations

from dataclasses import dataclass

from badgepress.sheet.geometry import Rect, Segment
from badgepress.sheet.impose import SheetPlan
from badgepress.sheet.units import mm

#: Ticks on each side of a scale's zero (mm) for the centre and the edge scales.
CENTRE_REACH = 10
EDGE_REACH = 5


@dataclass(frozen=True, slots=True)
class Label:
    """A tick's number, centred at ``(x, y)`` (pt)."""

    x: float
    y: float
    text: str


@dataclass(frozen=True, slots=True)
class Calibration:
    """What one calibration page shows: cut lines, scale ticks and their labels (pt)."""

    cuts: tuple[Rect, ...]
    ticks: tuple[Segment, ...]
    labels: tuple[Label, ...]
    #: corner radius of the cut lines (a die-cut label's), pt
    corner: float = 0.0


def _scale(at: float, across: float, reach: int, horizontal: bool
           ) -> tuple[list[Segment], list[Label]]:
    """Ticks every mm from ``at - reach`` to ``at + reach`` mm along one axis, standing on the
    line ``across`` (pt); long ticks and numbers every 5 mm.
    """
    ticks, labels = [], []
    for k in range(-reach, reach + 1):
        pos = at + mm(k)
        long_ = k % 5 == 0
        tick = mm(4 if long_ else 2)
        if horizontal:
            ticks.append(Segment(pos, across - tick / 2, pos, across + tick / 2))
        else:
            ticks.append(Segment(across - tick / 2, pos, across + tick / 2, pos))
        if long_:
            text = f"{k:+d}" if k else "0"
            labels.append(Label(pos, across + mm(3.5), text) if horizontal
                          else Label(across + mm(4.5), pos - mm(0.8), text))
    return ticks, labels


def calibration(sheet: SheetPlan, corner: float = 0.0) -> Calibration:
    """The calibration page of ``sheet`` (a front, or a back page, offsets applied): every
    slot's cut lines (rounded by ``corner`` pt, as die-cut labels are), a scale across the
    page's middle in each direction, and a scale across the middle of each outer edge of the
    grid.
    """
    ticks: list[Segment] = []
    labels: list[Label] = []
    cx, cy = sheet.width / 2, sheet.height / 2

    def add(part: tuple[list[Segment], list[Label]]) -> None:
        ticks.extend(part[0])
        labels.extend(part[1])

    # The centre scales sit off the exact middle so that they do not cross each other.
    add(_scale(cx, cy + mm(15), CENTRE_REACH, horizontal=True))
    add(_scale(cy, cx + mm(15), CENTRE_REACH, horizontal=False))
    tb = sheet.trim_box
    mid_x, mid_y = (tb.x0 + tb.x1) / 2, (tb.y0 + tb.y1) / 2
    for x in (tb.x0, tb.x1):
        add(_scale(x, mid_y, EDGE_REACH, horizontal=True))
    for y in (tb.y0, tb.y1):
        add(_scale(y, mid_x, EDGE_REACH, horizontal=False))
    return Calibration(tuple(s.trim for s in sheet.slots), tuple(ticks), tuple(labels), corner)
