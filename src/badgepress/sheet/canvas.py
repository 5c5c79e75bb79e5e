"""The designer's coordinates: where each element of a layout lies on a picture of one badge.

A layout measures boxes in points (parsed from the file's lengths) from the **lower left
corner of the badge's trim**, y up. The designer's canvas shows the badge's **bleed box**
(the trim and its bleed on every side: what :func:`badgepress.pdf.preview.render_png` renders
of a badge) and measures in **millimetres from its top left corner, y down**, as the browser
draws. With ``b`` the bleed and ``H`` the badge's height (mm)::

    canvas x = x + b                      layout x = canvas x - b
    canvas y = (H + b) - (y + height)     layout y = (H + b) - (canvas y + height)

Widths and heights are the same in both. A back side (``back.field[1]``, ...) is measured on
its own badge the same way, read upright. Pure: no drawing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from badgepress.sheet.geometry import Rect
from badgepress.sheet.layout import Face, Layout
from badgepress.sheet.units import mm

Kind = Literal["field", "rect", "image", "qr"]

__all__ = ["CanvasBox", "canvas_box", "canvas_guides", "canvas_size", "element_boxes",
           "layout_box", "length_text"]


@dataclass(frozen=True, slots=True)
class CanvasBox:
    """An element's box on the canvas, in mm from the bleed box's top left corner, y down.

    ``key`` names the element as messages and ``--set`` do (``field[1]``, ``back.qr[1]``);
    ``area`` is ``"box"`` for a box of its own, ``"bleed"`` or ``"trim"`` for a background
    image that fills the badge's bleed or trim box (not movable).
    """

    key: str
    kind: Kind
    x: float
    y: float
    width: float
    height: float
    area: Literal["box", "bleed", "trim"] = "box"


def canvas_size(layout: Layout) -> tuple[float, float]:
    """The canvas (the badge's bleed box): width and height in mm."""
    w, h = layout.badge
    return (w + 2 * layout.bleed) / mm(1), (h + 2 * layout.bleed) / mm(1)


def canvas_box(box: Rect, layout: Layout) -> tuple[float, float, float, float]:
    """``box`` (pt, from the trim's lower left, y up) as canvas ``(x, y, width, height)`` in
    mm from the bleed box's top left, y down.
    """
    b = layout.bleed
    top = layout.badge[1] + b
    return ((box.x0 + b) / mm(1), (top - box.y1) / mm(1), box.width / mm(1),
            box.height / mm(1))


def layout_box(x: float, y: float, width: float, height: float,
               layout: Layout) -> dict[str, str]:
    """A canvas box (mm, from the bleed box's top left, y down) as the layout's ``box``
    table, lengths as TOML strings in mm (``{"x": "5mm", "y": "18.5mm", ...}``), to 0.01 mm.
    """
    b = layout.bleed / mm(1)
    top = layout.badge[1] / mm(1) + b
    return {"x": length_text(x - b), "y": length_text(top - (y + height)),
            "width": length_text(width), "height": length_text(height)}


def length_text(value_mm: float) -> str:
    """``value_mm`` as a layout length to 0.01 mm: ``"5mm"``, ``"18.5mm"``, ``"0.25mm"``."""
    text = f"{round(value_mm, 2):.2f}".rstrip("0").rstrip(".")
    return "0mm" if text in ("-0", "") else f"{text}mm"


def _face_boxes(face: Face, layout: Layout, prefix: str) -> list[CanvasBox]:
    w, h = layout.badge
    b = layout.bleed
    out: list[CanvasBox] = []
    for i, image in enumerate(face.images):
        key = f"{prefix}image[{i + 1}]"
        if image.area == "box" and image.box is not None:
            out.append(CanvasBox(key, "image", *canvas_box(image.box, layout)))
        else:
            rect = Rect(-b, -b, w + b, h + b) if image.area == "bleed" else Rect(0, 0, w, h)
            out.append(CanvasBox(key, "image", *canvas_box(rect, layout), area=image.area))
    out.extend(CanvasBox(f"{prefix}rect[{i + 1}]", "rect", *canvas_box(r.box, layout))
               for i, r in enumerate(face.rects))
    out.extend(CanvasBox(f"{prefix}qr[{i + 1}]", "qr", *canvas_box(q.box, layout))
               for i, q in enumerate(face.qrs))
    out.extend(CanvasBox(f"{prefix}field[{i + 1}]", "field", *canvas_box(f.box, layout))
               for i, f in enumerate(face.fields))
    return out


def element_boxes(layout: Layout) -> list[CanvasBox]:
    """Every element's canvas box: the front's, then the back's (``back.`` keys); each side's
    images, bands, QR codes and fields, each kind in layout order.
    """
    out = _face_boxes(layout.front, layout, "")
    if layout.back is not None:
        out.extend(_face_boxes(layout.back, layout, "back."))
    return out


def canvas_guides(layout: Layout) -> dict[str, tuple[float, float, float, float]]:
    """The lines the canvas draws, as ``(x, y, width, height)`` in mm on the canvas: the
    ``bleed`` box (the whole canvas), the ``trim`` (the cut) and the ``safe`` area (text must
    stay inside it).
    """
    w, h = layout.badge
    s = layout.safe
    return {"bleed": (0.0, 0.0, *canvas_size(layout)),
            "trim": canvas_box(Rect(0, 0, w, h), layout),
            "safe": canvas_box(Rect(s, s, max(s, w - s), max(s, h - s)), layout)}
