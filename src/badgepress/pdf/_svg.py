"""SVG artwork, read safely and turned into a reportlab Drawing (vector) with svglib.

The file is parsed by lxml with entity resolution, DTD loading and network access off; a file
that declares entities (the XXE and "billion laughs" tricks) is refused; references to other
files or the network (``href`` that is not ``#id`` or a ``data:`` URI) are removed before
svglib sees the tree, so nothing outside the SVG is ever read or fetched.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from lxml import etree
from svglib.svglib import SvgRenderer

_HREFS = ("href", "{http://www.w3.org/1999/xlink}href")


class SvgError(ValueError):
    """The file is not an SVG badgepress can use; the message says why."""


def load_svg(path: Path) -> tuple[Any, list[str]]:
    """A reportlab Drawing of the SVG at ``path``, and the external references it ignored
    (``"text"`` among them when it has text, which is set in a font that is not embedded).

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
        if etree.QName(element).localname == "text" and "text" not in ignored:
            # svglib sets SVG text in a PDF standard font that is not embedded
            ignored.append("text")
        for attr in _HREFS:
            ref = element.get(attr)
            if ref is not None and not ref.strip().startswith(("#", "data:")):
                ignored.append(ref)
                del element.attrib[attr]
    # svglib logs what it cannot draw (unknown elements, fonts); badgepress reports instead.
    log = logging.getLogger("svglib.svglib")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        drawing = SvgRenderer(str(path)).render(root)
    except Exception as exc:  # svglib raises many kinds on odd input
        raise SvgError(f"cannot be converted ({type(exc).__name__}: {exc})") from None
    finally:
        log.setLevel(level)
    if drawing is None or not drawing.width or not drawing.height:
        raise SvgError("has no size (give the <svg> a width and height or a viewBox)")
    return drawing, ignored
