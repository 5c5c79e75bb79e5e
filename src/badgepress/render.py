"""The renderer: the only module that draws, and the only one that imports reportlab.

It takes planned badges in output order and writes pages: colour bands (bled past the trim),
text as HarfBuzz-shaped glyph runs (drawn as reportlab ``ShapedStr`` through a text object, the
path that really honours the glyphs and positions we measured), and crop marks last, in
registration colour. Every font is embedded; the canvas is created with an embedded initial
font so that no unembedded Helvetica is referenced.
"""

from __future__ import annotations

import os
from typing import BinaryIO

from reportlab.lib.colors import CMYKColor, CMYKColorSep
from reportlab.lib.colors import Color as RLColor
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

#: Registration colour: 100 % of every separation, so marks print on every plate.
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")


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
        self._shaped: dict[GlyphRun, tuple[str, ShapedStr]] = {}
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

    def _shaped_str(self, run: GlyphRun) -> tuple[str, ShapedStr]:
        """The run as a reportlab ShapedStr: glyph ids carried as (private-use) characters."""
        hit = self._shaped.get(run)
        if hit is not None:
            return hit
        key = self._register(run.font)
        ttf = pdfmetrics.getFont(key)
        to_char, widths = ttf.face.glyphToChar, ttf.face.charWidths
        hb_font = run.font.hb_font
        chars: list[str] = []
        data: list[ShapeData] = []
        carry = 0.0
        for gid, cluster, adv, (dx, dy) in zip(run.gids, run.clusters, run.advances,
                                               run.offsets, strict=True):
            if gid == 0:
                # .notdef would print as a box; the planner reports the character instead.
                carry += adv
                if data:
                    last = data[-1]
                    data[-1] = last._replace(x_advance=last.x_advance + adv * 1000)
                continue
            u = to_char[gid][0] if gid in to_char else ttf.hbAddPrivate(
                hb_font.glyph_to_string(gid), gid, round(adv * run.font.upem))
            chars.append(chr(u))
            data.append(ShapeData(cluster, adv * 1000, 0, dx * 1000, dy * 1000, widths[u]))
        hit = (key, ShapedStr("".join(chars), data))
        if len(self._shaped) > 20000:
            self._shaped.clear()
        self._shaped[run] = hit
        return hit

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
            c.setFillColor(_color(spec.color))
            c.rect(r.x0, r.y0, r.width, r.height, stroke=0, fill=1)

    def _field(self, fp: FieldPlan) -> None:
        fitted = fp.fitted
        if fitted is None:
            return
        c = self.c
        size, hscale = fitted.size, fitted.hscale
        if hscale != 1.0:
            c.saveState()  # Tz is graphics state: without this it leaks into the next badge
        c.setFillColor(_color(fp.spec.color))
        t = c.beginText()
        if hscale != 1.0:
            t.setHorizScale(hscale * 100)
        current = ""
        for line, (ox, oy) in zip(fp.shaped, fitted.origins, strict=True):
            for run in line.runs:
                key, s = self._shaped_str(run)
                if key != current:
                    t.setFont(key, size)
                    current = key
                t.setTextOrigin(fp.box.x0 + ox + run.x * size * hscale, fp.box.y0 + oy)
                t.textOut(s)
        c.drawText(t)
        if hscale != 1.0:
            c.restoreState()

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
