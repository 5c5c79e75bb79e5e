"""Label and insert stock, and label printers: each shipped preset against the maker's numbers.

The numbers are gLabels' template database (Debian's glabels-data 3.4.1; `apt-get download
glabels-data`, then the XML under usr/share/libglabels-3.0/templates/), copied here as
published: label size, corner radius, grid, first label's offset from the sheet's top left
(x0, y0) and pitch (dx, dy). Avery 5392 is not in that database; its numbers are
Paper::Specs' (CPAN, Paper/Specs/Avery/5392.pm).
"""

from __future__ import annotations

import re

import pytest

from badgepress.errors import LayoutError
from badgepress.sheet.impose import plan_sheet
from badgepress.sheet.layout import load_layout, parse_layout
from badgepress.sheet.sides import plan_sides
from badgepress.sheet.units import PT_PER_UNIT, mm

IN = PT_PER_UNIT["in"]
MM = PT_PER_UNIT["mm"]
#: 0.01 mm, in points: how close a slot must be to the maker's numbers.
TOL = mm(0.01)

# layout: (paper, width, height, round, nx, ny, x0, y0, dx, dy), lengths in points
MAKER = {
    # avery-us-templates.xml, part 5395
    "avery-5395": ("letter", 3.375 * IN, 2.333333333 * IN, 0.1875 * IN, 2, 4,
                   0.6875 * IN, 0.583333333 * IN, 3.75 * IN, 2.5 * IN),
    # avery-iso-templates.xml, part L4785
    "avery-l4785": ("a4", 80 * MM, 50 * MM, 4 * MM, 2, 5, 18 * MM, 13 * MM, 95 * MM, 55 * MM),
    # zweckform-iso-templates.xml, part 32015
    "zweckform-32015": ("a4", 85 * MM, 54 * MM, 0, 2, 4, 17 * MM, 31.5 * MM, 91 * MM, 60 * MM),
    # avery-iso-templates.xml, part C32011-10
    "avery-c32011": ("a4", 85 * MM, 54 * MM, 0, 2, 5, 15 * MM, 13.5 * MM, 95 * MM, 54 * MM),
    # herma-iso-templates.xml, part 4099
    "herma-4099": ("a4", 96 * MM, 50.8 * MM, 0, 2, 5, 8 * MM, 21.5 * MM, 99 * MM, 50.8 * MM),
    # Paper::Specs Avery 5392: 4 x 3 in, 2 x 3, margins 0.25 in left and right, 1 in top
    "avery-5392": ("letter", 4 * IN, 3 * IN, 0, 2, 3, 0.25 * IN, 1 * IN, 4 * IN, 3 * IN),
}
PAPER = {"letter": (612.0, 792.0), "a4": (210 * MM, 297 * MM)}


@pytest.mark.parametrize("name", sorted(MAKER))
def test_label_preset_slots_are_where_the_maker_puts_them(name):
    paper, w, h, radius, nx, ny, x0, y0, dx, dy = MAKER[name]
    lay = load_layout(name)
    sheet = plan_sheet(lay)
    assert (sheet.width, sheet.height) == pytest.approx(PAPER[paper])
    assert (sheet.columns, sheet.rows) == (nx, ny)
    assert lay.badge == pytest.approx((w, h), abs=TOL)
    assert lay.corner == pytest.approx(radius, abs=TOL)
    assert lay.bleed == 0 and not lay.marks.crop and not sheet.marks
    assert lay.stock in ("labels", "inserts")
    for slot in sheet.slots:
        left = x0 + (slot.column - 1) * dx
        top = y0 + (slot.row - 1) * dy  # from the sheet's top edge, as gLabels measures
        assert slot.trim.x0 == pytest.approx(left, abs=TOL)
        assert sheet.height - slot.trim.y1 == pytest.approx(top, abs=TOL)
        assert slot.trim.width == pytest.approx(w, abs=TOL)
        assert slot.trim.height == pytest.approx(h, abs=TOL)
        assert slot.bleed == slot.trim
        for spec in lay.fields:  # content inside each label's safe margin
            box = spec.box.shift(slot.trim.x0, slot.trim.y0)
            assert slot.trim.grow(-lay.safe).contains(box)


def test_letter_4x3_6up_is_avery_5392_too():
    a = plan_sheet(load_layout("letter-4x3-6up"))
    b = plan_sheet(load_layout("avery-5392"))
    for s, t in zip(a.slots, b.slots, strict=True):
        assert s.trim.as_list() == t.trim.as_list()


# The label printers' media as their Debian drivers define it (PaperDimension, pt), fed short
# side first unless the badge reads as fed: printer-driver-dymo's lw450.ppd (w176h292 30856
# Badge Card Label, w144h252 30374 Appointment Card), printer-driver-ptouch's QL PPDs
# (62x100mm; 62 mm tape at a custom length), CUPS's zebra.ppd (w288h216, w288h432).
@pytest.mark.parametrize(("name", "badge", "page", "rotate"), [
    ("label-dymo-30856", (291.6, 175.44), (175.44, 291.6), 90),
    ("label-dymo-30374", (252.0, 144.0), (144.0, 252.0), 90),
    ("label-brother-62mm", (90 * MM, 62 * MM), (62 * MM, 90 * MM), 90),
    ("label-brother-dk11202", (283.0, 176.0), (176.0, 283.0), 90),
    ("label-4x3in", (4 * IN, 3 * IN), (4 * IN, 3 * IN), 0),
    ("label-4x6in", (4 * IN, 6 * IN), (4 * IN, 6 * IN), 0),
])
def test_label_printers_print_one_badge_a_page_as_the_label_feeds(name, badge, page, rotate):
    lay = load_layout(name)
    front = plan_sides(lay).front
    assert lay.stock == "label-printer" and lay.sheet is None and front.per_page == 1
    assert lay.badge == pytest.approx(badge, abs=TOL)
    assert front.rotate == rotate
    # The MediaBox is the badge as it reads; turned by /Rotate, the page is the label as it
    # feeds. The name runs along the badge's long side.
    assert (front.width, front.height) == pytest.approx(badge, abs=TOL)
    shown = (front.height, front.width) if rotate % 180 else (front.width, front.height)
    assert shown == pytest.approx(page, abs=TOL)
    assert front.slots[0].trim == front.media_box
    name_field = next(f for f in lay.fields if f.name == "name")
    assert name_field.box.width > name_field.box.height


@pytest.mark.parametrize(("change", "message"), [
    ({"stock": "labels"}, "t.toml: back: adhesive labels print on one side only; remove [back]"),
    ({"stock": "label-printer"}, "t.toml: back: a label printer's labels print on one side"),
])
def test_a_back_on_one_sided_stock_is_refused(change, message):
    field = {"text": "{name}", "box": {"x": "5mm", "y": "5mm", "width": "40mm",
                                       "height": "10mm"}, "size": {"max": "20pt"}}
    data = {"sheet": {"size": "A4", **change}, "badge": {"size": "80mm x 50mm"},
            "field": [field], "back": {"field": [field]}}
    with pytest.raises(LayoutError, match=re.escape(message)):
        parse_layout(data, path="t.toml", name="t")


def test_text_in_a_rounded_corner_is_refused():
    field = {"text": "{name}", "box": {"x": "3mm", "y": "3mm", "width": "40mm",
                                       "height": "10mm"}, "size": {"max": "20pt"}}
    data = {"sheet": {"size": "A4", "stock": "labels"},
            "badge": {"size": "80mm x 50mm", "corner": "4mm", "safe": "3mm"},
            "field": [field]}
    with pytest.raises(LayoutError, match=r"t.toml: field\[1\].box: reaches into a rounded "
                       r"corner \(radius 4.0 mm, 3.0 mm safe margin\)"):
        parse_layout(data, path="t.toml", name="t")


def test_a_grid_past_the_sheet_edge_is_refused():
    field = {"text": "{name}", "box": {"x": "5mm", "y": "5mm", "width": "40mm",
                                       "height": "10mm"}, "size": {"max": "20pt"}}
    data = {"sheet": {"size": "A4", "stock": "labels"}, "badge": {"size": "80mm x 50mm"},
            "grid": {"columns": 3, "left": "18mm", "top": "13mm", "pitch_x": "95mm"},
            "field": [field]}
    with pytest.raises(LayoutError, match=r"t.toml: grid.columns: 3 columns of 80.0 mm badges "
                       r"starting 18.0 mm from the left edge need 288.0 mm"):
        plan_sheet(parse_layout(data, path="t.toml", name="t"))


def _dymo_30374(**changes):
    """The DYMO 30374 stock's geometry with the field and QR code boxes given (mm)."""
    field = {"text": "{name}", "box": {"x": "4mm", "y": "15mm", "width": "81mm",
                                       "height": "24mm"}, "size": {"max": "20pt"}}
    data = {"sheet": {"size": "badge", "stock": "label-printer", "margin": "0mm", "rotate": 90},
            "badge": {"size": "252pt x 144pt", "safe": "3mm",
                      "printable": {"x": "26.88pt", "y": "8.64pt", "width": "220.8pt",
                                    "height": "132.48pt"}},
            "field": [field]}
    for key, value in changes.items():
        data[key] = value
    return data


def test_text_where_the_printer_prints_nothing_is_refused_when_the_layout_loads():
    # The layout label-dymo-30374 shipped before: its boxes start 4 mm from the card's left
    # end, where the DYMO prints nothing (the first 9.5 mm of the card's length).
    with pytest.raises(LayoutError) as err:
        parse_layout(_dymo_30374(), path="t.toml", name="t")
    assert str(err.value) == (
        "t.toml: field[1].box: reaches outside the printable area (x 9.5-87.4 mm, "
        "y 3.0-49.8 mm, badge.printable), where the printer prints nothing; move or shrink "
        "the box")


def test_a_qr_code_where_the_printer_prints_nothing_is_refused():
    field = {"text": "{name}", "box": {"x": "10mm", "y": "15mm", "width": "60mm",
                                       "height": "24mm"}, "size": {"max": "20pt"}}
    qr = {"data": "{email}", "box": {"x": "72mm", "y": "2.5mm", "width": "14mm",
                                     "height": "14mm"}}
    with pytest.raises(LayoutError, match=re.escape(
            "t.toml: qr[1].box: reaches outside the printable area (x 9.5-87.4 mm, y 3.0-49.8 "
            "mm, badge.printable)")):
        parse_layout(_dymo_30374(field=[field], qr=[qr]), path="t.toml", name="t")
    qr["box"]["y"] = "4mm"
    lay = parse_layout(_dymo_30374(field=[field], qr=[qr]), path="t.toml", name="t")
    assert lay.printable is not None and lay.printable.as_list() == [26.88, 8.64, 247.68, 141.12]


def test_a_printable_area_beyond_the_badge_is_refused():
    data = _dymo_30374()
    data["badge"]["printable"]["width"] = "230pt"
    with pytest.raises(LayoutError, match=r"^t.toml: badge.printable: reaches outside the badge"):
        parse_layout(data, path="t.toml", name="t")


@pytest.mark.parametrize("name", ["label-dymo-30856", "label-dymo-30374", "label-brother-62mm",
                                  "label-brother-dk11202", "page-a6"])
def test_shipped_stocks_keep_their_texts_where_the_printer_prints(name):
    lay = load_layout(name)
    assert lay.printable is not None
    assert all(lay.printable.contains(f.box) for f in lay.fields)
