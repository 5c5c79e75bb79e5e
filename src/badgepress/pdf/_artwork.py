"""Artwork (PDF pages, SVG, PNG, JPEG) as Form XObjects: each distinct file (and page) is made
into one form per document, and every badge that shows it draws that form (``/Name Do``).

PDF pages are recorded as vector (:mod:`._pdfimport`); SVG becomes a reportlab Drawing
(:mod:`._svg`), drawn into a one-page PDF that is recorded the same way; each is then placed
into a document as its form by :func:`._pdfobjects.place`, with no parsing left to do. PNG
and JPEG become one image XObject each, drawn into a form (JPEG passed through, not
re-encoded). Forms and images are named by the file's content, never by its path, so a layout
builds the same PDF from any folder. A badge places a form with ``cm`` to fit its box
(contain, cover, stretch) and clips to that box.

What :func:`load` made is kept for the life of the process (by path and the form's name,
which comes from the file's content and page; see :data:`KEEP`): a build whose artwork was
loaded in a helper process (``press.artahead``) and the desk's one-badge prints find it there.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.rl_accel import fp_str

from badgepress.pdf._pdfobjects import Recorded, place, turned_box
from badgepress.pdf.colour import Converter
from badgepress.sheet.geometry import Rect

# Pillow, pypdf, svglib and reportlab.graphics are imported when artwork of their kind is first
# read: a build without artwork does not pay for them (svglib alone costs about 0.5 s).

#: Below this effective resolution at its printed size a raster image looks soft (dpi).
MIN_DPI = 150
#: Loaded artwork kept for later builds in this process (per-attendee photos pass through
#: too: the oldest half goes when it is full).
KEEP = 512


class ArtworkError(ValueError):
    """A file that cannot be used as artwork; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Art:
    """A loaded piece of artwork: its kind, its natural box (pt, or pixels for rasters) and,
    for rasters, its size in pixels.
    """

    kind: str  # "pdf", "svg", "png", "jpeg"
    path: Path
    page: int
    bbox: tuple[float, float, float, float]
    pixels: tuple[int, int] | None
    source: Recorded | None  # the form of a PDF page or an SVG; None for rasters
    #: the form's name in the PDF: from the file's content and page (deterministic)
    name: str
    ignored: tuple[str, ...] = ()
    #: a PDF page's /Rotate (0, 90, 180 or 270, clockwise): the form turns the page as a
    #: viewer shows it, and ``bbox`` is the box as shown
    rotate: int = 0
    #: remarks on the file for the report (an SVG's text set in the shipped Noto Sans)
    notes: tuple[str, ...] = ()
    #: fonts a PDF page uses without embedding them (base names)
    unembedded: tuple[str, ...] = ()


def _form_name(data: bytes, page: int, convert: Converter | None = None) -> str:
    """The form's name in the PDF for page ``page`` of a file of content ``data`` (converted
    to the CMYK of ``convert``'s profile, when given).
    """
    tail = f"#{page}" + (f"@{convert.digest}" if convert is not None else "")
    digest = hashlib.sha1(data + tail.encode()).hexdigest()
    return f"art{digest[:16]}"


def sniff(path: Path) -> str:
    """The kind of artwork in ``path`` by its first bytes: pdf, png, jpeg or svg."""
    with path.open("rb") as f:
        head = f.read(1024)
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype")) or b"<svg" in text:
        return "svg"
    if path.suffix.lower() == ".svg":
        raise ArtworkError("is not an SVG file (it does not start with <svg> or an XML "
                           "declaration)")
    raise ArtworkError("is not an image badgepress can use (a PDF, SVG, PNG or JPEG file)")


#: What tells loaded artwork apart: the file, and its form's name (from the file's content and
#: the page; the time of change is too coarse to tell a file rewritten at once).
Key = tuple[Path, str]

_kept: dict[Key, Art] = {}


def _identity(path: Path, page: int, convert: Converter | None = None) -> Key | None:
    """The :data:`Key` of page ``page`` of ``path`` as the file is now; None when it cannot be
    read.
    """
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return path, _form_name(data, page, convert)


def keep(art: Art, key: Key | None) -> None:
    """Remember ``art``, loaded from the file :func:`loaded` found as ``key``, for
    :func:`load`.
    """
    if key is None:
        return
    if len(_kept) >= KEEP:
        for old in list(_kept)[:KEEP // 2]:
            del _kept[old]
    _kept[key] = art


def load(path: Path, page: int, convert: Converter | None = None) -> Art:
    """Read and check the artwork at ``path`` (page ``page`` of a PDF), or take it from what
    this process loaded before (the same file unchanged). Raises :class:`ArtworkError` for a
    missing, unreadable, corrupt or encrypted file, a page past the end, or an SVG that is not
    SVG. ``convert``: RGB made CMYK with it (PDF/X).
    """
    return loaded(path, page, convert)[1]


def loaded(path: Path, page: int,
           convert: Converter | None = None) -> tuple[Key | None, Art]:
    """:func:`load`, and the :data:`Key` the file had when it was read (None: unreadable)."""
    key = _identity(path, page, convert)
    hit = _kept.get(key) if key is not None else None
    if hit is None:
        hit = _read(path, page, key[1] if key is not None else None, convert)
        keep(hit, key)
    return key, hit


def _read(path: Path, page: int, name: str | None, convert: Converter | None = None) -> Art:
    """Read the artwork; ``name``: its form's name, when :func:`_identity` found it."""
    if not path.is_file():
        raise ArtworkError("not found; check the path (relative to the layout file, or to the "
                           "attendee file for a file named from attendee fields)")
    try:
        kind = sniff(path)
        if name is None:
            name = _form_name(path.read_bytes(), page, convert)
    except OSError as exc:
        raise ArtworkError(f"cannot be read: {exc.strerror}") from None
    if kind == "pdf":
        return _load_pdf(path, page, name, convert)
    if page != 1:
        raise ArtworkError("page is given but the file is not a PDF")
    if kind == "svg":
        return _load_svg(path, name, convert)
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            im.verify()
        with Image.open(path) as im:
            im.load()
            size = im.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ArtworkError(f"is a damaged {kind.upper()} file ({exc})") from None
    form = None
    if convert is not None:
        from badgepress.pdf.colour import raster_form

        form = raster_form(path, convert)
    return Art(kind, path, 1, (0.0, 0.0, float(size[0]), float(size[1])), size, form, name)


def _load_svg(path: Path, name: str, convert: Converter | None = None) -> Art:
    from pypdf import PdfReader

    from badgepress.pdf._pdfimport import Recorder
    from badgepress.pdf._svg import SvgError, load_svg, to_pdf

    try:
        drawing, ignored, notes = load_svg(path)
        # Drawn once into a PDF page and recorded like PDF artwork: placing it in each of a
        # build's documents is then a copy, and the drawing process needs no svglib.
        data = to_pdf(drawing)
    except SvgError as exc:
        raise ArtworkError(str(exc)) from None
    page = PdfReader(io.BytesIO(data)).pages[0]
    return Art("svg", path, 1, (0.0, 0.0, float(drawing.width), float(drawing.height)),
               None, Recorder(convert).form(page), name, tuple(ignored),
               notes=tuple(notes))


def _load_pdf(path: Path, page: int, name: str, convert: Converter | None = None) -> Art:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from badgepress.pdf._pdfimport import Recorder

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise ArtworkError("is an encrypted PDF; save it again without a password or "
                               "restrictions")
        count = len(reader.pages)
        if not 1 <= page <= count:
            raise ArtworkError(f"has {count} page{'s' if count != 1 else ''}; there is no "
                               f"page {page}")
        p = reader.pages[page - 1]
        box = p.cropbox
        bbox = (float(box.left), float(box.bottom), float(box.right), float(box.top))
        rotate = int(p.rotation)
        p.get_contents()  # read the content now: a damaged stream fails here, not mid-build
    except ArtworkError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ArtworkError(f"is a damaged PDF ({exc}); export it again") from None
    if bbox[2] - bbox[0] <= 0 or bbox[3] - bbox[1] <= 0:
        raise ArtworkError(f"page {page} has an empty page box")
    if rotate % 90:
        raise ArtworkError(f"page {page} is turned by {rotate} degrees (/Rotate must be a "
                           "multiple of 90); export it again")
    rotate %= 360
    try:
        recorder = Recorder(convert)
        form = recorder.form(p, rotate)
    except (PdfReadError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ArtworkError(f"is a damaged PDF ({exc}); export it again") from None
    return Art("pdf", path, page, turned_box(bbox, rotate), None, form, name, rotate=rotate,
               unembedded=tuple(recorder.unembedded))


def make_form(canvas: Any, art: Art) -> None:
    """Write ``art`` into ``canvas``'s document as the Form XObject ``art.name``."""
    if art.source is not None:
        place(canvas._doc, art.source, art.name)
        return
    x0, y0, x1, y1 = art.bbox
    canvas.beginForm(art.name, x0, y0, x1, y1)
    _draw_raster(canvas, art, x1 - x0, y1 - y0)
    canvas.endForm()


def _draw_raster(canvas: Any, art: Art, width: float, height: float) -> None:
    """Draw the PNG or JPEG ``art`` at the form's origin, ``width`` x ``height`` pt, as
    reportlab's ``drawImage`` does, but with the image XObject named by the file's content
    (``art.name``): ``drawImage`` names an image given by path from the path itself, so the
    same layout built from two folders made two different PDFs.
    """
    from reportlab.pdfbase.pdfdoc import PDFImageXObject

    name = "img" + art.name.removeprefix("art")
    doc = canvas._doc
    reg = doc.getXObjectName(name)
    canvas._currentPageHasImages = 1
    if reg not in doc.idToObject:
        image = PDFImageXObject(name, str(art.path), mask="auto" if art.kind == "png" else None)
        canvas._setXObjects(image)
        doc.Reference(image, reg)
        doc.addForm(name, image)
        smask = getattr(image, "_smask", None)
        if smask is not None:  # a PNG's alpha channel: named by its content by reportlab
            mask_reg = doc.getXObjectName(smask.name)
            if mask_reg not in doc.idToObject:
                canvas._setXObjects(smask)
                image.smask = doc.Reference(smask, mask_reg)
            else:
                from reportlab.pdfbase.pdfdoc import PDFObjectReference

                image.smask = PDFObjectReference(mask_reg)
            del image._smask
    canvas.saveState()
    canvas.translate(0, 0)
    canvas.scale(width, height)
    canvas._code.append(f"/{reg} Do")
    canvas.restoreState()
    canvas._formsinuse.append(name)


def placement(art: Art, target: Rect, fit: str) -> tuple[float, float, float, float]:
    """``(sx, sy, tx, ty)``: the ``cm`` that puts ``art``'s box into ``target`` (pt) by ``fit``:
    contain (all of it, centred), cover (fill the box, centred, the rest clipped) or stretch.
    """
    x0, y0, x1, y1 = art.bbox
    w, h = x1 - x0, y1 - y0
    sx, sy = target.width / w, target.height / h
    if fit == "contain":
        sx = sy = min(sx, sy)
    elif fit == "cover":
        sx = sy = max(sx, sy)
    tx = target.x0 + (target.width - w * sx) / 2 - x0 * sx
    ty = target.y0 + (target.height - h * sy) / 2 - y0 * sy
    return sx, sy, tx, ty


def effective_dpi(art: Art, target: Rect, fit: str) -> float | None:
    """The lower of a raster's horizontal and vertical resolution as placed (dpi); None for
    vector artwork.
    """
    if art.pixels is None:
        return None
    sx, sy, _, _ = placement(art, target, fit)
    return min(72 / sx, 72 / sy)


def place_ops(art: Art, target: Rect, fit: str, clip: Rect) -> str:
    """The operators that draw ``art``'s form into ``target``, clipped to ``clip`` (pt,
    relative to the badge's trim corner).
    """
    sx, sy, tx, ty = placement(art, target, fit)
    return (f"q {fp_str(clip.x0, clip.y0, clip.width, clip.height)} re W n "
            f"{fp_str(sx, 0, 0, sy, tx, ty)} cm /FormXob.{art.name} Do Q")
