"""The renderer: the only module that draws, and the only one that imports reportlab.

It takes planned badges in output order and writes pages: colour bands (bled past the trim),
text as HarfBuzz-shaped glyph runs (drawn as reportlab ``ShapedStr`` through a text object, the
path that really honours the glyphs and positions we measured), and crop marks last, in
registration colour. Every font is embedded; the canvas is created with an embedded initial
font so that no unembedded Helvetica is referenced.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import BinaryIO

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, CMYKColorSep
from reportlab.lib.colors import Color as RLColor
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, TTFont
from reportlab.pdfgen.canvas import Canvas

from badgepress import __version__
from badgepress.fonts import LoadedFont
from badgepress.geometry import Rect
from badgepress.impose import SheetPlan, Slot
from badgepress.layout import Color, Layout
from badgepress.plan import BadgePlan, FieldPlan
from badgepress.shaping import GlyphRun

# Streams are Flate-compressed; ASCII85 on top only makes them 25 % larger and slower to write.
rl_config.useA85 = 0

#: Registration colour: 100 % of every separation, so marks print on every plate.
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")


@dataclass(frozen=True, slots=True)
class _Drawable:
    """A glyph run ready to draw: font key, ShapedStr, and direct TJ operators if possible."""

    key: str
    text: ShapedStr
    ops: list[tuple[str, str]] | None


def _color(c: Color) -> CMYKColor | RLColor:
    if c.space == "cmyk":
        return CMYKColor(*c.values)
    return RLColor(*c.values)


class PdfRenderer:
    """Draws badges onto pages of one PDF. Call :meth:`draw` in output order, then :meth:`close`.

    With ``SOURCE_DATE_EPOCH`` set the output is byte-for-byte reproducible.
    """

    def __init__(self, target: str | os.PathLike[str] | BinaryIO, sheet: SheetPlan,
                 layout: Layout, initial_font: LoadedFont, *, title: str = "Badges") -> None:
        self.sheet = sheet
        self.layout = layout
        self._registered: set[str] = set()
        self._shaped: dict[GlyphRun, _Drawable] = {}
        key = self._register(initial_font)
        deterministic = bool(os.environ.get("SOURCE_DATE_EPOCH", "").strip())
        self.c = Canvas(target, pagesize=(sheet.width, sheet.height), initialFontName=key,
                        initialFontSize=10, invariant=1 if deterministic else 0,
                        pageCompression=1)
        self.c.setTitle(title)
        self.c.setSubject(layout.title)
        self.c.setCreator(f"badgepress {__version__}")
        self.c.setProducer(f"badgepress {__version__} (reportlab)")
        self.page = 0
        self.pages = 0
        self._fill: Color | None = None
        self._colors: dict[Color, CMYKColor | RLColor] = {}

    def _register(self, font: LoadedFont) -> str:
        if font.key not in self._registered:
            try:
                pdfmetrics.getFont(font.key)
            except KeyError:
                pdfmetrics.registerFont(
                    TTFont(font.key, str(font.face.path), subfontIndex=font.face.index))
            # hbFont() wires up the private-use mapping for glyphs with no character of their own.
            pdfmetrics.getFont(font.key).hbFont(10)
            self._registered.add(font.key)
        return font.key

    def _glyphs(self, run: GlyphRun) -> _Drawable:
        """The run as reportlab draws it, cached: a ShapedStr, and the TJ operators for it
        when no glyph is raised or lowered (the common case, written directly, see _field).
        """
        hit = self._shaped.get(run)
        if hit is not None:
            return hit
        key = self._register(run.font)
        ttf = pdfmetrics.getFont(key)
        to_char, widths = ttf.face.glyphToChar, ttf.face.charWidths
        hb_font = run.font.hb_font
        chars: list[str] = []
        data: list[ShapeData] = []
        for gid, cluster, adv, (dx, dy) in zip(run.gids, run.clusters, run.advances,
                                               run.offsets, strict=True):
            if gid == 0:
                # .notdef would print as a box; the planner reports the character instead.
                if data:
                    data[-1] = data[-1]._replace(x_advance=data[-1].x_advance + adv * 1000)
                continue
            u = to_char[gid][0] if gid in to_char else ttf.hbAddPrivate(
                hb_font.glyph_to_string(gid), gid, round(adv * run.font.upem))
            chars.append(chr(u))
            data.append(ShapeData(cluster, adv * 1000, 0, dx * 1000, dy * 1000, widths[u]))
        text = ShapedStr("".join(chars), data)
        ops = None if any(d.y_offset for d in data) else self._tj(ttf, text, data)
        hit = _Drawable(key, text, ops)
        if len(self._shaped) > 20000:
            self._shaped.clear()
        self._shaped[run] = hit
        return hit

    def _tj(self, ttf: TTFont, text: str, data: list[ShapeData]) -> list[tuple[str, str]]:
        """``(font resource, TJ array)`` per font subset: each glyph moved by its HarfBuzz
        offset and followed by the difference between its PDF width and HarfBuzz advance.

        This is the arithmetic of reportlab's own shaped-text path (textobject._formatText),
        written once per distinct run instead of once per drawing.
        """
        doc = self.c._doc
        out: list[tuple[str, str]] = []
        i = 0
        for subset, codes in ttf.splitString(text, doc):
            name = ttf.getSubsetInternalName(subset, doc)
            items: list[str] = []
            pending = 0.0
            for code in codes:
                d = data[i]
                pending -= d.x_offset
                if abs(pending) > 1e-9:
                    items.append(fp_str(pending))
                items.append(f"({self.c._escape(bytes((code,)))})")
                pending = d.width - d.x_advance + d.x_offset
                i += 1
            if abs(pending) > 1e-9:
                items.append(fp_str(pending))
            out.append((name, "[" + " ".join(items) + "] TJ"))
        return out

    def _start_page(self, page: int) -> None:
        while self.page < page:
            if self.page:
                self._finish_page()
            self.page += 1
            self.pages += 1
            self.c.setTrimBox(self._box(self.sheet.trim_box))
            self.c.setBleedBox(self._box(self.sheet.bleed_box))

    @staticmethod
    def _box(r: Rect) -> tuple[float, float, float, float]:
        return (round(r.x0, 3), round(r.y0, 3), round(r.x1, 3), round(r.y1, 3))

    def _finish_page(self) -> None:
        c = self.c
        if self.sheet.marks:
            c.saveState()
            c.setStrokeColor(REGISTRATION)
            c.setLineWidth(self.layout.marks.width)
            c.setLineCap(0)
            path = c.beginPath()
            for seg in self.sheet.marks:
                path.moveTo(seg.x0, seg.y0)
                path.lineTo(seg.x1, seg.y1)
            c.drawPath(path, stroke=1, fill=0)
            c.restoreState()
        c.showPage()
        self._fill = None  # a new page starts with the default graphics state

    def _rects(self, slot: Slot) -> None:
        c = self.c
        trim, bleed = slot.trim, slot.bleed
        for spec in self.layout.rects:
            r = spec.box.shift(trim.x0, trim.y0)
            # A band that touches the trim runs on into the bleed, so a cut off by a hair
            # shows colour, not white paper.
            eps = 1e-6
            r = Rect(bleed.x0 if r.x0 <= trim.x0 + eps else r.x0,
                     bleed.y0 if r.y0 <= trim.y0 + eps else r.y0,
                     bleed.x1 if r.x1 >= trim.x1 - eps else r.x1,
                     bleed.y1 if r.y1 >= trim.y1 - eps else r.y1)
            self._set_fill(spec.color)
            c.rect(r.x0, r.y0, r.width, r.height, stroke=0, fill=1)

    def _field(self, fp: FieldPlan) -> None:
        fitted = fp.fitted
        if fitted is None:
            return
        c = self.c
        size, hscale = fitted.size, fitted.hscale
        outer_fill = self._fill
        if hscale != 1.0:
            c.saveState()  # Tz is graphics state: without this it leaks into the next badge
        self._set_fill(fp.spec.color)
        placed = [(self._glyphs(run), fp.box.x0 + ox + run.x * size * hscale, fp.box.y0 + oy)
                  for line, (ox, oy) in zip(fp.shaped, fitted.origins, strict=True)
                  for run in line.runs]
        if all(g.ops is not None for g, _, _ in placed):
            ops = ["BT"]
            if hscale != 1.0:
                ops.append(f"{fp_str(hscale * 100)} Tz")
            for g, x, y in placed:
                ops.append(f"1 0 0 1 {fp_str(x)} {fp_str(y)} Tm")
                for name, tj in g.ops or ():
                    ops.append(f"{name} {fp_str(size)} Tf {tj}")
            ops.append("ET")
            c.addLiteral("\n".join(ops))
        else:
            t = c.beginText()
            if hscale != 1.0:
                t.setHorizScale(hscale * 100)
            for g, x, y in placed:
                t.setFont(g.key, size)
                t.setTextOrigin(x, y)
                t.textOut(g.text)
            c.drawText(t)
        if hscale != 1.0:
            c.restoreState()  # this undoes the fill set after saveState, too
            self._fill = outer_fill

    def _set_fill(self, color: Color) -> None:
        """Set the fill colour only when it changes: most badges repeat the same few."""
        if color != self._fill:
            rl = self._colors.get(color)
            if rl is None:
                rl = self._colors[color] = _color(color)
            self.c.setFillColor(rl)
            self._fill = color

    def draw(self, badge: BadgePlan) -> None:
        """Draw one badge; badges must come in output order (page by page)."""
        self._start_page(badge.page)
        self._rects(badge.slot)
        for fp in badge.fields:
            self._field(fp)

    def close(self) -> int:
        """Finish the last page and write the file. Returns the number of pages."""
        if self.page == 0:
            self._start_page(1)
        self._finish_page()
        self.c.save()
        return self.pages
