"""Facts about artwork for the designer's live checks: a raster image's resolution at its
placed size, the fonts a PDF page uses without embedding them, and the remarks on an SVG's
text. (A QR code's module size: :func:`badgepress.pdf.qr.module_size`.)

Artwork is loaded as a build loads it (:mod:`._artwork`, kept for the process by content), so
a file the build would refuse raises the same :class:`ArtworkError` here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from badgepress.pdf._artwork import MIN_DPI, ArtworkError, effective_dpi, loaded, placement
from badgepress.sheet.geometry import Rect

__all__ = ["MIN_DPI", "ArtFacts", "ArtworkError", "artwork_facts", "check_artwork"]

#: Unembedded fonts found per file version (the form's name, from content and page).
_UNEMBEDDED: dict[str, tuple[str, ...]] = {}


@dataclass(frozen=True, slots=True)
class ArtFacts:
    """What the checks need of one piece of artwork placed in a box.

    ``dpi``: the lower of a raster's two resolutions at its placed size (None: vector);
    ``unembedded``: the names of the fonts a PDF page uses without embedding them (they print
    in whatever font the printer substitutes); ``notes``: remarks on an SVG's text (set in
    the shipped Noto Sans, not the family it asks for).
    """

    kind: str
    dpi: float | None
    unembedded: tuple[str, ...]
    notes: tuple[str, ...]
    #: the part of the box the artwork covers (pt; all of it for cover and stretch)
    covered: Rect


def check_artwork(path: Path, page: int) -> None:
    """Load page ``page`` of ``path`` as a build does (kept for the process); raises
    :class:`ArtworkError` with the build's reason when it cannot be used.
    """
    loaded(path, page)


def artwork_facts(path: Path, page: int, target: Rect, fit: str) -> ArtFacts:
    """The :class:`ArtFacts` of page ``page`` of ``path`` drawn into ``target`` (pt) by
    ``fit`` (contain, cover, stretch). Raises :class:`ArtworkError` as a build would.
    """
    key, art = loaded(path, page)
    unembedded: tuple[str, ...] = ()
    if art.kind == "pdf":
        name = key[1] if key is not None else ""
        hit = _UNEMBEDDED.get(name)
        if hit is None:
            hit = _unembedded_fonts(path, page)
            if name:
                if len(_UNEMBEDDED) > 256:
                    _UNEMBEDDED.clear()
                _UNEMBEDDED[name] = hit
        unembedded = hit
    sx, sy, tx, ty = placement(art, target, fit)
    x0, y0, x1, y1 = art.bbox
    drawn = Rect(tx + x0 * sx, ty + y0 * sy, tx + x1 * sx, ty + y1 * sy)
    covered = Rect(max(drawn.x0, target.x0), max(drawn.y0, target.y0),
                   min(drawn.x1, target.x1), min(drawn.y1, target.y1))
    return ArtFacts(art.kind, effective_dpi(art, target, fit), unembedded, art.notes, covered)


def _unembedded_fonts(path: Path, page: int) -> tuple[str, ...]:
    """The base names of the fonts page ``page`` of the PDF ``path`` (and the forms it draws)
    uses that carry no font file (``FontFile``, ``FontFile2``, ``FontFile3``); Type 3 fonts
    are drawings and count as embedded.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        resources = PdfReader(path).pages[page - 1].get("/Resources")
        names: dict[str, None] = {}
        _walk(resources, names, set(), 0)
    except (PdfReadError, OSError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError) as exc:
        raise ArtworkError(f"is a damaged PDF ({exc}); export it again") from None
    return tuple(names)


def _walk(resources: Any, names: dict[str, None], seen: set[int], depth: int) -> None:
    """Collect unembedded fonts of a resource dictionary and of the forms it names."""
    resources = resources.get_object() if resources is not None else None
    if not hasattr(resources, "get") or id(resources) in seen or depth > 16:
        return
    seen.add(id(resources))
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else {}
    for ref in fonts.values() if hasattr(fonts, "values") else ():
        font = ref.get_object()
        if font.get("/Subtype") == "/Type3":
            continue
        described = font
        if font.get("/Subtype") == "/Type0":
            kids = font.get("/DescendantFonts")
            kids = kids.get_object() if kids is not None else []
            described = kids[0].get_object() if len(kids) else font
        descriptor = described.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            names[str(font.get("/BaseFont", "unnamed")).lstrip("/")] = None
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else {}
    for ref in xobjects.values() if hasattr(xobjects, "values") else ():
        form = ref.get_object()
        if form.get("/Subtype") == "/Form":
            _walk(form.get("/Resources"), names, seen, depth + 1)
