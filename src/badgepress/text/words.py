"""Shaping names word by word: each word is shaped once per run and reused by every name.

A list of a thousand attendees has a few hundred distinct first names and family-name words;
shaping whole names shapes them again and again. Where the font's rules cannot act across a
space (spaces.py), a line shapes exactly as its words do one at a time, laid end to end with
the space glyph between them: the same glyphs, advances and offsets, hence the same metrics
and drawing as :func:`~badgepress.text.shaping.shape_line`. :class:`WordShaper` measures and shapes
lines that way when it can prove that, and leaves any other line to whole-line shaping.

A line qualifies when, shaped alone, it would be one directional run (left to right, or right
to left with the words in reverse order) in one font whose space is inert (spaces.py), and
HarfBuzz can guess the line's script; and each of its words, shaped alone with the line's
script, has every glyph and neither starts with a combining mark nor starts or ends with a
joiner or other format character (they take context across the space).

Deciding that a font's space is inert reads its layout tables (5 to 60 ms), so the first
``WARMUP_LINES`` distinct lines of a run are shaped whole: a walk-in badge does not pay it.
"""

from __future__ import annotations

import unicodedata
from itertools import chain
from typing import Any, Generic, TypeVar

from badgepress.text.bidi import visual_runs
from badgepress.text.chain import FontChain
from badgepress.text.face import LoadedFont
from badgepress.text.fit import LineMetrics
from badgepress.text.shaping import (
    _BIDI_CONTROLS,
    _NONE,
    GlyphRun,
    LineShaper,
    ShapedLine,
    _char_script,
    _Glyphs,
    metrics_em,
)
from badgepress.text.spaces import space_is_inert

#: Distinct words, line metrics and shaped lines remembered per font chain (a few hundred
#: bytes to a few kB each).
WORD_CACHE_SIZE = 16_384
LINE_CACHE_SIZE = 4_096
SHAPED_CACHE_SIZE = 1_024
#: Distinct lines shaped whole before words are used (see WordShaper): deciding that a font's
#: space is inert costs 5 to 60 ms, more than a list this short would save.
WARMUP_LINES = 256

#: One word shaped alone: its glyph run (clusters from the word's start), its length in
#: characters and, in font units, its advance and ink box ``(x0, y0, x1, y1)`` from its pen
#: origin (None: no ink).
_Word = tuple[GlyphRun, int, int, tuple[int, int, int, int] | None]
#: A line as words: each with its offset in the line, in visual order; and their font.
_Plan = tuple[tuple[tuple[_Word, int], ...], LoadedFont]


K = TypeVar("K")
V = TypeVar("V")
_MISSING: Any = object()


class _Recent(Generic[K, V]):
    """A bounded map that forgets what was asked for only once.

    A long list brings a stream of lines seen once (full names) among a few thousand that
    recur (given names, family names). New entries are young; one asked for again is kept;
    when the young ones reach ``size`` they are all dropped, and the kept ones stay (until
    they reach ``size`` too). Dropping everything instead would make every 16,000th name
    start cold, and a least-recently-used order would cost a reinsertion per hit.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._young: dict[K, V] = {}
        self._kept: dict[K, V] = {}

    def get(self, key: K) -> V:
        """The value for ``key``, or ``_MISSING``."""
        value: V = self._kept.get(key, _MISSING)
        if value is _MISSING:
            value = self._young.pop(key, _MISSING)
            if value is not _MISSING:
                if len(self._kept) >= self.size:
                    self._kept.clear()
                self._kept[key] = value
        return value

    def put(self, key: K, value: V) -> None:
        """Remember ``value`` for ``key`` (young)."""
        if len(self._young) >= self.size:
            self._young.clear()
        self._young[key] = value


class Lines:
    """Metrics and shaped lines of one font chain, remembered for the run.

    Lines recur across names ("Maria", "van der Berg"), so each is measured and shaped once.
    A new line comes from words shaped before (:class:`WordShaper`) where that is exact, else
    from the text it is a piece of, shaped once (:class:`~badgepress.text.shaping.LineShaper`):
    call :meth:`begin` with that text before asking for its lines.
    """

    def __init__(self, chain: FontChain, *, warmup: int | None = None) -> None:
        self.chain = chain
        self.words = WordShaper(chain, warmup=warmup)
        self._metrics: _Recent[str, LineMetrics] = _Recent(LINE_CACHE_SIZE)
        self._shaped: _Recent[str, ShapedLine] = _Recent(SHAPED_CACHE_SIZE)
        self._text = ""
        self._whole: LineShaper | None = None

    def begin(self, text: str) -> None:
        """Say which one-line text the following lines are pieces of."""
        self._text = text
        self._whole = None

    def _shaper(self) -> LineShaper:
        if self._whole is None:
            self._whole = LineShaper(self._text, self.chain)
        return self._whole

    def metrics(self, line: str) -> LineMetrics:
        """The metrics of ``line`` in em, equal to ``shape_line(line, chain).metrics``."""
        m = self._metrics.get(line)
        if m is _MISSING:
            m = self.words.metrics(line) or self._shaper().metrics(line)
            self._metrics.put(line, m)
        return m

    def shaped(self, line: str) -> ShapedLine:
        """``line`` shaped for drawing, equal to ``shape_line(line, chain)``."""
        got = self._shaped.get(line)
        if got is _MISSING:
            got = self.words.shaped(line) or self._shaper().shaped(line)
            self._shaped.put(line, got)
        return got


class WordShaper:
    """Measures and shapes the lines of one font chain from words shaped once per run.

    :meth:`metrics` and :meth:`shaped` return None for a line that must be shaped whole.
    Deciding whether a font's space is inert costs tens of milliseconds, more than a short
    run saves, so the first ``warmup`` distinct lines are all left to whole-line shaping.
    """

    def __init__(self, chain: FontChain, *, warmup: int | None = None) -> None:
        self.chain = chain
        self._warmup = WARMUP_LINES if warmup is None else warmup
        # (word, font, script, rtl) -> the word shaped, or None: lines with it are shaped whole
        self._words: _Recent[tuple[str, LoadedFont, str, bool], _Word | None] = _Recent(
            WORD_CACHE_SIZE)
        self._plans: _Recent[str, _Plan | None] = _Recent(LINE_CACHE_SIZE)  # None: shape whole

    def metrics(self, line: str) -> LineMetrics | None:
        """The metrics of ``line`` in em, equal to ``shape_line(line, chain).metrics``."""
        plan = self._plan(line)
        return None if plan is None else _compose(*plan)

    def shaped(self, line: str) -> ShapedLine | None:
        """``line`` shaped for drawing, equal to ``shape_line(line, chain)``."""
        plan = self._plan(line)
        if plan is None:
            return None
        words, font = plan
        runs = [w[0][0] for w in words]
        clusters: list[int] = []
        for (run, _, _, _), pos in words:
            clusters += map(pos.__add__, run.clusters)
        run = GlyphRun(font, line, 0.0, tuple(chain.from_iterable(r.gids for r in runs)),
                       tuple(clusters), tuple(chain.from_iterable(r.advances for r in runs)),
                       tuple(chain.from_iterable(r.offsets for r in runs)))
        return ShapedLine(line, (run,), _compose(words, font), ())

    def _plan(self, line: str) -> _Plan | None:
        """The words that make up ``line`` (spaces included, as words of their own) in visual
        order, each with its offset in the line, and their font; None when the line must be
        shaped whole.
        """
        plan = self._plans.get(line)
        if plan is not _MISSING:
            return plan
        if self._warmup > 0:
            self._warmup -= 1
            return None
        plan = self._make_plan(line)
        self._plans.put(line, plan)
        return plan

    def _make_plan(self, line: str) -> _Plan | None:
        font = self.chain.whole_font(line)
        if (font is None or font.source is not None
                or not space_is_inert(font.face.path, font.face.index)):
            return None  # no one font, a converted CFF copy, or rules across spaces
        script = next(filter(None, map(_char_script, line)), None)
        if script is None:
            return None  # HarfBuzz would have no script to guess
        rtl = False
        if not line.isascii():
            runs = visual_runs(line)
            if len(runs) != 1 or not _BIDI_CONTROLS.isdisjoint(line):
                return None
            rtl = runs[0].rtl
        words: list[tuple[_Word, int]] = []  # and where each starts in the line
        pos = 0
        for k, word in enumerate(line.split(" ")):
            if k:
                space = self._word(" ", font, script, rtl)
                if space is None:
                    return None
                words.append((space, pos - 1))
            got = self._word(word, font, script, rtl) if word else None
            if got is None:
                return None
            words.append((got, pos))
            pos += len(word) + 1
        if rtl:
            words.reverse()  # HarfBuzz gives right-to-left text in visual order, left to right
        return tuple(words), font

    def _word(self, word: str, font: LoadedFont, script: str, rtl: bool) -> _Word | None:
        key = (word, font, script, rtl)
        got: _Word | None = self._words.get(key)
        if got is not _MISSING:
            return got
        got = None
        if word == " " or (_free_start(word[0]) and _free_end(word[-1])):
            glyphs = _Glyphs(font, word, rtl, script)
            if 0 not in glyphs.gids:
                n = len(glyphs)
                advance, box = glyphs.extent(0, n)
                got = (glyphs.run(0, n, word, 0, 0.0), len(word), advance, box)
        self._words.put(key, got)
        return got


def _free_start(ch: str) -> bool:
    """Whether a word may start with ``ch`` and still shape alone as in its line: not a
    combining mark (in the line it would join the space's cluster and attach to it) nor a
    format character (a joiner, a bidi mark).
    """
    return ch.isascii() or unicodedata.category(ch)[0] not in "MC"


def _free_end(ch: str) -> bool:
    """Whether a word may end with ``ch``: not a format character (a mark at the end belongs
    to the letter before it, in the word).
    """
    return ch.isascii() or unicodedata.category(ch)[0] != "C"


def _compose(words: tuple[tuple[_Word, int], ...], font: LoadedFont) -> LineMetrics:
    """The metrics of words laid end to end, in em: the sums of their font units, as
    ``_Glyphs.extent`` of the whole line gives them.
    """
    pen = 0
    x0 = y0 = _NONE
    x1 = y1 = -_NONE
    for (_, _, advance, box), _ in words:
        if box is not None:
            a, b, c, d = box
            x0 = min(x0, pen + a)
            x1 = max(x1, pen + c)
            y0 = min(y0, b)
            y1 = max(y1, d)
        pen += advance
    return metrics_em(pen, None if x0 == _NONE else (x0, y0, x1, y1), font.upem)
