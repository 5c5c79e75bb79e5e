"""Shaping: text to positioned glyphs with HarfBuzz, the same glyph run that is measured and drawn.

A line of text is split into bidi runs (visual order), each into font runs (fallbacks), and each
piece is shaped with HarfBuzz's default features (kerning and required ligatures on; no
discretionary ligatures on a person's name). Results are in em, independent of the size: a
line is shaped once and scaled linearly, which is what makes the fit a closed form.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from dataclasses import dataclass

import uharfbuzz as hb

from badgepress.text.bidi import paragraph_is_rtl, visual_runs
from badgepress.text.chain import FontChain
from badgepress.text.face import LoadedFont
from badgepress.text.fit import LineMetrics


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


#: Stands for "no ink" in the per-glyph ink edges: an int (comparisons between ints are faster
#: than between ints and floats) beyond any real coordinate in font units.
_NONE = 1 << 60


class _Glyphs:
    """One piece of text shaped in one font and direction, with what measuring any range of
    its glyphs needs, in font units (integers, so a range's sums are exact).

    ``gids``, ``clusters``, ``advances``, ``dx`` and ``dy`` are HarfBuzz's output per glyph
    (read once: each attribute read from HarfBuzz's objects is slow). ``pen[k]`` is the pen
    position of glyph ``k`` from the piece's start (``pen[n]``: the advance); ``left``,
    ``right``, ``low`` and ``high`` are each glyph's ink edges from the same origin
    (``_NONE`` or ``-_NONE`` for a blank glyph, so that min/max skip it). ``script`` (an
    ISO 15924 tag) is set instead of guessed from the text.
    """

    __slots__ = ("advances", "clusters", "dx", "dy", "flags", "font", "gids", "high", "left",
                 "low", "pen", "right", "script")

    def __init__(self, font: LoadedFont, text: str, rtl: bool, script: str | None = None) -> None:
        buf = hb.Buffer()
        # Monotone clusters keep cluster values usable as offsets into the text in visual order.
        buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
        buf.add_str(text)
        if script is not None:  # a word shaped as part of a line gets the line's script
            buf.script = script
        buf.guess_segment_properties()
        buf.direction = "rtl" if rtl else "ltr"
        hb.shape(font.hb_font, buf, {})
        self.font = font
        self.script: str | None = buf.script
        infos, positions = buf.glyph_infos, buf.glyph_positions
        self.flags = infos  # read on demand: GlyphInfo.flags builds an enum per glyph
        self.gids = gids = [g.codepoint for g in infos]
        self.clusters = [g.cluster for g in infos]
        self.advances = advances = [p.x_advance for p in positions]
        self.dx = dxs = [p.x_offset for p in positions]
        self.dy = dys = [p.y_offset for p in positions]
        self.pen = pen = [0, *itertools.accumulate(advances)]
        boxes = font.ink_boxes
        for gid in set(gids).difference(boxes):
            font.ink_units(gid)
        left: list[int] = []
        right: list[int] = []
        low: list[int] = []
        high: list[int] = []
        # One pass over the glyphs: this is the hot path of fitting. (pen has one more entry.)
        for x, dx, dy, gid in zip(pen, dxs, dys, gids, strict=False):
            box = boxes[gid]
            if box is None:
                left.append(_NONE)
                right.append(-_NONE)
                low.append(_NONE)
                high.append(-_NONE)
            else:
                x += dx
                left.append(x + box[0])
                right.append(x + box[2])
                low.append(dy + box[1])
                high.append(dy + box[3])
        self.left, self.right, self.low, self.high = left, right, low, high

    def __len__(self) -> int:
        return len(self.gids)

    def extent(self, i: int, j: int) -> tuple[int, tuple[int, int, int, int] | None]:
        """Advance and ink box ``(x0, y0, x1, y1)`` (None: no ink) of glyphs ``i:j`` set from
        pen 0, in font units.
        """
        x = self.pen[i]
        x0 = min(self.left[i:j], default=_NONE)
        if x0 == _NONE:
            return self.pen[j] - x, None
        return self.pen[j] - x, (x0 - x, min(self.low[i:j]), max(self.right[i:j]) - x,
                                 max(self.high[i:j]))

    def unsafe(self, k: int) -> bool:
        """Whether HarfBuzz flags glyph ``k`` UNSAFE_TO_BREAK."""
        return bool(self.flags[k].flags & hb.GlyphFlags.UNSAFE_TO_BREAK)

    def run(self, i: int, j: int, text: str, base: int, x: float) -> GlyphRun:
        """Glyphs ``i:j`` as a run of ``text`` starting at pen ``x`` (em); ``base`` is added
        to the clusters (negative to re-base a range on its own text).
        """
        # int * float, as scale.__mul__(int): the same IEEE product, computed in C by map().
        scale = (1.0 / self.font.upem).__mul__
        dx, dy = self.dx[i:j], self.dy[i:j]
        if any(dx) or any(dy):
            offsets = tuple(zip(map(scale, dx), map(scale, dy), strict=True))
        else:  # most scripts: no glyph offset in the whole run (0 * scale is 0.0)
            offsets = ((0.0, 0.0),) * (j - i)
        return GlyphRun(self.font, text, x, tuple(self.gids[i:j]),
                        tuple(map(base.__add__, self.clusters[i:j])),
                        tuple(map(scale, self.advances[i:j])), offsets)


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
            glyphs = _Glyphs(font, piece, brun.rtl)
            run = glyphs.run(0, len(glyphs), piece, brun.start + start, pen)
            runs.append(run)
            advance, box = glyphs.extent(0, len(glyphs))
            u = font.upem
            if box is not None:
                x0, y0, x1, y1 = box
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
    if ink[0] == inf:
        ink = [0.0, 0.0, 0.0, 0.0]
    metrics = LineMetrics(pen, ink[0], ink[1], ink[2], ink[3])
    return ShapedLine(text, tuple(runs), metrics, tuple(dict.fromkeys(missing)))


#: Explicit embeddings, overrides and isolates: with one of these in a right-to-left text, a
#: line's bidi levels need not be its share of the whole text's.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class LineShaper:
    """Shapes one text once and measures its candidate lines (substrings) on that shaping.

    Every line a break option gives is a piece of the one-line text, so its glyphs can be
    read off the text's glyphs instead of shaping it again. That is exact, i.e. the same
    glyphs, positions and metrics as :func:`shape_line` gives for the line alone, when:

    - the text is one bidi run in one font with no missing glyph, and the line gets the same
      font, direction and HarfBuzz script guess when shaped alone (the same shaping input);
    - HarfBuzz has not flagged the glyphs where the line starts and ends UNSAFE_TO_BREAK
      (kerning, joining or a ligature across the break): HarfBuzz guarantees that the text
      broken at an unflagged cluster shapes, side by side, exactly as the whole did.

    Any other line is shaped on its own with :func:`shape_line`.
    """

    def __init__(self, text: str, chain: FontChain) -> None:
        self.text = text
        self.chain = chain
        self._glyphs: _Glyphs | None = None
        self._rtl = False
        self._clusters: list[int] = []  # per glyph; negated for RTL, so always ascending
        self._safe: dict[int, bool] = {}  # cluster -> the text may be broken before it
        # line -> (start in text, glyph range, metrics), or None: shape it alone
        self._lines: dict[str, tuple[int, int, int, LineMetrics] | None] = {}
        self._own: frozenset[str] = frozenset()  # characters no earlier font in chain covers
        self._scripted: frozenset[str] | None = None  # see _prepare_pieces
        self._pieces_ready = False
        runs = visual_runs(text)
        if len(runs) != 1 or (runs[0].rtl and not _BIDI_CONTROLS.isdisjoint(text)):
            return
        # itemize() sets the whole text in this font, if it is not None (and else splits it).
        font = chain.whole_font(text)
        if font is None:
            return
        glyphs = _Glyphs(font, text, runs[0].rtl)
        if 0 in glyphs.gids:
            return  # .notdef: shape_line reports it as missing
        self._glyphs, self._rtl = glyphs, runs[0].rtl
        self._clusters = [-c for c in glyphs.clusters] if self._rtl else glyphs.clusters
        self._lines[text] = (0, 0, len(glyphs), self._measure(0, len(glyphs)))

    def _prepare_pieces(self) -> None:
        """What measuring pieces of the text needs (often only the whole text is asked for)."""
        glyphs = self._glyphs
        assert glyphs is not None
        self._pieces_ready = True
        chars = set(self.text)
        if glyphs.font is not self.chain.primary:
            # Identity: faces come from the chain's own lists. (A face equal but not identical
            # would only shrink _own, sending more lines to plain shaping: never wrong.)
            origin = glyphs.font.origin
            self._own = frozenset(ch for ch in chars if self.chain.char_face(ch) is origin)
        # HarfBuzz guesses a text's script from its first character of a script other than
        # Common or Inherited. With one such script in the text, any line that has a
        # character of it gets the same guess; otherwise each line is asked (None).
        scripted = frozenset(filter(_char_script, chars))
        if set(map(_char_script, scripted)) == {glyphs.script}:
            self._scripted = scripted

    def _line(self, line: str) -> tuple[int, int, int, LineMetrics] | None:
        """``(a, i, j, metrics)``: ``line`` is ``text[a:]``'s start and glyphs ``i:j``; None
        when measuring it on the text is not exact (see the class docstring).
        """
        try:
            return self._lines[line]
        except KeyError:
            found = self._find(line)
            self._lines[line] = got = None if found is None else (*found, self._measure(*found[1:]))
            return got

    def _find(self, line: str) -> tuple[int, int, int] | None:
        glyphs = self._glyphs
        a = self.text.find(line)
        if glyphs is None or not line or a < 0:
            return None
        if not self._pieces_ready:
            self._prepare_pieces()
        b = a + len(line)
        if not (self._safe_at(a) and self._safe_at(b)):
            return None
        # The line must not fit an earlier font in the chain than the text's: true when one
        # of its characters has no earlier font (and trivially for the primary).
        if (glyphs.font is not self.chain.primary and self._own.isdisjoint(line)
                and self.chain.font_for(line) is not glyphs.font):
            return None
        if self._rtl:
            # The text is all at level 1 (no L, EN, AN, embeddings), so a line is too unless
            # it has no strong character and so a left-to-right paragraph direction.
            if not paragraph_is_rtl(line):
                return None
        elif not line.isascii():  # ASCII is one left-to-right run, as visual_runs knows
            runs = visual_runs(line)
            if len(runs) != 1 or runs[0].rtl:
                return None
        if (self._scripted is None or self._scripted.isdisjoint(line)) \
                and _guess_script(line) != glyphs.script:
            return None
        # Glyph ranges by cluster; in right-to-left (visual) order clusters descend, so they
        # are negated: glyphs of text[a:b] are those with key in (-b, -a].
        clusters = self._clusters
        if self._rtl:
            return a, bisect.bisect_right(clusters, -b), bisect.bisect_right(clusters, -a)
        return a, bisect.bisect_left(clusters, a), bisect.bisect_left(clusters, b)

    def _safe_at(self, c: int) -> bool:
        """Whether the text may be broken before character ``c`` and both sides shaped apart."""
        if c in (0, len(self.text)):
            return True
        if c not in self._safe:
            assert self._glyphs is not None
            key = -c if self._rtl else c
            lo = bisect.bisect_left(self._clusters, key)
            hi = bisect.bisect_right(self._clusters, key)
            # No glyph starts at c (a cluster spans it), or HarfBuzz says breaking here could
            # change the shaping of either side.
            self._safe[c] = lo < hi and not any(map(self._glyphs.unsafe, range(lo, hi)))
        return self._safe[c]

    def _measure(self, i: int, j: int) -> LineMetrics:
        assert self._glyphs is not None
        return metrics_em(*self._glyphs.extent(i, j), self._glyphs.font.upem)

    def metrics(self, line: str) -> LineMetrics:
        """The metrics of ``line`` (a piece of the text) in em, as :func:`shape_line` gives."""
        found = self._line(line)
        return shape_line(line, self.chain).metrics if found is None else found[3]

    def shaped(self, line: str) -> ShapedLine:
        """``line`` shaped for drawing, as :func:`shape_line` gives it."""
        found = self._line(line)
        if found is None or self._glyphs is None:
            return shape_line(line, self.chain)
        a, i, j, metrics = found
        return ShapedLine(line, (self._glyphs.run(i, j, line, -a, 0.0),), metrics, ())


def metrics_em(advance: int, box: tuple[int, int, int, int] | None, upem: int) -> LineMetrics:
    """Line metrics in em from an advance and ink box (None: no ink) in font units."""
    if box is None:
        return LineMetrics(advance / upem, 0.0, 0.0, 0.0, 0.0)
    return LineMetrics(advance / upem, box[0] / upem, box[1] / upem, box[2] / upem,
                       box[3] / upem)


def _guess_script(text: str) -> str | None:
    """The script HarfBuzz guesses for ``text`` (ISO 15924 tag), as shaping it alone would;
    None for text of only Common and Inherited characters (digits, spaces, marks).
    """
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    script: str | None = buf.script
    return script


@functools.cache
def _char_script(ch: str) -> str | None:
    """:func:`_guess_script` of one character, remembered."""
    return _guess_script(ch)
