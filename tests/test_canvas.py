"""The designer's coordinates (sheet.canvas): mm from the bleed box's top left, y down, and back
to the layout's boxes (from the trim's lower left, y up)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from badgepress.sheet.canvas import (
    canvas_box,
    canvas_guides,
    canvas_size,
    element_boxes,
    layout_box,
    length_text,
)
from badgepress.sheet.geometry import Rect
from badgepress.sheet.layout import load_layout
from badgepress.sheet.units import mm, parse_length

from .conftest import ROOT
from .fuzzing import budget, run

SHIPPED = [*sorted((ROOT / "layouts").glob("*.toml")), ROOT / "sample_data/event/event.toml"]


def test_the_sample_events_elements_on_the_canvas() -> None:
    lay = load_layout(str(ROOT / "sample_data/event/event.toml"))
    assert canvas_size(lay) == pytest.approx((96, 61))
    boxes = {b.key: b for b in element_boxes(lay)}
    assert list(boxes) == ["image[1]", "image[2]", "rect[1]", "rect[2]", "rect[3]", "qr[1]",
                           "field[1]", "field[2]", "field[3]", "field[4]", "field[5]"]
    bg = boxes["image[1]"]
    assert (bg.area, bg.x, bg.y, bg.width, bg.height) == ("bleed", 0, 0, pytest.approx(96),
                                                          pytest.approx(61))
    # The name: x = 5mm, y = 24mm, 80 x 18 mm on a 55 mm badge with 3 mm bleed.
    name = boxes["field[2]"]
    assert (name.x, name.y, name.width, name.height) == pytest.approx((8, 55 + 3 - 42, 80, 18))
    assert canvas_guides(lay)["trim"] == pytest.approx((3, 3, 90, 55))
    assert canvas_guides(lay)["safe"] == pytest.approx((7, 7, 82, 47))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_box_goes_to_the_canvas_and_back(path: Path) -> None:
    lay = load_layout(str(path))
    faces = {"": lay.front, "back.": lay.back}
    for box in element_boxes(lay):
        if box.area != "box":
            continue
        prefix = "back." if box.key.startswith("back.") else ""
        kind, index = box.key.removeprefix(prefix).rstrip("]").split("[")
        face = faces[prefix]
        assert face is not None
        spec = getattr(face, {"field": "fields", "rect": "rects", "image": "images",
                              "qr": "qrs"}[kind])[int(index) - 1]
        table = layout_box(box.x, box.y, box.width, box.height, lay)
        back = Rect.from_size(*(parse_length(table[k]) for k in ("x", "y", "width", "height")))
        for a, b in zip(back.as_list(6), spec.box.as_list(6), strict=True):
            assert abs(a - b) <= mm(0.005) + 1e-9, (box.key, table)


def test_lengths_are_written_to_a_hundredth_of_a_millimetre() -> None:
    assert [length_text(v) for v in (5, 18.5, 0.25, 0.004, -0.001, 12.345678, 90)] == \
        ["5mm", "18.5mm", "0.25mm", "0mm", "0mm", "12.35mm", "90mm"]


def test_any_canvas_box_goes_to_the_layout_and_back_within_a_hundredth_mm() -> None:
    lay = load_layout("a4-90x55-8up")
    coord = st.floats(min_value=-10, max_value=100, allow_nan=False)
    size = st.floats(min_value=0.1, max_value=100, allow_nan=False)

    @budget(200)
    @given(coord, coord, size, size)
    def prop(x: float, y: float, w: float, h: float) -> None:
        table = layout_box(x, y, w, h, lay)
        rect = Rect.from_size(*(parse_length(table[k]) for k in ("x", "y", "width", "height")))
        back = canvas_box(rect, lay)
        for a, b in zip(back, (x, y, w, h), strict=True):
            assert abs(a - b) <= 0.0101

    run(prop)
