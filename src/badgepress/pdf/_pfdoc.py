"""The preflight's checks of the document as a whole and of each page's boxes and fonts (the
content itself is walked by :mod:`._pfscan`).
"""

from __future__ import annotations

import re
from typing import Any

from pypdf import PageObject, PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from badgepress.pdf._artclean import _embedded
from badgepress.pdf._pfscan import Emit, Scanner
from badgepress.pdf.icc import check_header

_VERSION = re.compile(r"%PDF-(\d+)\.(\d+)")
_XMP_PDFX = re.compile(rb"GTS_PDFXVersion(?:>|=\")\s*PDF/X-4")


def _resolved(obj: Any) -> Any:
    return obj.get_object() if obj is not None and hasattr(obj, "get_object") else obj


def check_document(reader: PdfReader, pdfx: bool, emit: Emit) -> None:
    """Encryption, and for ``pdfx`` the PDF/X-4 identification: version, output intent,
    Info and XMP keys, Trapped, document ID.
    """
    if reader.is_encrypted:
        emit("pdfx", "error" if pdfx else "warning", None, "the file is encrypted",
             "save it again without a password or restrictions")
    if not pdfx:
        return

    def fail(message: str, fix: str) -> None:
        emit("pdfx", "error", None, message, fix)

    found = _VERSION.match(reader.pdf_header)
    if not found or (int(found.group(1)), int(found.group(2))) < (1, 6):
        fail(f"PDF version {reader.pdf_header[5:] or '?'}, PDF/X-4 needs 1.6 or later",
             "write it as PDF/X-4 (badgepress build --pdfx)")
    root = _resolved(reader.trailer.get("/Root"))
    intents = _resolved(root.get("/OutputIntents")) if isinstance(root, DictionaryObject) \
        else None
    pdfx_intents = [i for i in (_resolved(x) for x in intents or [])
                    if isinstance(i, DictionaryObject) and i.get("/S") == "/GTS_PDFX"] \
        if isinstance(intents, ArrayObject) else []
    if len(pdfx_intents) != 1:
        fail(f"{len(pdfx_intents)} PDF/X output intents (GTS_PDFX), one is needed",
             "write it with badgepress build --pdfx (with --output-profile for the shop's "
             "profile)")
    else:
        intent = pdfx_intents[0]
        profile = _resolved(intent.get("/DestOutputProfile"))
        if not isinstance(profile, StreamObject):
            fail("the output intent has no embedded profile (DestOutputProfile)",
                 "embed the shop's CMYK output profile (--output-profile)")
        else:
            why = check_header(profile.get_data())
            if why is not None:
                fail(f"the output intent's profile {why.split(';')[0]}",
                     "use the shop's CMYK output profile (--output-profile)")
        if not intent.get("/OutputConditionIdentifier"):
            fail("the output intent has no OutputConditionIdentifier",
                 "name the printing condition (e.g. FOGRA39)")
    info = _resolved(reader.trailer.get("/Info"))
    info = info if isinstance(info, DictionaryObject) else DictionaryObject()
    if not str(info.get("/GTS_PDFXVersion", "")).startswith("PDF/X-4"):
        fail("Info has no GTS_PDFXVersion of PDF/X-4", "write it with badgepress build --pdfx")
    if info.get("/Trapped") not in ("/True", "/False"):
        fail("Info's Trapped is not True or False", "set Trapped to False")
    if not info.get("/Title"):
        emit("pdfx", "warning", None, "the document has no title", "give it a title")
    meta = _resolved(root.get("/Metadata")) if isinstance(root, DictionaryObject) else None
    if not isinstance(meta, StreamObject) or not _XMP_PDFX.search(meta.get_data()):
        fail("no XMP metadata with pdfxid:GTS_PDFXVersion PDF/X-4",
             "write it with badgepress build --pdfx")
    if "/ID" not in reader.trailer:
        fail("the file has no document ID (trailer /ID)", "save it again with a PDF/X writer")


def _box(page: PageObject, name: str) -> tuple[float, float, float, float] | None:
    value = _resolved(page.get(name))
    if not isinstance(value, ArrayObject) or len(value) != 4:
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _inside(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    eps = 0.01
    return (inner[0] >= outer[0] - eps and inner[1] >= outer[1] - eps
            and inner[2] <= outer[2] + eps and inner[3] <= outer[3] + eps)


def check_page(page: PageObject, pdfx: bool, emit: Emit, scanner: Scanner) -> None:
    """The page's boxes (TrimBox inside BleedBox inside MediaBox) and the fonts its resources
    list without embedding them.
    """
    media = _box(page, "/MediaBox")
    trim, bleed, art = _box(page, "/TrimBox"), _box(page, "/BleedBox"), _box(page, "/ArtBox")
    if trim is None and art is None:
        emit("boxes", "error" if pdfx else "warning", None, "no TrimBox",
             "set the TrimBox to the finished size (badgepress sets it on every page)")
    if pdfx and trim is not None and art is not None:
        emit("boxes", "warning", None, "both a TrimBox and an ArtBox",
             "keep the TrimBox only")
    for name, box in (("TrimBox", trim), ("BleedBox", bleed)):
        if box is not None and media is not None and not _inside(box, media):
            emit("boxes", "error", None, f"the {name} reaches outside the MediaBox",
                 "make the page boxes nest: TrimBox inside BleedBox inside MediaBox")
    if trim is not None and bleed is not None and not _inside(trim, bleed):
        emit("boxes", "error", None, "the TrimBox reaches outside the BleedBox",
             "make the page boxes nest: TrimBox inside BleedBox inside MediaBox")
    _listed_fonts(page.get("/Resources"), emit, scanner, set())


def _listed_fonts(resources: Any, emit: Emit, scanner: Scanner, seen: set[int]) -> None:
    """Report each font a resource dictionary (or a form's, within) lists unembedded."""
    resources = _resolved(resources)
    if not isinstance(resources, DictionaryObject) or id(resources) in seen:
        return
    seen.add(id(resources))
    fonts = _resolved(resources.get("/Font"))
    if isinstance(fonts, DictionaryObject):
        for key in fonts:
            font = _resolved(fonts[key])
            if not isinstance(font, DictionaryObject) or _embedded(font):
                continue
            name = str(font.get("/BaseFont", key)).lstrip("/")
            emit("font", "warning", None, f"font {name} is listed in the page's resources "
                 "but not embedded", "remove it, or embed it (pdffonts lists it, and so does "
                 "a shop's preflight)")
    xobjects = _resolved(resources.get("/XObject"))
    if isinstance(xobjects, DictionaryObject):
        for key in xobjects:
            form = _resolved(xobjects[key])
            if isinstance(form, StreamObject) and form.get("/Subtype") == "/Form":
                _listed_fonts(form.get("/Resources"), emit, scanner, seen)
