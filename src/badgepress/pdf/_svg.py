"""SVG artwork, read safely and turned into a reportlab Drawing (vector) with svglib.

The file is parsed by lxml with entity resolution, DTD loading and network access off; a file
that declares entities (the XXE and "billion laughs" tricks) is refused; references to other
files or the network (``href`` that is not ``#id`` or a ``data:`` URI) are removed before
svglib sees the tree, so nothing outside the SVG is ever read or fetched.

Text in the SVG is set in the Noto Sans that badgepress ships (bold weights in Noto Sans
Bold), embedded as a subset like the badge's own text: svglib's own choice would be a PDF
standard font that is not embedded (print shops flag it) or whatever font the machine's
fontconfig offers (another machine, other bytes). What that changes is said in the notes.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

from lxml import etree
from reportlab.pdfbase import pdfmetrics
from svglib.fonts import FontMap
from svglib.svglib import SvgRenderer

from badgepress.pdf._embed import BadgeFont
from badgepress.text.fonts import shipped_fonts_dir

_HREFS = ("href", "{http://www.w3.org/1999/xlink}href")
#: reportlab's names for the fonts SVG text is set in, and their files in fonts/.
SVG_FONTS = {"regular": ("badgepress-svg-NotoSans-Regular", "NotoSans-Regular.ttf"),
             "bold": ("badgepress-svg-NotoSans-Bold", "NotoSans-Bold.ttf")}
#: Families set in Noto Sans without a note: itself, and what a sans-serif default names.
_SANS = frozenset({"noto sans", "sans-serif", "helvetica", "arial", "system-ui"})


def _font(weight: str) -> str:
    """The name reportlab knows the shipped font for an SVG font weight by (registered once)."""
    w = weight.strip().lower()
    bold = w in ("bold", "bolder") or (w.isdigit() and int(w) >= 600)
    name, file = SVG_FONTS["bold" if bold else "regular"]
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(BadgeFont(name, str(shipped_fonts_dir() / file)))
    return name


class _ShippedFonts(FontMap):
    """svglib's font map for one SVG: every family in the shipped Noto Sans (never a system
    font looked up with fontconfig); the families and styles asked for are kept for a note.
    """

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()
        self.italic = False

    def find_font(self, font_name: str, weight: str = "normal",
                  style: str = "normal") -> tuple[str, bool]:
        """The shipped font for any family: Noto Sans Bold for bold weights, else Regular."""
        family = font_name.strip().strip("'\"")
        if family.lower() not in _SANS:
            self.asked.add(family)
        self.italic = self.italic or str(style).strip().lower() in ("italic", "oblique")
        return _font(str(weight)), True


def _text_notes(path: Path, root: Any, fonts: _ShippedFonts) -> list[str]:
    """Remarks on the SVG's text: a font set in Noto Sans instead of its own, characters
    Noto Sans lacks (they would print blank).
    """
    chars: dict[str, None] = {}  # in the order they appear
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname == "text":
            chars.update(dict.fromkeys(c for c in "".join(element.itertext())
                                       if not c.isspace()))
    if not chars:
        return []
    notes = []
    if fonts.asked or fonts.italic:
        shown = ", ".join(sorted(fonts.asked)) or "italic"
        notes.append(f"{path}: its text is set in Noto Sans, embedded, not in the font it asks "
                     f"for ({shown}); convert the text to outlines in the drawing program to "
                     "keep its own font")
    faces = [pdfmetrics.getFont(_font(w)).face for w in ("normal", "bold")]
    missing = [c for c in chars if not all(ord(c) in f.charToGlyph for f in faces)]
    if missing:
        notes.append(f"{path}: Noto Sans has no glyph for {''.join(missing[:10])!r} in its text: "
                     "they would print blank; convert the text to outlines in the drawing "
                     "program")
    return notes


class SvgError(ValueError):
    """The file is not an SVG badgepress can use; the message says why."""


def load_svg(path: Path) -> tuple[Any, list[str], list[str]]:
    """A reportlab Drawing of the SVG at ``path``, the external references it ignored, and
    notes on its text (see :func:`_text_notes`).

    Raises :class:`SvgError` when the file is not SVG or declares entities.
    """
    data = path.read_bytes()
    if b"<!ENTITY" in data:
        raise SvgError("declares XML entities (<!ENTITY ...>), which badgepress does not read; "
                       "save the SVG again without a DOCTYPE")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise SvgError(f"is not valid SVG (XML error: {exc})") from None
    if root is None or etree.QName(root).localname != "svg":
        raise SvgError("is not an SVG file (its root element is not <svg>)")
    ignored: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attr in _HREFS:
            ref = element.get(attr)
            if ref is not None and not ref.strip().startswith(("#", "data:")):
                ignored.append(ref)
                del element.attrib[attr]
    # svglib logs what it cannot draw (unknown elements, fonts); badgepress reports instead.
    log = logging.getLogger("svglib.svglib")
    level = log.level
    log.setLevel(logging.CRITICAL)
    fonts = _ShippedFonts()
    try:
        drawing = SvgRenderer(str(path), font_map=fonts).render(root)
    except Exception as exc:  # svglib raises many kinds on odd input
        raise SvgError(f"cannot be converted ({type(exc).__name__}: {exc})") from None
    finally:
        log.setLevel(level)
    if drawing is None or not drawing.width or not drawing.height:
        raise SvgError("has no size (give the <svg> a width and height or a viewBox)")
    return drawing, ignored, _text_notes(path, root, fonts)


def to_pdf(drawing: Any) -> bytes:
    """``drawing`` (from :func:`load_svg`) as a one-page PDF of its size (pt), its text
    embedded, the same bytes on every run.
    """
    from reportlab.graphics import renderPDF
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    # The drawing and the page start in the font SVG text is set in, never in reportlab's
    # default Helvetica, which the page would list unembedded (print shops flag it).
    drawing.initialFontName = _font("normal")
    canvas = Canvas(out, pagesize=(float(drawing.width), float(drawing.height)), invariant=1,
                    initialFontName=drawing.initialFontName, pageCompression=1)
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
