"""Facts about artwork for the designer's live checks: a raster image's resolution at its
placed size, the fonts a PDF page uses without embedding them, and the remarks on an SVG's
text. (A QR code's module size: :func:`badgepress.pdf.qr.module_size`.)

Artwork is loaded as a build loads it (:mod:`._artwork`, kept for the process by content), so
a file the build would refuse raises the same :class:`ArtworkError` here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from badgepress.pdf._artwork import MIN_DPI, ArtworkError, effective_dpi, loaded, placement
from badgepress.sheet.geometry import Rect

__all__ = ["MIN_DPI", "ArtFacts", "ArtworkError", "artwork_facts", "check_artwork"]

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
    _, art = loaded(path, page)
    # the fonts the page shows text in without embedding them, as the build finds them (a font
    # it only lists never reaches the badge PDF: see pdf._artclean)
    unembedded = art.unembedded if art.kind == "pdf" else ()
    sx, sy, tx, ty = placement(art, target, fit)
    x0, y0, x1, y1 = art.bbox
    drawn = Rect(tx + x0 * sx, ty + y0 * sy, tx + x1 * sx, ty + y1 * sy)
    covered = Rect(max(drawn.x0, target.x0), max(drawn.y0, target.y0),
                   min(drawn.x1, target.x1), min(drawn.y1, target.y1))
    return ArtFacts(art.kind, effective_dpi(art, target, fit), unembedded, art.notes, covered)

