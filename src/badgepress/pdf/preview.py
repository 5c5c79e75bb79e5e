"""Previews: a page of a badge PDF, or a part of it (one badge's bleed box), as a PNG.

Rendered with PDFium (pypdfium2) from the same PDF the build writes, so a preview shows
exactly what prints. For designers (``badgepress preview``) and the web app.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium

from badgepress.errors import OutputError
from badgepress.sheet.geometry import Rect

#: The most pixels a preview may have (about a 600 dpi A4 page): a larger one is refused
#: rather than exhausting memory.
MAX_PIXELS = 40_000_000


def render_png(pdf: Path | bytes, *, page: int = 1, box: Rect | None = None,
               dpi: float = 300, turn: int = 0,
               compress: int | None = None) -> bytes:
    """PNG bytes of page ``page`` (1-based) of ``pdf`` at ``dpi``; only ``box`` of it (in PDF
    points, page coordinates, origin at the lower left) when given; the page is shown as a
    viewer shows it, turned by its ``/Rotate``. ``turn``: degrees (a multiple of 90) to turn
    the picture clockwise after rendering, to show a badge upright (its slot's rotation less
    the page's ``/Rotate``: a badge drawn turned on its sheet, a label printer's turned page).
    ``compress``: the PNG's zlib level (1 is fastest; default: Pillow's). The same input
    gives the same bytes.
    """
    doc = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        if not 1 <= page <= len(doc):
            raise OutputError(f"page {page} does not exist; the PDF has {len(doc)} pages")
        p = doc[page - 1]
        x0, y0, x1, y1 = p.get_mediabox()
        width, height = x1 - x0, y1 - y0  # as drawn, before the page's /Rotate
        r = box or Rect(0, 0, width, height)
        scale = dpi / 72
        if r.width * r.height * scale * scale > MAX_PIXELS:
            raise OutputError(f"a {dpi:g} dpi preview of {r.width / 72:.1f} × "
                              f"{r.height / 72:.1f} in is too large; lower --dpi")
        crop = _crop(r, width, height, p.get_rotation())
        bitmap = p.render(scale=scale, crop=crop, may_draw_forms=False)
        image = bitmap.to_pil()
        if turn % 360:
            image = image.rotate(-(turn % 360), expand=True)  # PIL turns anticlockwise
        out = io.BytesIO()
        if compress is None:
            image.save(out, format="PNG", optimize=False)
        else:
            image.save(out, format="PNG", optimize=False, compress_level=compress)
        return out.getvalue()
    finally:
        doc.close()


def _crop(r: Rect, width: float, height: float, rotation: int) -> tuple[float, ...]:
    """PDFium's crop (left, bottom, right, top margins of the page as shown, pt) that keeps
    ``r`` (page coordinates as drawn) of a ``width`` x ``height`` page shown turned by
    ``rotation`` degrees clockwise (a label printer's page).
    """
    left, bottom = max(r.x0, 0.0), max(r.y0, 0.0)
    right, top = max(width - r.x1, 0.0), max(height - r.y1, 0.0)
    if rotation == 90:  # the drawn bottom edge shows on the left, the left edge on top
        return bottom, right, top, left
    if rotation == 180:
        return right, top, left, bottom
    if rotation == 270:
        return top, left, bottom, right
    return left, bottom, right, top
