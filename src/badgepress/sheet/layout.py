"""Layouts: what a badge looks like and how badges sit on a sheet, as frozen data in points.

A layout is a TOML file (see ``layouts/`` and the README for the schema). :func:`load_layout`
reads one, parses every unit once, and raises :class:`~badgepress.errors.LayoutError` naming the
file, the key and what is allowed. Whether the badges and marks fit the sheet is decided by
:mod:`badgepress.sheet.impose`, which also raises ``LayoutError``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeVar

from badgepress.errors import LayoutError
from badgepress.sheet.geometry import Rect
from badgepress.sheet.template import Template
from badgepress.sheet.units import PAPER_SIZES, mm, parse_length, parse_size

Align = Literal["left", "center", "right"]
VAlign = Literal["top", "middle", "bottom"]
Case = Literal["as-typed", "title", "upper"]

DEFAULT_LAYOUT = "a4-90x55-8up"


@dataclass(frozen=True, slots=True)
class Color:
    """A fill colour: ``space`` is ``"cmyk"`` (four 0-1 values) or ``"rgb"`` (three 0-1 values)."""

    space: Literal["rgb", "cmyk"]
    values: tuple[float, ...]


#: 100 % K: what a print shop wants for black text (no registration problems on small type).
BLACK = Color("cmyk", (0.0, 0.0, 0.0, 1.0))


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


@dataclass(frozen=True, slots=True)
class RectSpec:
    """A filled rectangle (a colour band), relative to the trim; edges on the trim bleed out."""

    box: Rect
    color: Color


@dataclass(frozen=True, slots=True)
class MarksSpec:
    """Crop marks: on or off, stroke width, length, and distance from the trim (all pt)."""

    crop: bool
    width: float
    length: float
    offset: float


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
    fields: tuple[FieldSpec, ...]
    rects: tuple[RectSpec, ...]


T = TypeVar("T")


class _Reader:
    """Reads keys of one TOML table, turning every mistake into a LayoutError with its key."""

    def __init__(self, path: str, prefix: str, table: Mapping[str, Any]) -> None:
        self.path, self.prefix, self.table = path, prefix, table
        self.used: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.prefix}.{name}" if self.prefix else name

    def fail(self, name: str, message: str) -> LayoutError:
        return LayoutError(message, path=self.path, key=self.key(name))

    def get(self, name: str, parse: Callable[[Any], T], default: T | None = None) -> T:
        self.used.add(name)
        if name not in self.table:
            if default is None:
                raise self.fail(name, "is required")
            return default
        try:
            return parse(self.table[name])
        except (ValueError, TypeError) as exc:
            raise self.fail(name, str(exc)) from None

    def sub(self, name: str, *, required: bool = False) -> _Reader:
        self.used.add(name)
        value = self.table.get(name, {})
        if name not in self.table and required:
            raise self.fail(name, "is required")
        if not isinstance(value, dict):
            raise self.fail(name, "must be a table")
        return _Reader(self.path, self.key(name), value)

    def done(self, allowed: str = "") -> None:
        unknown = sorted(set(self.table) - self.used)
        if unknown:
            known = ", ".join(sorted(self.used))
            raise self.fail(unknown[0], f"unknown key; allowed here: {known}{allowed}")


def _choice(*options: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if isinstance(value, str) and value.lower() in options:
            return value.lower()
        raise ValueError(f"expected one of {', '.join(options)}, got {value!r}")

    return parse


def _positive_length(value: Any) -> float:
    v = parse_length(value)
    if v <= 0:
        raise ValueError(f"must be greater than 0, got {value!r}")
    return v


def _length_or_zero(value: Any) -> float:
    v = parse_length(value)
    if v < 0:
        raise ValueError(f"must not be negative, got {value!r}")
    return v


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"expected a whole number of at least 1, got {value!r}")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def _fraction(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.5 <= value <= 1:
        raise ValueError(f"expected a number from 0.5 to 1 (1 = never condense), got {value!r}")
    return float(value)


_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")
_CMYK = re.compile(r"^cmyk\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*\)$", re.I)


def parse_color(value: Any) -> Color:
    """Parse ``"#1a2b3c"`` (RGB) or ``"cmyk(0, 0, 0, 100)"`` (percentages) into a Color."""
    if isinstance(value, str):
        if m := _HEX.match(value.strip()):
            h = m.group(1)
            return Color("rgb", tuple(int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)))
        if m := _CMYK.match(value.strip()):
            parts = tuple(float(g) / 100 for g in m.groups())
            if all(0 <= p <= 1 for p in parts):
                return Color("cmyk", parts)
    raise ValueError(f"expected '#rrggbb' or 'cmyk(c, m, y, k)' in percent, got {value!r}")


def _box(r: _Reader, name: str) -> Rect:
    b = r.sub(name, required=True)
    box = Rect.from_size(
        b.get("x", _length_or_zero), b.get("y", _length_or_zero),
        b.get("width", _positive_length), b.get("height", _positive_length),
    )
    b.done()
    return box


def _field(path: str, index: int, table: Mapping[str, Any], badge: tuple[float, float],
           safe: float) -> FieldSpec:
    r = _Reader(path, f"field[{index}]", table)
    box = _box(r, "box")
    sizes = r.sub("size", required=True)
    size_max = sizes.get("max", _positive_length)
    size_min = sizes.get("min", _positive_length, size_max)
    sizes.done()
    if size_min > size_max:
        raise r.fail("size.min", f"is larger than size.max ({size_min:g}pt > {size_max:g}pt)")
    template = r.get("text", _text)
    try:
        Template.parse(template)
    except ValueError as exc:
        raise r.fail("text", str(exc)) from None
    spec = FieldSpec(
        name=r.get("name", _text, f"field{index}"),
        template=template,
        box=box,
        font=r.get("font", _text, "Noto Sans"),
        size_min=size_min,
        size_max=size_max,
        lines=r.get("lines", _count, 1),
        align=r.get("align", _choice("left", "center", "right"), "center"),  # type: ignore[arg-type]
        valign=r.get("valign", _choice("top", "middle", "bottom"), "middle"),  # type: ignore[arg-type]
        color=r.get("color", parse_color, BLACK),
        case=r.get("case", _choice("as-typed", "title", "upper"), "as-typed"),  # type: ignore[arg-type]
        condense_min=r.get("condense", _fraction, 0.8),
        line_gap=r.get("line_gap", _fraction_gap, 0.1),
        line_sizes=r.get("line_sizes", _choice("shared", "each"), "shared"),  # type: ignore[arg-type]
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


def _fraction_gap(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError(f"expected a fraction of the font size from 0 to 1, got {value!r}")
    return float(value)


def _rect(path: str, index: int, table: Mapping[str, Any]) -> RectSpec:
    r = _Reader(path, f"rect[{index}]", table)
    spec = RectSpec(box=_box(r, "box"), color=r.get("color", parse_color))
    r.done()
    return spec


def parse_layout(data: Mapping[str, Any], *, path: str, name: str) -> Layout:
    """Turn a TOML document (already parsed) into a Layout; ``path`` is used in errors."""
    top = _Reader(path, "", data)
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
    orientation = sheet.get("orientation", _choice("portrait", "landscape"), "portrait")
    if sheet_size and orientation == "landscape":
        sheet_size = (max(sheet_size), min(sheet_size))
    badge_t = top.sub("badge", required=True)
    badge = badge_t.get("size", parse_size)
    if badge[0] <= 0 or badge[1] <= 0:
        raise badge_t.fail("size", "must be greater than 0 in both directions")
    bleed = badge_t.get("bleed", _length_or_zero, 0.0)
    safe = badge_t.get("safe", _length_or_zero, mm(3))
    badge_t.done()
    marks_t = top.sub("marks")
    crop = marks_t.get("crop", _bool, False)
    marks = MarksSpec(
        crop=crop,
        width=marks_t.get("width", _positive_length, 0.25),
        length=marks_t.get("length", _positive_length, mm(5)),
        offset=marks_t.get("offset", _length_or_zero, max(bleed, mm(3))),
    )
    marks_t.done()
    if crop and marks.offset < bleed - 1e-9:
        raise marks_t.fail("offset", "must be at least badge.bleed, or the marks print into "
                           "the bleed of the badges")
    grid = top.sub("grid")
    gutter = grid.get("gutter", _length_or_zero, 0.0)
    columns = grid.get("columns", _count, 0) or None
    rows = grid.get("rows", _count, 0) or None
    gutter_x = grid.get("gutter_x", _length_or_zero, gutter)
    gutter_y = grid.get("gutter_y", _length_or_zero, gutter)
    grid.done()
    for key, g in (("gutter_x", gutter_x), ("gutter_y", gutter_y)):
        if 0 < g < 2 * bleed - 1e-9:
            raise grid.fail(key, f"is {g / mm(1):.1f} mm: use 0 (shared cuts) or at least twice "
                            f"the bleed ({2 * bleed / mm(1):.1f} mm) so bleeds do not overlap")
    default_margin = marks.offset + marks.length + mm(2) if crop else bleed
    margin = sheet.get("margin", _length_or_zero, default_margin)
    sheet.done(allowed=" (size may be a paper name: " + ", ".join(PAPER_SIZES) + ", or 'badge')")
    fields_raw = data.get("field", [])
    rects_raw = data.get("rect", [])
    top.used.update({"field", "rect", "name", "description"})
    if not isinstance(fields_raw, list) or not fields_raw:
        raise LayoutError("needs at least one [[field]] table", path=path, key="field")
    if not isinstance(rects_raw, list):
        raise LayoutError("must be an array of tables ([[rect]])", path=path, key="rect")
    fields = tuple(_field(path, i + 1, f, badge, safe) for i, f in enumerate(fields_raw))
    rects = tuple(_rect(path, i + 1, t) for i, t in enumerate(rects_raw))
    title = top.get("name", _text, name)
    top.get("description", _text, "")
    top.done()
    return Layout(
        name=name, title=title, source=path, sheet=sheet_size, badge=badge, bleed=bleed,
        safe=safe, columns=columns if sheet_size else 1, rows=rows if sheet_size else 1,
        gutter_x=gutter_x, gutter_y=gutter_y, margin=margin, marks=marks, fields=fields,
        rects=rects,
    )


def shipped_layouts_dir() -> Path:
    """The folder of the layouts that ship with badgepress (package data)."""
    data = Path(str(resources.files("badgepress"))) / "_data" / "layouts"
    if data.is_dir():
        return data
    # Running from a source checkout (tests, editable installs): the repo's own folder.
    return Path(__file__).resolve().parents[3] / "layouts"


def shipped_layouts() -> list[Path]:
    """Paths of the shipped layouts, sorted by name."""
    return sorted(shipped_layouts_dir().glob("*.toml"))


def resolve_layout(name_or_path: str) -> Path:
    """Find a layout by shipped name (``a4-90x55-8up``) or by the path of a ``.toml`` file."""
    candidate = Path(name_or_path)
    if candidate.suffix.lower() == ".toml" or candidate.exists():
        if not candidate.is_file():
            raise LayoutError("layout file not found; give a path to a .toml file or one of: "
                              + ", ".join(p.stem for p in shipped_layouts()), path=candidate)
        return candidate
    shipped = shipped_layouts_dir() / f"{name_or_path}.toml"
    if shipped.is_file():
        return shipped
    raise LayoutError(
        f"unknown layout {name_or_path!r}; shipped layouts are: "
        + ", ".join(p.stem for p in shipped_layouts())
        + " (or give the path of your own .toml file)"
    )


def load_layout(name_or_path: str = DEFAULT_LAYOUT) -> Layout:
    """Load and validate a layout by shipped name or file path. Raises ``LayoutError``."""
    path = resolve_layout(name_or_path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LayoutError(f"is not valid TOML: {exc}", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LayoutError(f"cannot be read: {exc}", path=path) from None
    return parse_layout(data, path=str(path), name=path.stem)
