"""The preflight's walk through a page's content: the graphics state (matrix, colours, line
width, text size) followed operator by operator, into forms and images, and each thing that a
print shop's preflight would flag reported with where it is on the page (pt from its lower
left corner).

Total area coverage (TAC) is measured per painted object: the sum of the inks of its own
colour (DeviceCMYK components, DeviceGray as black, separations and DeviceN by tint; the
registration colour ``/All`` of crop marks is left out), and for an 8-bit CMYK image the
largest sum over its pixels. Overprinted or transparent objects are not added to what lies
under them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from pypdf.generic import DictionaryObject, StreamObject

from badgepress.pdf._content import operations
from badgepress.pdf._pfcolour import (
    BLACK,
    HAIRLINE,
    SMALL_TEXT,
    TAC_LIMIT,
    Matrix,
    Paint,
    Space,
    initial,
    paint,
    space,
)
from badgepress.pdf._pfimage import check_image

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_GRAY = Space("gray", 1)
_FILLS = {"f", "F", "f*", "B", "B*", "b", "b*"}
_STROKES = {"S", "s", "B", "B*", "b", "b*"}
_PAINTS = _FILLS | _STROKES | {"n"}
_SHOWS = {"Tj", "TJ", "'", '"'}

#: emit(check, severity, at, message, fix)
Emit = Callable[[str, str, tuple[float, float] | None, str, str], None]


def mul(m: Matrix, n: Matrix) -> Matrix:
    """The matrix product ``m`` then ``n`` (PDF's row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n  # noqa: N806
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    """Point ``(x, y)`` through matrix ``m``."""
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _nums(operands: list[Any], n: int) -> list[float] | None:
    vals = [v for v in operands if isinstance(v, float)]
    return vals[-n:] if len(vals) >= n else None


def _resolved(obj: Any) -> Any:
    return obj.get_object() if obj is not None and hasattr(obj, "get_object") else obj


def _inks(p: Paint) -> str:
    c, m, y, k = (round(v * 100) for v in p.cmyk)
    parts = [f"{n}{v}" for n, v in zip("CMYK", (c, m, y, k), strict=True) if v]
    parts += [f"{name.lstrip('/')} {round(t * 100)}%" for name, t in p.spots]
    return " ".join(parts) or "no ink"


@dataclass(slots=True)
class _State:
    ctm: Matrix = IDENTITY
    fill: Paint = BLACK
    stroke: Paint = BLACK
    fill_space: Space = _GRAY
    stroke_space: Space = _GRAY
    width: float = 1.0
    font: Any = None
    size: float = 0.0
    leading: float = 0.0
    scale: float = 1.0
    render: int = 0


@dataclass
class Scanner:
    """Walks the content of the pages of one document, reporting through ``emit``."""

    emit: Emit
    pdfx: bool = False
    fonts: dict[int, tuple[str, bool]] = field(default_factory=dict)
    image_tac: dict[int, float] = field(default_factory=dict)
    areas: list[tuple[float, float, float, float, Paint]] = field(default_factory=list)

    def page(self, data: bytes, resources: Any) -> None:
        """Walk one page's content (``data``, decoded) with its ``resources``."""
        self.areas = []
        self.run(data, resources, _State(), 0)

    def run(self, data: bytes, resources: Any, start: _State, depth: int) -> None:
        """Walk a content stream from graphics state ``start``."""
        gs = replace(start)
        stack: list[_State] = []
        box: list[float] = []  # the path's extent in user space: x0, y0, x1, y1
        tm = tlm = IDENTITY
        for operands, op in operations(data):
            if op == "q":
                stack.append(replace(gs))
            elif op == "Q":
                if stack:
                    gs = stack.pop()
            elif op == "cm":
                m = _nums(operands, 6)
                if m:
                    gs.ctm = mul((m[0], m[1], m[2], m[3], m[4], m[5]), gs.ctm)
            elif op == "w":
                w = _nums(operands, 1)
                gs.width = w[0] if w else gs.width
            elif op in ("m", "l", "re", "c", "v", "y"):
                nums = [v for v in operands if isinstance(v, float)]
                points = [(nums[0], nums[1]), (nums[0] + nums[2], nums[1] + nums[3])] \
                    if op == "re" and len(nums) == 4 else list(zip(nums[::2], nums[1::2],
                                                                  strict=False))
                for x, y in points:
                    box[:] = [min(box[0], x), min(box[1], y), max(box[2], x),
                              max(box[3], y)] if box else [x, y, x, y]
            elif op in _PAINTS:
                if box and op != "n":
                    self._painted(op, gs, box)
                box = []
            elif op in ("g", "G", "k", "K", "rg", "RG", "cs", "CS", "sc", "SC", "scn", "SCN"):
                self._colour(op, operands, gs, resources)
            elif op == "gs":
                self._extgstate(operands, gs, resources)
            elif op == "BT":
                tm = tlm = IDENTITY
            elif op == "Tf" and len(operands) >= 2 and isinstance(operands[1], float):
                gs.font, gs.size = self._font(operands[0], resources, gs), operands[1]
            elif op == "TL" and operands:
                gs.leading = operands[-1] if isinstance(operands[-1], float) else gs.leading
            elif op == "Tz" and operands and isinstance(operands[-1], float):
                gs.scale = operands[-1] / 100
            elif op == "Tr" and operands and isinstance(operands[-1], float):
                gs.render = int(operands[-1])
            elif op in ("Td", "TD"):
                d = _nums(operands, 2)
                if d:
                    if op == "TD":
                        gs.leading = -d[1]
                    tm = tlm = mul((1, 0, 0, 1, d[0], d[1]), tlm)
            elif op == "Tm":
                m = _nums(operands, 6)
                if m:
                    tm = tlm = (m[0], m[1], m[2], m[3], m[4], m[5])
            elif op == "T*" or op in ("'", '"'):
                tm = tlm = mul((1, 0, 0, 1, 0, -gs.leading), tlm)
            if op in _SHOWS:
                self._text(gs, mul(tm, gs.ctm))
            elif op == "Do" and operands and isinstance(operands[0], str):
                self._xobject(operands[0], resources, gs, depth)
            elif op == "ID" and operands and isinstance(operands[0], dict):
                self._inline(operands[0], gs, resources)
            elif op == "sh" and operands:
                self._shading(operands[0], resources, gs)

    # -- what is painted -------------------------------------------------------------------

    def _where(self, gs: _State, box: list[float]) -> tuple[float, float]:
        x, y = apply(gs.ctm, box[0], box[1])
        return round(x, 1), round(y, 1)

    def _painted(self, op: str, gs: _State, box: list[float]) -> None:
        at = self._where(gs, box)
        if op in _FILLS:
            self.check_paint(gs.fill, "a fill", at)
            corners = [apply(gs.ctm, x, y) for x in (box[0], box[2]) for y in (box[1], box[3])]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            self.areas.append((min(xs), min(ys), max(xs), max(ys), gs.fill))
        if op in _STROKES:
            self.check_paint(gs.stroke, "a line", at)
            a, b, c, d = gs.ctm[:4]
            width = gs.width * math.sqrt(abs(a * d - b * c))
            if width < HAIRLINE - 1e-9 and gs.stroke.kind != "registration":
                shown = "0 (the thinnest the device can print)" if width <= 0 else \
                    f"{width:.3f} pt"
                self.emit("hairline", "warning", at, f"a line {shown} wide (under "
                          f"{HAIRLINE} pt)", "make it at least 0.25 pt: thinner lines break "
                          "up or vanish in print")

    def check_paint(self, p: Paint, what: str, at: tuple[float, float] | None) -> None:
        """Colour checks of one painted object: RGB, spot colours, total area coverage."""
        if p.kind == "rgb":
            if self.pdfx:
                self.emit("rgb", "error", at, f"{what} in DeviceRGB", "convert it to CMYK "
                          "(build with --pdfx converts badgepress's own; export artwork as "
                          "CMYK)")
            else:
                self.emit("rgb", "info", at, f"{what} in RGB", "a print shop converts RGB to "
                          "its CMYK; build with --pdfx to convert it with the shop's profile")
        elif p.kind in ("icc-rgb", "lab"):
            self.emit("rgb", "warning" if self.pdfx else "info", at,
                      f"{what} in {'ICC-based RGB' if p.kind == 'icc-rgb' else 'Lab'}",
                      "allowed in PDF/X-4, but a CMYK-only shop rejects it: convert to CMYK")
        if p.spots:
            names = ", ".join(n.lstrip("/") for n, _ in p.spots)
            self.emit("spot", "warning", at, f"spot colour {names}",
                      "keep it only if the shop prints that ink; otherwise make it CMYK")
        if p.known and p.kind != "registration" and p.coverage > TAC_LIMIT + 1e-6:
            self.emit("tac", "warning", at, f"{what} with {p.coverage * 100:.0f} % total ink "
                      f"({_inks(p)}), over {TAC_LIMIT * 100:.0f} %",
                      "lower the ink total (e.g. C60 M40 Y40 K100 for rich black): too much "
                      "ink smears and dries slowly")

    def _colour(self, op: str, operands: list[Any], gs: _State, resources: Any) -> None:
        stroke = op[0].isupper()
        if op in ("g", "G", "k", "K", "rg", "RG"):
            sp = {"g": _GRAY, "k": Space("cmyk", 4), "r": Space("rgb", 3)}[op[0].lower()]
            value = paint(sp, operands)
        elif op in ("cs", "CS"):
            sp = space(operands[0], resources) if operands else _GRAY
            value = initial(sp)
        else:
            sp = gs.stroke_space if stroke else gs.fill_space
            value = paint(sp, operands)
        if stroke:
            gs.stroke_space, gs.stroke = sp, value
        else:
            gs.fill_space, gs.fill = sp, value

    def _extgstate(self, operands: list[Any], gs: _State, resources: Any) -> None:
        table = _resolved(resources.get("/ExtGState")) if isinstance(resources, dict) else None
        found = _resolved(table.get(operands[0])) if isinstance(table, DictionaryObject) \
            and operands and operands[0] in table else None
        if not isinstance(found, DictionaryObject):
            return
        state: Any = found
        if "/LW" in state:
            gs.width = float(state["/LW"])
        at = (round(gs.ctm[4], 1), round(gs.ctm[5], 1))
        for key in ("/TR", "/TR2"):
            if key in state and state[key] not in ("/Identity", "/Default") and self.pdfx:
                self.emit("pdfx", "error", at, "a transfer function (TR) in a graphics state",
                          "PDF/X forbids transfer functions: export the artwork again")
        alpha = [float(state[k]) for k in ("/CA", "/ca") if k in state]
        soft = state.get("/SMask", "/None") != "/None"
        blend = state.get("/BM", "/Normal") not in ("/Normal", "/Compatible")
        if any(a < 1 for a in alpha) or soft or blend:
            what = "opacity" if alpha and min(alpha) < 1 else "a soft mask" if soft else \
                "a blend mode"
            self.transparency(what, at)

    def transparency(self, what: str, at: tuple[float, float] | None) -> None:
        """Report transparency (PDF/X-4 allows it; a PostScript office printer does not)."""
        self.emit("transparency", "info" if self.pdfx else "warning", at,
                  f"transparency ({what})",
                  "a PostScript printer driver rasterises the whole page (text no longer "
                  "text, black no longer pure); remove the transparency from the artwork "
                  "(or flatten it) unless the design needs it")

    def _font(self, name: Any, resources: Any, gs: _State) -> Any:
        table = _resolved(resources.get("/Font")) if isinstance(resources, dict) else None
        font = _resolved(table.get(name)) if isinstance(table, DictionaryObject) \
            and isinstance(name, str) and name in table else None
        if isinstance(font, DictionaryObject) and id(font) not in self.fonts:
            from badgepress.pdf._artclean import _embedded

            self.fonts[id(font)] = (str(font.get("/BaseFont", name)).lstrip("/"),
                                    _embedded(font))
        return font

    def _text(self, gs: _State, trm: Matrix) -> None:
        at = (round(trm[4], 1), round(trm[5], 1))
        info = self.fonts.get(id(gs.font)) if gs.font is not None else None
        if info is not None and not info[1]:
            self.emit("font", "error", at, f"font {info[0]} is not embedded",
                      "embed it (export with fonts embedded) or turn the text into outlines")
        if gs.render in (3, 7):
            return  # invisible text
        size = gs.size * math.hypot(trm[2], trm[3])
        p = gs.fill
        if size >= SMALL_TEXT - 1e-6 or not p.known:
            return
        c, m, y, k = p.cmyk
        if k >= 0.8 and c + m + y > 0.05:
            self.emit("small-text", "warning", at, f"{size:.1f} pt text in rich black "
                      f"({_inks(p)})", "set text under 12 pt in 100 % K only: four inks "
                      "never register exactly, and small text blurs")
        elif p.inks >= 3:
            self.emit("small-text", "warning", at, f"{size:.1f} pt text in {p.inks} inks "
                      f"({_inks(p)})", "set text under 12 pt in at most two inks, or make it "
                      "12 pt or larger: it blurs when the plates misregister")
        elif p.white:
            under = self._under(at)
            if under is not None and under.inks >= 3:
                self.emit("small-text", "warning", at, f"{size:.1f} pt white text knocked "
                          f"out of {under.inks} inks ({_inks(under)})", "set white text on "
                          "a colour of at most two inks, or make it 12 pt or larger: the "
                          "inks' misregistration fills it in")

    def _under(self, at: tuple[float, float]) -> Paint | None:
        """The colour last painted under point ``at`` on this page (None: paper)."""
        x, y = at
        for x0, y0, x1, y1, p in reversed(self.areas):
            if x0 - 0.01 <= x <= x1 + 0.01 and y0 - 0.01 <= y <= y1 + 0.01:
                return p
        return None

    # -- images, forms, shadings -----------------------------------------------------------

    def _xobject(self, name: str, resources: Any, gs: _State, depth: int) -> None:
        table = _resolved(resources.get("/XObject")) if isinstance(resources, dict) else None
        obj = _resolved(table.get(name)) if isinstance(table, DictionaryObject) \
            and name in table else None
        if not isinstance(obj, StreamObject):
            return
        subtype = obj.get("/Subtype")
        if subtype == "/Image":
            self.image(obj, gs, resources)
        elif subtype == "/Form" and depth < 12:
            m = obj.get("/Matrix")
            matrix = tuple(float(v) for v in m) if m is not None and len(m) == 6 else IDENTITY
            own = _resolved(obj.get("/Resources"))
            inner = replace(gs, ctm=mul(matrix, gs.ctm))  # type: ignore[arg-type]
            group = _resolved(obj.get("/Group"))
            if isinstance(group, DictionaryObject) and group.get("/S") == "/Transparency" \
                    and self.pdfx:
                sp = space(group.get("/CS"), own or resources) if "/CS" in group else None
                if sp is not None and sp.kind == "rgb":
                    self.check_paint(Paint("rgb"), "a transparency group", None)
            try:
                data = obj.get_data()
            except Exception:  # a damaged stream: what it holds cannot be checked
                return
            self.run(data, own if own is not None else resources, inner, depth + 1)
        elif subtype == "/PS":
            self.emit("pdfx", "error" if self.pdfx else "warning", None, "a PostScript XObject",
                      "remove it: PDF/X forbids PostScript, and viewers ignore it")

    def image(self, obj: Any, gs: _State, resources: Any) -> None:
        """Checks of an image placed by ``gs.ctm`` (see :func:`._pfimage.check_image`)."""
        check_image(self, obj, gs.ctm, gs.fill, resources)

    def _inline(self, head: dict[str, Any], gs: _State, resources: Any) -> None:
        """An inline image (``BI ... ID``): its abbreviated keys as an image's."""
        full = {"/Width": head.get("/W", head.get("/Width", 0)),
                "/Height": head.get("/H", head.get("/Height", 0)),
                "/ImageMask": head.get("/IM", head.get("/ImageMask", False)),
                "/ColorSpace": head.get("/CS", head.get("/ColorSpace", "/DeviceGray"))}
        self.image(full, gs, resources)

    def _shading(self, name: Any, resources: Any, gs: _State) -> None:
        table = _resolved(resources.get("/Shading")) if isinstance(resources, dict) else None
        shading = _resolved(table.get(name)) if isinstance(table, DictionaryObject) \
            and isinstance(name, str) and name in table else None
        if isinstance(shading, DictionaryObject):
            sp = space(shading.get("/ColorSpace"), resources)
            self.check_paint(Paint(sp.kind, (0.0, 0.0, 0.0, 0.0)), "a shading",
                             (round(gs.ctm[4], 1), round(gs.ctm[5], 1)))

