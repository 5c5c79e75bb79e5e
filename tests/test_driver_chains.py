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
from dataclasses import dataclass
from pathlib import Path

import pytest

from badgepress.press import press
from badgepress.sheet.deskstock import desk_stock
from badgepress.sheet.geometry import Rect
from badgepress.sheet.layout import Layout
from badgepress.sheet.printers import DRIVERS, JOB_OPTIONS, job_options
from tests import label_chain as chain
from tests.conftest import INFO, make_attendees
from tests.label_checks import check_printed, count, dark, desk_layout, fed

pytestmark = pytest.mark.skipif(not chain.have_cupsfilter(),
                                reason="CUPS's cupsfilter is not installed")

NAME = ("Hubert Blaine", "Wolfeschlegelsteinhausenbergerdorff", "Philadelphia Typesetting Co.")


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


def one_badge(layout: Layout, tmp_path: Path) -> tuple[Path, Rect]:
    """The badge's PDF, and its name's glyph block on the page (pt, from the report)."""
    first, last, company = NAME
    attendee = make_attendees([(first, last, company)])[0]
    out, report = tmp_path / "badge.pdf", tmp_path / "report.json"
    press([attendee], INFO, out, layout=layout, report=report)
    field = json.loads(report.read_text(encoding="utf-8"))["badges"][0]["fields"][0]
    assert field["name"] == "name" and field["status"] in ("fit", "two-lines", "condensed"), field
    return out, Rect(*field["text_box"])


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_desk_badge_prints_upright_at_size_uncropped_through_the_driver(
        case: Case, ppds: dict[str, Path | None], tmp_path: Path) -> None:
    ppd_path = _ppd(ppds, case.driver)
    stock = desk_stock(case.stock)
    layout = desk_layout(stock, tmp_path)
    pdf, glyphs = one_badge(layout, tmp_path)
    options = job_options(case.stock, case.driver)
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
    check_printed(printed, pdf, stock, layout, case.id, tmp_path,
                  width_known=case.driver != "dymo", glyphs=glyphs)


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
