"""Loading a layout's artwork ahead of drawing, in another process (``press.artahead``).

Reading a PDF page or an SVG takes pypdf, svglib and reportlab's graphics, about 0.35 s of
imports and parsing before the first badge. Done in a helper process while the drawing
process reads the list and loads its fonts, that time is off the critical path: the helper
sends the loaded artwork (plain data: see :mod:`._pdfobjects`) back, and :func:`remember`
hands it to the drawing's own :func:`._artwork.load`, which then parses nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from badgepress.errors import BadgepressError
from badgepress.pdf._artwork import Art, ArtworkError, Key, keep, loaded
from badgepress.sheet.layout import Layout

Loaded = tuple[Key, Art]


def artwork_files(layout: Layout) -> list[tuple[Path, int]]:
    """``(file, page)`` of every image of ``layout`` (front and back) that is the same on
    every badge, in layout order, each once.
    """
    return list(dict.fromkeys((spec.path, spec.page) for spec in layout.fixed_images()))


def load_files(files: Iterable[tuple[Path, int]], layout: Layout | None = None) -> list[Loaded]:
    """Load each ``(file, page)``; a file that fails is left out (the drawing process loads it
    again and says what is wrong with it, naming the layout key). ``layout``: the layout the
    files are drawn by, whose ``[output]`` says whether their RGB is made CMYK (PDF/X).
    """
    out: list[Loaded] = []
    convert = None
    if layout is not None and layout.output.pdfx:
        from badgepress.pdf.colour import Converter
        from badgepress.pdf.icc import output_profile

        try:
            convert = Converter(output_profile(layout.output, layout.source))
        except BadgepressError:
            return out  # the drawing process says what is wrong with the profile
    for path, page in files:
        try:
            key, art = loaded(path, page, convert)
        except ArtworkError:
            continue
        if key is not None:
            out.append((key, art))
    return out


def remember(loaded: Iterable[Loaded]) -> None:
    """Keep artwork loaded elsewhere for this process's :func:`._artwork.load` (a file changed
    since is read again: it is known by its content).
    """
    for key, art in loaded:
        keep(art, key)
