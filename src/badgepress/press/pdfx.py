"""A PDF/X build's two steps beyond a plain one: the layout's RGB colours converted to the
output profile's CMYK before planning (:func:`pdfx_colours`), and the written PDF preflighted
as PDF/X-4 (:func:`check_output`).
"""

from __future__ import annotations

from pathlib import Path

from badgepress.model import Notice
from badgepress.pdf import icc
from badgepress.pdf.preflight import Report, preflight
from badgepress.press.preflight import build_pages
from badgepress.sheet.layout import Layout
from badgepress.sheet.recolor import cmyk_layout, has_rgb


def pdfx_colours(layout: Layout) -> Layout:
    """``layout``, its RGB colours converted to its output profile's CMYK when it is written
    as PDF/X (see :mod:`badgepress.pdf.colour`); the same object otherwise.
    """
    if not layout.output.pdfx or not has_rgb(layout):
        return layout
    from badgepress.pdf.colour import Converter

    return cmyk_layout(layout, Converter(icc.output_profile(layout.output,
                                                            layout.source)).cmyk)


def check_output(path: Path, target: Path, pages: int, sides: int) -> tuple[Report, list[Notice]]:
    """Preflight a PDF/X build's output (``path``, to become ``target``; ``pages`` pages,
    ``sides`` a sheet) as PDF/X-4: the report, and its errors and warnings as notices.
    """
    report = preflight(path, pdfx=True, pages=build_pages(pages, sides))
    report.path = str(target)
    notices = [Notice(None, f"preflight: {f.line().splitlines()[0].split(None, 1)[1]}"
                            f" ({f.severity}; {f.fix})")
               for f in report.findings if f.severity != "info"]
    return report, notices
