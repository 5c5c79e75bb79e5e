#!/usr/bin/env python3
"""Build the shipped CJK fonts ``fonts/NotoSansCJK-Common-{Regular,Bold}.ttf``.

reportlab only draws TrueType (``glyf``) outlines, while Noto Sans CJK is distributed as CFF
inside a ~20 MB TrueType Collection. For each weight this tool takes one regional face of the
Debian ``fonts-noto-cjk`` collection (default: index 2, Simplified Chinese), subsets it to the
characters most CJK names are written with (:func:`common_charset`: GB 2312, JIS X 0208 kanji,
Big5 level 1, CP932 extension kanji, KS X 1001 Hangul, kana, CJK punctuation, fullwidth forms,
ASCII) and converts it to
TrueType with :func:`badgepress.text.cff2ttf.subset_to_truetype` (layout features kept, hinting and
vertical tables dropped, renamed "Noto Sans CJK Common").

The output is deterministic: the character set is enumerated from Python's codecs in
code-point order and the ``head`` timestamps are copied from the source font.

Usage::

    python tools/build_cjk_font.py        # /usr/share/fonts/opentype/noto -> fonts/
    python tools/build_cjk_font.py --source-dir DIR --face sc --out-dir fonts --jobs 2
"""

from __future__ import annotations

import argparse
import concurrent.futures
import sys
import time
import unicodedata
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))  # run from a checkout without installing

from badgepress.text.cff2ttf import SubsetResult, subset_to_truetype  # noqa: E402

DEFAULT_SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
FAMILY = "Noto Sans CJK Common"
WEIGHTS = ("Regular", "Bold")

# Index of each regional face inside NotoSansCJK-*.ttc (fonts-noto-cjk 1:20220127). All faces
# share one glyph set; they differ in which regional glyph each code point maps to.
FACES = {"jp": 0, "kr": 1, "sc": 2, "tc": 3, "hk": 4}

# Punctuation used in CJK-script names outside the CJK blocks: the middle dot between the parts
# of a transliterated foreign name (阿卜杜拉·穆罕默德), dashes, quotes, ellipsis.
EXTRA_PUNCTUATION = "\u00b7\u2010\u2013\u2014\u2015\u2018\u2019\u201c\u201d\u2025\u2026\u203b"


_EUC_CELLS = range(0xA1, 0xFF)


def _decode_rows(codec: str, rows: range, cells: Iterable[int] = _EUC_CELLS) -> set[int]:
    """Code points of every valid two-byte sequence (row, cell) of ``codec``."""
    found: set[int] = set()
    cells = list(cells)
    for row in rows:
        for cell in cells:
            try:
                text = bytes((row, cell)).decode(codec)
            except UnicodeDecodeError:
                continue  # unassigned cell, e.g. the tail of GB 2312 row 55
            if len(text) == 1:
                found.add(ord(text))
    return found


def gb2312_hanzi() -> set[int]:
    """GB 2312 levels 1 and 2 (rows 16-87): the 6,763 everyday Simplified Chinese hanzi."""
    return _decode_rows("gb2312", range(0xB0, 0xF8))


def jis_x0208_kanji() -> set[int]:
    """JIS X 0208 levels 1 and 2 (rows 16-84): the 6,355 kanji of everyday Japanese."""
    return _decode_rows("euc_jp", range(0xB0, 0xF5))


def ks_x1001_hangul() -> set[int]:
    """KS X 1001 rows 16-40: the 2,350 precomposed Hangul syllables of everyday Korean."""
    return _decode_rows("euc_kr", range(0xB0, 0xC9))


def big5_level1_hanzi() -> set[int]:
    """Big5 level 1 (0xA440-0xC67E): the 5,401 common Traditional Chinese hanzi. Most are
    already in GB 2312/JIS X 0208 by code point; the ~480 that are not include the frequent
    Taiwanese surnames 黃 and 吳.
    """
    cells = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    return {c for c in _decode_rows("big5", range(0xA4, 0xC7), cells) if 0x4E00 <= c <= 0x9FFF}


def cp932_extension_kanji() -> set[int]:
    """The NEC/IBM extension kanji of Windows Shift_JIS (rows 0xED-0xEE, 0xFA-0xFC): variant
    forms common in Japanese family names, such as 髙 (髙橋) and 﨑 (山﨑).
    """
    cells = [*range(0x40, 0x7F), *range(0x80, 0xFD)]
    rows = [*range(0xED, 0xEF), *range(0xFA, 0xFD)]
    found: set[int] = set()
    for row in rows:
        found |= _decode_rows("cp932", range(row, row + 1), cells)
    return {c for c in found if unicodedata.category(chr(c)) == "Lo"}


def common_charset() -> set[int]:
    """Every code point the shipped font aims to cover."""
    chars: set[int] = set(range(0x20, 0x7F))  # ASCII: romanised parts share the CJK font
    chars |= gb2312_hanzi() | jis_x0208_kanji() | ks_x1001_hangul()
    chars |= big5_level1_hanzi() | cp932_extension_kanji()
    chars |= set(range(0x3000, 0x3040))  # CJK symbols and punctuation (、。「」々〆)
    chars |= set(range(0x3040, 0x3100))  # hiragana and katakana (with ・ and ー)
    chars |= set(range(0x31F0, 0x3200))  # katakana phonetic extensions (Ainu)
    chars |= set(range(0xFF00, 0xFFF0))  # fullwidth ASCII, halfwidth katakana and Hangul
    chars |= {ord(c) for c in EXTRA_PUNCTUATION}
    return chars


def build(
    source: Path, face: int, weight: str, out: Path, max_err: float
) -> tuple[SubsetResult, float]:
    """Build one weight; return what was written and the seconds it took."""
    started = time.perf_counter()
    result = subset_to_truetype(
        source, out, common_charset(), face_index=face, family=FAMILY, style=weight,
        max_err=max_err,
    )
    return result, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description="Build fonts/NotoSansCJK-Common-*.ttf.")
    parser.add_argument("--source-dir", type=Path, default=DEFAULT_SOURCE_DIR,
                        help="directory holding NotoSansCJK-{Regular,Bold}.ttc")
    parser.add_argument("--face", choices=sorted(FACES), default="sc",
                        help="regional face whose glyph shapes are used (default: sc)")
    parser.add_argument("--out-dir", type=Path, default=REPO / "fonts")
    parser.add_argument("--max-err", type=float, default=1.0,
                        help="cubic-to-quadratic tolerance in font units (default 1.0 of 1000/em)")
    parser.add_argument("--jobs", type=int, default=2, help="weights built in parallel")
    args = parser.parse_args(argv)

    sources = {w: args.source_dir / f"NotoSansCJK-{w}.ttc" for w in WEIGHTS}
    missing = [str(p) for p in sources.values() if not p.is_file()]
    if missing:
        print(f"error: not found: {', '.join(missing)} (install fonts-noto-cjk)", file=sys.stderr)
        return 1
    print(f"character set: {len(common_charset())} code points (GB 2312 {len(gb2312_hanzi())}, "
          f"JIS X 0208 kanji {len(jis_x0208_kanji())}, KS X 1001 Hangul {len(ks_x1001_hangul())}, "
          f"Big5 level 1 {len(big5_level1_hanzi())}, CP932 extensions "
          f"{len(cp932_extension_kanji())})")
    started = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        jobs = [
            pool.submit(build, sources[w], FACES[args.face], w,
                        args.out_dir / f"NotoSansCJK-Common-{w}.ttf", args.max_err)
            for w in WEIGHTS
        ]
        for job in jobs:
            result, seconds = job.result()
            print(f"{result.path}: {result.glyphs} glyphs, {result.size / 1e6:.2f} MB, "
                  f"{seconds:.1f} s")
    print(f"total {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
