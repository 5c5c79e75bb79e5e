"""The shape-once fast path (LineShaper) gives exactly what shaping each line alone gives."""

from __future__ import annotations

import pytest

from badgepress.text.fit import FitBox, fit
from badgepress.text.fonts import FontBook
from badgepress.text.linebreak import options
from badgepress.text.shaping import LineShaper, shape_line

NAMES = [
    # Latin: kerning pairs on both sides of spaces, particles, hyphens, accents, ligatures
    "AV AT", "LTA VAT AWAY", "Tom Van Waveren", "Yves Toulouse", "Ta Te To Ty Wa We Wo",
    "Maria Magdalena van der Heijden-Vermeulen", "José María\nde la Cruz Fernández",
    "Ana Nagy-Kovács", "Bartholomew Featherstonehaugh-Cholmondeley", "P. J. O'Rourke",
    "office ffi fl", "Łukasz Żółć", "Nguyễn Thị Minh Khai", "x\u0301y \u0301z", "Jo Yu",
    "Hubert Blaine Wolfeschlegelsteinhausenbergerdorff",
    # Greek, Cyrillic
    "Σωκράτης Παπαδόπουλος", "Χαρά Αβραάμ-Λάμπρου", "Анна Павлова", "Ярослав Иван-Петров",
    # Arabic, Hebrew, mixed direction
    "محمد عبد الله الهاشمي", "عبد الرحمن بن سلمان آل سعود", "دוד כהן", "דוד בן גוריון",
    "علي (Ali) 2024", "Ali علي", "שרה Levi", "محمد 12 علي",
    # Devanagari, Tamil, Bengali, Thai
    "प्रियंका चोपड़ा जोनस", "मोहनदास करमचंद गांधी", "முத்துலட்சுமி சுப்பிரமணியன்", "ராஜா ரவி வர்மா",
    "সৌমিত্র চট্টোপাধ্যায়", "สมชาย ใจดี มาก",
    # CJK, and scripts mixed in one font or across fonts
    "山田 太郎", "张伟\n王芳", "김 민준", "さくら 山田", "Ana 张伟", "Tanaka 太郎", "Иван Smith",
    "Pierre 😀 Dupont",
]


@pytest.fixture(scope="module")
def book() -> FontBook:
    return FontBook()


@pytest.mark.parametrize("font", ["Noto Sans Bold", "Noto Sans"])
def test_fast_path_matches_shaping_each_line(book, font):
    chain = book.chain(font)
    fast = slow = 0
    for name in NAMES:
        opts = options(name, 3)
        shaper = LineShaper(opts[0].lines[0], chain)
        for opt in opts:
            for line in opt.lines:
                plain = shape_line(line, chain)
                assert shaper.metrics(line) == plain.metrics, (name, line)
                assert shaper.shaped(line) == plain, (name, line)
                if shaper._line(line) is None:
                    slow += 1
                else:
                    fast += 1
    # The fast path is really taken for most lines, and the fallback for some.
    assert fast > 3 * slow > 0


def test_fit_is_the_same_as_with_plain_shaping(book):
    chain = book.chain("Noto Sans Bold")
    for box in (FitBox(226.8, 68.0, 12, 40), FitBox(120.0, 40.0, 12, 40, condense_min=0.9)):
        for name in NAMES:
            opts = options(name, 2)
            shaper = LineShaper(opts[0].lines[0], chain)
            assert fit(opts, shaper.metrics, box) == \
                fit(opts, lambda line: shape_line(line, chain).metrics, box), name


def test_unsafe_break_falls_back_to_shaping_the_line(book):
    chain = book.chain("Noto Sans Bold")
    # "fi" ligates: the text cannot be broken between f and i, so a line ending there (not
    # one a break option gives, but measure() accepts any piece of the text) is shaped alone.
    shaper = LineShaper("office", chain)
    assert shaper._line("of") is None
    assert shaper.metrics("of") == shape_line("of", chain).metrics
