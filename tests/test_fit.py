"""Exact fitting cases with a fake measurer: 0.5 em per character, caps ink 0.7 em high."""

import pytest

from badgepress.fit import FitBox, LineMetrics, fit, largest_size
from badgepress.linebreak import options


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
