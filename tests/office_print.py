"""Helpers for the office-printer tests: CUPS's own drivers run with ``cupsfilter`` (no queue
needed), their output decoded (a CUPS raster for the 1-bit HP LaserJet PCL driver, whose
``rastertohp`` only packs it into PCL; PostScript for the generic PostScript PPD, rendered
with Ghostscript), and the page as the PDF means it rendered by PDFium for comparison.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageFilter

DPI = 300
DRIVERD = Path("/usr/lib/cups/daemon/cups-driverd")
DRIVERS = {"laserjet": "drv:///sample.drv/laserjet.ppd", "generic": "drv:///sample.drv/generic.ppd"}
PAPER = {"A4": (595.0, 842.0), "Letter": (612.0, 792.0)}


def available() -> str | None:
    """Why the tests cannot run here (None: they can)."""
    for tool in ("cupsfilter", "gs"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (.ci/run installs cups and ghostscript)"
    if not DRIVERD.exists():
        return "CUPS's driver daemon is not installed (.ci/run installs cups)"
    return None


def ppd(name: str, folder: Path) -> Path:
    """The PPD of one of CUPS's sample drivers, written into ``folder``."""
    path = folder / f"{name}.ppd"
    if not path.exists():
        out = subprocess.run([str(DRIVERD), "cat", DRIVERS[name]], capture_output=True,
                             check=True).stdout
        path.write_bytes(out)
    return path


def paper_for(pdf: Path) -> str:
    """The paper a page is printed on: Letter for a Letter page, else A4."""
    w, h = pdfium.PdfDocument(pdf)[0].get_size()
    return "Letter" if abs(w - 612) < 1 and abs(h - 792) < 1 else "A4"


def cupsfilter(pdf: Path, ppd_path: Path, mime: str, paper: str) -> bytes:
    """The first page of ``pdf`` through the driver of ``ppd_path`` as CUPS would send it."""
    done = subprocess.run(["cupsfilter", "-p", str(ppd_path), "-o", f"PageSize={paper}",
                           "-o", "page-ranges=1", "-m", mime, str(pdf)], capture_output=True,
                          timeout=120)
    assert done.stdout, done.stderr.decode(errors="replace")[-2000:]
    return done.stdout


@dataclass
class Raster:
    """One page of a CUPS raster: pixels (L, 0 = black) and where it sits on the paper."""

    image: Image.Image
    origin: tuple[float, float]  # the raster's top left on the paper, pt from the top left
    bits: int


def decode_raster(data: bytes) -> Raster:
    """The first page of a CUPS raster stream (v3, uncompressed: what gstoraster writes)."""
    assert data[:4] in (b"3SaR", b"RaS3"), data[:4]
    order = "<" if data[:4] == b"3SaR" else ">"
    head = data[4:4 + 1796]

    def u(offset: int) -> int:
        return int(struct.unpack_from(order + "I", head, offset)[0])

    res, width, height, bpp, bpl = u(276), u(372), u(376), u(388), u(392)
    assert res == DPI and u(280) == DPI
    left, top = u(284), u(296)  # ImagingBoundingBox: left, bottom, right, top (pt)
    page_h = u(356)
    body = data[4 + 1796:4 + 1796 + bpl * height]
    if bpp == 1:
        im = Image.frombytes("1", (width, height), body, "raw", "1;I").convert("L")
    else:
        im = Image.frombytes("L", (width, height), body)
    return Raster(im, (float(left), float(page_h - top)), bpp)


def render_ps(data: bytes, folder: Path) -> Image.Image:
    """PostScript rendered by Ghostscript to grey at :data:`DPI` (the whole paper)."""
    ps = folder / "page.ps"
    ps.write_bytes(data)
    png = folder / "page.png"
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pnggray",
                    f"-r{DPI}", "-dFirstPage=1", "-dLastPage=1", "-o", str(png), str(ps)],
                   check=True, capture_output=True)
    return Image.open(png).convert("L")


def ps_text(data: bytes, folder: Path) -> str:
    """The text Ghostscript finds in PostScript: empty when the page became one image."""
    ps = folder / "text.ps"
    ps.write_bytes(data)
    return subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=txtwrite",
                           "-o", "-", str(ps)], capture_output=True, text=True).stdout


def reference(pdf: Path, paper: str, turn: int = 0) -> Image.Image:
    """Page 1 as the PDF means it (PDFium, grey, :data:`DPI`) on the paper, where CUPS puts
    it: a page the paper's size at the paper's origin, a smaller one centred (pdftopdf),
    turned by ``turn`` degrees (pdftopdf turns a landscape label onto portrait paper).
    """
    page = pdfium.PdfDocument(pdf)[0]
    im = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    if turn:
        im = im.rotate(turn, expand=True, fillcolor=255)
    pw, ph = (round(v * DPI / 72) for v in PAPER[paper])
    sheet = Image.new("L", (pw, ph), 255)
    sheet.paste(im, ((pw - im.width) // 2, (ph - im.height) // 2))
    return sheet


def ink_box(im: Image.Image, threshold: int = 160) -> tuple[int, int, int, int] | None:
    """The bounding box of the pixels darker than ``threshold``."""
    return im.point(lambda v: 255 if v < threshold else 0).getbbox()


def matching_reference(pdf: Path, paper: str, printed: Image.Image,
                       crop: tuple[int, int] = (0, 0)) -> Image.Image:
    """:func:`reference`, turned as the printed page shows it (0, 90 or 270 degrees: the one
    whose ink box is closest to ``printed``'s), cropped to ``printed`` from ``crop`` (px).
    """
    got = ink_box(printed)
    best: tuple[float, Image.Image] | None = None
    for turn in (0, 90, 270):
        ref = reference(pdf, paper, turn)
        ref = ref.crop((crop[0], crop[1], crop[0] + printed.width, crop[1] + printed.height))
        box = ink_box(ref)
        score = sum(abs(a - b) for a, b in zip(box, got, strict=True)) if box and got \
            else float("inf")
        if best is None or score < best[0]:
            best = (score, ref)
    assert best is not None
    return best[1]


def solid_mask(ref: Image.Image) -> Image.Image:
    """The pixels the PDF paints solid black, away from their edges (255 there)."""
    black = ref.point(lambda v: 255 if v < 40 else 0)
    return black.filter(ImageFilter.MinFilter(7))


def black_share(printed: Image.Image, mask: Image.Image) -> tuple[float, int]:
    """Of the pixels of ``mask``, the share ``printed`` has black (< 64), and their count."""
    inside = mask.point(lambda v: 1 if v else 0)
    total = sum(inside.histogram()[1:])
    dark = printed.point(lambda v: 1 if v < 64 else 0)
    both = Image.composite(dark, Image.new("L", dark.size, 0), mask)
    return (sum(both.histogram()[1:]) / total if total else 1.0), total


def qr_count(im: Image.Image) -> int:
    """How many QR codes zxing-cpp reads in ``im``."""
    import zxingcpp

    found = zxingcpp.read_barcodes(im.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    return len(found)
