"""Draw the sample event's artwork in code (deterministic; run from anywhere).

Writes ``sample_data/event/background.pdf`` (a vector background for a 90 x 55 mm badge with
3 mm bleed: 96 x 61 mm) and ``sample_data/event/logo.svg`` (a vector logo), which
``sample_data/event/event.toml`` uses with a QR code and bands for speakers and staff.

Neither uses transparency (no opacity, no alpha): on a PostScript office printer a page with
any transparency is rasterised whole (its text no longer text, its black no longer pure), and
``badgepress preflight`` reports it.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.colors import CMYKColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

HERE = Path(__file__).resolve().parent / "event"


def background(path: Path) -> None:
    """A pale, vector background: soft waves in the lower right, white where the name goes."""
    w, h = 96 * mm, 61 * mm
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    c = Canvas(str(path), pagesize=(w, h), invariant=1, pageCompression=1)
    c.setTitle("Sample event background")
    c.setFillColor(CMYKColor(0.04, 0.0, 0.02, 0.0))
    c.rect(0, 0, w, h, stroke=0, fill=1)
    tints = [(0.10, 0.02, 0.0, 0.0), (0.18, 0.04, 0.0, 0.0), (0.28, 0.06, 0.0, 0.0)]
    for i, tint in enumerate(tints):
        c.setFillColor(CMYKColor(*tint))
        p = c.beginPath()
        base = (14 - 4.5 * i) * mm
        p.moveTo(0, 0)
        p.lineTo(0, base)
        p.curveTo(30 * mm, base + 9 * mm, 60 * mm, base - 7 * mm, w, base + (6 - i) * mm)
        p.lineTo(w, 0)
        p.close()
        c.drawPath(p, stroke=0, fill=1)
    c.setStrokeColor(CMYKColor(0.0, 0.0, 0.0, 0.06))
    c.setLineWidth(0.6)
    for r in range(8, 60, 7):
        c.circle(w + 4 * mm, h - 18 * mm, r * mm, stroke=1, fill=0)
    c.showPage()
    c.save()
    _without_fonts(path)


def _without_fonts(path: Path) -> None:
    """Remove the font reportlab selects at the start of every page (Helvetica, not embedded):
    nothing here is text, and a print shop's preflight flags any font that is not embedded.
    """
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(path))
    page = writer.pages[0]
    contents = page.get_contents()
    assert contents is not None
    contents.set_data(contents.get_data().replace(b"BT /F1 12 Tf 14.4 TL ET", b""))
    page.replace_contents(contents)
    del page["/Resources"]["/Font"]  # type: ignore[index]
    page.compress_content_streams()
    writer.write(path)


LOGO = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">
  <rect x="2" y="2" width="36" height="36" rx="8" fill="#ffffff"/>
  <path d="M10 28 L20 10 L30 28 Z" fill="#0a5ea8"/>
  <circle cx="20" cy="24" r="4" fill="#f2a900"/>
  <rect x="46" y="9" width="70" height="6" rx="3" fill="#ffffff"/>
  <rect x="46" y="19" width="52" height="5" rx="2.5" fill="#ffffff"/>
  <rect x="46" y="28" width="34" height="4" rx="2" fill="#ffffff"/>
</svg>
"""


def main() -> None:
    """Write both files."""
    HERE.mkdir(exist_ok=True)
    background(HERE / "background.pdf")
    (HERE / "logo.svg").write_text(LOGO, encoding="utf-8")


if __name__ == "__main__":
    main()
