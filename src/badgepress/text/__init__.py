"""Text: how a string becomes glyphs at a size. Fonts and their discovery (``fontdb``,
``fonts``, ``face``), fallback chains (``chain``), CFF fonts through TrueType copies
(``converted``, ``cff2ttf``), bidi runs, HarfBuzz shaping (``shaping``, ``words``, ``spaces``),
line breaking, the closed-form fit, and name case. Everything is measured in em.

The only room that imports uharfbuzz, fontTools and python-bidi; of badgepress it imports only
``badgepress.errors``. Modules inside import each other one way: ``fontdb`` < ``face`` <
``chain``, ``converted`` < ``fonts``; ``fit`` < ``shaping`` < ``words``.

Public names: :class:`FontBook`, :class:`FontChain`, :class:`LoadedFont`, :class:`FontFace`,
:func:`fit` with :class:`FitBox`, :class:`Fitted`, :class:`LineMetrics`, :func:`options`
(line breaks), :func:`shape_line`, :class:`ShapedLine`, :class:`GlyphRun`, :class:`Lines`,
:func:`smart_title`, :func:`upper`; ``fontdb`` and ``namecase`` as modules. ``cff2ttf`` is
imported on first use (fontTools.subset costs 80 ms) and is not re-exported.
"""

from badgepress.text import fontdb, namecase
from badgepress.text.chain import FontChain
from badgepress.text.face import LoadedFont
from badgepress.text.fit import FitBox, Fitted, LineMetrics, fit
from badgepress.text.fontdb import FontFace
from badgepress.text.fonts import FontBook
from badgepress.text.linebreak import options
from badgepress.text.namecase import smart_title, upper
from badgepress.text.shaping import GlyphRun, ShapedLine, shape_line
from badgepress.text.words import Lines

__all__ = ["FitBox", "Fitted", "FontBook", "FontChain", "FontFace", "GlyphRun", "LineMetrics",
           "Lines", "LoadedFont", "ShapedLine", "fit", "fontdb", "namecase", "options",
           "shape_line", "smart_title", "upper"]
