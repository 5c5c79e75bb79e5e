"""The stocks a desk may print on (``GET /api/stocks``) and the event's design on one of them:
the same design one badge a page at the stock's size, or a one-line error, never scaled.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from badgepress.errors import LayoutError
from badgepress.press import press
from badgepress.sheet.deskstock import (
    SAME_SIZE,
    THERMAL_BLACK,
    desk_stock,
    desk_stocks,
    on_stock,
    stock_list,
)
from badgepress.sheet.layout import load_layout, parse_layout, shipped_layouts_dir
from badgepress.sheet.units import mm
from tests.conftest import INFO, ROOT, make_attendees


def test_the_stock_list_is_the_events_sheet_then_every_one_a_page_stock():
    stocks = stock_list(load_layout("a4-90x55-8up"))
    assert stocks[0] == {"name": "sheet", "title": "The event's sheet (A4 · 90×55 mm · 8 per "
                         "sheet)", "width_mm": 210.0, "height_mm": 297.0, "kind": "sheet"}
    by_name = {s["name"]: s for s in stocks}
    assert set(by_name) == {"sheet", "label-dymo-30856", "label-dymo-30374", "label-4x3in",
                            "label-4x6in", "label-brother-62mm", "label-brother-dk11202",
                            "card-cr80", "page-a6"}
    assert by_name["label-dymo-30856"] == {
        "name": "label-dymo-30856", "title": "DYMO 30856 name badge card · 62×103 mm · one a "
        "page", "width_mm": 102.87, "height_mm": 61.89, "kind": "label-printer"}
    assert by_name["card-cr80"]["kind"] == "card" and by_name["page-a6"]["kind"] == "page"
    assert all(set(s) == {"name", "title", "width_mm", "height_mm", "kind"} for s in stocks)
    assert stock_list()[0]["width_mm"] is None


def test_an_unknown_stock_names_the_stocks_there_are():
    with pytest.raises(LayoutError, match=r"^stock: 'dymo' is not a desk stock; choose one of: "
                       r"sheet, card-cr80, label-4x3in, "):
        desk_stock("dymo")
    assert desk_stock("page-a6") in desk_stocks()


def test_the_events_design_on_a_stock_of_its_size_is_one_badge_a_page_without_marks(tmp_path):
    event = load_layout(str(ROOT / "sample_data" / "event" / "event.toml"))
    assert event.badge == pytest.approx((mm(90), mm(55))) and event.marks.crop
    stock = parse_layout({"sheet": {"size": "badge", "stock": "card", "margin": "0mm"},
                          "badge": {"size": "90.3mm x 54.8mm"},
                          "field": [{"text": "{name}", "size": {"max": "20pt"}, "box": {
                              "x": "5mm", "y": "5mm", "width": "50mm", "height": "20mm"}}]},
                         path="card.toml", name="card-90x55")
    lay = on_stock(event, stock)
    assert lay.sheet is None and lay.badge == stock.badge and lay.bleed == 0
    assert not lay.marks.crop and lay.offset == (0, 0) and lay.stock == "card"
    assert lay.front.images == event.front.images and lay.fields == event.fields
    # One attendee through the pipeline, as the desk prints: one page, the stock's size.
    out = tmp_path / "one.pdf"
    result = press(make_attendees()[:1], INFO, out, layout=lay)
    assert (result.badges, result.pages) == (1, 1)
    page = pypdf.PdfReader(out).pages[0]
    assert [float(v) for v in page.mediabox] == pytest.approx([0, 0, *stock.badge], abs=0.01)
    for box in (page.trimbox, page.bleedbox):
        assert [float(v) for v in box] == pytest.approx([float(v) for v in page.mediabox],
                                                        abs=0.01)


def test_on_a_label_printer_the_page_is_the_label_as_it_feeds(tmp_path):
    stock = desk_stock("label-dymo-30856")
    event = load_layout("label-dymo-30856")
    lay = on_stock(event, stock)
    assert (lay.rotate, lay.printable) == (90, stock.printable)
    assert {f.color for f in lay.fields} == {THERMAL_BLACK}
    out = tmp_path / "one.pdf"
    press(make_attendees()[:1], INFO, out, layout=lay)
    page = pypdf.PdfReader(out).pages[0]
    assert page.rotation == 90
    assert [float(v) for v in page.mediabox] == pytest.approx([0, 0, 291.6, 175.44], abs=0.01)


@pytest.mark.parametrize(("event", "stock", "message"), [
    ("a4-90x55-8up", "label-dymo-30856",
     "badge.size: the event's badge is 90.0×55.0 mm and the stock "
     "label-dymo-30856 is 102.9×61.9 mm; the desk never scales a design: make a desk design "
     "for this stock (a layout of its size)"),
    ("label-4x6in", "label-4x3in", "badge.size: the event's badge is "
     "101.6×152.4 mm and the stock label-4x3in is 101.6×76.2 mm;"),
])
def test_a_design_of_another_size_is_refused_never_scaled(event, stock, message):
    with pytest.raises(LayoutError) as err:
        on_stock(load_layout(event), desk_stock(stock))
    assert str(err.value).startswith(f"{shipped_layouts_dir() / event}.toml: {message}")
    assert "\n" not in str(err.value)


def test_a_portrait_design_on_a_landscape_stock_says_it_is_turned():
    portrait = parse_layout({"sheet": {"size": "badge", "margin": "0mm"},
                             "badge": {"size": "3in x 4in"},
                             "field": [{"text": "{name}", "size": {"max": "20pt"}, "box": {
                                 "x": "5mm", "y": "5mm", "width": "50mm", "height": "20mm"}}]},
                            path="portrait.toml", name="portrait")
    with pytest.raises(LayoutError, match=re.escape(
            "portrait.toml: badge.size: the event's badge is 76.2×101.6 mm and the stock "
            "label-4x3in is 101.6×76.2 mm (turned a quarter: the stock reads the other way)")):
        on_stock(portrait, desk_stock("label-4x3in"))


def test_text_where_the_stocks_printer_prints_nothing_is_refused(tmp_path):
    # A design of the DYMO 30374's size whose texts start 4 mm from the card's end: the
    # printer prints nothing in its first 9.5 mm.
    toml = (shipped_layouts_dir() / "label-dymo-30374.toml").read_text(encoding="utf-8")
    toml = toml.replace('x = "10.5mm"', 'x = "4mm"').replace("printable = ", "# ")
    path = tmp_path / "event.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(LayoutError) as err:
        on_stock(load_layout(str(path)), desk_stock("label-dymo-30374"))
    assert str(err.value) == (
        f"{path}: field[1].box: reaches where the label-dymo-30374 printer prints nothing (it "
        "prints x 9.5-87.4 mm, y 3.0-49.8 mm of the badge); make a desk design for this stock")


def test_the_size_tolerance_takes_a_product_given_in_inches_and_mm():
    assert pytest.approx(mm(0.5)) == SAME_SIZE
    cr80 = desk_stock("card-cr80")  # 85.60 x 53.98 mm; the A4 sheet's cards are 85.6 x 54 mm
    lay = on_stock(load_layout("a4-cr80-10up"), cr80)
    assert lay.badge == cr80.badge and lay.sheet is None


def test_a_back_on_a_label_printer_is_refused(tmp_path):
    toml = (shipped_layouts_dir() / "card-cr80.toml").read_text(encoding="utf-8")
    back = '\n[[back.field]]\ntext = "{name}"\nbox = { x = "5mm", y = "17mm", width = "75mm", ' \
        'height = "20mm" }\nsize = { max = "30pt" }\n'
    path = tmp_path / "duplex.toml"
    path.write_text(toml + back, encoding="utf-8")
    event = load_layout(str(path))
    assert on_stock(event, desk_stock("card-cr80")).back is not None  # card printers: duplex
    stock = parse_layout({"sheet": {"size": "badge", "stock": "label-printer"},
                          "badge": {"size": "85.6mm x 53.98mm"},
                          "field": [{"text": "{name}", "size": {"max": "20pt"}, "box": {
                              "x": "5mm", "y": "5mm", "width": "50mm", "height": "20mm"}}]},
                         path="l.toml", name="label-cr80")
    with pytest.raises(LayoutError, match=r"duplex.toml: back: the stock label-cr80 prints "
                       r"one side only"):
        on_stock(event, stock)


def test_a_sheet_layout_is_not_a_desk_stock():
    with pytest.raises(LayoutError, match=r"a4-90x55-8up.toml: sheet.stock: is not a "
                       r"one-badge-a-page stock"):
        on_stock(load_layout("shop-90x55"), load_layout("a4-90x55-8up"))


def test_every_desk_stock_prints_its_own_design(tmp_path):
    for stock in desk_stocks():
        assert on_stock(stock, stock).badge == stock.badge
    assert Path(desk_stocks()[0].source).parent == shipped_layouts_dir()


def test_job_options_per_stock_and_driver():
    from badgepress.sheet.printers import DRIVERS, drivers_for, job_options, lp_options

    assert lp_options("label-dymo-30856", "dymo") == ["-o", "PageSize=w176h292", "-o",
                                                       "print-scaling=none"]
    assert job_options("label-brother-62mm", "ptouch-ql")[:3] == (
        "PageSize=Custom.175.75x255.12", "MediaType=Tape", "AutoCut=True")
    assert [d.key for d in drivers_for("label-4x6in")] == ["zebra-zpl"]
    assert job_options("card-cr80", "any") == ("print-scaling=none",)
    assert drivers_for("page-a6") == ()
    assert "QL-820NWB" in DRIVERS["ptouch-ql"].models
    # the custom Brother page is the stock's page exactly
    stock = desk_stock("label-brother-62mm")
    w, h = (float(v) for v in job_options(stock.name, "ptouch-ql")[0][16:].split("x"))
    assert (w, h) == pytest.approx((stock.badge[1], stock.badge[0]), abs=0.01)
