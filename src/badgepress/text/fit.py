"""Fitting text into a box: the largest size, the best line breaks, condensing. Pure.

All metrics come in em (per point of font size) from a measuring function, so the largest size
is a closed form: ``min(size_max, box_w / width_em, box_h / height_em)``, rounded down to
``STEP`` and checked. Width is the union of the advance box and the ink box (glyphs overhang by
up to about 0.6 pt); height is the ink of the block of lines.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from badgepress.text.linebreak import Option

#: Sizes are multiples of this (pt); reportlab writes about 7 significant digits.
STEP = 0.01
#: Horizontal scales are multiples of this.
HSCALE_STEP = 0.001

Status = Literal["fit", "two-lines", "condensed", "overflow"]


@dataclass(frozen=True, slots=True)
class LineMetrics:
    """A shaped line in em: pen advance and ink box (y up from the baseline).

    ``left`` and ``width`` describe the union of the advance and the ink box: its left edge
    (<= 0) and its width. They are worked out once, since fitting reads them many times.
    """

    advance: float
    ink_x0: float
    ink_y0: float
    ink_x1: float
    ink_y1: float
    left: float = field(init=False, compare=False)
    width: float = field(init=False, compare=False)

    def __post_init__(self) -> None:
        left = self.ink_x0 if self.ink_x0 < 0.0 else 0.0
        right = self.ink_x1 if self.ink_x1 > self.advance else self.advance
        object.__setattr__(self, "left", left)
        object.__setattr__(self, "width", right - left)


@dataclass(frozen=True, slots=True)
class FitBox:
    """What a text must fit: box size (pt), size range (pt), alignment, condense floor, gap."""

    width: float
    height: float
    size_min: float
    size_max: float
    align: Literal["left", "center", "right"] = "center"
    valign: Literal["top", "middle", "bottom"] = "middle"
    condense_min: float = 0.8
    line_gap: float = 0.1
    #: each line set at its own largest size (True) rather than all at one size (False)
    per_line: bool = False


@dataclass(frozen=True, slots=True)
class Fitted:
    """The outcome: lines, size (pt), horizontal scale, and each line's origin in the box (pt).

    ``origins`` are ``(x, baseline_y)`` from the box's lower-left corner.
    """

    lines: tuple[str, ...]
    size: float
    hscale: float
    status: Status
    origins: tuple[tuple[float, float], ...]
    width: float
    height: float
    #: The text block as placed: ``(x0, y0, x1, y1)`` from the box's lower-left corner (pt).
    block: tuple[float, float, float, float]
    #: Each line's size (pt) when lines are sized on their own; empty when all use ``size``.
    sizes: tuple[float, ...] = ()

    @property
    def line_sizes(self) -> tuple[float, ...]:
        """The size of each line (pt)."""
        return self.sizes or (self.size,) * len(self.lines)


Measure = Callable[[str], LineMetrics]
#: An option with its lines' metrics, its largest size (pt) and how uneven its lines are (em).
_Scored = tuple[Option, list[LineMetrics], float, float]


def _score(entry: _Scored) -> tuple[float, int, float]:
    """How good an option is: its size less its breaks' cost; then fewer lines; then more
    even lines (larger is better).
    """
    opt, ms, size, balance = entry
    return round(size * (1 - opt.cost), 2), -len(ms), -balance


def _block(metrics: Sequence[LineMetrics], gap: float) -> tuple[float, float, tuple[float, ...]]:
    """Ink height of a block of lines (em), its bottom's depth below the last baseline, and
    each line's baseline above the last one (em).

    Baselines are at least ``1 + gap`` em apart, more where ink would come closer than ``gap``.
    """
    if len(metrics) == 1:
        m = metrics[0]
        return max(m.ink_y1 - (m.ink_y0 if m.ink_y0 < 0.0 else 0.0), 1e-6), \
            (-m.ink_y0 if m.ink_y0 < 0.0 else 0.0), (0.0,)
    if len(metrics) == 2:  # the same arithmetic as below, for the common case, unrolled
        u, lo = metrics
        pitch = max(1.0 + gap, max(0.0, -u.ink_y0) + max(0.0, lo.ink_y1) + gap)
        bottom = min(u.ink_y0 + pitch, lo.ink_y0, 0.0)
        return max(u.ink_y1 + pitch - bottom, 1e-6), -bottom, (pitch, 0.0)
    pitch = 1.0 + gap
    for upper, lower in itertools.pairwise(metrics):
        pitch = max(pitch, max(0.0, -upper.ink_y0) + max(0.0, lower.ink_y1) + gap)
    n = len(metrics)
    top = metrics[0].ink_y1 + (n - 1) * pitch
    bottom = min(min(m.ink_y0 + (n - 1 - i) * pitch for i, m in enumerate(metrics)), 0.0) \
        if n > 1 else min(metrics[0].ink_y0, 0.0)
    # An empty ink box (all spaces) still gets a nominal height so nothing divides by zero.
    height = max(top - bottom, 1e-6)
    return height, -bottom, tuple((n - 1 - i) * pitch for i in range(n))


def largest_size(metrics: Sequence[LineMetrics], box: FitBox, hscale: float = 1.0) -> float:
    """The largest size on the ``STEP`` grid, up to ``size_max``, at which the lines fit (pt)."""
    return _largest(max(m.width for m in metrics) * hscale, _block(metrics, box.line_gap)[0],
                    box)


def _largest(width_em: float, height_em: float, box: FitBox) -> float:
    """:func:`largest_size` of a block ``width_em`` wide and ``height_em`` high (em)."""
    limit = min(box.size_max, box.width / width_em if width_em > 0 else math.inf,
                box.height / height_em)
    size = math.floor(limit / STEP + 1e-9) * STEP
    # Floating point can put the rounded size a hair over; step down until it truly fits.
    while size > STEP and (size * width_em > box.width + 1e-9 or size * height_em > box.height
                           + 1e-9):
        size -= STEP
    return round(size, 2)


def place(lines: tuple[str, ...], metrics: Sequence[LineMetrics], box: FitBox, size: float,
          hscale: float, status: Status) -> Fitted:
    """Position fitted lines in the box: aligned by their ink-and-advance union, the block
    centred (or top/bottom aligned) by its ink.
    """
    height_em, depth_em, raises = _block(metrics, box.line_gap)
    block_h = height_em * size
    bottom = _offset(box.valign, box.height - block_h)
    origins, lefts, rights = [], [], []
    for m, up in zip(metrics, raises, strict=True):
        w = m.width * size * hscale
        left = _offset(box.align, box.width - w)
        origins.append((left - m.left * size * hscale, bottom + (depth_em + up) * size))
        lefts.append(left)
        rights.append(left + w)
    width = max(m.width for m in metrics) * size * hscale
    block = (min(lefts), bottom, max(rights), bottom + block_h)
    return Fitted(lines, size, hscale, status, tuple(origins), width, block_h, block)


def _offset(align: str, free: float) -> float:
    """Where text starts in its box (pt from the left or bottom) with ``free`` points to spare,
    for an ``align`` or ``valign`` value.
    """
    if align in ("center", "middle"):
        return free / 2
    return free if align in ("right", "top") else 0.0


def _block_sized(metrics: Sequence[LineMetrics], sizes: Sequence[float],
                 gap: float) -> tuple[float, float, tuple[float, ...]]:
    """Like :func:`_block`, for lines set at sizes of their own; results in pt.

    The pitch from a line to the next is at least ``1 + gap`` times the lower line's size, more
    where ink would come closer than ``gap`` em of the larger of the two sizes. Every term
    grows in proportion to the sizes, so the block does too when all sizes do.
    """
    pitches = [max((1.0 + gap) * b, max(0.0, -u.ink_y0) * a + max(0.0, lo.ink_y1) * b
                   + gap * max(a, b))
               for (u, a), (lo, b) in itertools.pairwise(zip(metrics, sizes, strict=True))]
    raises = tuple(sum(pitches[i:]) for i in range(len(metrics)))
    top = metrics[0].ink_y1 * sizes[0] + raises[0]
    bottom = min(min(m.ink_y0 * sz + up for m, sz, up in zip(metrics, sizes, raises,
                                                             strict=True)), 0.0)
    return max(top - bottom, 1e-6), -bottom, raises


def _fits_sized(metrics: Sequence[LineMetrics], sizes: Sequence[float], box: FitBox,
                hscale: float = 1.0) -> bool:
    height, _, _ = _block_sized(metrics, sizes, box.line_gap)
    return height <= box.height + 1e-9 and all(
        m.width * sz * hscale <= box.width + 1e-9 for m, sz in zip(metrics, sizes, strict=True))


def grow_lines(metrics: Sequence[LineMetrics], box: FitBox, size: float,
               hscale: float = 1.0) -> tuple[float, ...]:
    """Sizes (pt) for lines that each fit on their own, starting from the shared ``size``.

    Every line grows from ``size`` towards its own largest size (its width limit, or
    ``size_max``) by the same fraction of the way, as far as the box's height allows; so no
    line is ever smaller than with one shared size. Sizes are on the ``STEP`` grid.
    """
    own = [min(box.size_max, box.width / (m.width * hscale)) if m.width > 0 else box.size_max
           for m in metrics]
    targets = [max(size, math.floor(t / STEP + 1e-9) * STEP) for t in own]

    def at(frac: float) -> list[float]:
        return [math.floor((size + frac * (t - size)) / STEP + 1e-9) * STEP for t in targets]

    if _fits_sized(metrics, at(1.0), box, hscale):
        best = 1.0
    else:
        # The block's height rises steadily with the fraction: bisect for the largest that fits.
        lo, hi = 0.0, 1.0
        for _ in range(30):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if _fits_sized(metrics, at(mid), box, hscale) else (lo, mid)
        best = lo
    sizes = at(best)
    # Rounding can leave a line a hair too wide; the shared size is known to fit.
    sizes = [sz if m.width * sz * hscale <= box.width + 1e-9 else size
             for m, sz in zip(metrics, sizes, strict=True)]
    if not _fits_sized(metrics, sizes, box, hscale):
        sizes = [size] * len(metrics)
    return tuple(round(max(sz, size), 2) for sz in sizes)


def place_sized(lines: tuple[str, ...], metrics: Sequence[LineMetrics], box: FitBox,
                sizes: Sequence[float], hscale: float, status: Status) -> Fitted:
    """Position lines set at sizes of their own, like :func:`place`."""
    block_h, depth, raises = _block_sized(metrics, sizes, box.line_gap)
    bottom = _offset(box.valign, box.height - block_h)
    origins, lefts, rights = [], [], []
    for m, sz, up in zip(metrics, sizes, raises, strict=True):
        w = m.width * sz * hscale
        left = _offset(box.align, box.width - w)
        origins.append((left - m.left * sz * hscale, bottom + depth + up))
        lefts.append(left)
        rights.append(left + w)
    block = (min(lefts), bottom, max(rights), bottom + block_h)
    return Fitted(lines, max(sizes), hscale, status, tuple(origins), max(rights) - min(lefts),
                  block_h, block, tuple(sizes))


def fit(candidates: Sequence[Option], measure: Measure, box: FitBox) -> Fitted | None:
    """Choose the option and size that set the text largest; condense or report if needed.

    Scoring: size x (1 - cost of the breaks); ties go to fewer lines, then to the more even
    lines; with ``box.per_line`` the chosen lines then grow each to its own largest size (see
    :func:`grow_lines`). Hyphen breaks are used only when no other option reaches
    ``size_min``. When nothing fits at ``size_min``, the text is condensed down to
    ``condense_min``; beyond that it is set below the minimum so that nothing is cut, with
    status ``overflow``. Returns None when
    there is no text.
    """
    if not candidates:
        return None
    scored = []
    gap, size_min = box.line_gap, box.size_min
    best: tuple[tuple[float, int, float], _Scored] | None = None  # best plain option
    plain_fits = False
    for opt in candidates:
        ms = list(map(measure, opt.lines))
        if len(ms) == 1:
            widest, balance = ms[0].width, 0.0
        else:
            widths = [m.width for m in ms]
            widest = max(widths)
            balance = widest - min(widths)
        size = _largest(widest, _block(ms, gap)[0], box)
        entry = (opt, ms, size, balance)
        scored.append(entry)
        if not opt.hyphen:
            plain_fits |= size >= size_min
            score = _score(entry)
            if best is None or score > best[0]:  # the first of equals wins, as with max()
                best = (score, entry)
    if plain_fits:
        assert best is not None
        opt, ms, size, _ = best[1]
    else:  # hyphen breaks too, when no other option reaches the minimum
        opt, ms, size, _ = max(scored, key=_score)
    if size >= box.size_min:
        status: Status = "fit" if len(opt.lines) == 1 else "two-lines"
        if box.per_line and len(opt.lines) > 1:
            sizes = grow_lines(ms, box, size)
            if len(set(sizes)) > 1:
                return place_sized(opt.lines, ms, box, sizes, 1.0, status)
        return place(opt.lines, ms, box, size, 1.0, status)
    # Nothing fits at the minimum: take the option that needs the least condensing there.
    pool = [s for s in scored if not s[0].hyphen] if plain_fits else scored
    def needed(s: _Scored) -> float:
        height_em, _, _ = _block(s[1], box.line_gap)
        if height_em * box.size_min > box.height + 1e-9:
            return 0.0  # too tall at the minimum: condensing cannot help
        return min(1.0, box.width / (max(m.width for m in s[1]) * box.size_min))
    need, _, (opt, ms, size, _) = max(((needed(s), -len(s[0].lines), s) for s in pool),
                                      key=lambda t: (t[0], t[1]))
    hscale = math.floor(need / HSCALE_STEP + 1e-9) * HSCALE_STEP
    if hscale >= box.condense_min:
        return _condensed(opt.lines, ms, box, box.size_min, hscale, "condensed")
    hscale = box.condense_min
    return _condensed(opt.lines, ms, box, largest_size(ms, box, hscale), hscale, "overflow")


def _condensed(lines: tuple[str, ...], metrics: Sequence[LineMetrics], box: FitBox, size: float,
               hscale: float, status: Status) -> Fitted:
    """Place condensed lines; with ``box.per_line``, lines shorter than the longest grow (at
    the same horizontal scale: one scale per field).
    """
    if box.per_line and len(lines) > 1:
        sizes = grow_lines(metrics, box, size, hscale)
        if len(set(sizes)) > 1:
            return place_sized(lines, metrics, box, sizes, hscale, status)
    return place(lines, metrics, box, size, hscale, status)
