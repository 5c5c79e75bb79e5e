"""Both sides, as pure geometry: duplex backs behind their fronts, fold-over panels, printer
offsets, rounded label corners. No PDF is made here.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from badgepress.errors import LayoutError
from badgepress.sheet._sides_toml import clear_of_corners
from badgepress.sheet.geometry import Rect
from badgepress.sheet.impose import SheetPlan, plan_sheet
from badgepress.sheet.layout import Layout, load_layout, parse_layout, shipped_layouts
from badgepress.sheet.sides import (
    back_sheet,
    flips_about_vertical,
    mirror,
    place,
    plan_sides,
    shifted,
)
from badgepress.sheet.units import mm

#: Registration promised: 0.01 mm, in points.
REG = mm(0.01)

FIELD = {"text": "{name}", "box": {"x": "0mm", "y": "0mm", "width": "10mm", "height": "8mm"},
         "size": {"max": "20pt", "min": "6pt"}}


def layout_of(sheet: dict, badge: dict, grid: dict | None = None, marks: dict | None = None,
              back: bool = False, **top):
    data = {"sheet": sheet, "badge": {"safe": "0mm", **badge}, "grid": grid or {},
            "marks": marks or {}, "field": [FIELD], **top}
    if back:
        data["back"] = {"field": [FIELD]}
    return parse_layout(data, path="t.toml", name="t")


def close(a: Rect, b: Rect, tol: float = REG) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a.as_list(9), b.as_list(9), strict=True))


def random_grids(n: int = 300):
    rng = random.Random(12)
    papers = ["A4", "Letter", "A3", "A5", "Legal"]
    out = []
    while len(out) < n:
        bleed = rng.choice([0, 2, 3])
        w, h = rng.uniform(30, 120), rng.uniform(25, 90)
        gutter = rng.choice([0, 2 * bleed, 2 * bleed + rng.uniform(0, 9)])
        crop = rng.random() < 0.5
        try:
            lay = layout_of({"size": rng.choice(papers),
                             "orientation": rng.choice(["portrait", "landscape"])},
                            {"size": f"{w}mm x {h}mm", "bleed": f"{bleed}mm"},
                            {"gutter_x": f"{gutter}mm", "gutter_y": f"{gutter}mm"},
                            {"crop": crop})
            front = plan_sheet(lay)
        except LayoutError:
            continue  # does not fit that paper
        out.append((lay, front))
    assert any(f.columns % 2 for _, f in out) and any(f.columns % 2 == 0 for _, f in out)
    assert any(lay.gutter_x == 0 for lay, _ in out) and any(lay.gutter_x for lay, _ in out)
    return out


GRIDS = random_grids()
SHIPPED_SHEETS = [lay for lay in (load_layout(str(p)) for p in shipped_layouts())
                  if lay.sheet is not None and not lay.fold]


def all_grids() -> list[tuple[Layout, SheetPlan]]:
    return [(lay, plan_sheet(lay)) for lay in SHIPPED_SHEETS] + GRIDS


@pytest.mark.parametrize("duplex", ["long-edge", "short-edge"])
def test_back_of_the_back_is_the_front(duplex):
    for _lay, front in all_grids():
        again = back_sheet(back_sheet(front, duplex, marks=True), duplex, marks=True)
        assert len(again.slots) == len(front.slots)
        for a, b in zip(again.slots, front.slots, strict=True):
            assert a.index == b.index and a.rotation == b.rotation
            assert close(a.trim, b.trim) and close(a.bleed, b.bleed)
        assert close(again.trim_box, front.trim_box)
        assert sorted(s.bounds().as_list(4) for s in again.marks) == \
            sorted(s.bounds().as_list(4) for s in front.marks)


@pytest.mark.parametrize("duplex", ["long-edge", "short-edge"])
def test_each_back_lands_behind_its_own_front(duplex):
    """Turning the printed sheet over carries each back onto its front (within 0.01 mm), and
    on a centred grid the backs sit in the grid's own slots, mirrored by column (a long-edge
    flip of a portrait sheet) or by row (the other flip).
    """
    for _lay, front in all_grids():
        w, h = front.width, front.height
        back = back_sheet(front, duplex)
        vertical = flips_about_vertical(w, h, duplex)
        by_cell = {(s.column, s.row): s for s in front.slots}
        for f, b in zip(front.slots, back.slots, strict=True):
            # The sheet turned over: the back page's rectangle seen from the front.
            assert close(mirror(b.trim, w, h, vertical), f.trim)
            assert close(mirror(b.bleed, w, h, vertical), f.bleed)
            if _lay.left is None and _lay.top is None:  # a centred grid, not label stock
                cell = ((front.columns + 1 - f.column, f.row) if vertical
                        else (f.column, front.rows + 1 - f.row))
                assert close(b.trim, by_cell[cell].trim), "the grid is centred: slots mirror"
            # A lanyard badge turns about its vertical axis: upright backs need no turn when
            # the sheet turns the same way, a half turn otherwise.
            assert b.rotation == (0 if vertical else 180)
        assert back.side == 1 and back.sides == 2 and not back.marks  # front only by default


def test_long_edge_on_portrait_mirrors_columns_and_keeps_rows():
    lay = load_layout("a4-90x55-8up-duplex")
    sides = plan_sides(lay)
    assert lay.duplex == "long-edge" and sides.back is not None
    front, back = sides.front, sides.back
    for f, b in zip(front.slots, back.slots, strict=True):
        assert b.trim.y0 == pytest.approx(f.trim.y0)  # rows kept
        assert b.trim.x0 == pytest.approx(front.width - f.trim.x1)  # columns mirrored
    # Pages go front, back, front, back.
    assert [front.locate(i)[0] for i in (0, 7, 8, 15)] == [1, 1, 3, 3]
    assert [back.locate(i)[0] for i in (0, 7, 8, 15)] == [2, 2, 4, 4]
    short = plan_sides(replace(lay, duplex="short-edge")).back
    assert short is not None
    for f, b in zip(front.slots, short.slots, strict=True):
        assert b.trim.x0 == pytest.approx(f.trim.x0)  # columns kept
        assert b.trim.y0 == pytest.approx(front.height - f.trim.y1)  # rows mirrored
        assert b.rotation == 180


def test_odd_columns_and_shared_cuts():
    lay = layout_of({"size": "A4"}, {"size": "60mm x 40mm"}, {"columns": 3, "rows": 5},
                    back=True)
    assert lay.duplex == "long-edge"  # the default when a layout has a back
    sides = plan_sides(lay)
    assert sides.back is not None
    middle = [s for s in sides.front.slots if s.column == 2]
    for s in middle:  # the middle column backs itself: it lies on the sheet's axis
        b = sides.back.slots[s.index - 1]
        assert close(b.trim, s.trim)


def test_back_marks_only_when_asked():
    base = {"size": "90mm x 55mm", "bleed": "3mm"}
    grid = {"columns": 2, "rows": 4, "gutter": "6mm"}
    plain = plan_sides(layout_of({"size": "A4"}, base, grid, {"crop": True}, back=True))
    asked = plan_sides(layout_of({"size": "A4"}, base, grid, {"crop": True, "back": True},
                                 back=True))
    assert plain.front.marks and plain.back is not None and not plain.back.marks
    assert asked.back is not None and len(asked.back.marks) == len(asked.front.marks)
    # Mirrored marks of a centred grid fall where the front's are.
    assert sorted(m.bounds().as_list(4) for m in asked.back.marks) == \
        sorted(m.bounds().as_list(4) for m in asked.front.marks)


def test_fold_over_panels():
    lay = load_layout("a4-fold-90x55-4up")
    sides = plan_sides(lay)
    front, back = sides.front, sides.back
    assert back is not None and back.side == 0 and back.sides == 1  # the same page
    _w, h = lay.badge
    for f, b in zip(front.slots, back.slots, strict=True):
        assert f.rotation == 0 and b.rotation == 180
        assert f.trim.height == pytest.approx(h) and b.trim.height == pytest.approx(h)
        assert b.trim.y0 == pytest.approx(f.trim.y1)  # joined along the front's top edge
        assert (b.trim.x0, b.trim.x1) == (f.trim.x0, f.trim.x1)
        assert f.bleed.y1 == pytest.approx(f.trim.y1)  # no bleed across the fold
        assert b.bleed.y0 == pytest.approx(b.trim.y0)
        # The back panel's own top edge is the fold: its own (0, h) corner sits on it.
        top_left = place(Rect(0, h - 1, 1, h), b)
        assert top_left.y0 == pytest.approx(f.trim.y1) and top_left.x1 == pytest.approx(b.trim.x1)
    folds = {round(s.trim.y1, 6) for s in front.slots}
    assert front.fold_marks and {round(m.y0, 6) for m in front.fold_marks} == folds
    cuts_y = {round(m.y0, 6) for m in front.marks if m.y0 == m.y1}
    assert not cuts_y & folds, "a fold mark, not a cut mark, on the fold"
    page = front.media_box
    for m in front.fold_marks:
        assert page.contains(m.bounds())
        assert not any(m.bounds().overlaps(s.bleed) for s in front.slots + back.slots)


def test_a_fold_that_does_not_fit_names_the_key():
    with pytest.raises(LayoutError, match=r"t.toml: badge.fold: a fold-over badge is two "
                       r"panels, 90.0 mm x 220.0 mm in all, and does not fit"):
        plan_sides(layout_of({"size": "A4"}, {"size": "90mm x 110mm", "fold": "top"},
                             {"columns": 1, "rows": 2}, back=True))


def test_place_turns_boxes_with_the_slot():
    lay = load_layout("a4-90x55-8up-duplex")
    back = plan_sides(replace(lay, duplex="short-edge")).back
    assert back is not None
    slot = back.slots[0]
    box = Rect(5, 10, 25, 18)
    on_page = place(box, slot)
    assert on_page.width == pytest.approx(20) and on_page.height == pytest.approx(8)
    assert on_page.x1 == pytest.approx(slot.trim.x1 - 5)
    assert on_page.y1 == pytest.approx(slot.trim.y1 - 10)


def test_offsets_move_everything_printed_and_are_checked_against_the_paper():
    lay = load_layout("a4-90x55-8up-duplex")
    moved = plan_sides(replace(lay, offset=(mm(0.8), mm(-1.2)), back_offset=(mm(-0.5), 0.0)))
    still = plan_sides(lay)
    assert moved.back is not None and still.back is not None
    for a, b in zip(moved.front.slots, still.front.slots, strict=True):
        assert close(a.trim, b.trim.shift(mm(0.8), mm(-1.2)))
    for a, b in zip(moved.back.slots, still.back.slots, strict=True):
        assert close(a.trim, b.trim.shift(mm(-0.5), 0))
    # The page boxes describe the sheet as designed: they stay, so that a driver that centres
    # the TrimBox on the paper (CUPS's pdftopdf) does not undo the offset.
    assert moved.front.trim_box == still.front.trim_box
    assert moved.front.bleed_box == still.front.bleed_box
    with pytest.raises(LayoutError, match=r"printer.offset: an offset of \+9.0 mm, \+0.0 mm "
                       "pushes crop marks off the paper"):
        plan_sides(replace(lay, offset=(mm(9), 0.0)))
    with pytest.raises(LayoutError, match="printer.back_offset: .* pushes crop"):
        plan_sides(replace(lay, back_offset=(0.0, mm(-40)), back_marks=True))
    labels = load_layout("herma-4099")  # 8 mm from the left edge
    with pytest.raises(LayoutError, match="pushes badges off the paper"):
        plan_sides(replace(labels, offset=(mm(-9), 0.0)))
    assert shifted(still.front, 0, 0) is still.front


def test_one_sided_layouts_keep_their_geometry():
    for path in shipped_layouts():
        lay = load_layout(str(path))
        if lay.back is None and lay.offset == (0.0, 0.0) and not lay.rotate:
            assert plan_sides(lay).front == plan_sheet(lay)
            assert plan_sides(lay).back is None


def test_rounded_corners():
    badge = (mm(80), mm(50))
    r, safe = mm(4), mm(3)
    assert clear_of_corners(Rect(mm(4), mm(3), mm(76), mm(47)), badge, r, safe)
    assert clear_of_corners(Rect(mm(3), mm(4), mm(77), mm(46)), badge, r, safe)
    assert not clear_of_corners(Rect(mm(3), mm(3), mm(20), mm(10)), badge, r, safe)
    assert not clear_of_corners(Rect(mm(60), mm(40), mm(77), mm(47)), badge, r, safe)
    # On the 45° line the corner allows r - safe from the centre.
    d = (r - safe) / 2 ** 0.5
    assert clear_of_corners(Rect(r - d + 0.01, r - d + 0.01, mm(20), mm(20)), badge, r, safe)
    assert not clear_of_corners(Rect(r - d - 0.5, r - d - 0.5, mm(20), mm(20)), badge, r, safe)
    assert clear_of_corners(Rect(0, 0, 1, 1), badge, mm(2), mm(3))  # rounding inside safe


@pytest.mark.parametrize(("top", "message"), [
    ({"badge": {"fold": "top"}},
     "t.toml: badge.fold: a fold-over badge needs a [back] for its other panel"),
    ({"sheet": {"duplex": "short-edge"}},
     "t.toml: sheet.duplex: is set, but the layout has no [back] to print"),
    ({"marks": {"back": True}}, "t.toml: marks.back: crop marks on the back need a [back]"),
    ({"sheet": {"duplex": "sideways"}},
     "t.toml: sheet.duplex: expected one of long-edge, short-edge, got 'sideways'"),
    ({"sheet": {"rotate": 45}}, "t.toml: sheet.rotate: expected 0, 90 or 270"),
    ({"back": {"field": [{**FIELD, "box": {"x": "-1mm", "y": "0mm", "width": "5mm",
                                            "height": "5mm"}}]}},
     "t.toml: back.field[1].box.x: must not be negative"),
    ({"back": {"field": [FIELD], "badge": 1}}, "t.toml: back.badge: unknown key"),
    ({"back": {"field": [FIELD]}, "badge": {"fold": "top"}, "sheet": {"duplex": "long-edge"}},
     "t.toml: sheet.duplex: a fold-over badge prints both panels on the same side"),
    ({"printer": {"offset": "1mm"}}, "t.toml: printer.offset: expected an offset X,Y"),
    ({"grid": {"pitch_x": "20mm"}}, "t.toml: grid.pitch_x: is 20.00 mm, less than the badge"),
])
def test_side_keys_fail_with_the_key(top, message):
    data = {"sheet": {"size": "A4", **top.pop("sheet", {})},
            "badge": {"size": "60mm x 40mm", "safe": "0mm", **top.pop("badge", {})},
            "field": [FIELD], **top}
    with pytest.raises(LayoutError) as err:
        parse_layout(data, path="t.toml", name="t")
    assert str(err.value).startswith(message), str(err.value)
    assert "\n" not in str(err.value)


def test_calibration_scales_read_the_correction():
    from badgepress.sheet.calibrate import calibration

    sheet = plan_sheet(load_layout("avery-l4785"))
    cal = calibration(sheet, mm(4))
    assert cal.cuts == tuple(s.trim for s in sheet.slots) and cal.corner == mm(4)
    # The horizontal centre scale: tick "k" lies k mm right of the sheet's middle, so a crease
    # folded edge to edge (the true middle) meets the tick that is the correction.
    labels = {(round(lab.x, 3), lab.text) for lab in cal.labels}
    for k in (-10, -5, 0, 5, 10):
        assert (round(sheet.width / 2 + mm(k), 3), f"{k:+d}" if k else "0") in labels
    # Edge scales around the grid's left edge: "-5" lies 5 mm left of the first label's edge.
    assert (round(sheet.trim_box.x0 - mm(5), 3), "-5") in labels
    vertical = [t for t in cal.ticks if t.y0 == t.y1]
    assert any(abs(t.y0 - (sheet.height / 2 + mm(10))) < 1e-9 for t in vertical)
    assert len(cal.ticks) == 2 * 21 + 4 * 11
