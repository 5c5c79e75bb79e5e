"""Draws the calibration page (:mod:`badgepress.sheet.calibrate`): cut lines, scales and a
short instruction, one page per printed side.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.colors import CMYKColor
from reportlab.pdfgen.canvas import Canvas

from badgepress import __version__
from badgepress.pdf._document import prepare
from badgepress.pdf._embed import register
from badgepress.pdf.render import page_size
from badgepress.sheet.calibrate import calibration
from badgepress.sheet.impose import SheetPlan
from badgepress.sheet.units import mm
from badgepress.text.face import LoadedFont

BLACK = CMYKColor(0, 0, 0, 1)
CUT = CMYKColor(1, 0, 0, 0)

HOW = ("Print at actual size (100 %). Fold the sheet edge to edge, left onto right: the crease "
       "crosses the horizontal scale at X.",
       "Unfold; fold top onto bottom: the crease crosses the vertical scale at Y. On label "
       "stock, the labels' edges cross the edge scales at X and Y.",
       "Then build with --offset X,Y (in mm; for the back page, --back-offset).")


def draw_calibration(path: Path, sides: list[tuple[str, SheetPlan]], font: LoadedFont,
                     title: str, corner: float = 0.0) -> int:
    """Write the calibration PDF to ``path``: one page per ``(name, sheet)`` side, cut lines
    rounded by ``corner`` pt. Returns the number of pages.
    """
    name = register(font)
    deterministic = bool(os.environ.get("SOURCE_DATE_EPOCH", "").strip())
    first = sides[0][1]
    c = Canvas(str(path), pagesize=page_size(first), initialFontName=name,
               initialFontSize=10, invariant=1 if deterministic else 0)
    prepare(c)  # an EOL before every endstream
    c.setTitle(f"Calibration: {title}")
    c.setCreator(f"badgepress {__version__}")
    c.setProducer(f"badgepress {__version__} (reportlab)")
    for side, sheet in sides:
        if sheet.rotate:
            c.setPageRotation(sheet.rotate)
        cal = calibration(sheet, corner)
        c.setLineWidth(0.25)
        c.setStrokeColor(CUT)
        for r in cal.cuts:
            if cal.corner:
                c.roundRect(r.x0, r.y0, r.width, r.height, cal.corner, stroke=1, fill=0)
            else:
                c.rect(r.x0, r.y0, r.width, r.height, stroke=1, fill=0)
        c.setStrokeColor(BLACK)
        c.setFillColor(BLACK)
        for t in cal.ticks:
            c.line(t.x0, t.y0, t.x1, t.y1)
        c.setFont(name, 5)
        for lab in cal.labels:
            c.drawCentredString(lab.x, lab.y, lab.text)
        if sheet.width > mm(120):
            c.setFont(name, 6)
            y = sheet.height / 2 - mm(20)
            c.drawCentredString(sheet.width / 2, y + mm(4), f"{title}: {side}")
            for i, line in enumerate(HOW):
                c.drawCentredString(sheet.width / 2, y - i * mm(3), line)
        c.showPage()
    c.save()
    return len(sides)
