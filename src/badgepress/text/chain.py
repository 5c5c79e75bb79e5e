"""The fallback chain of one layout font: which font sets which characters of a text.

A primary font and the faces tried after it: the shipped fonts (the closest in weight and
slant first), then the system's. Coverage is decided from each face's cmap, read once per
chain; the face of a single character and of a text's first uncovered character are
remembered, since fitting asks for them for every name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from badgepress.text import fontdb
from badgepress.text.face import FaceSource, LoadedFont
from badgepress.text.fontdb import FontFace


class FontChain:
    """A primary font and its fallbacks, in the order they are tried.

    Fallbacks are loaded on first need: most names never leave the primary font. Which faces
    cover what is looked up with set operations on each face's cmap, read once per chain, and
    the face of a single character is remembered: this is on the fitting hot path.
    """

    def __init__(self, book: FaceSource, primary: LoadedFont) -> None:
        self.book = book
        self.primary = primary
        self.primary_face = primary.origin
        self._primary_cmap = fontdb.coverage(self.primary_face)  # the whole face, even if CFF
        self._primary_chars = fontdb.coverage_chars(self._primary_cmap)
        self._faces: list[FontFace] = book.fallback_faces(self.primary_face, system=False)
        self._shipped = len(self._faces)
        self._system_added = False
        self._cmaps: list[frozenset[int]] = []  # cmaps of _faces[: len(_cmaps)]
        self._char_face: dict[str, FontFace | None] = {}
        self._shipped_set: frozenset[FontFace] | None = None
        # first character the primary lacks -> its face (shipped only), the face's cmap as
        # characters, the face loaded if TrueType
        self._whole_by_char: dict[
            str, tuple[FontFace | None, frozenset[str], LoadedFont | None]] = {}

    def _fallbacks(self, system: bool = True) -> Iterator[tuple[FontFace, frozenset[int]]]:
        i = 0
        while True:
            if i == len(self._faces) or (not system and i == self._shipped):
                if self._system_added or not system:
                    return
                self._system_added = True  # scanned once, and only when shipped fonts fall short
                self._faces += self.book.fallback_faces(self.primary_face, system=True)
                continue
            if i == len(self._cmaps):
                self._cmaps.append(fontdb.coverage(self._faces[i]))
            i += 1
            yield self._faces[i - 1], self._cmaps[i - 1]

    def face_for(self, text: str, *, system: bool = True) -> FontFace | None:
        """The first face in the chain whose cmap covers all of ``text``, if any; with
        ``system`` False, only the primary and the shipped fallbacks are tried.
        """
        if fontdb.chars_cover(self._primary_chars, text):
            return self.primary_face
        # What a fallback must map: every character that needs a glyph (fontdb.chars_cover).
        need = set(map(ord, filter(fontdb.needs_glyph, text)))
        for face, cmap in self._fallbacks(system):
            # The cmap alone decides; a face is loaded for shaping only once it is chosen.
            if need <= cmap:
                return face
        return None

    def font_for(self, text: str, *, system: bool = True) -> LoadedFont | None:
        """The first font in the chain that covers all of ``text``, if any (see face_for)."""
        if self.primary.covers_all(text):
            return self.primary  # the hot path: most text never leaves the primary font
        face = self.face_for(text, system=system)
        return None if face is None else self.book.load(face, text)

    def whole_font(self, text: str) -> LoadedFont | None:
        """``font_for(text, system=False)``: the font :meth:`itemize` sets all of ``text`` in,
        if one can; found from the first character the primary lacks, whose first face
        (remembered per character) is the first that can cover the whole text.
        """
        if self.primary.chars.issuperset(text):
            return self.primary
        chars, needs = self._primary_chars, fontdb.needs_glyph
        for first in text:  # the first character the primary lacks (usually the first one)
            if first not in chars and needs(first):
                break
        else:  # covered but for spaces and joiners, or a converted primary's partial copy
            return self.font_for(text, system=False)
        hit = self._whole_by_char.get(first)
        if hit is None:
            face = self.char_face(first)
            if face is None or face not in self._shipped_faces():
                hit = (None, frozenset(), None)  # no shipped face has that character
            else:
                hit = (face, fontdb.coverage_chars(fontdb.coverage(face)),
                       self.book.load(face) if face.truetype else None)
            self._whole_by_char[first] = hit
        face, cmap, loaded = hit
        if face is None:
            return None
        if not fontdb.chars_cover(cmap, text):
            return self.font_for(text, system=False)  # a later face may cover it all
        return loaded or self.book.load(face, text)  # a CFF face: a copy with these characters

    def _shipped_faces(self) -> frozenset[FontFace]:
        if self._shipped_set is None:
            self._shipped_set = frozenset(self._faces[: self._shipped])
        return self._shipped_set

    def char_face(self, ch: str) -> FontFace | None:
        """:meth:`face_for` one character, remembered (the chain's faces never change)."""
        try:
            return self._char_face[ch]
        except KeyError:
            face = self._char_face[ch] = self.face_for(ch)
            return face

    def itemize(self, text: str) -> list[tuple[int, int, LoadedFont | None]]:
        """Split ``text`` into ``(start, end, font)`` runs; ``font`` None means nothing covers it.

        The whole text stays in one font where one shipped font can set it all (a consistent
        look); otherwise each character takes the first face that covers it, and marks, spaces
        and punctuation stay with the run they are in. A system font that happens to cover the
        whole text does not take it from the shipped fonts: "علي (Ali)" sets its Arabic in Noto
        Sans Arabic and its brackets in the layout's font, not all of it in DejaVu Sans. Faces
        are chosen first and loaded after, so a converted CFF face is asked once per text for
        all its runs' characters.
        """
        whole = self.font_for(text, system=False)
        if whole is not None:
            return [(0, len(text), whole)]
        runs: list[tuple[int, int, FontFace | None]] = []
        for i, ch in enumerate(text):
            current = runs[-1][2] if runs else None
            neutral = unicodedata.category(ch)[0] in "MZP" or unicodedata.category(ch) == "Cf"
            if current is not None and neutral and fontdb.covers(current, ch):
                face: FontFace | None = current
            else:
                face = self.char_face(ch)
            if runs and runs[-1][2] == face:
                runs[-1] = (runs[-1][0], i + 1, face)
            else:
                runs.append((i, i + 1, face))
        chars: dict[FontFace, str] = {}
        for start, end, run_face in runs:
            if run_face is not None:
                chars[run_face] = chars.get(run_face, "") + text[start:end]
        fonts = {f: self.book.load(f, t) for f, t in chars.items()}
        return [(start, end, None if f is None else fonts[f]) for start, end, f in runs]
