"""A desk badge through each label printer's real CUPS driver, down to the printer's language.

For every desk stock with job options (:mod:`badgepress.sheet.printers`), one badge is built by
the library with the stock's layout (the longest name of the sample list, and a QR code), run
through ``cupsfilter`` with the driver's Debian PPD and those options, and what the printer
would print is decoded (``tests/label_chain.py``) and checked: one label; the label's size
within 1 mm; upright as fed and not scaled (the name's ink where the PDF has it, within 1 mm);
nothing cropped (the name's ink and the QR code inside what the printer prints, all of it
there); the QR code decodes from the decoded picture. The pictures are saved as PNG (set
``BADGEPRESS_CHAIN_PNG=DIR`` to keep them) to be looked at.

Debian packages: cups (CUPS's Zebra ZPL driver), printer-driver-dymo, printer-driver-ptouch
(``.ci/run`` installs them); a test skips where its driver is missing.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image, ImageChops, ImageFilter

from badgepress.press import press
from badgepress.sheet.deskstock import desk_stock
from badgepress.sheet.geometry import Rect
from badgepress.sheet.layout import Layout, load_layout
from badgepress.sheet.printers import DRIVERS, JOB_OPTIONS, job_options
from badgepress.sheet.units import mm
from tests import label_chain as chain
from tests.conftest import INFO, make_attendees

pytestmark = pytest.mark.skipif(not chain.have_cupsfilter(),
                                reason="CUPS's cupsfilter is not installed")

NAME = ("Hubert Blaine", "Wolfeschlegelsteinhausenbergerdorff", "Philadelphia Typesetting Co.")
QR_DATA = "https://pyconf.example/t/4711-WOLFESCHLEGEL"


@dataclass(frozen=True)
class Case:
    """A stock on a driver: its media name in the PPD (None: a custom size) and decoder."""

    stock: str
    driver: str
    media: str | None

    @property
    def id(self) -> str:
        return f"{self.stock}-{self.driver}"


CASES = [
    Case("label-dymo-30856", "dymo", "w176h292"),
    Case("label-dymo-30374", "dymo", "w144h252"),
    Case("label-4x3in", "zebra-zpl", "w288h216"),
    Case("label-4x6in", "zebra-zpl", "w288h432"),
    Case("label-brother-62mm", "ptouch-ql", None),
    Case("label-brother-dk11202", "ptouch-ql", "62x100mm"),
]


def test_every_stock_with_options_is_run_through_its_driver():
    assert {(c.stock, c.driver) for c in CASES} == {
        (stock, driver) for stock, drivers in JOB_OPTIONS.items() for driver in drivers}


@pytest.fixture(scope="module")
def ppds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | None]:
    folder = tmp_path_factory.mktemp("ppd")
    return {key: chain.ppd(d.ppd, folder / f"{key}.ppd") for key, d in DRIVERS.items()}


def _ppd(ppds: dict[str, Path | None], driver: str) -> Path:
    path = ppds[driver]
    if path is None:
        pytest.skip(f"{DRIVERS[driver].package} ({DRIVERS[driver].ppd}) is not installed")
    return path


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


def desk_layout(stock: Layout, tmp_path: Path) -> Layout:
    """The stock's own layout with the name beside a QR code, inside its printable area."""
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
             f'[[qr]]\ndata = "{QR_DATA}"\nbox = {box(qr)}\ncolor = "#000000"\n')
    path = tmp_path / f"{stock.name}.toml"
    path.write_text(toml, encoding="utf-8")
    return load_layout(str(path))


def one_badge(layout: Layout, tmp_path: Path) -> tuple[Path, Rect]:
    """The badge's PDF, and its name's glyph block on the page (pt, from the report)."""
    first, last, company = NAME
    attendee = make_attendees([(first, last, company)])[0]
    out, report = tmp_path / "badge.pdf", tmp_path / "report.json"
    press([attendee], INFO, out, layout=layout, report=report)
    field = json.loads(report.read_text(encoding="utf-8"))["badges"][0]["fields"][0]
    assert field["name"] == "name" and field["status"] in ("fit", "two-lines", "condensed"), field
    return out, Rect(*field["text_box"])


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


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_desk_badge_prints_upright_at_size_uncropped_through_the_driver(
        case: Case, ppds: dict[str, Path | None], tmp_path: Path) -> None:
    ppd_path = _ppd(ppds, case.driver)
    stock = desk_stock(case.stock)
    layout = desk_layout(stock, tmp_path)
    pdf, glyphs = one_badge(layout, tmp_path)
    options = job_options(case.stock, case.driver)
    page = fed(stock)
    if case.driver == "dymo":
        assert case.media is not None
        media, area = chain.ppd_media(ppd_path.read_text(encoding="latin-1"), case.media)
        cups, data = chain.run_to_filter(ppd_path, pdf, options, "raster2dymolw")
        printed = chain.dymo(data, media, area)
        # the driver's raster is the media's imageable area, at 100 %
        raster = chain.cups_raster(cups)
        assert len(raster) == 1 and raster[0].page_size == (round(media[0]), round(media[1]))
        assert raster[0].height == round((area[3] - area[1]) * 300 / 72)
        assert printed.facts["label_length_dots"] == pytest.approx(media[1] * 300 / 72,
                                                                   abs=300 / 25.4)
    elif case.driver == "zebra-zpl":
        printed = chain.zpl(chain.run_chain(ppd_path, pdf, options), 203)
        assert printed.facts["orientation"] == "I"  # CUPS's default: upright as it comes out
    else:
        printed = chain.brother_ql(chain.run_chain(ppd_path, pdf, options))
        assert printed.facts["width_mm"] == 62 and printed.facts["auto_cut"]
        assert printed.facts["media_type"] == (0x0B if case.media else 0x0A)
    dpi = printed.dpi
    k = dpi / 72
    # One label per badge, the size of the stock's page within 1 mm.
    assert len(printed.labels) == 1, printed.facts
    label = printed.labels[0]
    keep(label, f"{case.id}.png", tmp_path)
    size_mm = (label.width / dpi * 25.4, label.height / dpi * 25.4)
    if case.driver != "dymo":  # a DYMO's job does not say the label's width: the roll does
        assert size_mm[0] == pytest.approx(page[0] / mm(1), abs=1.0)
    assert size_mm[1] == pytest.approx(page[1] / mm(1), abs=1.0)
    # Upright, at 100 %: the name's ink is where the PDF has it (within 1 mm).
    reference = render(pdf, dpi)
    keep(reference, f"{case.id}-pdf.png", tmp_path)
    name_box = to_fed(stock, layout.fields[0].box, k)
    expected, got = ink_box(reference, name_box), ink_box(label, name_box)
    assert max(abs(a - b) for a, b in zip(expected, got, strict=True)) <= dpi / 25.4, (
        expected, got)
    # Nothing cropped: the name's glyphs and the QR code lie where the printer prints, and
    # all their ink is there (where the printer put the name: a driver may move everything
    # by less than 1 mm, see above).
    dx, dy = got[0] - expected[0], got[1] - expected[1]
    qr_box = to_fed(stock, layout.front.qrs[0].box, k)
    assert inside(to_fed(stock, glyphs, k), printed.printable)  # the name's glyph block
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
    assert [r.text for r in found] == [QR_DATA]
    pos = found[0].position
    xs = [p.x for p in (pos.top_left, pos.top_right, pos.bottom_left, pos.bottom_right)]
    ys = [p.y for p in (pos.top_left, pos.top_right, pos.bottom_left, pos.bottom_right)]
    assert inside((min(xs), min(ys), max(xs), max(ys)), qr_box)


@pytest.mark.parametrize("case", [c for c in CASES if c.media], ids=lambda c: c.id)
def test_the_stock_is_the_drivers_media_and_printable_area(
        case: Case, ppds: dict[str, Path | None]) -> None:
    assert case.media is not None
    text = _ppd(ppds, case.driver).read_text(encoding="latin-1")
    (w, h), (x0, y0, x1, y1) = chain.ppd_media(text, case.media)
    stock = desk_stock(case.stock)
    assert fed(stock) == pytest.approx((w, h), abs=0.01)
    # The ImageableArea (on the page as it feeds) is the stock's printable area as it reads.
    # (turned: the page's top is the badge's left end, the page's left the badge's bottom)
    area = Rect(h - y1, x0, h - y0, x1) if stock.rotate == 90 else Rect(x0, y0, x1, y1)
    printable = stock.printable or Rect(0, 0, *stock.badge)
    assert printable.as_list(2) == pytest.approx(area.as_list(2), abs=0.01)


def test_100_percent_k_reaches_a_thermal_printer_as_a_halftone_rgb_black_solid(
        ppds: dict[str, Path | None], tmp_path: Path) -> None:
    # Why the label stocks write black as "#000000": CUPS's colour management (Ghostscript,
    # DeviceCMYK through its default CMYK profile) turns 100 % K into a dark grey that the
    # 1-bit driver halftones; RGB black and DeviceGray 0 are solid. No job option changes it
    # (print-color-mode, ColorModel, print-rendering-intent; cm-calibration drops K entirely).
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "black.pdf"
    c = canvas.Canvas(str(pdf), pagesize=(288, 216))
    c.setFillColorCMYK(0, 0, 0, 1)
    c.rect(20, 20, 100, 170, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.rect(160, 20, 100, 170, stroke=0, fill=1)
    c.save()
    label = chain.zpl(chain.run_chain(_ppd(ppds, "zebra-zpl"), pdf,
                                      job_options("label-4x3in", "zebra-zpl")), 203).labels[0]
    k = 203 / 72

    def cover(x0: float, x1: float) -> float:
        box = (round(x0 * k) + 4, round(40 * k), round(x1 * k) - 4, round(170 * k))
        return count(dark(label.crop(box))) / ((box[2] - box[0]) * (box[3] - box[1]))

    assert cover(20, 120) == pytest.approx(0.83, abs=0.03)
    assert cover(160, 260) == 1.0
