"""Subset an OpenType font and convert CFF outlines to TrueType, so reportlab can draw it.

reportlab's ``TTFont`` only reads ``glyf`` outlines; Noto Sans CJK (and most ``.otf`` files)
use CFF. Two entry points share one outline converter (:func:`_cff_to_glyf`):

* :func:`subset_to_truetype` (fontTools subsetter, 0.5 s or more for a CJK font) builds the
  shipped CJK fonts in ``tools/build_cjk_font.py``: a large, renamed, reproducible file.
* :func:`convert_for_drawing` (HarfBuzz subsetter, about 15 ms for a few CJK characters)
  builds the small in-run copies that :mod:`badgepress.text.fonts` makes of CFF faces on demand.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import uharfbuzz as hb
from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

# Features HarfBuzz applies by default to CJK and Latin text, plus the width/spacing variants a
# layout might ask for. Left out on purpose: vertical-writing features (badges are horizontal),
# ``aalt`` (a UI feature) and ``dlig``: reportlab's own shaper switches ``dlig`` on, and Noto CJK
# composes square era-name ligatures with it (平成 -> ㍻), which must never happen to a name.
# ``locl`` is optional (see ``regional_forms``) because it pulls in every regional glyph variant.
BASE_FEATURES = (
    "ccmp", "calt", "liga", "clig", "rlig", "kern", "mark", "mkmk",
    "ljmo", "vjmo", "tjmo", "halt", "palt", "fwid", "hwid", "pwid",
)  # fmt: skip

# Only these name records survive; the rest describe the source font, not the subset.
_KEPT_NAME_IDS = {0, 7, 8, 9, 11, 12, 13, 14}  # copyright, trademark, vendor, designer, URLs, OFL


@dataclass(frozen=True, slots=True)
class SubsetResult:
    """What :func:`subset_to_truetype` wrote."""

    path: Path
    glyphs: int  # glyph count, .notdef included
    size: int  # file size in bytes


def _cff_to_glyf(font: TTFont, max_err: float) -> None:
    """Replace CFF outlines by quadratic ``glyf`` outlines in place; drop vertical tables."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        # CFF outer contours run counter-clockwise, TrueType ones clockwise.
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    # Variation tables go too: the outlines drawn are those of the default instance, and a
    # TrueType font with fvar but no gvar would claim variations it no longer has.
    for tag in ("CFF ", "CFF2", "VORG", "vhea", "vmtx", "fvar", "avar", "HVAR", "MVAR", "VVAR",
                "STAT", "cvar", "gvar"):
        if tag in font:
            del font[tag]
    glyf.compile(font)  # computes every glyph's bounding box

    # TrueType rasterisers assume lsb == xMin; CFF fonts need not keep them in step.
    hmtx = font["hmtx"]
    for name in order:
        glyph = glyf[name]
        advance, _ = hmtx.metrics[name]
        hmtx.metrics[name] = (advance, glyph.xMin if glyph.numberOfContours else 0)

    # CFF fonts have a version 0.5 maxp without the TrueType fields. The point and contour
    # maxima are recomputed from glyf on save; the rest describe hinting, which we have none of.
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(order)
    for attr in (
        "maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours",
        "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
        "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
        "maxComponentDepth",
    ):  # fmt: skip
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp

    # post format 3 stores no glyph names. CID-keyed fonts only have "cidNNNNN" names anyway,
    # and HarfBuzz then reports unique "gidN" names, which is all reportlab keys on.
    font["post"].formatType = 3.0
    font["head"].indexToLocFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def _rename(font: TTFont, family: str, style: str, description: str) -> None:
    """Name the Modified Version so it can never be mistaken for (or shadow) its source."""
    table = font["name"]
    table.names = [r for r in table.names if r.nameID in _KEPT_NAME_IDS and r.platformID == 3]
    postscript = f"{family.replace(' ', '')}-{style.replace(' ', '')}"
    version = f"Version {font['head'].fontRevision:.3f}"
    full = f"{family} {style}"  # "... Regular" too, as the other Noto fonts do
    for name_id, value in (
        (1, family),
        (2, style),
        (3, f"{version};badgepress;{postscript}"),
        (4, full),
        (5, version),
        (6, postscript),
        (10, description),
    ):
        table.setName(value, name_id, 3, 1, 0x409)


def subset_to_truetype(
    source: Path,
    out: Path,
    unicodes: Iterable[int],
    *,
    face_index: int = 0,
    family: str,
    style: str,
    regional_forms: bool = False,
    max_err: float = 1.0,
) -> SubsetResult:
    """Subset ``source`` (face ``face_index`` of a .ttc) to ``unicodes`` and save a TrueType font.

    Code points the face does not map are ignored. Layout features in :data:`BASE_FEATURES`
    are kept (and ``locl`` with all regional glyph variants when ``regional_forms`` is true:
    in Noto Sans CJK that adds ~70 % more glyphs but lets HarfBuzz choose Japanese, Korean or
    Traditional shapes from ``buffer.language``). Hinting is dropped. ``max_err`` is the
    cubic-to-quadratic tolerance in font units (1.0 at 1000 units/em is invisible at badge
    sizes). Timestamps are copied from the source, so the output is reproducible. The result is
    renamed to ``family``/``style`` (a Modified Version under the OFL).
    """
    font = TTFont(str(source), fontNumber=face_index, recalcTimestamp=False)
    source_name = font["name"].getDebugName(4) or source.name
    cmap = font.getBestCmap()
    wanted = sorted({c for c in unicodes if c in cmap})

    options = subset.Options()
    options.layout_features = [*BASE_FEATURES, *(["locl"] if regional_forms else [])]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.drop_tables += ["BASE"]  # baselines only matter for mixed vertical layout
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)

    if "glyf" not in font:
        _cff_to_glyf(font, max_err)
    _rename(font, family, style, f"Subset of {source_name}, TrueType outlines, made by badgepress.")
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(out))
    return SubsetResult(out, len(font.getGlyphOrder()), out.stat().st_size)


# HarfBuzz's default subset features are exactly those its shaper may apply on its own; the
# vertical-writing ones are dropped (badges are horizontal; they only add glyphs). ``vjmo``
# stays: it is Hangul jamo composition, not vertical writing.
_VERTICAL_FEATURES = ("valt", "vchw", "vert", "vhal", "vkrn", "vpal", "vrt2")
# Tables useless once outlines are TrueType and text is horizontal.
_DROPPED_TABLES = ("BASE", "VORG", "vhea", "vmtx", "VVAR")


def _tag(tag: str) -> int:
    return int.from_bytes(tag.encode("ascii"), "big")


@dataclass(frozen=True, slots=True)
class Converted:
    """What :func:`convert_for_drawing` made: the font file's bytes and a digest naming them."""

    data: bytes
    digest: str  # 12 hex digits, a function of the source glyphs and tables kept


def convert_for_drawing(
    source: Path, unicodes: Iterable[int], *, face_index: int = 0, max_err: float = 1.0
) -> Converted:
    """A TrueType font holding the glyphs ``source`` uses for ``unicodes``.

    HarfBuzz's subsetter keeps every glyph its shaper can reach from those characters (ligatures,
    ``locl`` regional forms, Hangul jamo, contextual forms) and the GSUB/GPOS/GDEF lookups
    between them, so shaping the result gives the same glyphs and positions as shaping the
    source, minus vertical-writing features. Variable (CFF2) faces are pinned to their default
    instance. Outlines are converted as in :func:`subset_to_truetype` (``max_err`` in font
    units). Names and ``head`` timestamps are kept from the source, so equal inputs give equal
    bytes. The PostScript name gets the digest as a suffix: reportlab names a PDF font's
    descriptor, file and ToUnicode objects after it, so two copies of one face with the same
    name would share one font file in the PDF and print wrong glyphs. Code points the face does
    not map are ignored. Raises ``ValueError`` if HarfBuzz cannot subset the face.
    """
    face = hb.Face(hb.Blob.from_file_path(str(source)), face_index)
    inp = hb.SubsetInput()
    inp.unicode_set.update(sorted(set(unicodes)))
    features = inp.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG)
    for tag in _VERTICAL_FEATURES:
        features.discard(_tag(tag))
    inp.sets(hb.SubsetInputSets.DROP_TABLE_TAG).update(_tag(t) for t in _DROPPED_TABLES)
    inp.flags = hb.SubsetFlags.NO_HINTING
    if "fvar" in face.table_tags:
        inp.pin_all_axes_to_default(face)
    subsetted = hb.subset(face, inp)
    if subsetted is None:
        raise ValueError(f"HarfBuzz could not subset {source}#{face_index}")
    data = bytes(subsetted.blob.data)
    # The subset and the tolerance fully determine the converted font, so hashing them names it
    # before it is made (one save, not two).
    digest = hashlib.sha1(data + repr(max_err).encode()).hexdigest()[:12]
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    names = font["name"]
    postscript = (names.getDebugName(6) or source.stem).replace(" ", "")[:50]
    names.removeNames(nameID=6)
    names.setName(f"{postscript}-{digest}", 6, 3, 1, 0x409)
    if "glyf" not in font:
        _cff_to_glyf(font, max_err)
    out = io.BytesIO()
    font.save(out)
    return Converted(out.getvalue(), digest)
