"""CFF fonts drawn through TrueType copies of just the glyphs a run needs.

reportlab embeds TrueType outlines only, and system CJK fonts (Noto Sans CJK ``.ttc``, Source
Han Sans) and many user ``.otf`` fonts are CFF. :class:`ConvertedFace` makes small TrueType
copies of such a face on demand (``cff2ttf.convert_for_drawing``), each shaped, measured and
embedded like any other TrueType face. Used by :meth:`badgepress.text.fonts.FontBook.load`;
of the font modules it imports only :mod:`~badgepress.text.face`, which lies below it.
"""

from __future__ import annotations

import io

import uharfbuzz as hb
from fontTools.ttLib import TTFont

from badgepress.errors import FontError
from badgepress.text import fontdb
from badgepress.text.face import FaceSource, LoadedFont, loaded_font
from badgepress.text.fontdb import FontFace

# Characters a large converted face gets in its first copy when it is a field's primary font,
# so that Latin text, digits, punctuation and kana do not each cause another copy. About 560
# glyphs of Noto Sans CJK, 0.18 s.
_SEED = frozenset([*range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x2010, 0x2027),
                   *range(0x3000, 0x3040), *range(0x3041, 0x3100), *range(0xFF01, 0xFF5F)])
#: A CFF face mapping at most this many characters is converted whole on first use (about
#: 0.3 ms a glyph: 1 s), so it never needs a second copy. Larger (CJK) faces go by text.
WHOLE_FACE_LIMIT = 3000
#: What one more chunk costs, in glyphs converted: about 15 ms of subsetting, loading and
#: registering, and its own embedded font in the PDF (see ConvertedFace).
CHUNK_COST = 50


class ConvertedFace:
    """A CFF (or CFF2) face, drawn through TrueType copies of just the glyphs a run needs.

    Each copy ("chunk") is a complete small font: HarfBuzz shapes it, the extents are measured
    on it, and the renderer embeds it, so what is measured is what is drawn. A small face is
    converted whole, once. A large one (CJK, 65,535 glyphs) gets one chunk per text whose
    characters no chunk holds yet, with all of that text's characters (a run of text never
    straddles two chunks); as a field's primary font it first gets a chunk of :data:`_SEED`.
    A CJK list set in a CJK .otf brings new combinations of mostly known characters with nearly
    every name, and a chunk per badge would cost 15 ms and an embedded font each. So once the
    chunks made since the last consolidation cost as much as converting everything again
    (:data:`CHUNK_COST` glyphs each), the next chunk takes every character converted so far:
    the rent-or-buy rule, never more than about twice the work of knowing the list in advance.
    Chunks never change once made, since glyph runs shaped with them are cached and drawn
    later; they are content-addressed, so the same list gives the same chunks, keys and PDF
    bytes. Memory and conversion time grow with the characters converted (about 0.3 ms and
    0.2 kB a glyph, plus 5 ms a chunk), not with the face's size.
    """

    def __init__(self, face: FontFace, book: FaceSource) -> None:
        self.face = face
        self.book = book
        self.cmap = fontdb.coverage(face)
        self.chunks: list[LoadedFont] = []
        self._by_char: dict[int, list[LoadedFont]] = {}  # chunks holding each character
        self._since_union = 0  # chunks made since the last one holding every character

    def font_for(self, text: str) -> LoadedFont:
        """A chunk holding every character of ``text`` that the face maps (made if need be)."""
        wanted = {ord(ch) for ch in text} & self.cmap
        if self.chunks:
            # Only chunks holding the character with the fewest chunks can hold them all.
            candidates = min((self._by_char.get(c, []) for c in wanted), key=len, default=None)
            for chunk in self.chunks if candidates is None else candidates:
                if wanted <= chunk.cmap:
                    return chunk
        elif len(self.cmap) <= WHOLE_FACE_LIMIT:
            wanted = set(self.cmap)
        elif not text:
            # Asked for nothing: a field's primary font, loaded before any text. Most of its
            # text will be Latin, digits and punctuation, so those go in the first chunk.
            wanted |= _SEED & self.cmap
        self._since_union += 1
        if self._since_union * CHUNK_COST > len(self._by_char):
            wanted |= self._by_char.keys()
            self._since_union = 0
        chunk = self._convert(wanted)
        self.chunks.append(chunk)
        for c in chunk.cmap:
            self._by_char.setdefault(c, []).append(chunk)
        return chunk

    def _convert(self, unicodes: set[int]) -> LoadedFont:
        src = self.face
        try:
            from badgepress.text import cff2ttf  # fontTools.subset: 80 ms, for CFF fonts only

            converted = cff2ttf.convert_for_drawing(src.path, unicodes, face_index=src.index)
            data = converted.data
            font = TTFont(io.BytesIO(data), lazy=True)
        except Exception as exc:  # HarfBuzz and fontTools raise many error types on bad fonts
            raise FontError(f"cannot convert the CFF outlines of {src.full_name!r} to TrueType: "
                            f"{exc}", path=src.path) from None
        # The key is also reportlab's process-wide font name, so it is derived from the content:
        # equal chunks in two runs share one registration, different ones never collide.
        key = f"bp-{src.path.stem}-{src.index}-cv-{converted.digest}"
        path = self.book.scratch_dir() / f"{key}.ttf"
        path.write_bytes(data)
        face = FontFace(path, 0, src.family, src.style, src.weight, src.italic, src.full_name,
                        truetype=True)
        cmap = frozenset(font.getBestCmap() or {})
        return loaded_font(key, face, hb.Blob(data), font, cmap, source=src)
