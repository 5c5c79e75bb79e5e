"""Shaping names word by word: each word is shaped once per run and reused by every name.

A list of a thousand attendees has a few hundred distinct first names and family-name words;
shaping whole names shapes them again and again. Where the font's rules cannot act across a
space (spaces.py), a line shapes exactly as its words do one at a time, laid end to end with
the space glyph between them: the same glyphs, advances and offsets, hence the same metrics
and drawing as :func:`~badgepress.shaping.shape_line`. :class:`WordShaper` measures and shapes
lines that way when it can prove that, and leaves any other line to whole-line shaping.

A line qualifies when, shaped alone, it would be one left-to-right run in the chain's primary
font (which sets it whole when it covers it), that font's space is inert (spaces.py), and
HarfBuzz can guess the line's script; and each of its words, shaped
alone with the line's script, starts and ends with a character that needs no context across
the space (not a combining mark, not a joiner or other format character) and has every glyph.
"""

from __future__ import annotations

import unicodedata
from itertools import chain

from badgepress.bidi import visual_runs
from badgepress.fit import LineMetrics
from badgepress.fonts import FontChain, LoadedFont
from badgepress.shaping import _NONE, GlyphRun, ShapedLine, _char_script, _Glyphs
from badgepress.spaces import space_is_inert

#: Distinct words and lines remembered per shaper (each a few hundred bytes).
WORD_CACHE_SIZE = 16_384
LINE_CACHE_SIZE = 16_384

#: One word shaped alone: its glyph run (clusters from the word's start), its length in
#: characters and, in font units, its advance and ink box ``(x0, y0, x1, y1)`` from its pen
#: origin (``_NONE``s: no ink).
_Word = tuple[GlyphRun, int, int, tuple[int, int, int, int]]


class WordShaper:
    """Measures and shapes the lines of one font chain from words shaped once per run.

    :meth:`metrics` and :meth:`shaped` return None for a line that must be shaped whole.
    Deciding whether a font's space is inert costs tens of milliseconds, more than a short
    run saves, so the first ``warmup`` distinct lines are all left to whole-line shaping.
    """

    def __init__(self, chain: FontChain, *, warmup: int = 256) -> None:
        self.chain = chain
        self._warmup = warmup
        self._inert: dict[LoadedFont, bool] = {}
        # (word, font, script) -> the word shaped, or None: lines with it are shaped whole
        self._words: dict[tuple[str, LoadedFont, str], _Word | None] = {}
        # line -> (its words, font) when it is built from words, else None
        self._plans: dict[str, tuple[tuple[_Word, ...], LoadedFont] | None] = {}
        self._metrics: dict[str, LineMetrics] = {}

    def metrics(self, line: str) -> LineMetrics | None:
        """The metrics of ``line`` in em, equal to ``shape_line(line, chain).metrics``."""
        m = self._metrics.get(line)
        if m is None:
            plan = self._plan(line)
            if plan is None:
                return None
            m = _compose(*plan)
            if len(self._metrics) >= LINE_CACHE_SIZE:
                self._metrics.clear()
            self._metrics[line] = m
        return m

    def shaped(self, line: str) -> ShapedLine | None:
        """``line`` shaped for drawing, equal to ``shape_line(line, chain)``."""
        plan = self._plan(line)
        if plan is None:
            return None
        words, font = plan
        runs = [w[0] for w in words]
        clusters: list[int] = []
        pos = 0
        for run, length, _, _ in words:
            clusters += map(pos.__add__, run.clusters)
            pos += length
        metrics = self.metrics(line)
        assert metrics is not None
        run = GlyphRun(font, line, 0.0, tuple(chain.from_iterable(r.gids for r in runs)),
                       tuple(clusters), tuple(chain.from_iterable(r.advances for r in runs)),
                       tuple(chain.from_iterable(r.offsets for r in runs)))
        return ShapedLine(line, (run,), metrics, ())

    def _plan(self, line: str) -> tuple[tuple[_Word, ...], LoadedFont] | None:
        """The words (spaces included, as words of their own) that make up ``line``, and
        their font; None when the line must be shaped whole.
        """
        if line in self._plans:
            return self._plans[line]
        if self._warmup > 0:
            self._warmup -= 1
            return None
        plan = self._make_plan(line)
        if len(self._plans) >= LINE_CACHE_SIZE:
            self._plans.clear()
        self._plans[line] = plan
        return plan

    def _make_plan(self, line: str) -> tuple[tuple[_Word, ...], LoadedFont] | None:
        # Only the chain's primary font: asking which fallback would set a line costs about
        # as much as shaping it, and the primary is the font of most names.
        font = self.chain.primary
        if not font.covers_all(line) or font.source is not None or not self._font_inert(font):
            return None  # another font, a converted CFF copy, or rules across spaces
        script = next(filter(None, map(_char_script, line)), None)
        if script is None:
            return None  # HarfBuzz would have no script to guess
        if not line.isascii():
            runs = visual_runs(line)
            if len(runs) != 1 or runs[0].rtl:
                return None
        words: list[_Word] = []
        for k, word in enumerate(line.split(" ")):
            if k:
                space = self._word(" ", font, script)
                if space is None:
                    return None
                words.append(space)
            got = self._word(word, font, script) if word else None
            if got is None:
                return None
            words.append(got)
        return tuple(words), font

    def _word(self, word: str, font: LoadedFont, script: str) -> _Word | None:
        key = (word, font, script)
        try:
            return self._words[key]
        except KeyError:
            pass
        got: _Word | None = None
        if word == " " or (_free_edge(word[0]) and _free_edge(word[-1])):
            glyphs = _Glyphs(font, word, False, script)
            if 0 not in glyphs.gids:
                n = len(glyphs)
                advance, ink = glyphs.extent(0, n)
                box = ink or (_NONE, _NONE, -_NONE, -_NONE)
                got = (glyphs.run(0, n, word, 0, 0.0), len(word), advance, box)
        if len(self._words) >= WORD_CACHE_SIZE:
            self._words.clear()
        self._words[key] = got
        return got

    def _font_inert(self, font: LoadedFont) -> bool:
        try:
            return self._inert[font]
        except KeyError:
            inert = self._inert[font] = space_is_inert(font.face.path, font.face.index)
            return inert


def _free_edge(ch: str) -> bool:
    """Whether a word may start or end with ``ch`` and still shape alone as in its line: not
    a combining mark (it would attach across the space) nor a format character (a joiner,
    a bidi mark).
    """
    return ch.isascii() or unicodedata.category(ch)[0] not in "MC"


def _compose(words: tuple[_Word, ...], font: LoadedFont) -> LineMetrics:
    """The metrics of words laid end to end, in em: the sums of their font units, as
    ``_Glyphs.extent`` of the whole line gives them.
    """
    pen = 0
    x0 = y0 = _NONE
    x1 = y1 = -_NONE
    for _, _, advance, (a, b, c, d) in words:
        if a != _NONE:
            x0 = min(x0, pen + a)
            x1 = max(x1, pen + c)
            y0 = min(y0, b)
            y1 = max(y1, d)
        pen += advance
    u = font.upem
    if x0 == _NONE:
        return LineMetrics(pen / u, 0.0, 0.0, 0.0, 0.0)
    return LineMetrics(pen / u, x0 / u, y0 / u, x1 / u, y1 / u)
