"""A small CFF-outline (.otf) test font, built from the shipped TrueType CJK font.

No CFF CJK font is installed on CI machines, and the real ones are 20 MB. This font has a few
ASCII letters, 田 太 郎, and maps 𠮷 (U+20BB7) and 堃 (U+5803), which the shipped fonts lack,
to the outlines of 吉 and 坤. Its GSUB has an ``f i`` ligature and its GPOS kerns ``A V``, so
tests can check that converted copies keep layout features.
"""

from __future__ import annotations

from pathlib import Path

from fontTools.feaLib.builder import addOpenTypeFeaturesFromString
from fontTools.fontBuilder import FontBuilder
from fontTools.misc.timeTools import timestampFromString
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "fonts" / "NotoSansCJK-Common-Regular.ttf"
FAMILY = "Test CFF Sans"
RARE = "\U00020BB7"  # 𠮷, outside every shipped font
RARE2 = "\u5803"  # 堃, outside every shipped font
LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz .-"
# code point in the test font -> code point whose outline it borrows from SOURCE
BORROWED = {ord(RARE): 0x5409, ord(RARE2): 0x5764}
KERN_AV = -80  # font units


def build_cff_font(out: Path, *, style: str = "Regular", weight: int = 400) -> Path:
    """Write the test font to ``out`` (a .otf) and return ``out``."""
    src = TTFont(SOURCE)
    src_cmap = src.getBestCmap()
    glyphs = src.getGlyphSet()
    hmtx = src["hmtx"]
    mapping = {ord(c): ord(c) for c in LATIN + "田太郎"} | BORROWED
    order = [".notdef"]
    cmap: dict[int, str] = {}
    charstrings = {}
    metrics: dict[str, tuple[int, int]] = {}

    def add(name: str, parts: list[tuple[str, int]]) -> None:
        """Glyph ``name`` drawn from source glyphs ``parts``, each shifted right by dx units."""
        width = sum(hmtx[p][0] for p, _ in parts)
        pen = T2CharStringPen(width, None)
        bounds = BoundsPen(None)
        for part, dx in parts:
            glyphs[part].draw(TransformPen(pen, (1, 0, 0, 1, dx, 0)))
            glyphs[part].draw(TransformPen(bounds, (1, 0, 0, 1, dx, 0)))
        if name != ".notdef":
            order.append(name)
        charstrings[name] = pen.getCharString()
        metrics[name] = (width, int(bounds.bounds[0]) if bounds.bounds else 0)

    add(".notdef", [(".notdef", 0)])
    for cp, from_cp in sorted(mapping.items()):
        name = f"u{cp:04X}"
        add(name, [(src_cmap[from_cp], 0)])
        cmap[cp] = name
    f_name, i_name = src_cmap[ord("f")], src_cmap[ord("i")]
    add("f_i", [(f_name, 0), (i_name, hmtx[f_name][0])])

    fb = FontBuilder(1000, isTTF=False)
    stamp = timestampFromString("Mon Jan  1 00:00:00 2024")  # fixed: reproducible bytes
    fb.updateHead(created=stamp, modified=stamp)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap(cmap)
    ps_name = f"{FAMILY.replace(' ', '')}-{style}"
    fb.setupCFF(ps_name, {"FullName": f"{FAMILY} {style}"}, charstrings, {})
    fb.setupHorizontalMetrics(metrics)
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": FAMILY, "styleName": style, "psName": ps_name,
                       "fullName": f"{FAMILY} {style}"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, sTypoLineGap=0, usWinAscent=1000,
                usWinDescent=200, usWeightClass=weight, version=4, fsSelection=0x40 | 0x80)
    fb.setupPost()
    addOpenTypeFeaturesFromString(fb.font, f"""
        languagesystem DFLT dflt; languagesystem latn dflt; languagesystem hani dflt;
        feature liga {{ sub u0066 u0069 by f_i; }} liga;
        feature kern {{ pos u0041 u0056 {KERN_AV}; }} kern;
    """)
    out.parent.mkdir(parents=True, exist_ok=True)
    fb.save(str(out))
    return out
