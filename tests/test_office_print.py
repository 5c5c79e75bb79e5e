"""Office printers print what the PDF means: every shipped layout for sheets, cards and pages,
and the sample event, through CUPS's HP LaserJet PCL driver (1-bit raster) and the generic
PostScript PPD with ``cupsfilter``, decoded and compared with the page as PDFium renders it:
100 % scale, offset under 0.1 mm, black solid, QR codes that read, text still text on the
PostScript path. (The label printers' layouts go through their own drivers:
``test_driver_chains.py``; an office printer centring a 2-inch label on A4 is not their use.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from badgepress.press import build
from badgepress.sheet import load_layout, shipped_layouts
from tests import office_print as op

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "attendees.csv"
EVENT = ROOT / "sample_data" / "event" / "event.toml"
LAYOUTS = [p.stem for p in shipped_layouts()
           if load_layout(str(p)).stock != "label-printer"] + ["event"]
#: 0.1 mm at 300 dpi: 1.18 pixels. The ink's bounding box is compared by its centre (the
#: offset) and its size (the scale: a driver's "fit to page" is 3 % and more); an edge may
#: differ by a pixel or two where the two renderers draw a glyph's edge differently.
OFFSET_PX = 0.1 / 25.4 * 300
SCALE = 0.003

pytestmark = pytest.mark.skipif(op.available() is not None, reason=str(op.available()))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("office")


@pytest.fixture(scope="module")
def pdfs(folder: Path) -> dict[str, Path]:
    out = {}
    for name in LAYOUTS:
        out[name] = folder / f"{name}.pdf"
        build(SAMPLE, out[name], layout=str(EVENT) if name == "event" else name)
    return out


def _close(a: tuple[int, ...] | None, b: tuple[int, ...] | None) -> bool:
    """The same place (centres within 0.1 mm) and the same size (scale 100 %)."""
    if a is None or b is None:
        return False
    centre = [(a[i] + a[i + 2]) / 2 - (b[i] + b[i + 2]) / 2 for i in (0, 1)]
    size = [(a[i + 2] - a[i]) / (b[i + 2] - b[i]) for i in (0, 1)]
    return all(abs(c) <= OFFSET_PX for c in centre) and all(abs(1 - r) < SCALE for r in size)


@pytest.mark.parametrize("name", LAYOUTS)
def test_hp_laserjet_pcl_driver(pdfs: dict[str, Path], folder: Path, name: str) -> None:
    pdf = pdfs[name]
    paper = op.paper_for(pdf)
    raster = op.decode_raster(op.cupsfilter(pdf, op.ppd("laserjet", folder),
                                            "application/vnd.cups-raster", paper))
    assert raster.bits == 1  # the mono driver: what is not solid is halftoned
    x, y = (round(v * op.DPI / 72) for v in raster.origin)
    ref = op.matching_reference(pdf, paper, raster.image, (x, y))
    # scale 100 % and no offset: the ink covers the same pixels
    assert _close(op.ink_box(raster.image), op.ink_box(ref)), (op.ink_box(raster.image),
                                                                op.ink_box(ref))
    share, pixels = op.black_share(raster.image, op.solid_mask(ref))
    assert pixels > 500 and share > 0.99, f"black prints {share:.0%} solid"
    codes = op.qr_count(ref)
    assert op.qr_count(raster.image) == codes
    if name == "event":
        assert codes == 8


@pytest.mark.parametrize("name", LAYOUTS)
def test_generic_postscript_driver(pdfs: dict[str, Path], folder: Path, name: str) -> None:
    pdf = pdfs[name]
    paper = op.paper_for(pdf)
    ps = op.cupsfilter(pdf, op.ppd("generic", folder), "application/vnd.cups-postscript",
                       paper)
    assert ps.startswith(b"%!PS")
    printed = op.render_ps(ps, folder)
    ref = op.matching_reference(pdf, paper, printed)
    assert printed.size == ref.size
    assert _close(op.ink_box(printed), op.ink_box(ref)), (op.ink_box(printed), op.ink_box(ref))
    share, pixels = op.black_share(printed, op.solid_mask(ref))
    assert pixels > 500 and share > 0.99, f"black prints {share:.0%} solid"
    assert op.qr_count(printed) == op.qr_count(ref)
    # the page is still vector: its text is text (a page with transparency becomes an image)
    assert "Ada" in op.ps_text(ps, folder)
