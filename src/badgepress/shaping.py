"""Shaping: text to positioned glyphs with HarfBuzz, the same glyph run that is measured and drawn.

A line of text is split into bidi runs (visual order), each into font runs (fallbacks), and each
piece is shaped with HarfBuzz's default features (kerning and required ligatures on; no
discretionary ligatures on a person's name). Results are in em, independent of the size: a
line is shaped once and scaled linearly, which is what makes the fit a closed form.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import uharfbuzz as hb

from badgepress.bidi import visual_runs
from badgepress.fit import LineMetrics
from badgepress.fonts import FontChain, LoadedFont


@dataclass(frozen=True, slots=True)
class GlyphRun:
    """Glyphs of one font and direction, in visual order; lengths in em.

    ``x`` is where the run's pen starts, from the line's origin. ``gids``, ``clusters`` (offset
    into ``text``), ``advances`` and ``offsets`` (``(dx, dy)`` per glyph) are parallel.
    """

    font: LoadedFont
    text: str
    x: float
    gids: tuple[int, ...]
    clusters: tuple[int, ...]
    advances: tuple[float, ...]
    offsets: tuple[tuple[float, float], ...]

    @property
    def advance(self) -> float:
        """The run's total advance in em."""
        return sum(self.advances)


@dataclass(frozen=True, slots=True)
class ShapedLine:
    """A shaped line: glyph runs left to right, its metrics in em, and what could not be set."""

    text: str
    runs: tuple[GlyphRun, ...]
    metrics: LineMetrics
    missing: tuple[str, ...]

    @property
    def fonts(self) -> tuple[str, ...]:
        """Full names of the fonts the line uses, in order of first use."""
        return tuple(dict.fromkeys(r.font.name for r in self.runs))


_INF = float("inf")


class _Glyphs:
    """One piece of text shaped in one font and direction, with what measuring any range of
    its glyphs needs, in font units (integers, so a range's sums are exact).

    ``pen[k]`` is the pen position of glyph ``k`` from the piece's start (``pen[n]``: the
    advance); ``left``, ``right``, ``low`` and ``high`` are each glyph's ink edges from the same
    origin (infinite for a blank glyph, so min/max skip it).
    """

    __slots__ = ("font", "high", "infos", "left", "low", "pen", "positions", "right", "script")

    def __init__(self, font: LoadedFont, text: str, rtl: bool) -> None:
        buf = hb.Buffer()
        # Monotone clusters keep cluster values usable as offsets into the text in visual order.
        buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
        buf.add_str(text)
        buf.guess_segment_properties()
        buf.direction = "rtl" if rtl else "ltr"
        hb.shape(font.hb_font, buf, {})
        self.font = font
        self.script: str = buf.script
        self.infos: list[hb.GlyphInfo] = buf.glyph_infos
        self.positions: list[hb.GlyphPosition] = buf.glyph_positions
        boxes, ink = font.ink_boxes, font.ink_units
        x = 0
        pen = [0]
        left: list[float] = []
        right: list[float] = []
        low: list[float] = []
        high: list[float] = []
        # One pass over the glyphs: this is the hot path of fitting.
        for info, pos in zip(self.infos, self.positions, strict=True):
            gid = info.codepoint
            box = boxes[gid] if gid in boxes else ink(gid)
            if box is None:
                left.append(_INF)
                right.append(-_INF)
                low.append(_INF)
                high.append(-_INF)
            else:
                dx, dy = x + pos.x_offset, pos.y_offset
                left.append(dx + box[0])
                right.append(dx + box[2])
                low.append(dy + box[1])
                high.append(dy + box[3])
            x += pos.x_advance
            pen.append(x)
        self.pen, self.left, self.right, self.low, self.high = pen, left, right, low, high

    def __len__(self) -> int:
        return len(self.infos)

    def extent(self, i: int, j: int) -> tuple[int, float, float, float, float]:
        """Advance and ink box ``(x0, y0, x1, y1)`` of glyphs ``i:j`` set from pen 0, in font
        units; an empty ink box is ``(inf, inf, -inf, -inf)``.
        """
        x = self.pen[i]
        return (self.pen[j] - x, min(self.left[i:j], default=_INF) - x,
                min(self.low[i:j], default=_INF), max(self.right[i:j], default=-_INF) - x,
                max(self.high[i:j], default=-_INF))

    def run(self, i: int, j: int, text: str, base: int, x: float) -> GlyphRun:
        """Glyphs ``i:j`` as a run of ``text`` starting at pen ``x`` (em); ``base`` is added
        to the clusters (negative to re-base a range on its own text).
        """
        scale = 1.0 / self.font.upem
        infos, positions = self.infos[i:j], self.positions[i:j]
        return GlyphRun(self.font, text, x, tuple(g.codepoint for g in infos),
                        tuple(base + g.cluster for g in infos),
                        tuple(p.x_advance * scale for p in positions),
                        tuple((p.x_offset * scale, p.y_offset * scale) for p in positions))


@functools.lru_cache(maxsize=8192)
def shape_line(text: str, chain: FontChain) -> ShapedLine:
    """Shape one line of text with ``chain``; characters no font covers are left out and listed.

    Cached per (text, chain): a name, its words and the company strings recur across
    candidates and badges.
    """
    runs: list[GlyphRun] = []
    missing: list[str] = []
    pen = 0.0
    ink = [_INF, _INF, -_INF, -_INF]
    for brun in visual_runs(text):
        segment = text[brun.start : brun.end]
        pieces = chain.itemize(segment)
        # Inside a right-to-left run, later text sits further left.
        for start, end, font in reversed(pieces) if brun.rtl else pieces:
            piece = segment[start:end]
            if font is None:
                missing.extend(ch for ch in piece if not ch.isspace())
                continue
            glyphs = _Glyphs(font, piece, brun.rtl)
            run = glyphs.run(0, len(glyphs), piece, brun.start + start, pen)
            runs.append(run)
            advance, x0, y0, x1, y1 = glyphs.extent(0, len(glyphs))
            u = font.upem
            if x0 != _INF:
                ink[0] = min(ink[0], pen + x0 / u)
                ink[1] = min(ink[1], y0 / u)
                ink[2] = max(ink[2], pen + x1 / u)
                ink[3] = max(ink[3], y1 / u)
            pen += advance / u
            if 0 in run.gids:
                # HarfBuzz gives .notdef (gid 0) where a cmap promised more than the font
                # holds; that glyph would print as a box, so it counts as missing.
                missing.extend(text[c] for g, c in zip(run.gids, run.clusters, strict=True)
                               if g == 0 and not text[c].isspace())
    if ink[0] == _INF:
        ink = [0.0, 0.0, 0.0, 0.0]
    metrics = LineMetrics(pen, ink[0], ink[1], ink[2], ink[3])
    return ShapedLine(text, tuple(runs), metrics, tuple(dict.fromkeys(missing)))
