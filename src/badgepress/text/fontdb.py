"""Font discovery and coverage: which font files exist, what they are called, what they cover.

fontTools reads names lazily (name, OS/2 and head are the tables read) and HarfBuzz reads
cmaps, so a whole run can afford to call :func:`discover` on the shipped fonts plus the system
font directories. Results are cached per (path, mtime, size), so repeated calls are nearly
free.

:data:`BADGE_SCRIPTS` is the list of scripts badgepress promises to print out of the box, each
with a sample of the characters a name in that script uses; ``badgepress fonts`` reports which
of them the discovered fonts cover (:func:`format_coverage`).
"""

from __future__ import annotations

import functools
import os
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import uharfbuzz as hb
from fontTools import unicodedata as ft_unicodedata
from fontTools.ttLib import TTCollection, TTFont

from badgepress.errors import FontError

FONT_SUFFIXES = frozenset({".ttf", ".otf", ".ttc", ".otc"})
DEFAULT_MIN_FRACTION = 0.95  # share of a script's sample a face must map to "cover" it


@dataclass(frozen=True, slots=True)
class FontFace:
    """One face of a font file (a .ttc holds several)."""

    path: Path
    index: int  # face number within a .ttc/.otc, else 0
    family: str  # typographic family (name ID 16, else 1), e.g. "Noto Sans Arabic"
    style: str  # typographic subfamily (name ID 17, else 2), e.g. "Bold"
    weight: int  # OS/2 usWeightClass: 400 regular, 700 bold
    italic: bool
    full_name: str  # name ID 4, e.g. "Noto Sans Bold"
    truetype: bool  # glyf outlines, which reportlab draws
    cff: bool = False  # CFF or CFF2 outlines: usable, converted to TrueType on demand

    @property
    def usable(self) -> bool:
        """Whether badgepress can draw the face: TrueType, or CFF converted on demand (not a
        bitmap-only face such as a colour emoji font).
        """
        return self.truetype or self.cff


@dataclass(frozen=True, slots=True)
class ScriptSample:
    """A script as a badge needs it: a human name, ISO 15924 code and characters to probe."""

    name: str  # "Latin", "Han (Chinese)", ...
    code: str  # ISO 15924, e.g. "Latn", "Hani"
    chars: frozenset[int]


def _sample(name: str, code: str, *parts: str | tuple[int, int]) -> ScriptSample:
    """Build a sample from literal strings and inclusive code-point ranges (unassigned skipped)."""
    chars: set[int] = set()
    for part in parts:
        if isinstance(part, str):
            chars.update(ord(c) for c in part if not c.isspace())
        else:
            chars.update(
                c for c in range(part[0], part[1] + 1) if unicodedata.category(chr(c)) != "Cn"
            )
    return ScriptSample(name, code, frozenset(chars))


# The scripts a badge must support. Samples are the letters (and vowel signs) names are spelled
# with, not whole Unicode blocks: a font is not "missing Cyrillic" for lacking Old Church
# Slavonic letters.
BADGE_SCRIPTS: tuple[ScriptSample, ...] = (
    _sample(
        "Latin", "Latn", (0x41, 0x5A), (0x61, 0x7A), (0xC0, 0xFF), (0x100, 0x17F),
        # Vietnamese: horn letters and the full block of stacked-diacritic letters.
        "ƠơƯư", (0x1EA0, 0x1EF9),
    ),
    _sample("Greek", "Grek", (0x391, 0x3A9), (0x3B1, 0x3C9), "ΆΈΉΊΌΎΏάέήίόύώϊϋΐΰ"),
    _sample("Cyrillic", "Cyrl", (0x400, 0x45F), "ҐґҒғҚқҢңҮүҰұҺһӘәӨө"),
    _sample("Arabic", "Arab", (0x621, 0x64A), "پچژگکیٹڈڑںہۃےۓ"),
    _sample("Hebrew", "Hebr", (0x5D0, 0x5EA)),
    _sample("Devanagari", "Deva", (0x905, 0x939), (0x93E, 0x94D)),
    _sample("Tamil", "Taml", (0xB85, 0xBB9), (0xBBE, 0xBCD)),
    _sample("Bengali", "Beng", (0x985, 0x9B9), (0x9BE, 0x9CD)),
    _sample("Thai", "Thai", (0xE01, 0xE3A), (0xE40, 0xE4E)),
    _sample(
        "Han (Chinese)", "Hani",
        # The most frequent Chinese surnames and given-name characters (all in GB 2312).
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
        "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎"
        "欧阳伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉鹏",
    ),
    _sample("Japanese kana", "Kana", (0x3041, 0x3096), (0x30A1, 0x30FA), "ー・"),
    _sample(
        "Hangul", "Hang",
        "김이박최정강조윤장임한오서신권황안송전홍유고문양손배백허남심노하곽성차주우구민류나진"
        "지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉"
        "준서연우현수영호희진은혜동훈성미경재",
    ),
)

# Scripts reported when a font covers them, but not promised for every install.
OTHER_SCRIPTS: tuple[ScriptSample, ...] = (
    _sample(
        "Han (Japanese)", "Hani",
        # Common kanji of Japanese names, most of them (辺 斎 鈴 沢 ...) absent from GB 2312.
        "渡辺斎藤鈴沢浜桜広恵亜奈美穂菜絵剛蔵瀬関崎",
    ),
    _sample(
        "Han (Traditional Chinese)", "Hani",
        "陳黃劉張楊吳蔡鄭謝許賴葉蘇鍾馮盧呂蕭廖傅羅韓鄧曾",
    ),
    _sample("Georgian", "Geor", (0x10D0, 0x10F0)),
    _sample("Armenian", "Armn", (0x531, 0x556), (0x561, 0x586)),
    _sample("Ethiopic", "Ethi", (0x1200, 0x1248)),
    _sample("Gujarati", "Gujr", (0xA85, 0xAB9), (0xABE, 0xACD)),
    _sample("Gurmukhi", "Guru", (0xA05, 0xA39), (0xA3E, 0xA4D)),
    _sample("Telugu", "Telu", (0xC05, 0xC39), (0xC3E, 0xC4D)),
    _sample("Kannada", "Knda", (0xC85, 0xCB9), (0xCBE, 0xCCD)),
    _sample("Malayalam", "Mlym", (0xD05, 0xD39), (0xD3E, 0xD4D)),
    _sample("Sinhala", "Sinh", (0xD85, 0xDC6), (0xDCF, 0xDDF)),
    _sample("Khmer", "Khmr", (0x1780, 0x17B3)),
    _sample("Lao", "Laoo", "ກຂຄງຈຊຍດຕຖທນບປຜຝພຟມຢຣລວສຫອຮ"),  # not the 2019 Pali letters
    _sample("Myanmar", "Mymr", (0x1000, 0x102A)),
)

ALL_SCRIPTS: tuple[ScriptSample, ...] = BADGE_SCRIPTS + OTHER_SCRIPTS


def script_of(ch: str) -> str:
    """ISO 15924 code of one character's script: "Latn", "Arab", ... ("Zyyy" for Common
    characters such as digits and spaces, "Zinh" for inherited combining marks).
    """
    return str(ft_unicodedata.script(ch))


def _name(font: TTFont, *ids: int) -> str:
    """First non-empty name record among ``ids`` (English preferred)."""
    table = font.get("name")
    if table is not None:
        for name_id in ids:
            value = table.getDebugName(name_id)
            if value:
                return str(value).strip()
    return ""


def _face(font: TTFont, path: Path, index: int) -> FontFace:
    os2 = font.get("OS/2")
    mac_style = font["head"].macStyle
    family = _name(font, 16, 1) or path.stem
    style = _name(font, 17, 2) or "Regular"
    return FontFace(
        path=path,
        index=index,
        family=family,
        style=style,
        weight=int(os2.usWeightClass) if os2 is not None else (700 if mac_style & 1 else 400),
        italic=bool(os2.fsSelection & 1) if os2 is not None else bool(mac_style & 2),
        full_name=_name(font, 4) or f"{family} {style}",
        truetype="glyf" in font,
        cff="CFF " in font or "CFF2" in font,
    )


@functools.lru_cache(maxsize=4096)
def _read_file(path: Path, mtime_ns: int, size: int) -> tuple[FontFace, ...]:
    """All faces of one file; the key includes mtime and size so edited files are re-read."""
    del mtime_ns, size  # only part of the cache key
    if path.suffix.lower() in {".ttc", ".otc"}:
        collection = TTCollection(str(path), lazy=True)
        try:
            return tuple(_face(f, path, i) for i, f in enumerate(collection.fonts))
        finally:
            collection.close()
    font = TTFont(str(path), lazy=True)
    try:
        return (_face(font, path, 0),)
    finally:
        font.close()


def _font_files(directory: Path) -> list[Path]:
    """Font files under ``directory``, recursively, in sorted order; symlinked dirs not followed
    (system font trees link into themselves).
    """
    found: list[Path] = []
    for root, dirs, files in os.walk(directory):
        dirs.sort()
        found.extend(
            Path(root) / f for f in sorted(files) if Path(f).suffix.lower() in FONT_SUFFIXES
        )
    return found


def read_one(path: Path) -> FontFace:
    """The (first) face of the font file ``path``, read by itself: a symlink is read as the
    file it points to, under its own name, and no other file of its folder is opened. Raises
    ``FontError`` for a missing or unreadable file.
    """
    try:
        stat = path.stat()
    except OSError:
        raise FontError(f"font file not found: {path}") from None
    if not path.is_file():
        raise FontError(f"font file not found: {path} is not a file")
    try:
        faces = _read_file(path, stat.st_mtime_ns, stat.st_size)
    except Exception:  # fontTools raises many error types on corrupt files
        raise FontError(f"{path} cannot be read as a font; name a .ttf, .otf or .ttc file",
                        path=None) from None
    if not faces:
        raise FontError(f"{path} holds no font")
    return faces[0]


def discover(dirs: Sequence[Path]) -> list[FontFace]:
    """Every face of every .ttf/.otf/.ttc/.otc file under ``dirs`` (searched recursively).

    Order is deterministic: directories in the order given (so :func:`find` prefers a face from
    an earlier directory), then by path and face index. A file reached twice is listed once.
    Unreadable or corrupt files are skipped silently; this is a search, not a validation.
    """
    faces: list[FontFace] = []
    seen: set[Path] = set()
    for directory in dirs:
        for path in _font_files(Path(directory)):
            try:
                real = path.resolve()
                if real in seen:
                    continue
                seen.add(real)
                stat = path.stat()
                faces.extend(_read_file(path, stat.st_mtime_ns, stat.st_size))
            except Exception:  # fontTools raises many error types on corrupt files
                continue
    return faces


@functools.lru_cache(maxsize=512)
def coverage(face: FontFace) -> frozenset[int]:
    """Code points the face's cmap maps to a glyph (read lazily and cached per face).

    Read with HarfBuzz, which picks the same cmap subtable as fontTools' ``getBestCmap`` but
    does not build the glyph order first: 5 ms instead of 0.3 s for a Noto Sans CJK face, which
    matters when the fallback chain walks the system's fonts.
    """
    return frozenset(hb.Face(hb.Blob.from_file_path(str(face.path)), face.index).unicodes)


@functools.cache
def needs_glyph(ch: str) -> bool:
    """False for characters HarfBuzz sets without a glyph of their own: whitespace, and
    default-ignorable format characters (ZWJ, ZWNJ, bidi marks, soft hyphen, variation
    selectors), so a font need not cover them. Remembered per character (a few hundred
    distinct per run; coverage checks on the fitting hot path ask again and again).
    """
    cp = ord(ch)
    return not (
        ch.isspace()
        or unicodedata.category(ch) == "Cf"
        or 0xFE00 <= cp <= 0xFE0F
        or 0xE0100 <= cp <= 0xE01EF
        or 0x180B <= cp <= 0x180F
        or cp == 0x034F
    )


@functools.lru_cache(maxsize=512)
def coverage_chars(cmap: frozenset[int]) -> frozenset[str]:
    """A cmap as a set of one-character strings, for :func:`chars_cover`."""
    return frozenset(map(chr, cmap))


def chars_cover(chars: frozenset[str], text: str) -> bool:
    """Whether a cmap, given as characters (:func:`coverage_chars`), has every character of
    ``text`` that needs a glyph. A text whose every character is mapped, the common case,
    costs one C call: this is on the fitting hot path.
    """
    return chars.issuperset(text) or not any(map(needs_glyph, set(text) - chars))


def covers(face: FontFace, text: str) -> bool:
    """Whether the face maps every character of ``text`` that needs a glyph."""
    return chars_cover(coverage_chars(coverage(face)), text)


def scripts_covered(
    face: FontFace,
    min_fraction: float = DEFAULT_MIN_FRACTION,
    scripts: Iterable[ScriptSample] = ALL_SCRIPTS,
) -> list[str]:
    """Human names of the ``scripts`` of which the face maps at least ``min_fraction`` of the
    sample characters, in the order of ``scripts`` (e.g. ["Latin", "Greek", "Cyrillic"]).
    """
    cmap = coverage(face)
    return [
        s.name for s in scripts if len(s.chars & cmap) >= min_fraction * len(s.chars)
    ]


def _words(text: str) -> list[str]:
    return text.casefold().replace("-", " ").split()


_REGULAR_WORDS = frozenset({"regular", "normal", "book", "roman", "plain"})


def find(faces: Sequence[FontFace], name: str) -> FontFace | None:
    """The face called ``name`` (case-insensitive), or None.

    Tried in order: the full name ("Noto Sans Bold"); family plus style words in any order
    ("Noto Sans Arabic Bold", "Noto Sans Bold Italic"; a bare family means its Regular face);
    the file name without extension ("NotoSans-Bold"). Among equal matches the first in
    ``faces`` wins, so list preferred directories first in :func:`discover`.
    """
    wanted = " ".join(_words(name))
    if not wanted:
        return None
    for face in faces:
        if " ".join(_words(face.full_name)) == wanted:
            return face
    words = wanted.split()
    best: tuple[int, FontFace] | None = None  # (family length in words, face)
    for face in faces:
        family = _words(face.family)
        if words[: len(family)] != family:
            continue
        rest = set(words[len(family) :])
        style = set(_words(face.style)) - _REGULAR_WORDS
        if rest - _REGULAR_WORDS != style:
            continue
        if best is None or len(family) > best[0]:
            best = (len(family), face)
    if best is not None:
        return best[1]
    key = name.casefold()
    return next((f for f in faces if f.path.stem.casefold() == key), None)


def _file_label(face: FontFace) -> str:
    is_collection = face.path.suffix.lower() in {".ttc", ".otc"}
    return f"{face.path.name}#{face.index}" if is_collection else face.path.name


def format_listing(
    faces: Sequence[FontFace], min_fraction: float = DEFAULT_MIN_FRACTION
) -> list[str]:
    """Lines for ``badgepress fonts``: one per face with full name, file, weight and scripts.

    CFF faces are marked: they are usable, but each run converts the glyphs it needs to
    TrueType first (milliseconds for a few characters, about a second for a whole small font).
    """
    rows = []
    for face in faces:
        scripts = ", ".join(scripts_covered(face, min_fraction)) or "-"
        note = ("" if face.truetype else "  [CFF: converted to TrueType on demand]" if face.cff
                else "  [no outlines: not usable]")
        rows.append((face.full_name, _file_label(face), str(face.weight), scripts + note))
    if not rows:
        return ["no fonts found"]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    return [
        f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]}" for r in rows
    ]


def badge_coverage(faces: Sequence[FontFace]) -> dict[str, list[FontFace]]:
    """For each of :data:`BADGE_SCRIPTS` (by name), the faces (TrueType or CFF) that cover it."""
    usable = [f for f in faces if f.usable]
    return {
        s.name: [f for f in usable if s.name in scripts_covered(f, scripts=(s,))]
        for s in BADGE_SCRIPTS
    }


def format_coverage(faces: Sequence[FontFace]) -> list[str]:
    """Lines saying, per badge script, which families cover it or that none does."""
    lines = []
    for script, covering in badge_coverage(faces).items():
        families = sorted({f.family for f in covering})
        status = ", ".join(families) if families else "NOT COVERED (install a font for it)"
        lines.append(f"{script + ':':<16} {status}")
    return lines
