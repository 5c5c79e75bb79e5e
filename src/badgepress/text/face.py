"""A font face loaded for shaping and measuring, and what the fallback chain asks of a book.

This is the lowest layer of the font code: :class:`LoadedFont` (a HarfBuzz font with its
metrics in em), :func:`loaded_font` and :func:`load_face` to make one, and :class:`FaceSource`,
the part of :class:`~badgepress.text.fonts.FontBook` that the fallback chain
(:mod:`~badgepress.text.chain`) and CFF conversion (:mod:`~badgepress.text.converted`) use.
``fonts`` builds on all three; none of them imports ``fonts``, so the imports run one way.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import uharfbuzz as hb
from fontTools.ttLib import TTFont

from badgepress.errors import FontError
from badgepress.text import fontdb
from badgepress.text.fontdb import FontFace


class FaceSource(Protocol):
    """What a fallback chain and a converted face need from the run's font book."""

    def load(self, face: FontFace, text: str = "") -> LoadedFont:
        """The face loaded once per run (for a CFF face, a copy holding ``text``)."""

    def fallback_faces(self, primary: FontFace, *, system: bool) -> list[FontFace]:
        """The faces tried after ``primary``, in order."""

    def scratch_dir(self) -> Path:
        """A private folder for converted fonts, removed with the book."""


@dataclass(eq=False)
class LoadedFont:
    """A face loaded for shaping. ``key`` names it uniquely for the renderer.

    ``face`` is the TrueType file that is shaped and drawn. For a copy converted from a CFF
    face, ``source`` is that CFF face (``face`` then names a temporary file but carries the
    source's names), and ``cmap`` holds only the characters converted into this copy.
    """

    key: str
    face: FontFace
    hb_font: hb.Font
    upem: int
    cmap: frozenset[int]
    ascent: float
    descent: float
    _extents: dict[int, tuple[float, float, float, float]] = field(default_factory=dict)
    source: FontFace | None = None
    #: Ink boxes in font units (see :meth:`ink_units`), filled on first use per glyph.
    ink_boxes: dict[int, tuple[int, int, int, int] | None] = field(default_factory=dict)

    @property
    def origin(self) -> FontFace:
        """The face the user's system or layout has: ``source`` if converted, else ``face``."""
        return self.source or self.face

    @property
    def name(self) -> str:
        """The face's full name, e.g. ``Noto Sans Bold``."""
        return self.face.full_name

    def covers(self, ch: str) -> bool:
        """True when the font has a glyph for ``ch`` (or ``ch`` needs none)."""
        return ord(ch) in self.cmap or not fontdb.needs_glyph(ch)

    def covers_all(self, text: str) -> bool:
        """True when the font covers every character of ``text``."""
        return fontdb.chars_cover(self.chars, text)

    @functools.cached_property
    def chars(self) -> frozenset[str]:
        """``cmap`` as characters (see fontdb.chars_cover)."""
        return fontdb.coverage_chars(self.cmap)

    def extents(self, gid: int) -> tuple[float, float, float, float]:
        """Ink box ``(x0, y0, x1, y1)`` of glyph ``gid`` in em, y up; zeros for blank glyphs."""
        box = self._extents.get(gid)
        if box is None:
            e = self.hb_font.get_glyph_extents(gid)
            u = self.upem
            if e is None or e.width == 0 or e.height == 0:
                box = (0.0, 0.0, 0.0, 0.0)
            else:
                box = (e.x_bearing / u, (e.y_bearing + e.height) / u,
                       (e.x_bearing + e.width) / u, e.y_bearing / u)
            self._extents[gid] = box
        return box

    def ink_units(self, gid: int) -> tuple[int, int, int, int] | None:
        """Ink box ``(x0, y0, x1, y1)`` of glyph ``gid`` in font units, y up; None for a blank
        glyph. Integers, so that sums of positions are exact whichever way they are grouped.
        """
        boxes = self.ink_boxes
        if gid not in boxes:
            e = self.hb_font.get_glyph_extents(gid)
            if e is None or e.width <= 0 or e.height == 0:
                boxes[gid] = None
            else:
                boxes[gid] = (e.x_bearing, e.y_bearing + e.height, e.x_bearing + e.width,
                              e.y_bearing)
        return boxes[gid]


def loaded_font(key: str, face: FontFace, blob: hb.Blob, font: TTFont, cmap: frozenset[int],
            source: FontFace | None = None) -> LoadedFont:
    """A :class:`LoadedFont` over ``blob`` (the font file's bytes), with its vertical metrics
    (in em) read from ``font``'s OS/2 or hhea table as the font asks.
    """
    os2, hhea = font["OS/2"], font["hhea"]
    upem = font["head"].unitsPerEm
    use_typo = bool(os2.fsSelection & (1 << 7))
    asc = os2.sTypoAscender if use_typo else hhea.ascent
    desc = -(os2.sTypoDescender if use_typo else hhea.descent)
    return LoadedFont(key, face, hb.Font(hb.Face(blob, face.index)), upem, cmap, asc / upem,
                      desc / upem, source=source)


def load_face(face: FontFace, key: str) -> LoadedFont:
    """Load the TrueType ``face`` for shaping (CFF faces go through :class:`ConvertedFace`)."""
    if not face.truetype:
        raise FontError(f"font {face.full_name!r} has CFF outlines; load it with FontBook.load",
                        path=face.path)
    blob = hb.Blob.from_file_path(str(face.path))
    font = TTFont(face.path, lazy=True, fontNumber=face.index)
    try:
        return loaded_font(key, face, blob, font, fontdb.coverage(face))
    finally:
        font.close()
