"""A layout with its RGB colours (``"#rrggbb"``) replaced by CMYK ones, for PDF/X: the
conversion itself (a colour profile) is the caller's; this only walks the layout.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from badgepress.sheet._toml import Color
from badgepress.sheet.layout import Face, Layout

ToCmyk = Callable[[tuple[float, float, float]], tuple[float, float, float, float]]


def _colour(c: Color, convert: ToCmyk) -> Color:
    if c.space != "rgb":
        return c
    r, g, b = c.values
    return Color("cmyk", convert((r, g, b)))


def _face(face: Face, convert: ToCmyk) -> Face:
    return replace(
        face,
        fields=tuple(replace(f, color=_colour(f.color, convert)) for f in face.fields),
        rects=tuple(replace(r, color=_colour(r.color, convert)) for r in face.rects),
        qrs=tuple(replace(q, color=_colour(q.color, convert)) for q in face.qrs))


def has_rgb(layout: Layout) -> bool:
    """Whether any text, band or QR code of ``layout`` (front or back) is given in RGB."""
    faces = (layout.front,) if layout.back is None else (layout.front, layout.back)
    colours = [c for face in faces for c in (*(f.color for f in face.fields),
                                              *(r.color for r in face.rects),
                                              *(q.color for q in face.qrs))]
    return any(c.space == "rgb" for c in colours)


def cmyk_layout(layout: Layout, convert: ToCmyk) -> Layout:
    """``layout`` with every RGB colour (0-1 each) made CMYK (0-1 each) by ``convert``; the
    same object when it has none.
    """
    if not has_rgb(layout):
        return layout
    back = _face(layout.back, convert) if layout.back is not None else None
    return replace(layout, front=_face(layout.front, convert), back=back)
