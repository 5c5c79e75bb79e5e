"""The designer's live checks: what a finding is, and the checks of a layout's geometry alone.

A :class:`Finding` is about one element (``field[1]``, ``image[2]``, ``back.qr[1]``, as
messages and ``--set`` name them): a check's name, one line saying what and what to do, and,
for checks over the attendee list, how many attendees and which (row and name). The checks
that need fonts, artwork or the list are made by ``press.design`` with the plan and pdf
rooms; the ones here need the layout only (pure).

Geometry (:func:`placement_findings`): a text field outside the safe area is a mistake the
layout check refuses already; a QR code outside it may be cut into and not scan; an image or a
band with an edge between the trim and the safe line is cut within the printer's and the
guillotine's tolerance (a sliver of it, or of the paper, may show): keep it inside the safe
area or let it bleed past the trim. An element wholly off the badge does not print at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from badgepress.sheet.elements import badge_rect
from badgepress.sheet.geometry import EPSILON, Rect
from badgepress.sheet.layout import Face, Layout
from badgepress.sheet.units import mm

__all__ = ["Finding", "margin_finding", "placement_findings"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One live check's finding about one element.

    ``check`` is one of ``outside-badge``, ``safe-area``, ``condensed``, ``below-minimum``,
    ``missing-characters``, ``qr-modules``, ``qr-data``, ``image-dpi``, ``unembedded-fonts``,
    ``artwork-text``. ``count``: attendees concerned, of ``checked`` attendees planned (a
    long list is planned hardest first, within a time budget: ``checked`` may be fewer than
    the list); ``attendees``: the first of them as ``(row, name)``, hardest first.
    """

    key: str
    check: str
    message: str
    count: int = 0
    checked: int = 0
    attendees: tuple[tuple[int, str], ...] = field(default_factory=tuple)


def _mm(pt: float) -> str:
    return f"{pt / mm(1):.1f} mm"


def _edges_in_margin(box: Rect, trim: Rect, safe: Rect) -> bool:
    """Whether an edge of ``box`` lies between the trim and the safe line (where the cut
    wanders), rather than inside the safe area or past the trim.
    """
    return any(t - EPSILON > v > s + EPSILON or t + EPSILON < v < s - EPSILON for v, s, t in (
        (box.x0, safe.x0, trim.x0), (box.y0, safe.y0, trim.y0),
        (box.x1, safe.x1, trim.x1), (box.y1, safe.y1, trim.y1)))


def margin_finding(key: str, what: str, box: Rect, layout: Layout) -> Finding | None:
    """The geometry finding for the ``what`` (``"image"``, ``"band"``, ``"QR code"``) of
    element ``key`` that covers ``box`` (pt, from the trim's lower left), or None.
    """
    w, h = layout.badge
    trim = Rect(0, 0, w, h)
    safe = trim.grow(-layout.safe)
    margin = _mm(layout.safe)
    if not box.overlaps(trim.grow(layout.bleed)):
        return Finding(key, "outside-badge", f"the {what} lies outside the badge and its "
                       "bleed: it does not print; move it onto the badge")
    if what == "QR code":
        if safe.contains(box):
            return None
        return Finding(key, "safe-area", f"the QR code reaches outside the safe area "
                       f"({margin} inside the cut): the cut may clip it and it may not scan; "
                       "move it inside")
    if not _edges_in_margin(box, trim, safe):
        return None
    return Finding(key, "safe-area", f"the {what} ends between the cut and the safe area "
                   f"({margin} inside it): the cut wanders by a millimetre or so, so a sliver "
                   "may show or be lost; keep it inside the safe area or let it bleed past "
                   "the cut")


def _face(face: Face, layout: Layout, prefix: str, images: bool) -> list[Finding]:
    trim = Rect(0, 0, *layout.badge)
    boxes = [(f"{prefix}image[{i + 1}]", "image",
              badge_rect(im.area, im.box, trim, trim.grow(layout.bleed)))
             for i, im in enumerate(face.images)] if images else []
    boxes += [(f"{prefix}rect[{i + 1}]", "band", r.box) for i, r in enumerate(face.rects)]
    boxes += [(f"{prefix}qr[{i + 1}]", "QR code", q.box) for i, q in enumerate(face.qrs)]
    found = (margin_finding(key, what, box, layout) for key, what, box in boxes)
    return [f for f in found if f is not None]


def placement_findings(layout: Layout, *, images: bool = True) -> list[Finding]:
    """The geometry findings of ``layout``'s front and back (see the module docstring).
    ``images``: check images by their boxes too (``press.design`` checks them by the part of
    the box their artwork covers, which it knows once the artwork is loaded).
    """
    out = _face(layout.front, layout, "", images)
    if layout.back is not None:
        out.extend(_face(layout.back, layout, "back.", images))
    return out
