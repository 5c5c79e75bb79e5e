"""The artwork element kinds of a face (``[[image]]``, ``[[qr]]``), the keys every element
shares (``when``, ``layer``), and the layout's ``[event]`` strings.

Pure: boxes are parsed to points here; files are only named (checked and embedded by the pdf
room). ``when`` conditions are kept as written: the plan room parses and matches them with the
same code as ``--where``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from badgepress.sheet._toml import BLACK, Color, TableReader, choice, count, parse_box, parse_color
from badgepress.sheet.geometry import Rect
from badgepress.sheet.template import Template

Fit = Literal["contain", "cover", "stretch"]
Area = Literal["bleed", "trim", "box"]
ErrorLevel = Literal["L", "M", "Q", "H"]

#: Default drawing layers by kind (lower first): backgrounds (images whose box is "bleed" or
#: "trim"), colour bands, other images, QR codes, text. ``layer = N`` replaces the default.
LAYER_BACKGROUND, LAYER_RECT, LAYER_IMAGE, LAYER_QR, LAYER_TEXT = 0, 1, 2, 3, 4

_EVENT_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_EVENT_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{\s*event\.([^{}]*?)\s*\}")


@dataclass(frozen=True, slots=True)
class ImageSpec:
    """An ``[[image]]``: a PDF page, SVG, PNG or JPEG drawn into a box.

    ``file`` is a template: without placeholders it is a path relative to the layout file
    (``base``); with them, a path relative to the attendee file, filled per badge. ``area`` is
    ``"bleed"`` or ``"trim"`` (the badge's own boxes, drawn as a background) or ``"box"`` (then
    ``box``, in pt from the trim's lower left). ``page`` is 1-based (PDF artwork).
    """

    key: str
    file: str
    base: str
    page: int
    area: Area
    box: Rect | None
    fit: Fit
    layer: int
    when: tuple[str, ...]

    @property
    def per_attendee(self) -> bool:
        """Whether ``file`` names a different file for each attendee (it has placeholders)."""
        return bool(Template.parse(self.file).keys)

    @property
    def path(self) -> Path:
        """The file of an image that is the same on every badge: ``file`` from the layout's
        folder (``base``).
        """
        return Path(self.base) / self.file


@dataclass(frozen=True, slots=True)
class QrSpec:
    """A ``[[qr]]``: ``data`` (a template) as a QR code with its quiet zone inside ``box`` (pt)."""

    key: str
    data: str
    box: Rect
    error: ErrorLevel
    color: Color
    layer: int
    when: tuple[str, ...]


def parse_when(r: TableReader) -> tuple[str, ...]:
    """The ``when`` key: one condition (``"Ticket Type=Speaker"``) or a list that must all
    hold; ``()`` when absent. The conditions are checked by the plan room.
    """
    def conditions(value: Any) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items or not all(
                isinstance(v, str) and v.strip() for v in items):
            raise ValueError("expected a condition such as \"Ticket Type=Speaker\" or a list "
                             f"of them (all must hold), got {value!r}")
        return tuple(items)

    if "when" not in r.table:
        r.used.add("when")
        return ()
    return r.get("when", conditions)


def parse_layer(r: TableReader, default: int) -> int:
    """The ``layer`` key: a whole number; lower layers are drawn first."""
    def whole(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected a whole number (lower layers are drawn first), "
                             f"got {value!r}")
        return value

    return r.get("layer", whole, default)


def parse_event(top: TableReader) -> dict[str, str]:
    """The ``[event]`` table: free strings, used in templates as ``{event.KEY}``."""
    table = top.sub("event")
    out: dict[str, str] = {}
    for key, value in table.table.items():
        table.used.add(key)
        if not _EVENT_KEY.match(key):
            raise table.fail(key, "event keys are letters, digits, _ and - (used as {event.KEY})")
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise table.fail(key, f"expected a string, got {value!r}")
        out[key] = str(value)
    return out


def event_keys_used(data: Mapping[str, Any]) -> frozenset[str]:
    """The ``[event]`` keys that the layout's texts (any string outside ``[event]``) use as
    ``{event.KEY}``, in a parsed layout file ``data``.
    """
    used: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, str):
            used.update(m.group(1).strip() for m in _EVENT_PLACEHOLDER.finditer(node)
                        if m.group(1) is not None)
        elif isinstance(node, Mapping):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk({k: v for k, v in data.items() if k != "event"})
    return frozenset(used)


def fill_event(template: str, event: Mapping[str, str], r: TableReader, name: str) -> str:
    """``template`` with every ``{event.KEY}`` replaced by its ``[event]`` string (braces in
    the value escaped), so the rest of the pipeline sees literal text. A key that ``[event]``
    lacks is an error on ``name``.
    """
    if "event." not in template:
        return template

    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        if key is None:
            return m.group(0)
        if key not in event:
            known = ", ".join(sorted(event)) or "none"
            raise r.fail(name, f"uses {{event.{key}}} but [event] has no key {key!r} "
                         f"(keys: {known}); add it to [event] or use --set event.{key}=...")
        return event[key].replace("{", "{{").replace("}", "}}")

    return _EVENT_PLACEHOLDER.sub(sub, template)


def _template(r: TableReader, name: str, event: Mapping[str, str]) -> str:
    source = fill_event(r.get(name, _string), event, r, name)
    try:
        Template.parse(source)
    except ValueError as exc:
        raise r.fail(name, str(exc)) from None
    return source


def _string(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a non-empty string, got {value!r}")
    return value


def parse_image(path: str, prefix: str, index: int, table: Mapping[str, Any],
                event: Mapping[str, str]) -> ImageSpec:
    """One ``[[image]]`` table (``prefix`` is ``""`` for the front, ``"back."`` for a back)."""
    key = f"{prefix}image[{index}]"
    r = TableReader(path, key, table)
    file = _template(r, "file", event)
    area: Area = "box"
    box: Rect | None = None
    raw_box = table.get("box")
    if isinstance(raw_box, str):
        r.used.add("box")
        if raw_box.lower() not in ("bleed", "trim"):
            raise r.fail("box", f"expected \"bleed\", \"trim\" or a table {{ x, y, width, "
                         f"height }}, got {raw_box!r}")
        area = "bleed" if raw_box.lower() == "bleed" else "trim"
    else:
        box = parse_box(r, "box")
    fit: Fit = r.get("fit", choice("contain", "cover", "stretch"), "contain")  # type: ignore[arg-type]
    page = r.get("page", count, 1)
    if page > 1 and not file.lower().endswith(".pdf"):
        raise r.fail("page", "only a PDF file has pages")
    spec = ImageSpec(key=key, file=file, base=str(_parent(path)), page=page, area=area,
                     box=box, fit=fit,
                     layer=parse_layer(r, LAYER_IMAGE if area == "box" else LAYER_BACKGROUND),
                     when=parse_when(r))
    r.done()
    return spec


def parse_qr(path: str, prefix: str, index: int, table: Mapping[str, Any],
             event: Mapping[str, str]) -> QrSpec:
    """One ``[[qr]]`` table."""
    key = f"{prefix}qr[{index}]"
    r = TableReader(path, key, table)
    spec = QrSpec(
        key=key, data=_template(r, "data", event), box=parse_box(r, "box"),
        error=r.get("error", choice("l", "m", "q", "h"), "m").upper(),  # type: ignore[arg-type]
        color=r.get("color", parse_color, BLACK), layer=parse_layer(r, LAYER_QR),
        when=parse_when(r))
    r.done()
    if spec.box.width <= 0 or spec.box.height <= 0:
        raise r.fail("box", "must have a width and a height")
    return spec


def _parent(path: str) -> str:
    return str(Path(path).parent)


def badge_rect(area: Area, box: Rect | None, trim: Rect, bleed: Rect) -> Rect:
    """The rectangle an element fills, relative to the trim corner (pt): the bleed box, the
    trim box, or its own box.
    """
    if area == "bleed":
        return bleed.shift(-trim.x0, -trim.y0)
    if area == "trim":
        return Rect(0, 0, trim.width, trim.height)
    assert box is not None
    return box


def check_array(r: TableReader, name: str) -> list[Mapping[str, Any]]:
    """Key ``name`` of ``r`` as an array of tables (``[[name]]``); empty when absent."""
    value = r.table.get(name, [])
    r.used.add(name)
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise r.fail(name, f"must be an array of tables ([[{name}]])")
    return value
