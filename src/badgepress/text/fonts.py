"""Fonts: finding a layout's font by name or file, loading it once, and its fallback chain.

Everything here is measured in em (a length divided by the font size), so that a value times
the size in points is points. Drawing fonts with reportlab is the renderer's business; this
module only reads font files (fontTools for names and coverage, HarfBuzz for shaping).

Fallbacks: when the layout's font lacks a character, the chain (chain.py) tries the fonts
shipped in ``fonts/`` (matching weight: a bold name stays bold), then the system's fonts. A
character no font covers is reported by the caller, never dropped silently.

CFF faces (``.otf``, Noto Sans CJK ``.ttc``), which reportlab cannot draw, are used through
small TrueType copies made on demand (:class:`badgepress.text.converted.ConvertedFace`); each copy
is shaped, measured and embedded like any other TrueType face.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from badgepress.errors import FontError
from badgepress.text import fontdb
from badgepress.text.chain import FontChain
from badgepress.text.converted import ConvertedFace
from badgepress.text.face import LoadedFont, load_face
from badgepress.text.fontdb import FontFace

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
    return Path(__file__).resolve().parents[3] / "fonts"


#: The endings that make a layout's ``font`` a file's path rather than a font's name.
FONT_FILE_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


def names_file(font: str) -> bool:
    """Whether a layout's ``font`` value is the path of a font file (else a full name)."""
    return font.lower().endswith(FONT_FILE_SUFFIXES)


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
        if names_file(name):
            path = Path(name)
            if not path.is_absolute() and base is not None:
                path = base / path
            return fontdb.read_one(path)
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


__all__ = ["FONT_FILE_SUFFIXES", "FontBook", "FontChain", "LoadedFont", "load_face",
           "names_file", "shipped_fonts_dir"]
