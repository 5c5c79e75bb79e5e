"""Fonts into the PDF: each loaded face registered once per process, as a reportlab TrueType
font whose ToUnicode map is right for characters beyond U+FFFF and whose subsets carry tags
of their own.

reportlab writes such a character into a subset's ToUnicode CMap as ``<20BB7>``; the PDF
format wants a UTF-16 surrogate pair, ``<D842DFB7>``. The glyph prints right either way, but
a rare ideograph is then copied and searched as the wrong character. :class:`BadgeFont` mends
the maps of its own subsets after reportlab has made them, so reportlab's module is never
changed: other code in the same process (a web app) gets reportlab as it ships.
"""

from __future__ import annotations

import hashlib
import weakref
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFName
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


def subset_tag(name: bytes, codes: list[int], glyphs: list[int], salt: int = 0) -> str:
    """The six capital letters that tag a font subset (``ABCDEF+NotoSans-Bold``): a hash of
    the font's name and the subset's glyph set (character codes and glyph ids, in code
    order), so that the same subset always gets the same tag and different subsets, in one
    file or in files a print workflow merges, get different ones. ``salt`` picks another tag
    for the rare collision.
    """
    h = hashlib.sha256(name)
    h.update(b"\0" + ",".join(map(str, codes)).encode() + b"\0")
    h.update(",".join(map(str, glyphs)).encode() + b"\0" + str(salt).encode())
    n = int.from_bytes(h.digest()[:8], "big")
    letters = []
    for _ in range(6):
        n, d = divmod(n, 26)
        letters.append(chr(ord("A") + d))
    return "".join(letters)


#: Per document: each tag given so far, and the glyph set it stands for (so that no two
#: different subsets in one file share a tag).
_TAGS: weakref.WeakKeyDictionary[Any, dict[str, tuple[bytes, tuple[int, ...], tuple[int, ...]]]] \
    = weakref.WeakKeyDictionary()


class BadgeFont(TTFont):  # type: ignore[misc]
    """reportlab's TrueType font, with surrogate pairs in its subsets' ToUnicode maps and a
    subset tag derived from each subset's glyphs (reportlab tags the first subset of every
    font ``AAAAAA``, the second ``AAAAAB``, ...).
    """

    def addObjects(self, doc: Any) -> None:  # noqa: N802 (reportlab's name)
        """Add the subsets' objects to ``doc`` as reportlab does, then give each its own tag
        (:func:`subset_tag`) and mend its ToUnicode map (see :func:`surrogate_cmap`).
        """
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        names = [self.getSubsetInternalName(n, doc)[1:] for n in range(len(subsets))]
        super().addObjects(doc)
        face = self.face
        tags = _TAGS.setdefault(doc, {})
        fonts = doc.idToObject["BasicFonts"].dict
        for n, subset in enumerate(subsets):
            base = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
            glyphs = tuple(face.charToGlyph.get(c, 0) for c in subset)
            key = (face.name + face.subfontNameX, tuple(subset), glyphs)
            salt = 0
            while True:
                tag = subset_tag(key[0], subset, list(glyphs), salt)
                if tags.setdefault(tag, key) == key:
                    break
                salt += 1
            new = tag + base[6:]
            fonts[names[n]].BaseFont = new
            doc.idToObject["fontDescriptor:" + base].dict["FontName"] = PDFName(new)
            stream = doc.idToObject["toUnicodeCMap:" + base]
            content = stream.content.replace(base, new)
            if any(v > 0xFFFF for v in subset):
                content = surrogate_cmap(content, subset)
            stream.content = content


def register(font: LoadedFont) -> str:
    """Register ``font`` with reportlab under its key (once per process); returns the key.

    HarfBuzz-shaped glyphs that have no character of their own (ligatures, contextual forms)
    are mapped to private-use characters by reportlab's HarfBuzz font, made here.
    """
    # Asked with getFont, an unknown name sends reportlab looking for a Type 1 font of that
    # name: it parses every AFM file on the system (265 here, 1.5 s per font).
    if font.key not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(BadgeFont(font.key, str(font.face.path),
                                          subfontIndex=font.face.index))
    pdfmetrics.getFont(font.key).hbFont(10)
    return font.key
