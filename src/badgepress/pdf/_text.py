"""Text: a planned field's shaped glyph runs as PDF text operators.

The operators of a field are written relative to its badge's trim corner, so the operators of
a text that recurs (a company, a role, the event) are made once and reused on every badge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics

from badgepress.pdf._marks import fill
from badgepress.plan.planner import FieldPlan
from badgepress.sheet.layout import FieldSpec
from badgepress.text.face import LoadedFont
from badgepress.text.shaping import GlyphRun

#: Field operator strings kept for reuse; names are mostly unique, so the cache is bounded.
OPS_CACHE_SIZE = 4096


class TextWriter:
    """Field operators for one PDF file (one canvas): its glyph codes and cached operators.

    A glyph keeps its subset and code for the whole file, and a new file starts afresh.
    """

    def __init__(self, canvas: Any, register: Callable[[LoadedFont], str]) -> None:
        """``register`` makes a font known to reportlab and returns its name there."""
        self.doc = canvas._doc
        self._register = register
        self._escaped = [canvas._escape(bytes((i,))) for i in range(256)]
        self._ops: dict[tuple[int, str], str] = {}
        self._spec_keys: dict[int, int] = {}
        self._specs: dict[FieldSpec, int] = {}
        self._glyph_codes: dict[tuple[str, int], tuple[str, str, float]] = {}

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
        doc = self.doc
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

    def _spec_key(self, spec: FieldSpec) -> int:
        """One key for fields drawn alike: a back's field that repeats a front field's box,
        font and colour (the name again) reuses its operators; any other field has its own.
        """
        key = self._spec_keys.get(id(spec))
        if key is None:
            key = self._spec_keys[id(spec)] = self._specs.setdefault(
                replace(spec, name=""), len(self._specs))
        return key

    def field_ops(self, fp: FieldPlan) -> str:
        """The operators that draw a field with text, relative to the badge's trim corner."""
        key = (self._spec_key(fp.spec), fp.text)
        hit = self._ops.get(key)
        if hit is not None:
            return hit
        fitted = fp.fitted
        assert fitted is not None  # the renderer passes only fields with text
        hscale = fitted.hscale
        box = fp.spec.box
        out = [fill(fp.spec.color), "BT"]
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
