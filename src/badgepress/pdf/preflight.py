"""The preflight: what a print shop's preflight (Acrobat, callas, PitStop, GWG 2015 sheet-fed
rules) would say about a PDF, page by page, with where each thing is and what to do about it.
It reads any PDF, not only badgepress's.

Checks on every page: fonts not embedded (used: error; only listed: warning), images under
150 ppi (error) or 300 ppi (warning) at their placed size, total area coverage over 300 %,
lines under 0.125 pt, text under 12 pt in rich black or in three or more inks, white text
under 12 pt knocked out of three or more inks, spot colours, transparency (a PostScript
office printer rasterises such a page), missing or inconsistent page boxes. RGB is reported
as information, and with ``pdfx`` (a PDF/X-4 job) DeviceRGB is an error and ICC-based RGB a
warning, with the PDF/X-4 identification checked too (output intent, version, Info and XMP
keys, Trapped, document ID, no encryption, no transfer functions or PostScript). How total
area coverage is counted is said in :mod:`._pfscan`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from badgepress.errors import InputError

MM = 72 / 25.4
#: Pages a finding lists besides its first (``pages``), at most.
PAGES_SHOWN = 20
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the preflight found: ``check`` (its kind: ``font``, ``image-ppi``, ``tac``,
    ``hairline``, ``small-text``, ``spot``, ``rgb``, ``transparency``, ``boxes``, ``pdfx``),
    ``severity`` (error, warning, info), what it is and what to do, the first ``page``
    (1-based; None: the whole document) and ``at`` (pt from the page's lower left corner), and
    how many times it occurs on which pages.
    """

    check: str
    severity: str
    message: str
    fix: str
    page: int | None = None
    at: tuple[float, float] | None = None
    count: int = 1
    pages: tuple[int, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The finding as JSON data (positions in pt and in mm)."""
        return {"check": self.check, "severity": self.severity, "message": self.message,
                "fix": self.fix, "page": self.page,
                "at_pt": list(self.at) if self.at else None,
                "at_mm": [round(v / MM, 1) for v in self.at] if self.at else None,
                "count": self.count, "pages": list(self.pages)}

    def line(self) -> str:
        """The finding in one line of text (then its fix on the next)."""
        where = f"page {self.page}" if self.page else "document"
        if self.at:
            where += f" at {self.at[0] / MM:.1f}, {self.at[1] / MM:.1f} mm"
        more = ""
        if self.count > 1:
            others = [p for p in self.pages if p != self.page]
            on = f" (pages {', '.join(map(str, others[:8]))}{', ...' if len(others) > 8 else ''})" \
                if others else ""
            more = f"; {self.count - 1} more{on}"
        return f"{self.severity:<7} {where}: {self.message}{more}\n        what to do: {self.fix}"


@dataclass
class Report:
    """A preflight's findings, most severe first; ``checked`` lists the pages whose content
    was walked (all of them unless the caller chose some).
    """

    path: str
    pdfx: bool
    pages: int
    findings: list[Finding] = field(default_factory=list)
    checked: tuple[int, ...] = ()

    def count(self, severity: str) -> int:
        """How many findings of ``severity``."""
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def passed(self) -> bool:
        """No error and no warning."""
        return not self.count("error") and not self.count("warning")

    def summary(self) -> str:
        """One line: the file, what it was checked for and the counts."""
        what = "PDF/X-4 preflight" if self.pdfx else "preflight"
        e, w, i = (self.count(s) for s in SEVERITIES)
        pages = f"{self.pages} page{'s' if self.pages != 1 else ''}"
        if len(self.checked) < self.pages:
            pages += f", content of {len(self.checked)} checked"
        verdict = "passed" if self.passed else "failed" if e else "passed with warnings"
        return (f"{self.path}: {what} {verdict}: {e} error{'s' if e != 1 else ''}, "
                f"{w} warning{'s' if w != 1 else ''}, {i} note{'s' if i != 1 else ''} ({pages})")

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON data."""
        return {"file": self.path, "pdfx": self.pdfx, "pages": self.pages,
                "checked_pages": list(self.checked), "passed": self.passed,
                "errors": self.count("error"), "warnings": self.count("warning"),
                "notes": self.count("info"), "findings": [f.as_dict() for f in self.findings]}


class _Collector:
    """Findings grouped by what they say: the first page and position kept, the rest counted."""

    def __init__(self) -> None:
        self.page: int | None = None
        self.groups: dict[tuple[str, str, str, str], list[Any]] = {}

    def emit(self, check: str, severity: str, at: tuple[float, float] | None, message: str,
             fix: str) -> None:
        key = (check, severity, message, fix)
        hit = self.groups.get(key)
        if hit is None:
            self.groups[key] = [self.page, at, 1, [self.page] if self.page else []]
            return
        hit[2] += 1
        if self.page and self.page not in hit[3] and len(hit[3]) < PAGES_SHOWN:
            hit[3].append(self.page)

    def findings(self) -> list[Finding]:
        out = [Finding(check, severity, message, fix, page, at, count, tuple(pages))
               for (check, severity, message, fix), (page, at, count, pages)
               in self.groups.items()]
        out.sort(key=lambda f: (SEVERITIES.index(f.severity), f.page or 0))
        return out


def preflight(path: str | os.PathLike[str], *, pdfx: bool = False,
              pages: Iterable[int] | None = None) -> Report:
    """Preflight the PDF at ``path``; with ``pdfx``, as a PDF/X-4 job. ``pages``: the pages
    (1-based) checked (their boxes, fonts and content; default: all); the document is always
    checked. Raises ``InputError`` when the file is not a PDF that can be read.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    from badgepress.pdf._pfdoc import check_document, check_page
    from badgepress.pdf._pfscan import Scanner

    shown = str(path)
    try:
        reader = PdfReader(shown)
        if reader.is_encrypted:
            reader.decrypt("")
        flat = _flat_pages(reader)
        count = len(flat) if flat is not None else len(reader.pages)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, NotImplementedError) as exc:
        raise InputError(f"cannot be read as a PDF ({exc}); preflight needs a PDF file",
                         path=shown) from None
    wanted = sorted({p for p in pages if 1 <= p <= count}) if pages is not None \
        else list(range(1, count + 1))
    out = _Collector()
    scanner = Scanner(out.emit, pdfx)
    check_document(reader, pdfx, out.emit)
    for number in wanted:
        out.page = number
        try:
            page = flat[number - 1]() if flat is not None else reader.pages[number - 1]
            check_page(page, pdfx, out.emit, scanner)
            contents = page.get_contents()
            data = contents.get_data() if contents is not None else b""
            scanner.page(data, page.get("/Resources"))
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
            out.emit("damaged", "error", None, f"the page cannot be read ({exc})",
                     "export the PDF again")
    return Report(shown, pdfx, count, out.findings(),
                  tuple(wanted))


def _flat_pages(reader: Any) -> list[Any] | None:
    """A way to each page of a one-level page tree (what reportlab and badgepress write) that
    loads only the pages asked for: pypdf's ``reader.pages`` reads every page of the file
    first (0.3 s for 1,250 pages). None for any other tree (then pypdf walks it).
    """
    from pypdf import PageObject
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    found = reader.trailer["/Root"].get_object().get("/Pages")
    root: Any = found.get_object() if found is not None else None
    if not isinstance(root, DictionaryObject):
        return None
    kids = root.get("/Kids")
    if not isinstance(kids, ArrayObject) or root.get("/Count") != len(kids) \
            or not all(isinstance(k, IndirectObject) for k in kids):
        return None
    inherited = {k: root[k] for k in ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
                 if k in root}

    def loader(ref: Any) -> Any:
        def load() -> Any:
            obj = ref.get_object()
            if not isinstance(obj, DictionaryObject) or obj.get("/Type") != "/Page":
                raise ValueError("the page tree is not flat")
            page = PageObject(reader, ref)
            page.update(inherited)
            page.update(obj)
            return page
        return load

    return [loader(ref) for ref in kids]
