"""What one side of a badge holds, as the layout file describes it: text fields, bands, and
the face that gathers them with the images and QR codes (:mod:`.elements`). Lengths in points,
relative to the badge's trim.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from badgepress.sheet._toml import Color
from badgepress.sheet.elements import LAYER_RECT, LAYER_TEXT, ImageSpec, QrSpec
from badgepress.sheet.geometry import Rect

Align = Literal["left", "center", "right"]
VAlign = Literal["top", "middle", "bottom"]
Case = Literal["as-typed", "title", "upper"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """A text field: a template over attendee fields set as large as fits its box.

    ``box`` is relative to the badge's trim, lower-left origin, in points. Sizes are in points.
    ``condense_min`` is the narrowest horizontal scale (0.8 = 80 %) allowed before a text that
    does not fit at ``size_min`` is reported as overflowing.
    """

    name: str
    template: str
    box: Rect
    font: str
    size_min: float
    size_max: float
    lines: int
    align: Align
    valign: VAlign
    color: Color
    case: Case
    condense_min: float
    line_gap: float
    #: ``"shared"``: every line at one size; ``"each"``: each line as large as it fits alone
    line_sizes: Literal["shared", "each"] = "shared"
    #: conditions that must all hold for the field to be printed (``--where`` syntax)
    when: tuple[str, ...] = ()
    #: drawing layer (lower first); text is drawn last by default
    layer: int = LAYER_TEXT
    #: the field's key in the layout file (``field[2]``), for messages
    key: str = ""


@dataclass(frozen=True, slots=True)
class RectSpec:
    """A filled rectangle (a colour band), relative to the trim; edges on the trim bleed out."""

    box: Rect
    color: Color
    #: conditions that must all hold for the band to be printed (``--where`` syntax)
    when: tuple[str, ...] = ()
    #: drawing layer (lower first); after backgrounds, before images, by default
    layer: int = LAYER_RECT
    #: the band's key in the layout file (``rect[1]``), for messages
    key: str = ""


@dataclass(frozen=True, slots=True)
class MarksSpec:
    """Crop marks: on or off, stroke width, length, and distance from the trim (all pt)."""

    crop: bool
    width: float
    length: float
    offset: float


@dataclass(frozen=True, slots=True)
class Face:
    """What is printed on one side of a badge: its elements, each kind in file order.

    A layout's front is a Face; elements of a new kind (images, QR codes) and a back side are
    added as Faces too, so that planning and drawing treat every side alike.
    """

    fields: tuple[FieldSpec, ...]
    rects: tuple[RectSpec, ...]
    images: tuple[ImageSpec, ...] = ()
    qrs: tuple[QrSpec, ...] = ()
