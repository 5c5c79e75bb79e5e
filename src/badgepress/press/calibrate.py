"""``badgepress calibrate``: a layout's calibration page, to read a printer's shift off.
See :mod:`badgepress.sheet.calibrate` for how the scales are read.
"""

from __future__ import annotations

import os
from pathlib import Path

from badgepress.errors import OutputError
from badgepress.pdf.calibrate import draw_calibration
from badgepress.press.outputs import Named, Staged, check_paths, layout_inputs
from badgepress.press.run import with_offsets
from badgepress.sheet.impose import SheetPlan
from badgepress.sheet.layout import load_layout
from badgepress.sheet.layoutzip import opened_layout
from badgepress.sheet.sides import plan_sides
from badgepress.text.fonts import FontBook


def calibrate(layout: str, output: str | os.PathLike[str], *,
              offset: tuple[float, float] | None = None,
              back_offset: tuple[float, float] | None = None) -> int:
    """Write the calibration PDF of ``layout`` (a shipped name or a .toml path) to ``output``,
    with the given printer offsets (pt; default: the layout's ``[printer]`` table): the front
    page, and a back page for a duplex layout. Written atomically; returns the page count.
    """
    with opened_layout(layout) as unpacked:  # a .zip: only its geometry is needed
        lay = with_offsets(load_layout(unpacked), offset, back_offset)
    target = Path(output)
    # The layout (and fonts it names by path) are inputs: never written over.
    check_paths(layout_inputs(lay), [Named("the PDF", target)])
    sides = plan_sides(lay)
    pages: list[tuple[str, SheetPlan]] = [("front", sides.front)]
    if sides.back is not None and sides.back.side == 1:
        pages.append(("back (print on the back of the same sheet)", sides.back))
    if not target.parent.is_dir():
        raise OutputError(f"cannot write the PDF: folder {str(target.parent)!r} does not exist",
                          path=target)
    font = FontBook().chain("Noto Sans").primary
    with Staged(target, "the PDF") as staged:
        try:
            n = draw_calibration(staged.tmp, pages, font, lay.title, lay.corner)
        except OSError as exc:
            raise OutputError(f"cannot write the PDF: {exc.strerror}", path=target) from None
        staged.commit()
    return n
