"""The sheet: where everything goes. Units, rectangles, the layout file and its schema, field
templates, imposition (page size, slots, crop marks), both sides (duplex backs, fold-over
panels, printer offsets: :mod:`.sides`), label stock (:mod:`.stock`) and the calibration page's
geometry (:mod:`.calibrate`), all in points.

Pure: it imports only the standard library and ``badgepress.errors`` / ``badgepress.model``;
no PDF, font or spreadsheet library. (One exception: :mod:`.document`, the layout as data
for editors, writes TOML back into a file with tomlkit, so that its comments stay.) Lengths
are parsed from the layout once, here, and are points everywhere after.

Public names: :func:`load_layout`, :class:`Layout` (with :class:`Face`, :class:`FieldSpec`,
:class:`RectSpec`, :class:`MarksSpec`, :class:`Color`), :func:`shipped_layouts`,
:func:`plan_sheet`, :class:`SheetPlan`, :class:`Slot`, :class:`Rect`, :class:`Segment`,
:class:`Template`, :func:`parse_length`, :func:`parse_size`, :func:`mm`, :func:`plan_sides`,
:class:`Sides`; for editors, in their modules (not imported here, so a build does not
load tomlkit): :mod:`.document` (``read_layout_data``, ``check_layout_data``,
``write_layout_text``).
"""

from badgepress.sheet.geometry import Rect, Segment
from badgepress.sheet.impose import SheetPlan, Slot, plan_sheet
from badgepress.sheet.layout import (
    DEFAULT_LAYOUT,
    Color,
    Face,
    FieldSpec,
    Layout,
    MarksSpec,
    RectSpec,
    load_layout,
    shipped_layouts,
)
from badgepress.sheet.sides import Sides, plan_sides
from badgepress.sheet.template import Template
from badgepress.sheet.units import mm, parse_length, parse_size

__all__ = [
    "DEFAULT_LAYOUT",
    "Color",
    "Face",
    "FieldSpec",
    "Layout",
    "MarksSpec",
    "Rect",
    "RectSpec",
    "Segment",
    "SheetPlan",
    "Sides",
    "Slot",
    "Template",
    "load_layout",
    "mm",
    "parse_length",
    "parse_size",
    "plan_sheet",
    "plan_sides",
    "shipped_layouts",
]
