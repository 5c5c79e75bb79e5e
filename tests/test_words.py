"""Word-by-word shaping (words.py) gives exactly what shaping each line whole gives, and is
used only where the font cannot act across a space (spaces.py)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fontTools.feaLib.builder import addOpenTypeFeaturesFromString
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

from badgepress.plan.planner import Planner
from badgepress.sheet.layout import load_layout
from badgepress.text.fonts import FontBook
from badgepress.text.linebreak import options
from badgepress.text.shaping import shape_line
from badgepress.text.spaces import space_is_inert
from badgepress.text.words import Lines, WordShaper
from tests.test_shaping_fast import NAMES

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "fonts"


def _script_names() -> list[str]:
    with (ROOT / "tests" / "scripts" / "names.csv").open(encoding="utf-8") as f:
        return [f"{row['First Name']} {row['Last Name']}" for row in csv.DictReader(f)]


EDGES = [
    "x\u0301y \u0301z",  # a word starting with a combining mark: it would join the space
    "J.\u200dK. Rowling", "Ana \u200dLi",  # joiners inside and at the start of a word
    "Zoë  Müller",  # two spaces: an empty word
    "123 456",  # no letter: HarfBuzz has no script to guess
    "Ana 😀 Li",  # a character the primary font lacks
    "office fi", "AV AT", "Wa We",  # ligatures and kerning inside words
]


@pytest.fixture(scope="module")
def book() -> FontBook:
    return FontBook()


@pytest.mark.parametrize("font", ["Noto Sans Bold", "Noto Sans"])
def test_word_shaping_matches_shaping_each_line(book, font):
    chain = book.chain(font)
    words = WordShaper(chain, warmup=0)
    used = whole = 0
    for name in NAMES + _script_names() + EDGES:
        for opt in options(name, 3):
            for line in opt.lines:
                plain = shape_line(line, chain)
                metrics = words.metrics(line)
                shaped = words.shaped(line)
                if metrics is None:
                    assert shaped is None, line
                    whole += 1
                    continue
                assert metrics == plain.metrics, line
                assert shaped == plain, line
                used += 1
    # Most lines of these names are in the primary font and built from words; many are not.
    assert used > whole > 50


@pytest.mark.parametrize("line", [
    "x\u0301y \u0301z", "Ana \u200dLi", "Zoë  Müller", "123 456", "Ana 😀 Li", "علي Ali",
    "Ali علي", "प्रियंका चोपड़ा", "山田 太郎",
])
def test_lines_it_cannot_prove_are_left_to_whole_shaping(book, line):
    words = WordShaper(book.chain("Noto Sans Bold"), warmup=0)
    assert words.metrics(line) is None
    assert words.shaped(line) is None


def test_lines_in_one_font_with_an_inert_space_are_built_from_words(book):
    words = WordShaper(book.chain("Noto Sans Bold"), warmup=0)
    for line in ["Maria Magdalena van der Heijden-", "AV AT", "Nguyễn Thị Ánh", "Анна Павлова",
                 # fallback fonts whose space is inert; right to left, words in reverse order
                 "ராஜா ரவி வர்மா", "สมชาย ใจดี", "محمد عبد الله الهاشمي", "דוד בן גוריון"]:
        assert words.metrics(line) is not None, line
        assert words.shaped(line) == shape_line(line, words.chain), line


def test_warmup_leaves_the_first_lines_to_whole_shaping(book):
    words = WordShaper(book.chain("Noto Sans Bold"), warmup=2)
    assert words.metrics("Ana Li") is None
    assert words.metrics("Ana Li") is None
    assert words.metrics("Ana Li") is not None


def test_planner_plans_the_same_with_and_without_word_shaping(book):
    def plans(warmup: int) -> list[object]:
        planner = Planner(load_layout("a4-90x55-8up"), book)
        for name in planner._lines:
            planner._lines[name] = Lines(planner.chains[name], warmup=warmup)
        spec = next(f for f in planner.layout.fields if f.name == "name")
        out = []
        for name in NAMES + _script_names():
            fitted, shaped, missing = planner._fit(spec, name)
            out.append((fitted, shaped, missing))
        return out

    assert plans(0) == plans(10**9)


# --- spaces.py: when is a font's space inert? ---------------------------------------------

def _font(tmp_path: Path, fea: str) -> Path:
    """A tiny TrueType font with glyphs A, V, T and space, and the OpenType features ``fea``."""
    names = [".notdef", "space", "A", "V", "T", "acutecomb"]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({0x20: "space", 0x41: "A", 0x56: "V", 0x54: "T", 0x301: "acutecomb"})
    glyphs = {}
    for name in names:
        pen = TTGlyphPen(None)
        if name not in (".notdef", "space"):
            pen.moveTo((50, 0))
            pen.lineTo((300, 700))
            pen.lineTo((550, 0))
            pen.closePath()
        glyphs[name] = pen.glyph()
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics({n: (600, 50) for n in names})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Space Test", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    if fea:
        addOpenTypeFeaturesFromString(fb.font, fea)
    path = tmp_path / f"space-test-{abs(hash(fea))}.ttf"
    fb.save(str(path))
    return path


@pytest.mark.parametrize(("fea", "inert"), [
    ("", True),
    ("feature kern { pos A V -80; } kern;", True),
    ("feature kern { pos T space -40; } kern;", False),
    ("feature kern { pos space A -40; } kern;", False),
    # class kerning: space is in no class, so it is class 0, which must stay unkerned
    ("@L = [A T]; @R = [V]; feature kern { pos @L @R -50; } kern;", True),
    ("@L = [A T]; @R = [V space]; feature kern { pos @L @R -50; } kern;", False),
    ("feature liga { sub A space by V; } liga;", False),
    ("feature calt { sub A' space by V; } calt;", False),
    ("feature calt { sub A' V by T; } calt;", True),
    # a lookup that skips base glyphs could match across a space
    ("table GDEF { GlyphClassDef [A V T space], , [acutecomb], ; } GDEF;"
     "feature mark { lookup m { lookupflag IgnoreBaseGlyphs; sub acutecomb acutecomb by T; } m; }"
     " mark;", False),
])
def test_space_is_inert(tmp_path, fea, inert):
    assert space_is_inert(_font(tmp_path, fea)) is inert


def test_class_kerning_of_unlisted_glyphs_counts(tmp_path):
    # Class 0 of a pair's second class definition is every glyph not listed, space included:
    # a value there kerns "A" before a space although no rule names the space.
    path = _font(tmp_path, "@L = [A T]; @R = [V]; feature kern { pos @L @R -50; } kern;")
    font = TTFont(path)
    pair = font["GPOS"].table.LookupList.Lookup[0].SubTable[0]
    assert pair.Format == 2 and "space" not in pair.ClassDef2.classDefs
    value = pair.Class1Record[-1].Class2Record[0].Value1
    value.XAdvance = -30
    font.save(str(path))
    space_is_inert.cache_clear()
    assert not space_is_inert(path)


def test_shipped_fonts_space(tmp_path):
    assert space_is_inert(FONTS / "NotoSans-Bold.ttf")
    assert space_is_inert(FONTS / "NotoSans-Regular.ttf")
    assert not space_is_inert(FONTS / "NotoSansDevanagari-Bold.ttf")  # positions around spaces
    assert not space_is_inert(FONTS / "NotoSansCJK-Common-Bold.ttf")  # full-width spaces


def test_whole_font_is_the_font_itemize_sets_a_text_in(book):
    chain = book.chain("Noto Sans Bold")
    texts = NAMES + _script_names() + EDGES + ["(Ali)", "ராஜா (Raja)", "山田 さくら", "Ω ω", "𠮷田"]
    for text in texts:
        for line in {line for opt in options(text, 2) for line in opt.lines}:
            assert chain.whole_font(line) is chain.font_for(line, system=False), line


def test_recent_keeps_what_is_asked_for_again_when_the_rest_is_dropped():
    from badgepress.text.words import _MISSING, _Recent

    cache: _Recent[str, int] = _Recent(3)
    cache.put("Maria", 1)
    assert cache.get("Maria") == 1  # asked again: kept
    for i in range(10):  # a stream of names seen once
        cache.put(f"name{i}", i)
    assert cache.get("Maria") == 1
    assert cache.get("name0") is _MISSING  # dropped with the young
    assert cache.get("name9") == 9
    cache.put("none", None)  # None is a value, not a miss
    assert cache.get("none") is None


def test_the_pdf_is_the_same_byte_for_byte_with_and_without_word_shaping(tmp_path, monkeypatch):
    from badgepress.cli import main
    from badgepress.text import words as words_module

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = {}
    for warmup in (0, 10**9):
        monkeypatch.setattr(words_module, "WARMUP_LINES", warmup)
        pdf = tmp_path / f"w{warmup}.pdf"
        assert main(["build", str(ROOT / "tests" / "scripts" / "names.csv"), "-o", str(pdf)],
                    out=io.StringIO(), err=io.StringIO()) == 0
        out[warmup] = pdf.read_bytes()
    assert out[0] == out[10**9]
