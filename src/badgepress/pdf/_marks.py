"""Shapes: colour bands (bled past the trim where they touch it) and crop marks.

Crop marks are drawn last on each page, in registration colour, so they print on every plate.
"""

from __future__ import annotations

from reportlab.lib.colors import CMYKColorSep
from reportlab.lib.rl_accel import fp_str

from badgepress.sheet.geometry import Rect, Segment
from badgepress.sheet.impose import Slot
from badgepress.sheet.layout import Color, Face, Layout, RectSpec
from badgepress.sheet.sides import own_bleed, transform

#: 100 % black ink and nothing else (C, M, Y, K, 0-1)
PURE_BLACK = (0.0, 0.0, 0.0, 1.0)
#: Registration colour: 100 % of every separation, so marks print on every plate.
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")


def fill(c: Color) -> str:
    """The PDF operator that sets fill colour ``c`` (device CMYK or RGB).

    Black ink alone (100 % K) is written as DeviceGray 0 (``0 g``): the same ink on a press
    (PDF/X reads DeviceGray as the K plate of the CMYK output intent, and a RIP separates it
    so), and what a grey or 1-bit office printer driver prints solid, where Ghostscript turns
    DeviceCMYK 0 0 0 1 into an 81 % grey through its default profiles and halftones it.
    """
    if c.space == "cmyk" and c.values == PURE_BLACK:
        return "0 g"
    return f"{fp_str(*c.values)} {'k' if c.space == 'cmyk' else 'rg'}"


def badge_head(layout: Layout, slot: Slot, face: Face | None = None) -> str:
    """The start of a badge in ``slot``: move to its trim corner (``q ... cm``, closed by the
    caller's ``Q``) and draw the colour bands of ``face`` (default: the layout's front), in pt
    relative to that corner. A slot turned 180° (a back) is drawn through a turning matrix.
    """
    trim = slot.trim
    if slot.rotation:
        out = [f"q {fp_str(*transform(slot))} cm"]
    else:
        out = [f"q 1 0 0 1 {fp_str(trim.x0)} {fp_str(trim.y0)} cm"]
    out.extend(band_op(spec, slot) for spec in (face or layout.front).rects)
    return "\n".join(out)


def band_op(spec: RectSpec, slot: Slot) -> str:
    """The operators that fill one colour band of a badge in ``slot``, relative to the badge's
    own trim corner (pt). A band that touches the trim runs on into the bleed, so a cut off by
    a hair shows colour, not white paper.
    """
    eps = 1e-6
    trim, b = slot.trim, own_bleed(slot)
    r = spec.box
    r = Rect(b.x0 if r.x0 <= eps else r.x0, b.y0 if r.y0 <= eps else r.y0,
             b.x1 if r.x1 >= trim.width - eps else r.x1,
             b.y1 if r.y1 >= trim.height - eps else r.y1)
    return f"{fill(spec.color)} {fp_str(r.x0, r.y0, r.width, r.height)} re f"


def crop_mark_path(marks: tuple[Segment, ...]) -> str:
    """The path operators that stroke every crop-mark segment (pt, page coordinates)."""
    return " ".join(f"{fp_str(seg.x0, seg.y0)} m {fp_str(seg.x1, seg.y1)} l"
                    for seg in marks) + " S"


def fold_mark_path(marks: tuple[Segment, ...]) -> str:
    """The path operators that stroke fold marks dashed (3 pt on, 2 pt off), then undash."""
    return "[3 2] 0 d " + crop_mark_path(marks) + " [] 0 d"
