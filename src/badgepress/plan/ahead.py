"""Fits made ahead: an attendee's fields fitted in the reader's process, sent with the row.

Fitting the names is the largest part of planning (about two thirds of it on a list of
mostly unique names). On a long list the file is read in a second process
(``press.prefetch``); that process can also fit each new text, so that fitting runs on the
second core while this process draws. The fits travel down the pipe as a :class:`FitsAhead`
record just before their attendee, and :meth:`Planner.give
<badgepress.plan.planner.Planner.give>` hands them to the planner, which uses them instead of
fitting again. Fitting is a pure function of the text, the font chain and the box, so the plans,
and the PDF, are the same bytes either way.

A glyph run names its font on the way (a loaded font cannot be pickled): by key when it was
loaded before the reader started (this process has it too), else by its TrueType face, which
this process loads as it would have to fit that text itself (the same key, the same font). A
fit set in a copy converted from a CFF face (made for the characters of a text) is not sent:
this process fits that text itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from badgepress.text.face import LoadedFont
from badgepress.text.fit import Fitted, LineMetrics
from badgepress.text.fontdb import FontFace
from badgepress.text.shaping import GlyphRun, ShapedLine

#: One fit as fitting gives it: (the fit or None, shaped lines, characters not printed)
Fit = tuple[Fitted | None, tuple[ShapedLine, ...], tuple[str, ...]]
#: A font on the way: its key (a font both processes had), or its TrueType face
FontRef = str | FontFace
#: (font, text, x, gids, clusters, advances, offsets): a :class:`GlyphRun` by :data:`FontRef`
PackedRun = tuple[FontRef, str, float, tuple[int, ...], tuple[int, ...], tuple[float, ...],
                  tuple[tuple[float, float], ...]]
#: (text, runs, (advance, ink x0, y0, x1, y1), missing): a :class:`ShapedLine`
PackedLine = tuple[str, tuple[PackedRun, ...], tuple[float, float, float, float, float],
                   tuple[str, ...]]
#: :class:`Fitted`'s fields in order. Plain tuples: a frozen dataclass with slots pickles
#: through a Python-level ``__getstate__``/``__setstate__``, several times slower.
PackedFitted = tuple[Any, ...]
#: (field name, text, fitted, packed lines, missing, cut): ``cut`` as ``Planner._cut`` has it
PackedFit = tuple[str, str, PackedFitted | None, tuple[PackedLine, ...], tuple[str, ...],
                  tuple[int, int] | None]


class FitsAhead(NamedTuple):
    """What the reader's process made for the next attendee, at spreadsheet row ``row``: the
    fits of its new texts, and the texts of all its fields by field name (the drawing process
    need not fill the templates again), one tuple of each per planner (front, then back).
    A named tuple: it crosses the pipe as a tuple (a frozen dataclass with slots pickles
    through Python-level ``__getstate__``/``__setstate__``, several times slower).
    """

    row: int
    fits: tuple[tuple[PackedFit, ...], ...]
    texts: tuple[dict[str, str], ...]


def pack(name: str, text: str, fit: Fit, cut: tuple[int, int] | None,
         known: Mapping[str, LoadedFont]) -> PackedFit | None:
    """``fit`` of field ``name``'s ``text`` with its fonts named (see :data:`FontRef`;
    ``known``: the fonts both processes have, by key); None when it uses a converted font.
    """
    fitted, shaped, missing = fit
    lines = []
    for line in shaped:
        runs = []
        for r in line.runs:
            font = r.font
            ref: FontRef = font.key
            if ref not in known:
                if font.source is not None or not font.face.truetype:
                    return None  # a copy converted for some characters: made here on need
                ref = font.face
            runs.append((ref, r.text, r.x, r.gids, r.clusters, r.advances, r.offsets))
        m = line.metrics
        lines.append((line.text, tuple(runs), (m.advance, m.ink_x0, m.ink_y0, m.ink_x1,
                                               m.ink_y1), line.missing))
    packed = None if fitted is None else (
        fitted.lines, fitted.size, fitted.hscale, fitted.status, fitted.origins, fitted.width,
        fitted.height, fitted.block, fitted.sizes)
    return name, text, packed, tuple(lines), missing, cut


def unpack(packed: PackedFit, font: Callable[[FontRef], LoadedFont | None]
           ) -> tuple[str, str, Fit, tuple[int, int] | None] | None:
    """``(field name, text, fit, cut)`` from :func:`pack`'s tuple; None when ``font`` (which
    gives the font a :data:`FontRef` names) does not know one.
    """
    name, text, fitted_fields, lines, missing, cut = packed
    shaped = []
    for line_text, runs, metrics, line_missing in lines:
        glyph_runs = []
        for key, run_text, x, gids, clusters, advances, offsets in runs:
            loaded = font(key)
            if loaded is None:
                return None
            glyph_runs.append(GlyphRun(loaded, run_text, x, gids, clusters, advances, offsets))
        shaped.append(ShapedLine(line_text, tuple(glyph_runs), LineMetrics(*metrics),
                                 line_missing))
    fitted = None if fitted_fields is None else Fitted(*fitted_fields)
    return name, text, (fitted, tuple(shaped), missing), cut


def font_keys(fonts: Sequence[LoadedFont]) -> dict[str, LoadedFont]:
    """``fonts`` by key."""
    return {f.key: f for f in fonts}


__all__ = ["Fit", "FitsAhead", "FontRef", "PackedFit", "font_keys", "pack", "unpack"]
