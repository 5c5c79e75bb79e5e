"""Geometry invariants of every shipped layout, and the exact numbers of the promised ones."""

import itertools

import pytest

from badgepress.sheet.geometry import Rect
from badgepress.sheet.impose import plan_sheet
from badgepress.sheet.layout import load_layout
from badgepress.sheet.units import mm

from .conftest import SHIPPED


@pytest.fixture(params=SHIPPED)
def layout(request):
    return load_layout(request.param)


def test_badges_and_bleed_inside_the_sheet(layout):
    sheet = plan_sheet(layout)
    for slot in sheet.slots:
        assert sheet.media_box.contains(slot.bleed)
        assert slot.bleed.contains(slot.trim)
    assert sheet.media_box.contains(sheet.bleed_box)
    assert sheet.bleed_box.contains(sheet.trim_box)


def test_no_two_badges_overlap(layout):
    sheet = plan_sheet(layout)
    for a, b in itertools.combinations(sheet.slots, 2):
        assert not a.trim.overlaps(b.trim)
        assert not a.bleed.overlaps(b.bleed)


def test_marks_lie_in_the_margin_outside_every_bleed(layout):
    sheet = plan_sheet(layout)
    assert bool(sheet.marks) == layout.marks.crop
    for seg in sheet.marks:
        box = seg.bounds()
        assert sheet.media_box.contains(box)
        # A mark may start on a bleed edge (offset == bleed) but never enters a bleed.
        assert not any(box.overlaps(s.bleed) for s in sheet.slots)
        assert not box.overlaps(sheet.bleed_box)  # in the margin, outside the whole grid
        # Each mark extends a cut line: it shares an x (or y) with some trim edge.
        xs = {round(v, 6) for s in sheet.slots for v in (s.trim.x0, s.trim.x1)}
        ys = {round(v, 6) for s in sheet.slots for v in (s.trim.y0, s.trim.y1)}
        assert round(seg.x0, 6) in xs or round(seg.y0, 6) in ys
        length = max(box.width, box.height)
        assert length == pytest.approx(layout.marks.length)


def test_field_boxes_nested_in_safe_area(layout):
    sheet = plan_sheet(layout)
    for slot in sheet.slots:
        safe = slot.trim.grow(-layout.safe)
        for spec in layout.fields:
            assert safe.contains(spec.box.shift(slot.trim.x0, slot.trim.y0))


def test_reading_order_and_centred_grid(layout):
    sheet = plan_sheet(layout)
    slots = sheet.slots
    assert [s.index for s in slots] == list(range(1, len(slots) + 1))
    for a, b in itertools.pairwise(slots):
        if a.row == b.row:
            assert b.trim.x0 > a.trim.x0
        else:
            assert b.row == a.row + 1 and b.trim.y1 <= a.trim.y0 + 1e-6
    tb = sheet.trim_box
    assert tb.x0 == pytest.approx(sheet.width - tb.x1)
    assert tb.y0 == pytest.approx(sheet.height - tb.y1)


def test_default_layout_numbers():
    sheet = plan_sheet(load_layout("a4-90x55-8up"))
    assert (sheet.columns, sheet.rows) == (2, 4)
    first, second = sheet.slots[0], sheet.slots[1]
    assert second.trim.x0 - first.trim.x1 == pytest.approx(mm(6))
    assert first.bleed == first.trim.grow(mm(3))
    # two marks per gutter (double cut): 4 distinct x cuts, 8 distinct y cuts
    assert len(sheet.marks) == 2 * 4 + 2 * 8


def test_shared_cuts_have_one_mark_per_cut_line():
    sheet = plan_sheet(load_layout("a4-cr80-10up"))
    assert (sheet.columns, sheet.rows) == (2, 5)
    assert len(sheet.marks) == 2 * 3 + 2 * 6
    a, b = sheet.slots[0], sheet.slots[1]
    assert a.trim.x1 == pytest.approx(b.trim.x0)
    assert a.bleed.x1 == pytest.approx(a.trim.x1)  # no bleed on a shared edge


def test_letter_matches_avery_5392():
    sheet = plan_sheet(load_layout("letter-4x3-6up"))
    assert (sheet.width, sheet.height) == (612, 792)
    grid = Rect(min(s.trim.x0 for s in sheet.slots), min(s.trim.y0 for s in sheet.slots),
                max(s.trim.x1 for s in sheet.slots), max(s.trim.y1 for s in sheet.slots))
    assert grid == Rect(18, 72, 594, 720)  # 0.25 in sides, 1 in top and bottom
    # Pre-cut stock: nothing is trimmed, the sheet is the finished piece (and a TrimBox
    # centred on the paper is one that CUPS's pdftopdf does not move)
    assert sheet.trim_box == sheet.bleed_box == Rect(0, 0, 612, 792)
    assert sheet.marks == ()
    assert sheet.slots[0].trim == Rect(18, 504, 306, 720)


def test_shop_page_is_one_badge_with_trimbox_the_badge():
    lay = load_layout("shop-90x55")
    sheet = plan_sheet(lay)
    assert sheet.per_page == 1
    assert sheet.trim_box == sheet.slots[0].trim
    assert sheet.trim_box.width == pytest.approx(mm(90))
    assert sheet.bleed_box == sheet.trim_box.grow(mm(3))
    assert sheet.locate(7) == (8, sheet.slots[0])
