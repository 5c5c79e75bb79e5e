"""Fonts into the PDF: each loaded face registered once per process, as a reportlab TrueType
font whose ToUnicode map is right for characters beyond U+FFFF.

reportlab writes such a character into a subset's ToUnicode CMap as ``<20BB7>``; the PDF
format wants a UTF-16 surrogate pair, ``<D842DFB7>``. The glyph prints right either way, but
a rare ideograph is then copied and searched as the wrong character. :class:`BadgeFont` mends
the maps of its own subsets after reportlab has made them, so reportlab's module is never
changed: other code in the same process (a web app) gets reportlab as it ships.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from badgepress.text.face import LoadedFont


def surrogate_cmap(cmap: str, subset: list[int]) -> str:
    """``cmap`` (a ToUnicode CMap as reportlab writes it for ``subset``, one ``bfchar`` line
    per code) with every character beyond U+FFFF written as a UTF-16 surrogate pair.
    """
    if all(v <= 0xFFFF for v in subset):
        return cmap
    lines = cmap.split("\n")
    start = lines.index(f"{len(subset)} beginbfchar") + 1
    for i, v in enumerate(subset):
        lines[start + i] = f"<{i:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>"
    return "\n".join(lines)


class BadgeFont(TTFont):  # type: ignore[misc]
    """reportlab's TrueType font, with surrogate pairs in its subsets' ToUnicode maps."""

    def addObjects(self, doc: Any) -> None:  # noqa: N802 (reportlab's name)
        """Add the subsets' objects to ``doc`` as reportlab does, then mend their ToUnicode
        maps (see :func:`surrogate_cmap`).
        """
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        face = self.face
        for n, subset in enumerate(subsets):
            if all(v <= 0xFFFF for v in subset):
                continue
            base = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
            stream = doc.idToObject["toUnicodeCMap:" + base]
            stream.content = surrogate_cmap(stream.content, subset)


def register(font: LoadedFont) -> str:
    """Register ``font`` with reportlab under its key (once per process); returns the key.

    HarfBuzz-shaped glyphs that have no character of their own (ligatures, contextual forms)
    are mapped to private-use characters by reportlab's HarfBuzz font, made here.
    """
    # Asked for a name it does not know, getFont first searches every Type 1 font reportlab
    # ships (parsing about a hundred AFM files: 0.2-0.4 s a call); the registry says at once.
    if font.key not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(BadgeFont(font.key, str(font.face.path),
                                          subfontIndex=font.face.index))
    pdfmetrics.getFont(font.key).hbFont(10)
    return font.key
