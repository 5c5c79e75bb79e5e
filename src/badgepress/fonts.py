"""Fonts: finding a layout's font by name or file, loading it once, and its fallback chain.

Everything here is measured in em (a length divided by the font size), so that a value times
the size in points is points. Drawing fonts with reportlab is the renderer's business; this
module only reads font files (fontTools for names and coverage, HarfBuzz for shaping).

Fallbacks: when the layout's font lacks a character, the chain tries the fonts shipped in
``fonts/`` (matching weight: a bold name stays bold), then the system's TrueType fonts. A
character no font covers is reported by the caller, never dropped silently.
"""

from __future__ import annotations

import functools
import hashlib
import os
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import uharfbuzz as hb
from fontTools.ttLib import TTFont

from badgepress import fontdb
from badgepress.errors import FontError
from badgepress.fontdb import FontFace

#: Folders searched for system fonts after the shipped ones (TrueType faces only are used).
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
    """A face loaded for shaping. ``key`` names it uniquely for the renderer."""

    key: str
    face: FontFace
    hb_font: hb.Font
    upem: int
    cmap: frozenset[int]
    ascent: float
    descent: float
    _extents: dict[int, tuple[float, float, float, float]] = field(default_factory=dict)
    #: Ink boxes in font units (see :meth:`ink_units`), filled on first use per glyph.
    ink_boxes: dict[int, tuple[int, int, int, int] | None] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The face's full name, e.g. ``Noto Sans Bold``."""
        return self.face.full_name

    def covers(self, ch: str) -> bool:
        """True when the font has a glyph for ``ch`` (or ``ch`` needs none)."""
        return ord(ch) in self.cmap or not fontdb.needs_glyph(ch)

    def covers_all(self, text: str) -> bool:
        """True when the font covers every character of ``text``."""
        return fontdb.cmap_covers(self.cmap, text)

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


def load_face(face: FontFace, key: str) -> LoadedFont:
    """Load ``face`` for shaping. Raises ``FontError`` if it cannot be drawn (CFF outlines)."""
    if not face.truetype:
        raise FontError(
            f"font {face.full_name!r} has PostScript (CFF) outlines, which the PDF renderer "
            "cannot embed; use a TrueType (.ttf) version of it", path=face.path)
    blob = hb.Blob.from_file_path(str(face.path))
    hb_face = hb.Face(blob, face.index)
    font = TTFont(face.path, lazy=True, fontNumber=face.index)
    os2, hhea = font["OS/2"], font["hhea"]
    upem = font["head"].unitsPerEm
    use_typo = bool(os2.fsSelection & (1 << 7))
    asc = os2.sTypoAscender if use_typo else hhea.ascent
    desc = -(os2.sTypoDescender if use_typo else hhea.descent)
    return LoadedFont(key, face, hb.Font(hb_face), upem, fontdb.coverage(face), asc / upem,
                      desc / upem)


@functools.cache
def _needs_glyph(cp: int) -> bool:
    """:func:`fontdb.needs_glyph` by code point, remembered (a few hundred distinct per run)."""
    return fontdb.needs_glyph(chr(cp))


class FontChain:
    """A primary font and its fallbacks, in the order they are tried.

    Fallbacks are loaded on first need: most names never leave the primary font. Which fonts
    cover what is looked up with set operations on each face's cmap, read once per chain, and
    the font of a single character is remembered: this is on the fitting hot path.
    """

    def __init__(self, book: FontBook, primary: LoadedFont) -> None:
        self.book = book
        self.primary = primary
        self._faces: list[FontFace] = book.fallback_faces(primary.face, system=False)
        self._system_added = False
        self._cmaps: list[frozenset[int]] = []  # cmaps of _faces[: len(_cmaps)]
        self._char_font: dict[str, LoadedFont | None] = {}

    def _fallbacks(self) -> Iterator[tuple[FontFace, frozenset[int]]]:
        i = 0
        while True:
            if i == len(self._faces):
                if self._system_added:
                    return
                self._system_added = True  # scanned once, and only when shipped fonts fall short
                self._faces += self.book.fallback_faces(self.primary.face, system=True)
                continue
            if i == len(self._cmaps):
                self._cmaps.append(fontdb.coverage(self._faces[i]))
            i += 1
            yield self._faces[i - 1], self._cmaps[i - 1]

    def font_for(self, text: str) -> LoadedFont | None:
        """The first font in the chain that covers all of ``text``, if any."""
        cps = set(map(ord, text))
        missing = cps - self.primary.cmap
        if not missing or not any(map(_needs_glyph, missing)):
            return self.primary
        # What a fallback must map: every character that needs a glyph (fontdb.cmap_covers).
        need = set(filter(_needs_glyph, cps))
        for face, cmap in self._fallbacks():
            # The cmap alone decides; a face is loaded for shaping only once it is chosen.
            if need <= cmap:
                return self.book.load(face)
        return None

    def char_font(self, ch: str) -> LoadedFont | None:
        """:meth:`font_for` one character, remembered (the chain's fonts never change)."""
        try:
            return self._char_font[ch]
        except KeyError:
            font = self._char_font[ch] = self.font_for(ch)
            return font

    def itemize(self, text: str) -> list[tuple[int, int, LoadedFont | None]]:
        """Split ``text`` into ``(start, end, font)`` runs; ``font`` None means nothing covers it.

        The whole text stays in one font where one font can set it all (a consistent look);
        otherwise each character takes the first font that covers it, and marks, spaces and
        punctuation stay with the run they are in.
        """
        whole = self.font_for(text)
        if whole is not None:
            return [(0, len(text), whole)]
        runs: list[tuple[int, int, LoadedFont | None]] = []
        for i, ch in enumerate(text):
            current = runs[-1][2] if runs else None
            neutral = unicodedata.category(ch)[0] in "MZP" or unicodedata.category(ch) == "Cf"
            if current is not None and neutral and current.covers(ch):
                font: LoadedFont | None = current
            else:
                font = self.char_font(ch)
            if runs and runs[-1][2] is font:
                runs[-1] = (runs[-1][0], i + 1, font)
            else:
                runs.append((i, i + 1, font))
        return runs


class FontBook:
    """All fonts of one run: found once, loaded once, shared by every badge."""

    def __init__(self, extra_dirs: Iterable[Path] = (), *, system_fonts: bool = True) -> None:
        self.shipped_dir = shipped_fonts_dir()
        self.extra_dirs = tuple(extra_dirs)
        self.system_fonts = system_fonts
        self._loaded: dict[tuple[Path, int], LoadedFont] = {}
        self._chains: dict[str, FontChain] = {}

    @functools.cached_property
    def shipped(self) -> list[FontFace]:
        """Faces shipped with badgepress, plus those in the user's extra font folders."""
        return fontdb.discover([*self.extra_dirs, self.shipped_dir])

    @functools.cached_property
    def system(self) -> list[FontFace]:
        """TrueType faces installed on this machine (scanned on first use)."""
        if not self.system_fonts:
            return []
        return [f for f in fontdb.discover(list(SYSTEM_FONT_DIRS)) if f.truetype]

    def resolve(self, name: str, *, base: Path | None = None) -> FontFace:
        """Find a face by full name (``Noto Sans Bold``) or by a font file path.

        A relative path is taken relative to ``base`` (the layout's folder). Raises
        ``FontError`` naming what is available.
        """
        if name.lower().endswith((".ttf", ".otf", ".ttc")):
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

    def load(self, face: FontFace) -> LoadedFont:
        """Load a face once per run."""
        k = (face.path, face.index)
        if k not in self._loaded:
            # The key names the font inside reportlab's process-wide registry, so it must be
            # unique to the file, not to this book: two runs in one process share it.
            digest = hashlib.sha1(f"{face.path.resolve()}#{face.index}".encode()).hexdigest()
            self._loaded[k] = load_face(face, f"bp-{face.path.stem}-{face.index}-{digest[:10]}")
        return self._loaded[k]

    def chain(self, name: str, *, base: Path | None = None) -> FontChain:
        """The fallback chain whose primary font is ``name`` (see :meth:`resolve`)."""
        k = f"{base}|{name}"
        if k not in self._chains:
            self._chains[k] = FontChain(self, self.load(self.resolve(name, base=base)))
        return self._chains[k]

    def fallback_faces(self, primary: FontFace, *, system: bool) -> list[FontFace]:
        """One face per family, the closest in weight and slant to ``primary``, in chain order.

        Shipped families come first (Noto Sans, then by name), then system families.
        """
        pool = [f for f in (self.system if system else self.shipped) if f.truetype]
        families: dict[str, list[FontFace]] = {}
        for f in pool:
            families.setdefault(f.family, []).append(f)
        order = sorted(families, key=lambda fam: (fam != "Noto Sans", fam))
        out = []
        for fam in order:
            best = min(families[fam], key=lambda f: (f.italic != primary.italic,
                                                    abs(f.weight - primary.weight), str(f.path)))
            if (best.path, best.index) != (primary.path, primary.index):
                out.append(best)
        return out

