"""Fonts: finding a layout's font by name or file, loading it once, and its fallback chain.

Everything here is measured in em (a length divided by the font size), so that a value times
the size in points is points. Drawing fonts with reportlab is the renderer's business; this
module only reads font files (fontTools for names and coverage, HarfBuzz for shaping).

Fallbacks: when the layout's font lacks a character, the chain (chain.py) tries the fonts
shipped in ``fonts/`` (matching weight: a bold name stays bold), then the system's fonts. A
character no font covers is reported by the caller, never dropped silently.

CFF faces (``.otf``, Noto Sans CJK ``.ttc``), which reportlab cannot draw, are used through
small TrueType copies made on demand (:class:`badgepress.converted.ConvertedFace`); each copy
is shaped, measured and embedded like any other TrueType face.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import uharfbuzz as hb
from fontTools.ttLib import TTFont

from badgepress import fontdb
from badgepress.chain import FontChain
from badgepress.errors import FontError
from badgepress.fontdb import FontFace

if TYPE_CHECKING:
    from badgepress.converted import ConvertedFace

#: Folders searched for system fonts after the shipped ones.
SYSTEM_FONT_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
    Path("/Library/Fonts"),
    Path("/System/Library/Fonts"),
    Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts",
)


def shipped_fonts_dir() -> Path:
    """The folder of the fonts that ship with badgepress (package data)."""
    data = Path(str(resources.files("badgepress"))) / "_data" / "fonts"
    if data.is_dir():
        return data
    return Path(__file__).resolve().parents[2] / "fonts"


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


def _loaded(key: str, face: FontFace, blob: hb.Blob, font: TTFont, cmap: frozenset[int],
            source: FontFace | None = None) -> LoadedFont:
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
        return _loaded(key, face, blob, font, fontdb.coverage(face))
    finally:
        font.close()


class FontBook:
    """All fonts of one run: found once, loaded once, shared by every badge."""

    def __init__(self, extra_dirs: Iterable[Path] = (), *, system_fonts: bool = True) -> None:
        self.shipped_dir = shipped_fonts_dir()
        self.extra_dirs = tuple(extra_dirs)
        self.system_fonts = system_fonts
        self._loaded: dict[tuple[Path, int], LoadedFont] = {}
        self._converted: dict[tuple[Path, int], ConvertedFace] = {}
        self._chains: dict[str, FontChain] = {}
        self._scratch: tempfile.TemporaryDirectory[str] | None = None

    @functools.cached_property
    def shipped(self) -> list[FontFace]:
        """Faces shipped with badgepress, plus those in the user's extra font folders."""
        return fontdb.discover([*self.extra_dirs, self.shipped_dir])

    @functools.cached_property
    def system(self) -> list[FontFace]:
        """Faces installed on this machine (scanned on first use)."""
        if not self.system_fonts:
            return []
        return fontdb.discover(list(SYSTEM_FONT_DIRS))

    def scratch_dir(self) -> Path:
        """A private folder for converted fonts, made on first use and removed with the book
        (the renderer reads each file once, when it first draws with it).
        """
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="badgepress-fonts-")
        return Path(self._scratch.name)

    def resolve(self, name: str, *, base: Path | None = None) -> FontFace:
        """Find a face by full name (``Noto Sans Bold``) or by a font file path.

        A relative path is taken relative to ``base`` (the layout's folder). Raises
        ``FontError`` naming what is available.
        """
        if name.lower().endswith((".ttf", ".otf", ".ttc", ".otc")):
            path = Path(name)
            if not path.is_absolute() and base is not None:
                path = base / path
            faces = [f for f in fontdb.discover([path.parent]) if f.path == path] if \
                path.is_file() else []
            if not faces:
                raise FontError(f"font file not found: {path}")
            return faces[0]
        face = fontdb.find(self.shipped, name) or fontdb.find(self.system, name)
        if face is None:
            names = sorted({f.full_name for f in self.shipped})
            raise FontError(
                f"font {name!r} not found; shipped fonts include {', '.join(names[:8])} "
                "(run 'badgepress fonts' for all), or name a .ttf file")
        return face

    def load(self, face: FontFace, text: str = "") -> LoadedFont:
        """Load a face once per run. For a CFF face, a TrueType copy that holds the characters
        of ``text`` (see :class:`ConvertedFace`); a TrueType face is the same whatever ``text``.
        """
        k = (face.path, face.index)
        if not face.usable:
            raise FontError(f"font {face.full_name!r} has no outlines (a bitmap font?); name "
                            "a TrueType or OpenType font", path=face.path)
        if not face.truetype:
            from badgepress.converted import ConvertedFace  # CFF fonts only

            converted = self._converted.get(k)
            if converted is None:
                converted = self._converted[k] = ConvertedFace(face, self)
            return converted.font_for(text)
        if k not in self._loaded:
            # The key names the font inside reportlab's process-wide registry, so it must be
            # unique to the file, not to this book: two runs in one process share it.
            digest = hashlib.sha1(f"{face.path.resolve()}#{face.index}".encode()).hexdigest()
            self._loaded[k] = load_face(face, f"bp-{face.path.stem}-{face.index}-{digest[:10]}")
        return self._loaded[k]

    def loaded(self) -> list[LoadedFont]:
        """The TrueType fonts loaded so far in this run."""
        return list(self._loaded.values())

    def chain(self, name: str, *, base: Path | None = None) -> FontChain:
        """The fallback chain whose primary font is ``name`` (see :meth:`resolve`)."""
        k = f"{base}|{name}"
        if k not in self._chains:
            self._chains[k] = FontChain(self, self.load(self.resolve(name, base=base)))
        return self._chains[k]

    def fallback_faces(self, primary: FontFace, *, system: bool) -> list[FontFace]:
        """One face per family, the closest in weight and slant to ``primary``, in chain order.

        Shipped families come first (Noto Sans, then by name), then system families. CFF faces
        are included (converted on demand), after a TrueType face of equal style. Regional
        CJK families other than Simplified Chinese ("Noto Sans CJK JP", "Source Han Sans KR")
        go last, so a rare ideograph has the same (SC) design as the shipped CJK font.
        """
        pool = [f for f in (self.system if system else self.shipped) if f.usable]
        families: dict[str, list[FontFace]] = {}
        for f in pool:
            families.setdefault(f.family, []).append(f)
        order = sorted(families, key=lambda fam: (fam != "Noto Sans", _regional(fam), fam))
        out = []
        for fam in order:
            best = min(families[fam], key=lambda f: (f.italic != primary.italic,
                                                    abs(f.weight - primary.weight),
                                                    not f.truetype, str(f.path)))
            if (best.path, best.index) != (primary.path, primary.index):
                out.append(best)
        return out



_OTHER_REGIONS = frozenset({"jp", "kr", "tc", "hk", "j", "k", "tw", "hc"})


def _regional(family: str) -> bool:
    """Whether ``family`` is a non-SC regional CJK family, by its last word ("... CJK JP")."""
    words = family.casefold().split()
    return len(words) > 1 and words[-1] in _OTHER_REGIONS


__all__ = ["FontBook", "FontChain", "LoadedFont", "load_face", "shipped_fonts_dir"]
