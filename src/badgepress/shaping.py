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


def _shape_piece(font: LoadedFont, text: str, rtl: bool) -> tuple[
        tuple[int, ...], tuple[int, ...], tuple[float, ...], tuple[tuple[float, float], ...]]:
    buf = hb.Buffer()
    # Monotone clusters keep cluster values usable as offsets into the text in visual order.
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    hb.shape(font.hb_font, buf, {})
    u = font.upem
    infos, positions = buf.glyph_infos, buf.glyph_positions
    return (
        tuple(i.codepoint for i in infos),
        tuple(i.cluster for i in infos),
        tuple(p.x_advance / u for p in positions),
        tuple((p.x_offset / u, p.y_offset / u) for p in positions),
    )


def _measure(runs: list[GlyphRun]) -> LineMetrics:
    x0 = y0 = float("inf")
    x1 = y1 = float("-inf")
    pen = 0.0
    for run in runs:
        pen = run.x
        for gid, adv, (dx, dy) in zip(run.gids, run.advances, run.offsets, strict=True):
            gx0, gy0, gx1, gy1 = run.font.extents(gid)
            if gx1 > gx0:
                x0, x1 = min(x0, pen + dx + gx0), max(x1, pen + dx + gx1)
                y0, y1 = min(y0, dy + gy0), max(y1, dy + gy1)
            pen += adv
    if x0 == float("inf"):
        x0 = x1 = y0 = y1 = 0.0
    return LineMetrics(advance=pen if runs else 0.0, ink_x0=x0, ink_y0=y0, ink_x1=x1, ink_y1=y1)


@functools.lru_cache(maxsize=65536)
def shape_line(text: str, chain: FontChain) -> ShapedLine:
    """Shape one line of text with ``chain``; characters no font covers are left out and listed.

    Cached per (text, chain): a name, its words and the company strings recur across
    candidates and badges.
    """
    runs: list[GlyphRun] = []
    missing: list[str] = []
    pen = 0.0
    for brun in visual_runs(text):
        segment = text[brun.start : brun.end]
        pieces = chain.itemize(segment)
        # Inside a right-to-left run, later text sits further left.
        for start, end, font in reversed(pieces) if brun.rtl else pieces:
            piece = segment[start:end]
            if font is None:
                missing.extend(ch for ch in piece if not ch.isspace())
                continue
            gids, clusters, advances, offsets = _shape_piece(font, piece, brun.rtl)
            base = brun.start + start
            runs.append(GlyphRun(font, piece, pen, gids, tuple(base + c for c in clusters),
                                 advances, offsets))
            pen += sum(advances)
            # HarfBuzz maps a character to .notdef (gid 0) when the font's cmap promised more
            # than its tables hold; that glyph would print as a box, so it counts as missing.
            missing.extend(piece[c - base] for g, c in zip(gids, clusters, strict=True)
                           if g == 0 and not piece[c - base].isspace())
    return ShapedLine(text, tuple(runs), _measure(runs), tuple(dict.fromkeys(missing)))
