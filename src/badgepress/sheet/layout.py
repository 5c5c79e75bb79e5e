"""Layouts: what a badge looks like and how badges sit on a sheet, as frozen data in points.

A layout is a TOML file (see ``layouts/`` and the README for the schema). :func:`load_layout`
reads one, parses every unit once, and raises :class:`~badgepress.errors.LayoutError` naming the
file, the key and what is allowed. Whether the badges and marks fit the sheet is decided by
:mod:`badgepress.sheet.impose`, which also raises ``LayoutError``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from badgepress.errors import LayoutError
from badgepress.sheet._files import read_toml, resolve_layout, shipped_layouts, shipped_layouts_dir
from badgepress.sheet._sides_toml import (
    NO_PRINTER,
    NO_SIDES,
    check_sides,
    parse_back,
    pitch_gutters,
    read_printer,
    read_sides,
)
from badgepress.sheet._toml import (
    BLACK,
    Color,
    TableReader,
    choice,
    count,
    flag,
    fraction,
    fraction_gap,
    length_or_zero,
    parse_box,
    parse_color,
    positive_length,
    text,
)
from badgepress.sheet.contain import FileRoots, check_fixed, read_files
from badgepress.sheet.elements import (
    LAYER_RECT,
    LAYER_TEXT,
    ImageSpec,
    QrSpec,
    check_array,
    event_keys_used,
    fill_event,
    parse_event,
    parse_image,
    parse_layer,
    parse_qr,
    parse_when,
)
from badgepress.sheet.geometry import Rect
from badgepress.sheet.limits import check_limits
from badgepress.sheet.output import NO_OUTPUT, OutputSpec, read_output
from badgepress.sheet.overrides import apply_overrides, check_event_overrides
from badgepress.sheet.specs import Face, FieldSpec, MarksSpec, RectSpec
from badgepress.sheet.template import Template
from badgepress.sheet.units import PAPER_SIZES, mm, parse_size

DEFAULT_LAYOUT = "a4-90x55-8up"

__all__ = ["BLACK", "DEFAULT_LAYOUT", "Color", "Face", "FieldSpec", "ImageSpec", "Layout",
           "MarksSpec", "QrSpec", "RectSpec", "load_layout", "parse_color", "parse_face",
           "parse_layout", "resolve_layout", "shipped_layouts", "shipped_layouts_dir"]


@dataclass(frozen=True, slots=True)
class Layout:
    """A parsed, validated layout. All lengths in points.

    ``sheet`` is the paper size, or None for one badge per page (the page is then the badge, its
    bleed and room for the marks). ``columns``/``rows`` of None mean "as many as fit".
    """

    name: str
    title: str
    source: str
    sheet: tuple[float, float] | None
    badge: tuple[float, float]
    bleed: float
    safe: float
    columns: int | None
    rows: int | None
    gutter_x: float
    gutter_y: float
    margin: float
    marks: MarksSpec
    front: Face
    #: the ``[event]`` strings (already filled into the templates as ``{event.KEY}``)
    event: Mapping[str, str] | None = None
    #: the ``[event]`` keys its texts use
    event_used: frozenset[str] = frozenset()
    #: The back side, printed behind the front (duplex) or on the fold-over panel; None: blank
    back: Face | None = None
    #: How the sheet turns for its back: ``"long-edge"`` or ``"short-edge"``; None: one-sided
    duplex: Literal["long-edge", "short-edge"] | None = None
    #: ``"top"``: front and back panels joined along the badge's top edge (fold-over badge)
    fold: Literal["top"] | None = None
    #: What the paper is: ``cut`` (sheets for cutting), ``labels`` (adhesive label stock: one
    #: side only), ``inserts`` (pre-cut cards), ``label-printer`` (one badge a page: the label)
    stock: str = "cut"
    #: The page's /Rotate (0, 90, 270): how a label printer feeds the page
    rotate: int = 0
    #: The first badge's trim from the sheet's left and top edges (pt); None: grid centred
    left: float | None = None
    top: float | None = None
    #: Corner radius of a die-cut label (pt); fields keep ``safe`` clear of the rounding too
    corner: float = 0.0
    #: Crop marks on the back side too (mirrored with it); default: front only
    back_marks: bool = False
    #: Printer offsets (x right, y up, pt): everything printed on the front (back) moves by it
    offset: tuple[float, float] = (0.0, 0.0)
    back_offset: tuple[float, float] = (0.0, 0.0)
    #: The folders its files may lie in (:mod:`.contain`); None: the layout file's folder
    files: FileRoots | None = None
    #: What the printer can print of the badge (pt, from the trim's lower left, as the badge
    #: reads): a label printer's imageable area; texts and QR codes stay inside. None: all
    printable: Rect | None = None
    output: OutputSpec = NO_OUTPUT  # [output]: the print standard (PDF/X-4), its profile

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        """The front's text fields."""
        return self.front.fields

    @property
    def rects(self) -> tuple[RectSpec, ...]:
        """The front's colour bands."""
        return self.front.rects

    def fixed_images(self) -> tuple[ImageSpec, ...]:
        """The images (front, back) whose file is the same on every badge, in layout order."""
        faces = (self.front,) if self.back is None else (self.front, self.back)
        return tuple(image for face in faces for image in face.images if not image.per_attendee)


def _field(path: str, index: int, table: Mapping[str, Any], badge: tuple[float, float],
           safe: float, event: Mapping[str, str], prefix: str = "") -> FieldSpec:
    r = TableReader(path, f"{prefix}field[{index}]", table)
    box = parse_box(r, "box")
    sizes = r.sub("size", required=True)
    size_max = sizes.get("max", positive_length)
    size_min = sizes.get("min", positive_length, size_max)
    sizes.done()
    if size_min > size_max:
        raise r.fail("size.min", f"is larger than size.max ({size_min:g}pt > {size_max:g}pt)")
    template = fill_event(r.get("text", text), event, r, "text")
    try:
        Template.parse(template)
    except ValueError as exc:
        raise r.fail("text", str(exc)) from None
    spec = FieldSpec(
        name=r.get("name", text, f"field{index}"),
        template=template,
        box=box,
        font=r.get("font", text, "Noto Sans"),
        size_min=size_min,
        size_max=size_max,
        lines=r.get("lines", count, 1),
        align=r.get("align", choice("left", "center", "right"), "center"),  # type: ignore[arg-type]
        valign=r.get("valign", choice("top", "middle", "bottom"), "middle"),  # type: ignore[arg-type]
        color=r.get("color", parse_color, BLACK),
        case=r.get("case", choice("as-typed", "title", "upper"), "as-typed"),  # type: ignore[arg-type]
        condense_min=r.get("condense", fraction, 0.8),
        line_gap=r.get("line_gap", fraction_gap, 0.1),
        line_sizes=r.get("line_sizes", choice("shared", "each"), "shared"),  # type: ignore[arg-type]
        when=parse_when(r),
        layer=parse_layer(r, LAYER_TEXT),
        key=r.prefix,
    )
    r.done()
    if spec.lines > 3:
        raise r.fail("lines", f"at most 3 lines are supported, got {spec.lines}")
    trim = Rect(0, 0, *badge)
    if not trim.grow(-safe).contains(box):
        raise r.fail(
            "box",
            f"reaches outside the safe area ({safe / mm(1):.1f} mm inside the badge edge); "
            "move or shrink the box, or lower badge.safe",
        )
    return spec


def _rect(path: str, index: int, table: Mapping[str, Any], prefix: str = "") -> RectSpec:
    r = TableReader(path, f"{prefix}rect[{index}]", table)
    spec = RectSpec(box=parse_box(r, "box"), color=r.get("color", parse_color),
                    when=parse_when(r), layer=parse_layer(r, LAYER_RECT), key=r.prefix)
    r.done()
    return spec


def parse_face(table: TableReader, badge: tuple[float, float], safe: float,
               event: Mapping[str, str] | None = None) -> Face:
    """The elements of one side: the ``[[field]]``, ``[[rect]]``, ``[[image]]`` and ``[[qr]]``
    arrays of ``table`` (the layout's top level for the front). Boxes are checked against the
    badge (pt). ``event`` holds the ``[event]`` strings that ``{event.KEY}`` placeholders take.
    """
    path, data = table.path, table.table
    event = event or {}
    prefix = f"{table.prefix}." if table.prefix else ""
    fields_raw = data.get("field", [])
    rects_raw = data.get("rect", [])
    table.used.update({"field", "rect"})
    if not isinstance(fields_raw, list) or not fields_raw:
        raise LayoutError("needs at least one [[field]] table", path=path,
                          key=table.key("field"))
    if not isinstance(rects_raw, list):
        raise LayoutError("must be an array of tables ([[rect]])", path=path,
                          key=table.key("rect"))
    for kind, items in (("field", fields_raw), ("rect", rects_raw)):
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise LayoutError(f"must be a table ([[{kind}]]), got {item!r:.40}", path=path,
                                  key=table.key(f"{kind}[{i + 1}]"))
    fields = tuple(_field(path, i + 1, f, badge, safe, event, prefix)
                   for i, f in enumerate(fields_raw))
    rects = tuple(_rect(path, i + 1, t, prefix) for i, t in enumerate(rects_raw))
    images = tuple(parse_image(path, prefix, i + 1, t, event)
                   for i, t in enumerate(check_array(table, "image")))
    qrs = tuple(parse_qr(path, prefix, i + 1, t, event)
                for i, t in enumerate(check_array(table, "qr")))
    return Face(fields=fields, rects=rects, images=images, qrs=qrs)


def parse_layout(data: Mapping[str, Any], *, path: str, name: str,
                 files_root: str | os.PathLike[str] | None = None,
                 allow_files: Sequence[str | os.PathLike[str]] = ()) -> Layout:
    """Turn a TOML document (already parsed) into a Layout; ``path`` is used in errors.

    Its files lie in its folder (``path``'s), the folders ``allow_files`` and its own
    ``[files] allow``; or, with ``files_root``, in that folder and ``allow_files`` only.
    """
    top = TableReader(path, "", data)
    pinned = FileRoots.make(files_root, allow_files, pinned=True) \
        if files_root is not None else None
    files = read_files(top, pinned, allow_files)
    sheet = top.sub("sheet", required=True)
    size_value = sheet.get("size", lambda v: v)
    sheet_size: tuple[float, float] | None
    if isinstance(size_value, str) and size_value.strip().lower() == "badge":
        sheet_size = None
    else:
        try:
            sheet_size = parse_size(size_value)
        except ValueError as exc:
            raise sheet.fail("size", f"{exc} (or 'badge' for one badge per page)") from None
    orientation = sheet.get("orientation", choice("portrait", "landscape"), "portrait")
    if sheet_size and orientation == "landscape":
        sheet_size = (max(sheet_size), min(sheet_size))
    badge_t = top.sub("badge", required=True)
    badge = badge_t.get("size", parse_size)
    if badge[0] <= 0 or badge[1] <= 0:
        raise badge_t.fail("size", "must be greater than 0 in both directions")
    bleed = badge_t.get("bleed", length_or_zero, 0.0)
    safe = badge_t.get("safe", length_or_zero, mm(3))
    marks_t = top.sub("marks")
    crop = marks_t.get("crop", flag, False)
    marks = MarksSpec(
        crop=crop,
        width=marks_t.get("width", positive_length, 0.25),
        length=marks_t.get("length", positive_length, mm(5)),
        offset=marks_t.get("offset", length_or_zero, max(bleed, mm(3))),
    )
    if crop and marks.offset < bleed - 1e-9:
        raise marks_t.fail("offset", "must be at least badge.bleed, or the marks print into "
                           "the bleed of the badges")
    grid = top.sub("grid")
    gutter = grid.get("gutter", length_or_zero, 0.0)
    columns = grid.get("columns", count, 0) or None
    rows = grid.get("rows", count, 0) or None
    gutter_x = grid.get("gutter_x", length_or_zero, gutter)
    gutter_y = grid.get("gutter_y", length_or_zero, gutter)
    gutter_x, gutter_y = pitch_gutters(grid, badge, gutter_x, gutter_y)
    for key, g in (("gutter_x", gutter_x), ("gutter_y", gutter_y)):
        if 0 < g < 2 * bleed - 1e-9:
            raise grid.fail(key, f"is {g / mm(1):.1f} mm: use 0 (shared cuts) or at least twice "
                            f"the bleed ({2 * bleed / mm(1):.1f} mm) so bleeds do not overlap")
    default_margin = marks.offset + marks.length + mm(2) if crop else bleed
    margin = sheet.get("margin", length_or_zero, default_margin)
    sides = read_sides(sheet, badge_t, grid, marks_t)
    sheet.done(allowed=" (size may be a paper name: " + ", ".join(PAPER_SIZES) + ", or 'badge')")
    top.used.update({"name", "description"})
    check_limits(path, sheet_size, badge)
    event = parse_event(top)
    front = parse_face(top, badge, safe, event)
    back = parse_back(top, badge, safe, lambda t, b, sf: parse_face(t, b, sf, event))
    title = top.get("name", text, name)
    top.get("description", text, "")
    printer = read_printer(top)
    output = read_output(top, Path(path).parent)
    top.done()
    lay = Layout(
        name=name, title=title, source=path, sheet=sheet_size, badge=badge, bleed=bleed,
        safe=safe, columns=columns if sheet_size else 1, rows=rows if sheet_size else 1,
        gutter_x=gutter_x, gutter_y=gutter_y, margin=margin, marks=marks, front=front,
        event=event, files=files, output=output,
        event_used=event_keys_used(data),
    )
    check_fixed(files, (*front.images, *(back.images if back is not None else ())), path)
    if back is None and sides == NO_SIDES and printer == NO_PRINTER:
        return lay  # a plain one-sided layout, as before
    check_sides(path, sides, badge, safe, front, back)
    return replace(lay, back=back, **sides.as_kwargs(back is not None), **printer.as_kwargs())


def load_layout(name_or_path: str = DEFAULT_LAYOUT, overrides: Sequence[str] = (), *,
                files_root: str | os.PathLike[str] | None = None,
                allow_files: Sequence[str | os.PathLike[str]] = ()) -> Layout:
    """Load and validate a layout by shipped name or file path. Raises ``LayoutError``.

    ``overrides`` are ``--set KEY=VALUE`` items: scalar keys by dotted path, applied before the
    layout is checked (see :func:`badgepress.sheet.overrides.apply_overrides`).
    ``files_root``, ``allow_files``: where the layout's files may lie (see :func:`parse_layout`).
    """
    path = resolve_layout(name_or_path)
    data = read_toml(path)
    if overrides:
        data = apply_overrides(data, overrides, path=str(path))
        check_event_overrides(data, overrides, path=str(path))
    return parse_layout(data, path=str(path), name=path.stem, files_root=files_root,
                        allow_files=allow_files)
