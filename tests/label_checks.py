"""Checks of what a label printer prints, shared by the driver-chain tests (``cupsfilter``:
``tests/test_driver_chains.py``) and the desk's real CUPS queues
(``tests/web/test_label_queues.py``):
the stock's page as it feeds, a layout with a name beside a QR code for a stock, the PDF
rendered as the reference, and :func:`check_printed`, which compares a decoded label
(``tests/label_chain.py``) with its PDF.
"""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image, ImageChops, ImageFilter

from badgepress.sheet.geometry import Rect
from badgepress.sheet.layout import Layout, load_layout
from badgepress.sheet.units import mm
from tests import label_chain as chain

#: The QR code the checks decode.
QR_DATA = "https://pyconf.example/t/4711-WOLFESCHLEGEL"


def fed(stock: Layout) -> tuple[float, float]:
    """The stock's page as it feeds (pt): the badge, turned by its /Rotate."""
    w, h = stock.badge
    return (h, w) if stock.rotate % 180 else (w, h)


def to_fed(stock: Layout, box: Rect, k: float) -> tuple[int, int, int, int]:
    """A box of the badge (pt, lower-left origin) on the page as it feeds (pixels at ``k``
    per pt, top-left origin): /Rotate 90 turns the badge's left end to the page's top.
    """
    h = stock.badge[1]
    if stock.rotate == 90:
        return (round(box.y0 * k), round(box.x0 * k), round(box.y1 * k), round(box.x1 * k))
    return (round(box.x0 * k), round((h - box.y1) * k), round(box.x1 * k),
            round((h - box.y0) * k))


def desk_layout(stock: Layout, folder: Path, qr_data: str = QR_DATA) -> Layout:
    """The stock's own layout with the name beside a QR code, inside its printable area
    (written to ``folder``).
    """
    area = (stock.printable or Rect(0, 0, *stock.badge)).grow(-mm(0.5))
    area = Rect(max(area.x0, stock.safe), max(area.y0, stock.safe),
                min(area.x1, stock.badge[0] - stock.safe),
                min(area.y1, stock.badge[1] - stock.safe))
    side = min(mm(22), area.height * 0.6, area.width * 0.3)
    qr = Rect(area.x1 - side, area.y0, area.x1, area.y0 + side)
    portrait = stock.badge[1] > stock.badge[0]
    name = (Rect(area.x0, qr.y1 + mm(2), area.x1, area.y1) if portrait else
            Rect(area.x0, area.y0 + area.height * 0.35, qr.x0 - mm(2), area.y1))

    def box(r: Rect) -> str:
        return (f'{{ x = "{r.x0:.3f}pt", y = "{r.y0:.3f}pt", width = "{r.width:.3f}pt", '
                f'height = "{r.height:.3f}pt" }}')

    toml = Path(stock.source).read_text(encoding="utf-8").split("[[field]]")[0]
    toml += (f'[[field]]\nname = "name"\ntext = "{{first_name}}\\n{{last_name}}"\n'
             f'box = {box(name)}\nfont = "Noto Sans Bold"\nsize = {{ max = "44pt", '
             f'min = "8pt" }}\nlines = 2\ncolor = "#000000"\n\n'
             f'[[qr]]\ndata = "{qr_data}"\nbox = {box(qr)}\ncolor = "#000000"\n')
    path = folder / f"{stock.name}.toml"
    path.write_text(toml, encoding="utf-8")
    return load_layout(str(path))


def render(pdf: Path, dpi: float) -> Image.Image:
    """The PDF's page as it shows (its /Rotate applied), greyscale at ``dpi``."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return doc[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()


def ink_box(img: Image.Image, within: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """The bounding box of dark pixels of ``img`` inside ``within`` (pixels)."""
    part = img.crop(within).point(lambda v: 255 if v < 128 else 0)
    bbox = part.getbbox()
    assert bbox, f"no ink in {within}"
    return (bbox[0] + within[0], bbox[1] + within[1], bbox[2] + within[0], bbox[3] + within[1])


def dark(img: Image.Image) -> Image.Image:
    """White where ``img`` is dark (the ink), black elsewhere."""
    return img.point(lambda v: 255 if v < 128 else 0)


def count(mask: Image.Image) -> int:
    """How many pixels of ``mask`` are set."""
    return mask.histogram()[255]


def inside(box: tuple[int, int, int, int], area: tuple[int, int, int, int]) -> bool:
    return (box[0] >= area[0] and box[1] >= area[1] and box[2] <= area[2]
            and box[3] <= area[3])


def keep(img: Image.Image, name: str, tmp_path: Path) -> None:
    img.save(tmp_path / name)
    folder = os.environ.get("BADGEPRESS_CHAIN_PNG")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        img.save(Path(folder) / name)


def check_printed(printed: chain.Printed, pdf: Path, stock: Layout, layout: Layout,
                  name: str, folder: Path, *, width_known: bool = True,
                  glyphs: Rect | None = None, qr_data: str = QR_DATA) -> None:
    """What a label printer prints of the one-badge ``pdf`` (``layout`` on ``stock``), as
    decoded from its language: one label, the stock's page as it feeds within 1 mm
    (``width_known``: the job says the label's width), upright and at 100 % (the name's ink
    where the PDF has it, within 1 mm), nothing cropped (the name's ink, its ``glyphs`` block
    when given, and the QR code where the printer prints, all of their ink printed), solid
    black, and the QR code decodes where the layout put it. The label and the PDF are kept as
    ``name.png`` and ``name-pdf.png`` in ``folder`` (and ``$BADGEPRESS_CHAIN_PNG``).
    """
    page = fed(stock)
    dpi = printed.dpi
    k = dpi / 72
    # One label per badge, the size of the stock's page within 1 mm.
    assert len(printed.labels) == 1, printed.facts
    label = printed.labels[0]
    keep(label, f"{name}.png", folder)
    size_mm = (label.width / dpi * 25.4, label.height / dpi * 25.4)
    if width_known:  # a DYMO's job does not say the label's width: the roll does
        assert size_mm[0] == pytest.approx(page[0] / mm(1), abs=1.0)
    assert size_mm[1] == pytest.approx(page[1] / mm(1), abs=1.0)
    # Upright, at 100 %: the name's ink is where the PDF has it (within 1 mm).
    reference = render(pdf, dpi)
    keep(reference, f"{name}-pdf.png", folder)
    name_box = to_fed(stock, layout.fields[0].box, k)
    expected, got = ink_box(reference, name_box), ink_box(label, name_box)
    assert max(abs(a - b) for a, b in zip(expected, got, strict=True)) <= dpi / 25.4, (
        expected, got)
    # Nothing cropped: the name's glyphs and the QR code lie where the printer prints, and
    # all their ink is there (where the printer put the name: a driver may move everything
    # by less than 1 mm, see above).
    dx, dy = got[0] - expected[0], got[1] - expected[1]
    qr_box = to_fed(stock, layout.front.qrs[0].box, k)
    if glyphs is not None:  # the name's glyph block
        assert inside(to_fed(stock, glyphs, k), printed.printable)
    for box in (expected, qr_box):
        assert inside(box, printed.printable), (box, printed.printable)
        want = dark(reference.crop(box))
        moved = (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)
        have = dark(label.crop(moved)).filter(ImageFilter.MaxFilter(5))  # 2 dots' play
        lost = count(ImageChops.subtract(want, have)) / max(1, count(want))
        assert lost < 0.05, f"{lost:.0%} of the ink in {box} is not printed"
    # Solid black, not a halftone: as many dots as the PDF has ink (an 83 % halftone of 100 %
    # K would print about 83 %).
    assert count(dark(label.crop(got))) >= 0.93 * count(dark(reference.crop(expected)))
    # The QR code decodes from what the printer prints, where the layout put it.
    found = zxingcpp.read_barcodes(label)
    assert [r.text for r in found] == [qr_data]
    pos = found[0].position
    xs = [p.x for p in (pos.top_left, pos.top_right, pos.bottom_left, pos.bottom_right)]
    ys = [p.y for p in (pos.top_left, pos.top_right, pos.bottom_left, pos.bottom_right)]
    assert inside((min(xs), min(ys), max(xs), max(ys)), qr_box)
