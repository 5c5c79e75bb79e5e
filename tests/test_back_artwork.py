"""Artwork and QR codes on backs: the element kinds of the front come along on a back, drawn
through the back's own face, in the right place on turned (180°) backs, with the back page's
resources listing the forms it uses.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from badgepress.pdf.preview import render_png
from badgepress.press import build
from badgepress.sheet.geometry import Rect

from .artwork_helpers import BASE, NAME_FIELD, PEOPLE, attendees, background_pdf

BACK = """
[[back.image]]
file = "bg.pdf"
box = "bleed"
fit = "cover"

[[back.qr]]
data = "{id}"
box = { x = "60mm", y = "5mm", width = "25mm", height = "25mm" }
""" + NAME_FIELD.replace("[[field]]", "[[back.field]]").replace(
    'y = "25mm"', 'y = "33mm"').replace('height = "18mm"', 'height = "14mm"')


def _layout(folder: Path, sheet_extra: str, badge_extra: str = "") -> Path:
    background_pdf(folder / "bg.pdf")
    base = BASE.replace('size = "A4"\n', f'size = "A4"\n{sheet_extra}').replace(
        'safe = "4mm"\n', f'safe = "4mm"\n{badge_extra}')
    path = folder / "layout.toml"
    path.write_text(base + NAME_FIELD + BACK, encoding="utf-8")
    return path


@pytest.mark.parametrize(("sheet_extra", "badge_extra", "grid"), [
    ('duplex = "long-edge"\n', "", None),
    ('duplex = "short-edge"\n', "", None),
    ("", 'fold = "top"\n', 'columns = 2\nrows = 2\n'),
])
def test_back_artwork_and_qr_codes_print_behind_their_fronts(
        tmp_path: Path, sheet_extra: str, badge_extra: str, grid: str | None) -> None:
    lay = _layout(tmp_path, sheet_extra, badge_extra)
    if grid:
        text = lay.read_text(encoding="utf-8").replace("columns = 2\nrows = 4\n", grid)
        lay.write_text(text, encoding="utf-8")
    src = attendees(tmp_path / "people.csv", PEOPLE)
    result = build(src, tmp_path / "b.pdf", layout=str(lay), report=tmp_path / "r.json")
    assert result.warnings == []
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    reader = PdfReader(tmp_path / "b.pdf")
    ids = {p["ID"] for p in PEOPLE}
    decoded = set()
    for badge in report["badges"]:
        back = badge["back"]
        # Each page's content uses only forms its own resources list.
        page = reader.pages[back["page"] - 1]
        xobjects = page["/Resources"].get("/XObject", {})
        content = page.get_contents().get_data().decode("latin-1")
        for name in {w for w in content.split() if w.startswith("/FormXob")}:
            assert name in xobjects, (back["page"], name)
        png = render_png(tmp_path / "b.pdf", page=back["page"], box=Rect(*back["bleed"]),
                         dpi=300)
        img = Image.open(io.BytesIO(png))
        codes = zxingcpp.read_barcodes(img)
        assert len(codes) == 1, badge
        decoded.add(codes[0].text)
        # The background covers the back's bleed: no white paper at its corners.
        for xy in ((3, 3), (img.width - 4, img.height - 4)):
            r, g, b, *_ = img.convert("RGB").getpixel(xy)
            assert (r, g, b) != (255, 255, 255), (badge["row"], xy)
    assert decoded == ids
