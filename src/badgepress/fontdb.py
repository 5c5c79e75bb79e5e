"""Font discovery (minimal stand-in; replaced by the full module from the scripts branch)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError


@dataclass(frozen=True, slots=True)
class FontFace:
    """A face in a font file."""

    path: Path
    index: int
    family: str
    style: str
    weight: int
    italic: bool
    full_name: str
    truetype: bool


def _name(font: TTFont, *ids: int) -> str:
    for i in ids:
        rec = font["name"].getDebugName(i)
        if rec:
            return str(rec)
    return ""


def discover(dirs: Sequence[Path]) -> list[FontFace]:
    """Faces of the .ttf/.otf/.ttc files below ``dirs``."""
    out: list[FontFace] = []
    for d in dirs:
        if not d.is_dir():
            continue
        for p in sorted(d.rglob("*")):
            if p.suffix.lower() not in (".ttf", ".otf"):
                continue
            try:
                f = TTFont(p, lazy=True)
                out.append(FontFace(p, 0, _name(f, 16, 1), _name(f, 17, 2),
                                    f["OS/2"].usWeightClass, bool(f["head"].macStyle & 2),
                                    _name(f, 4), "glyf" in f))
            except (TTLibError, OSError, KeyError):
                continue
    return out


@functools.cache
def coverage(face: FontFace) -> frozenset[int]:
    """Code points in the face's cmap."""
    return frozenset(TTFont(face.path, lazy=True, fontNumber=face.index).getBestCmap())


def find(faces: Sequence[FontFace], name: str) -> FontFace | None:
    """Face by full name, case-insensitive."""
    key = " ".join(name.lower().split())
    for f in faces:
        if f.full_name.lower() == key or f"{f.family} {f.style}".lower() == key:
            return f
    for f in faces:
        if f.family.lower() == key and f.style.lower() == "regular":
            return f
    return None


def listing(faces: Sequence[FontFace]) -> list[str]:
    """One line per face (stand-in)."""
    return [f"{f.full_name:<32} {f.path.name}" for f in faces]
