"""The renderer: the only module that draws, and the only one that imports reportlab.

It takes planned badges in output order and writes pages: colour bands (bled past the trim),
text as HarfBuzz-shaped glyph runs, and crop marks last, in registration colour. Every font is
embedded; the canvas is created with an embedded initial font so that no unembedded Helvetica
is referenced.

Speed and memory: each badge is one ``q 1 0 0 1 x y cm ... Q`` block, and each field's
operators are written relative to the badge's trim corner, so the operators of a text that
recurs (a company, a role, the event) are made once and reused on every badge. Each finished
page's content is compressed at once, so memory grows by the compressed size of the pages (about
0.2 KB a badge), not by their text.
"""

from __future__ import annotations

import gc
import os
import zlib
from collections.abc import Callable
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import CMYKColorSep
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream
from reportlab.pdfbase.ttfonts import TTFont
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

#: Field operator strings kept for reuse; names are mostly unique, so the cache is bounded.
OPS_CACHE_SIZE = 4096


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """The ToUnicode CMap of a font subset, with characters beyond U+FFFF written as
    UTF-16 surrogate pairs, as the PDF format requires (reportlab writes ``<20BB7>``, so a
    rare ideograph printed right but copied and searched as the wrong character).
    """
    cmap: str = _rl_to_unicode_cmap(fontname, subset)
    if all(v <= 0xFFFF for v in subset):
        return cmap
    lines = cmap.split("\n")
    start = lines.index(f"{len(subset)} beginbfchar") + 1
    for i, v in enumerate(subset):
        lines[start + i] = f"<{i:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>"
    return "\n".join(lines)


_rl_to_unicode_cmap = ttfonts.makeToUnicodeCMap
ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def _fill(c: Color) -> str:
    """The PDF operator that sets fill colour ``c`` (device CMYK or RGB)."""
    return f"{fp_str(*c.values)} {'k' if c.space == 'cmyk' else 'rg'}"


class PdfRenderer:
    """Draws badges onto pages of one PDF. Call :meth:`draw` in output order, then :meth:`close`.

    With ``SOURCE_DATE_EPOCH`` set the output is byte-for-byte reproducible.
    """

    def __init__(self, target: str | os.PathLike[str], sheet: SheetPlan, layout: Layout,
                 initial_font: LoadedFont, *, title: str = "Badges",
                 pages_per_part: int = 0,
                 on_part: Callable[[Path], None] | None = None) -> None:
        self.sheet = sheet
        #: Called with each part's path as soon as that part is written (not the last one,
        #: which close() writes), so that joining can start while later parts are drawn.
        self.on_part = on_part
        self.layout = layout
        self.title = title
        self.target = Path(target)
        #: With ``pages_per_part``, a new PDF (``target.1``, ``target.2``, ...) is started
        #: every that many pages, for the finisher to join; 0 means one file, ``target``.
        self.pages_per_part = pages_per_part
        self.parts: list[Path] = []
        self._registered: set[str] = set()
        self._initial = self._register(initial_font)
        self.page = 0  # the page being drawn (1-based); also the number of pages so far
        self._heads: dict[int, str] = {}
        self._marks = ""
        self._open_part()

    def _open_part(self) -> None:
        """Start a new canvas; what refers to its font subsets starts afresh with it."""
        path = self.target.with_name(f"{self.target.name}.{len(self.parts) + 1}") \
            if self.pages_per_part else self.target
        self.parts.append(path)
        deterministic = bool(os.environ.get("SOURCE_DATE_EPOCH", "").strip())
        self.c = Canvas(str(path), pagesize=(self.sheet.width, self.sheet.height),
                        initialFontName=self._initial, initialFontSize=10,
                        invariant=1 if deterministic else 0, pageCompression=1)
        self.c.setTitle(self.title)
        self.c.setSubject(self.layout.title)
        self.c.setAuthor("")
        self.c.setCreator(f"badgepress {__version__}")
        self.c.setProducer(f"badgepress {__version__} (reportlab)")
        self.c.setPageCallBack(self._compress_page)
        self._part_pages = 0
        self._escaped = [self.c._escape(bytes((i,))) for i in range(256)]
        self._ops: dict[tuple[str, str], str] = {}
        self._glyph_codes: dict[tuple[str, int], tuple[str, str, float]] = {}

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

    def _compress_page(self, _number: int) -> None:
        """Replace the page just finished by its compressed stream, so that a long run holds
        compressed pages only (reportlab would keep every page's text until ``save``).
        """
        page = self.c._doc.Pages.pages[-1]
        stream = page.stream
        if isinstance(stream, str) and page.Contents is None:
            # The same bytes reportlab writes at save(): a FlateDecode stream of the UTF-8 text.
            content = zlib.compress(stream.encode("utf8"))
            page.Contents = PDFStream(PDFDictionary({"Filter": PDFArray(
                [PDFName("FlateDecode")])}), content)
            page.stream = None

    def _glyph(self, font: LoadedFont, gid: int, adv: float) -> tuple[str, str, float]:
        """``(font subset resource, "(code)", PDF width in 1/1000 em)`` of a glyph.

        reportlab subsets fonts by character, so a glyph without a character of its own (a
        ligature, a contextual form) gets a private-use one. A glyph keeps its subset and code
        for the whole document, so the lookup is made once per glyph.
        """
        hit = self._glyph_codes.get((font.key, gid))
        if hit is not None:
            return hit
        ttf = pdfmetrics.getFont(self._register(font))
        to_char = ttf.face.glyphToChar
        u = to_char[gid][0] if gid in to_char else ttf.hbAddPrivate(
            font.hb_font.glyph_to_string(gid), gid, round(adv * font.upem))
        doc = self.c._doc
        ((subset, codes),) = ttf.splitString(chr(u), doc)
        hit = (ttf.getSubsetInternalName(subset, doc), f"({self._escaped[codes[0]]})",
               ttf.face.charWidths[u])
        self._glyph_codes[font.key, gid] = hit
        return hit

    def _run_ops(self, run: GlyphRun, size: float, x: float, y: float, out: list[str]) -> None:
        """Append the operators that draw ``run`` with its pen at ``(x, y)`` (pt).

        Each glyph is moved by its HarfBuzz offset and followed by the difference between its
        PDF width and its HarfBuzz advance, in TJ units (1/1000 em); a glyph raised or lowered
        (a mark, say) is set with text rise (Ts, in pt). This is the arithmetic of reportlab's
        own shaped-text path (textobject._formatText), written once per distinct text.
        """
        out.append(f"1 0 0 1 {fp_str(x)} {fp_str(y)} Tm")
        font, codes = run.font, self._glyph_codes
        tf = f" {fp_str(size)} Tf"
        current = ""
        items: list[str] = []
        pending = rise = 0.0

        def flush() -> None:
            nonlocal pending, items
            if abs(pending) > 1e-9:
                items.append(fp_str(pending))
            if items:
                out.append("[" + " ".join(items) + "] TJ")
            pending, items = 0.0, []

        for gid, adv, (dx, dy) in zip(run.gids, run.advances, run.offsets, strict=True):
            if gid == 0:
                # .notdef would print as a box; the planner reports the character instead.
                pending -= adv * 1000
                continue
            name, code, width = codes.get((font.key, gid)) or self._glyph(font, gid, adv)
            if name != current:
                flush()
                out.append(name + tf)
                current = name
            if dy * 1000 != rise:
                flush()
                rise = dy * 1000
                out.append(f"{fp_str(rise * size / 1000)} Ts")
            pending -= dx * 1000
            if abs(pending) > 1e-9:
                items.append(fp_str(pending))
            items.append(code)
            pending = width - adv * 1000 + dx * 1000
        flush()
        if rise:
            out.append("0 Ts")

    def _field_ops(self, fp: FieldPlan) -> str:
        """The operators that draw a field, relative to the badge's trim corner (cached)."""
        key = (fp.spec.name, fp.text)
        hit = self._ops.get(key)
        if hit is not None:
            return hit
        fitted = fp.fitted
        assert fitted is not None  # draw() passes only fields with text
        hscale = fitted.hscale
        box = fp.spec.box
        out = [_fill(fp.spec.color), "BT"]
        if hscale != 1.0:
            out.append(f"{fp_str(hscale * 100)} Tz")
        for line, (ox, oy), size in zip(fp.shaped, fitted.origins, fitted.line_sizes,
                                        strict=True):
            for run in line.runs:
                self._run_ops(run, size, box.x0 + ox + run.x * size * hscale, box.y0 + oy, out)
        out.append("ET")
        if hscale != 1.0:
            out.append("100 Tz")  # Tz is graphics state: it would leak into the next field
        ops = "\n".join(out)
        if len(self._ops) >= OPS_CACHE_SIZE:
            self._ops.clear()
        self._ops[key] = ops
        return ops

    def _head(self, slot: Slot) -> str:
        """The start of a badge in ``slot``: move to its trim corner, draw its colour bands."""
        hit = self._heads.get(slot.index)
        if hit is not None:
            return hit
        trim, bleed = slot.trim, slot.bleed
        out = [f"q 1 0 0 1 {fp_str(trim.x0)} {fp_str(trim.y0)} cm"]
        # A band that touches the trim runs on into the bleed, so a cut off by a hair shows
        # colour, not white paper. Coordinates are relative to the trim corner.
        eps = 1e-6
        b = bleed.shift(-trim.x0, -trim.y0)
        for spec in self.layout.rects:
            r = spec.box
            r = Rect(b.x0 if r.x0 <= eps else r.x0, b.y0 if r.y0 <= eps else r.y0,
                     b.x1 if r.x1 >= trim.width - eps else r.x1,
                     b.y1 if r.y1 >= trim.height - eps else r.y1)
            out.append(f"{_fill(spec.color)} {fp_str(r.x0, r.y0, r.width, r.height)} re f")
        head = self._heads[slot.index] = "\n".join(out)
        return head

    def _start_page(self, page: int) -> None:
        while self.page < page:
            if self.page:
                self._finish_page()
                if self._part_pages == self.pages_per_part:
                    self.c.save()
                    del self.c
                    gc.collect()  # a saved document is a web of cycles: free it now
                    if self.on_part is not None:
                        self.on_part(self.parts[-1])
                    self._open_part()
            self.page += 1
            self._part_pages += 1
            self.c.setTrimBox(self._box(self.sheet.trim_box))
            self.c.setBleedBox(self._box(self.sheet.bleed_box))

    @staticmethod
    def _box(r: Rect) -> tuple[float, float, float, float]:
        return (round(r.x0, 3), round(r.y0, 3), round(r.x1, 3), round(r.y1, 3))

    def _finish_page(self) -> None:
        c = self.c
        if self.sheet.marks:
            c.saveState()
            c.setStrokeColor(REGISTRATION)  # through reportlab: it declares the colour space
            c.setLineWidth(self.layout.marks.width)
            c.setLineCap(0)
            if not self._marks:
                self._marks = " ".join(
                    f"{fp_str(seg.x0, seg.y0)} m {fp_str(seg.x1, seg.y1)} l"
                    for seg in self.sheet.marks) + " S"
            c.addLiteral(self._marks)
            c.restoreState()
        c.showPage()

    def draw(self, badge: BadgePlan) -> None:
        """Draw one badge; badges must come in output order (page by page)."""
        self._start_page(badge.page)
        parts = [self._head(badge.slot)]
        parts.extend(self._field_ops(fp) for fp in badge.fields if fp.fitted is not None)
        parts.append("Q")
        self.c.addLiteral("\n".join(parts))

    def close(self) -> int:
        """Finish the last page and write the file (or the last part). Returns the number of
        pages in all.
        """
        if self.page == 0:
            self._start_page(1)
        self._finish_page()
        self.c.save()
        return self.page
