"""A PDF artwork page turned by /Rotate is placed as a viewer shows it, not as it is drawn."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.lib.colors import CMYKColor
from reportlab.pdfgen.canvas import Canvas

from badgepress.errors import LayoutError
from badgepress.pdf.preview import render_png
from badgepress.press import build
from badgepress.sheet.geometry import Rect

from .artwork_helpers import PEOPLE, attendees, layout

MM = 72 / 25.4
#: The artwork as shown: 96 x 61 mm (the badge and its bleed), landscape.
W, H = 96 * MM, 61 * MM
#: (a, b, c, d, e, f) that draws the shown design onto the page as stored, for each /Rotate
#: (the inverse of the viewer's turn, clockwise).
TO_STORED = {0: (1, 0, 0, 1, 0, 0), 90: (0, 1, -1, 0, H, 0), 180: (-1, 0, 0, -1, W, H),
             270: (0, -1, 1, 0, 0, W)}


def turned_artwork(path: Path, rotate: int) -> Path:
    """A page that shows, once turned by its /Rotate: red in the top half, cyan in the
    bottom half, and a green square in the top left corner.
    """
    size = (H, W) if rotate in (90, 270) else (W, H)
    c = Canvas(str(path), pagesize=size, invariant=1)
    c.transform(*TO_STORED[rotate])
    c.setFillColor(CMYKColor(0, 0, 0, 0))
    c.setFillColorRGB(1, 0, 0)
    c.rect(0, H / 2, W, H / 2, stroke=0, fill=1)
    c.setFillColorRGB(0, 1, 1)
    c.rect(0, 0, W, H / 2, stroke=0, fill=1)
    c.setFillColorRGB(0, 0.8, 0)
    c.rect(0, H - 15 * MM, 15 * MM, 15 * MM, stroke=0, fill=1)
    c.showPage()
    c.save()
    if rotate:
        writer = PdfWriter(clone_from=path)
        writer.pages[0].rotate(rotate)
        writer.write(path)
    return path


def _colour(px: tuple[int, ...]) -> str:
    r, g, b = px[:3]
    if r > 200 and g < 80 and b < 80:
        return "red"
    if r < 80 and g > 150 and b > 150:
        return "cyan"
    if r < 80 and g > 120 and b < 80:
        return "green"
    return f"other{px[:3]}"


def _where(img: Image.Image) -> dict[str, str]:
    """The colour at the top left, top right, bottom left and bottom right, and the middles."""
    w, h = img.size
    at = {"top left": (0.05, 0.05), "top right": (0.95, 0.05), "bottom left": (0.05, 0.95),
          "bottom right": (0.95, 0.95), "top middle": (0.5, 0.3), "bottom middle": (0.5, 0.7)}
    return {k: _colour(img.getpixel((int(x * w), int(y * h))))  # type: ignore[arg-type]
            for k, (x, y) in at.items()}


#: A small name field clear of the points looked at.
FIELD = """
[[field]]
text = "{first_name}"
box = { x = "70mm", y = "25mm", width = "10mm", height = "5mm" }
size = { max = "8pt", min = "4pt" }
"""

SHOWN = {"top left": "green", "top right": "red", "bottom left": "cyan",
         "bottom right": "cyan", "top middle": "red", "bottom middle": "cyan"}


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_a_rotated_pdf_page_is_placed_as_it_displays(tmp_path: Path, rotate: int) -> None:
    art = turned_artwork(tmp_path / "bg.pdf", rotate)
    assert PdfReader(art).pages[0].rotation == rotate
    # the file itself, as a viewer shows it (PDFium applies /Rotate): the design upright
    shown = Image.open(io.BytesIO(render_png(art, dpi=50))).convert("RGB")
    assert shown.size[0] > shown.size[1] and _where(shown) == SHOWN
    lay = layout(tmp_path, """
[[image]]
file = "bg.pdf"
box = "bleed"
fit = "stretch"
""", fields=FIELD)
    build(attendees(tmp_path / "p.csv", PEOPLE[:1]), tmp_path / "b.pdf", layout=str(lay),
          report=tmp_path / "r.json")
    badge = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["badges"][0]
    png = render_png(tmp_path / "b.pdf", page=badge["page"], box=Rect(*badge["bleed"]), dpi=50)
    img = Image.open(io.BytesIO(png)).convert("RGB")
    img.save(tmp_path / f"badge-{rotate}.png")
    assert _where(img) == SHOWN


def test_a_page_turned_by_other_than_a_right_angle_is_refused(tmp_path: Path) -> None:
    art = turned_artwork(tmp_path / "bg.pdf", 0)
    writer = PdfWriter(clone_from=art)
    from pypdf.generic import NameObject, NumberObject

    writer.pages[0][NameObject("/Rotate")] = NumberObject(45)
    writer.write(art)
    lay = layout(tmp_path, '\n[[image]]\nfile = "bg.pdf"\nbox = "bleed"\n', fields=FIELD)
    with pytest.raises(LayoutError, match=r"image\[1\]\.file: bg\.pdf: page 1 is turned by 45"):
        build(attendees(tmp_path / "p.csv", PEOPLE[:1]), tmp_path / "b.pdf", layout=str(lay))
