"""Exact fitting cases with a fake measurer: 0.5 em per character, caps ink 0.7 em high."""

import pytest

from badgepress.text.fit import FitBox, LineMetrics, fit, largest_size
from badgepress.text.linebreak import options


def fake(line: str) -> LineMetrics:
    w = 0.5 * len(line)
    return LineMetrics(advance=w, ink_x0=0.0, ink_y0=0.0, ink_x1=w, ink_y1=0.7)


def test_closed_form_width_bound():
    box = FitBox(100, 100, 5, 50)
    # 10 chars = 5 em wide -> 20 pt; height 0.7 em never binds here
    assert largest_size([fake("abcdefghij")], box) == 20.0


def test_closed_form_height_bound_and_max():
    assert largest_size([fake("ab")], FitBox(1000, 14, 5, 50)) == 20.0
    assert largest_size([fake("ab")], FitBox(1000, 1000, 5, 50)) == 50.0


def test_rounds_down_to_the_grid():
    # 3 chars = 1.5 em; 100/1.5 = 66.666.. -> 66.66, never 66.67
    assert largest_size([fake("abc")], FitBox(100, 1000, 5, 80)) == 66.66


def test_two_lines_when_larger():
    box = FitBox(100, 40, 5, 40)
    got = fit(options("Aaaaa Bbbbbbbb", 2), fake, box)
    assert got.lines == ("Aaaaa", "Bbbbbbbb")
    assert got.status == "two-lines"
    # block: 0.7 + 1.1 pitch = 1.8 em -> 40/1.8 = 22.22; width 4 em -> 25
    assert got.size == 22.22


def test_one_line_wins_ties():
    got = fit(options("Ana Li", 2), fake, FitBox(1000, 1000, 5, 40))
    assert got.lines == ("Ana Li",) and got.size == 40 and got.status == "fit"


def test_condensed_within_limit_then_overflow_set_smaller():
    box = FitBox(100, 20, 10, 20, condense_min=0.8)
    got = fit(options("abcdefghijklmnopqrstu", 1), fake, box)  # 10.5 em: 9.52 pt
    assert got.status == "condensed" and got.size == 10
    assert got.hscale == pytest.approx(0.952)
    got = fit(options("abcdefghijklmnopqrstuvwxyzabcdef", 1), fake, box)  # 16 em
    assert got.status == "overflow" and got.hscale == 0.8
    assert got.size * 16 * 0.8 <= 100 and got.size < 10


def test_placement_centres_ink_block_and_stays_in_box():
    box = FitBox(100, 40, 5, 40)
    got = fit(options("Aaaaa Bbbbbbbb", 2), fake, box)
    (_x1, y1), (x2, y2) = got.origins
    assert y1 > y2
    assert x2 == pytest.approx((100 - 4 * got.size) / 2)
    top = y1 + 0.7 * got.size
    assert top == pytest.approx(40 - (40 - got.height) / 2)
    assert y2 >= 0


def test_empty_text():
    assert fit([], fake, FitBox(10, 10, 1, 2)) is None


def test_each_line_grows_to_its_own_width_limit():
    # "Jo" is 1 em, "Wolfeschlegel" 6.5 em: shared size 100/6.5 = 15.38 for both lines
    shared = fit(options("Jo Wolfeschlegel", 2), fake, FitBox(100, 1000, 5, 80))
    assert shared.lines == ("Jo", "Wolfeschlegel") and shared.line_sizes == (15.38, 15.38)
    got = fit(options("Jo Wolfeschlegel", 2), fake, FitBox(100, 1000, 5, 80, per_line=True))
    assert got.lines == shared.lines and got.status == "two-lines"
    assert got.line_sizes == (80.0, 15.38) and got.size == 80.0


def test_each_line_grows_only_as_far_as_the_height_allows():
    box = FitBox(100, 40, 5, 40, per_line=True)
    got = fit(options("Jo Wolfeschlegel", 2), fake, box)
    # the second line keeps 15.38; pitch 1.1 x 15.38 = 16.918, so the first line's cap height
    # 0.7 x s may take the rest of 40: s <= 32.974 -> 32.97
    assert got.line_sizes == (32.97, 15.38)
    assert got.height <= 40 + 1e-9
    x0, y0, x1, y1 = got.block
    assert x0 >= 0 and y0 >= -1e-9 and x1 <= 100 + 1e-9 and y1 <= 40 + 1e-9
    # the first line's cap top touches the top of the block, the second's baseline its bottom
    (_, b1), (_, b2) = got.origins
    assert b1 + 0.7 * 32.97 == pytest.approx(y1)
    assert b2 == pytest.approx(y0)


def test_per_line_never_smaller_than_shared_and_one_line_unchanged():
    for text in ("Ana Li", "Maria Magdalena Wolfe", "Aaaaaaaa Bbbbbbbb", "Jo Wolfeschlegelstein"):
        for w, h in ((100, 40), (200, 30), (60, 80)):
            shared = fit(options(text, 2), fake, FitBox(w, h, 5, 40))
            each = fit(options(text, 2), fake, FitBox(w, h, 5, 40, per_line=True))
            assert each.lines == shared.lines
            assert all(a >= b for a, b in zip(each.line_sizes, shared.line_sizes, strict=True))
            assert each.height <= h + 1e-9
            assert all(fake(line).width * s <= w + 1e-9
                       for line, s in zip(each.lines, each.line_sizes, strict=True))


def test_each_line_grows_when_the_long_one_is_condensed():
    box = FitBox(100, 40, 10, 20, condense_min=0.8)
    shared = fit(options("Jo Abcdefghijklmnopqrstu", 2), fake, box)
    assert shared.status == "condensed" and shared.line_sizes == (10, 10)
    assert shared.hscale == pytest.approx(0.952)
    got = fit(options("Jo Abcdefghijklmnopqrstu", 2), fake,
              FitBox(100, 40, 10, 20, condense_min=0.8, per_line=True))
    # "Jo" is 1 em: it reaches size.max at the field's one horizontal scale; the long line
    # stays at the minimum, condensed exactly as much as with one size
    assert got.status == "condensed" and got.hscale == shared.hscale
    assert got.line_sizes == (20.0, 10.0)
    assert got.block[2] - got.block[0] <= 100 + 1e-9 and got.height <= 40 + 1e-9
