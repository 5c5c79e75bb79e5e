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


def _shape_piece(font: LoadedFont, text: str, rtl: bool, base: int, pen: float,
                 ink: list[float]) -> GlyphRun:
    """Shape ``text`` in one font and direction, starting at ``pen`` (em); widen ``ink``
    (``[x0, y0, x1, y1]`` in em) by the glyphs' ink. One pass over the glyphs: this is the
    hot path of fitting.
    """
    buf = hb.Buffer()
    # Monotone clusters keep cluster values usable as offsets into the text in visual order.
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    hb.shape(font.hb_font, buf, {})
    scale = 1.0 / font.upem
    extents = font.extents
    gids: list[int] = []
    clusters: list[int] = []
    advances: list[float] = []
    offsets: list[tuple[float, float]] = []
    x = pen
    x0, y0, x1, y1 = ink
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        gid = info.codepoint
        adv = pos.x_advance * scale
        dx, dy = pos.x_offset * scale, pos.y_offset * scale
        gids.append(gid)
        clusters.append(base + info.cluster)
        advances.append(adv)
        offsets.append((dx, dy))
        gx0, gy0, gx1, gy1 = extents(gid)
        if gx1 > gx0:  # plain comparisons: min()/max() calls cost twice as much here
            left, right, low, high = x + dx + gx0, x + dx + gx1, dy + gy0, dy + gy1
            if left < x0:
                x0 = left
            if right > x1:
                x1 = right
            if low < y0:
                y0 = low
            if high > y1:
                y1 = high
        x += adv
    ink[:] = (x0, y0, x1, y1)
    return GlyphRun(font, text, pen, tuple(gids), tuple(clusters), tuple(advances),
                    tuple(offsets))


@functools.lru_cache(maxsize=8192)
def shape_line(text: str, chain: FontChain) -> ShapedLine:
    """Shape one line of text with ``chain``; characters no font covers are left out and listed.

    Cached per (text, chain): a name, its words and the company strings recur across
    candidates and badges.
    """
    runs: list[GlyphRun] = []
    missing: list[str] = []
    pen = 0.0
    inf = float("inf")
    ink = [inf, inf, -inf, -inf]
    for brun in visual_runs(text):
        segment = text[brun.start : brun.end]
        pieces = chain.itemize(segment)
        # Inside a right-to-left run, later text sits further left.
        for start, end, font in reversed(pieces) if brun.rtl else pieces:
            piece = segment[start:end]
            if font is None:
                missing.extend(ch for ch in piece if not ch.isspace())
                continue
            run = _shape_piece(font, piece, brun.rtl, brun.start + start, pen, ink)
            runs.append(run)
            pen += sum(run.advances)
            if 0 in run.gids:
                # HarfBuzz gives .notdef (gid 0) where a cmap promised more than the font
                # holds; that glyph would print as a box, so it counts as missing.
                missing.extend(text[c] for g, c in zip(run.gids, run.clusters, strict=True)
                               if g == 0 and not text[c].isspace())
    if ink[0] == inf:
        ink = [0.0, 0.0, 0.0, 0.0]
    metrics = LineMetrics(pen, ink[0], ink[1], ink[2], ink[3])
    return ShapedLine(text, tuple(runs), metrics, tuple(dict.fromkeys(missing)))
