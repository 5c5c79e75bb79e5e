"""The preflight from the pipeline's side: a file checked as a print shop would
(:func:`preflight_file`, the CLI's ``badgepress preflight``), and a PDF/X build's own output
checked as it is written (:func:`build_pages`: which pages' content that walks).

Public names: :func:`preflight_file`, :func:`build_pages`, and the pdf room's
:class:`~badgepress.pdf.preflight.Report` and :class:`~badgepress.pdf.preflight.Finding`.
"""

from __future__ import annotations

import os

from badgepress.pdf.preflight import Finding, Report, preflight

__all__ = ["Finding", "Report", "build_pages", "preflight_file"]


def preflight_file(path: str | os.PathLike[str], *, pdfx: bool = False) -> Report:
    """Every page of the PDF at ``path`` checked as a print shop's preflight would (as a
    PDF/X-4 job with ``pdfx``). Raises ``InputError`` for a file that is not a readable PDF.
    """
    return preflight(path, pdfx=pdfx)


def build_pages(pages: int, sides: int) -> list[int]:
    """The pages a PDF/X build preflights after writing (the document itself is always
    checked): the first and the last sheet (both sides of a duplex sheet). Every sheet is
    drawn by the same code from the same layout, and walking all of them would cost about as
    much as drawing them.
    """
    first = list(range(1, min(sides, pages) + 1))
    last = list(range(max(pages - sides + 1, 1), pages + 1))
    return sorted(set(first + last))
