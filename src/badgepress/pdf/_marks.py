"""Shapes: colour bands (bled past the trim where they touch it) and crop marks.

Crop marks are drawn last on each page, in registration colour, so they print on every plate.
"""

from __future__ import annotations

from reportlab.lib.colors import CMYKColorSep
from reportlab.lib.rl_accel import fp_str

from badgepress.sheet.geometry import Rect, Segment
from badgepress.sheet.impose import Slot
from badgepress.sheet.layout import Color, Layout, RectSpec

#: Registration colour: 100 % of every separation, so marks print on every plate.
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")


def fill(c: Color) -> str:
    """The PDF operator that sets fill colour ``c`` (device CMYK or RGB)."""
    return f"{fp_str(*c.values)} {'k' if c.space == 'cmyk' else 'rg'}"


def badge_head(layout: Layout, slot: Slot) -> str:
    """The start of a badge in ``slot``: move to its trim corner (``q ... cm``, closed by the
    caller's ``Q``) and draw the layout's colour bands, in pt relative to that corner.
    """
    trim, bleed = slot.trim, slot.bleed
    out = [f"q 1 0 0 1 {fp_str(trim.x0)} {fp_str(trim.y0)} cm"]
    # A band that touches the trim runs on into the bleed, so a cut off by a hair shows
    # colour, not white paper. Coordinates are relative to the trim corner.
    eps = 1e-6
    b = bleed.shift(-trim.x0, -trim.y0)
    for spec in layout.rects:
        r = spec.box
        r = Rect(b.x0 if r.x0 <= eps else r.x0, b.y0 if r.y0 <= eps else r.y0,
                 b.x1 if r.x1 >= trim.width - eps else r.x1,
                 b.y1 if r.y1 >= trim.height - eps else r.y1)
        out.append(f"{fill(spec.color)} {fp_str(r.x0, r.y0, r.width, r.height)} re f")
    return "\n".join(out)


def band_op(spec: RectSpec, trim: Rect, bleed: Rect) -> str:
    """The operators that fill one colour band, relative to the trim corner (pt); edges on the
    trim run on into the bleed (as in :func:`badge_head`).
    """
    eps = 1e-6
    b = bleed.shift(-trim.x0, -trim.y0)
    r = spec.box
    r = Rect(b.x0 if r.x0 <= eps else r.x0, b.y0 if r.y0 <= eps else r.y0,
             b.x1 if r.x1 >= trim.width - eps else r.x1,
             b.y1 if r.y1 >= trim.height - eps else r.y1)
    return f"{fill(spec.color)} {fp_str(r.x0, r.y0, r.width, r.height)} re f"


def crop_mark_path(marks: tuple[Segment, ...]) -> str:
    """The path operators that stroke every crop-mark segment (pt, page coordinates)."""
    return " ".join(f"{fp_str(seg.x0, seg.y0)} m {fp_str(seg.x1, seg.y1)} l"
                    for seg in marks) + " S"
