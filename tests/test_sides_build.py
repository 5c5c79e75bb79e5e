"""Both sides end to end: duplex and fold-over builds read back with PDFium, --start-at,
--blanks, printer offsets, label printers and the calibration page.
"""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from badgepress.cli import main
from badgepress.press import run as run_mod
from badgepress.press.run import press
from badgepress.sheet.layout import load_layout
from badgepress.sheet.units import mm

from .conftest import INFO, ROOT, make_attendees

REG = mm(0.01)  # registration promised front to back: 0.01 mm
SAMPLE = ROOT / "sample_data" / "attendees.csv"


def same_back(tmp_path: Path, duplex: str = "long-edge") -> Path:
    """The default layout with a back that repeats the front exactly."""
    text = (ROOT / "layouts" / "a4-90x55-8up.toml").read_text(encoding="utf-8")
    head, sep, body = text.partition("# A band of colour")
    assert sep
    body = sep + body
    back = body.replace("[[rect]]", "[[back.rect]]").replace("[[field]]", "[[back.field]]")
    text = head.replace('size = "A4"\n', f'size = "A4"\nduplex = "{duplex}"\n', 1)
    path = tmp_path / f"both-{duplex}.toml"
    path.write_text(text + body + "\n" + back, encoding="utf-8")
    return path


def build(tmp_path: Path, layout: str | Path, **kw) -> tuple[Path, dict]:
    pdf, rep = tmp_path / "b.pdf", tmp_path / "r.json"
    press(make_attendees(), INFO, pdf, layout=load_layout(str(layout)), report=rep, **kw)
    return pdf, json.loads(rep.read_text(encoding="utf-8"))


def glyphs(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    tp = page.get_textpage()
    out = []
    for i in range(tp.count_chars()):
        x0, y0, x1, y1 = tp.get_charbox(i)
        if not tp.get_text_range(i, 1).isspace() and x1 - x0 > 0.01 and y1 - y0 > 0.01:
            out.append((x0, y0, x1, y1))
    return out


def register(front_g, back_g) -> None:
    """Every glyph of one side where the other side has it, within 0.01 mm."""
    assert front_g and len(front_g) == len(back_g)
    for f, g in zip(front_g, back_g, strict=True):
        assert all(abs(a - c) <= REG for a, c in zip(f, g, strict=True)), (f, g)


def own(box, trim, rotation):
    """A page box in a badge's own coordinates (from its trim's lower left, turned back)."""
    x0, y0, x1, y1 = box
    if rotation == 180:
        return (trim[2] - x1, trim[3] - y1, trim[2] - x0, trim[3] - y0)
    return (x0 - trim[0], y0 - trim[1], x1 - trim[0], y1 - trim[1])


def within(b, r, tol=0.75):
    return b[0] >= r[0] - tol and b[1] >= r[1] - tol and b[2] <= r[2] + tol and b[3] <= r[3] + tol


def side_glyphs(doc, side: dict) -> list[tuple[float, ...]]:
    """The glyphs PDFium finds in a side's trim, in that side's own coordinates, sorted."""
    trim = side["trim"]
    found = [own(g, trim, side.get("rotation", 0)) for g in glyphs(doc[side["page"] - 1])
             if within(g, trim, 1.0)]
    return sorted(tuple(round(v, 3) for v in g) for g in found)


@pytest.mark.parametrize("duplex", ["long-edge", "short-edge"])
def test_duplex_backs_register_with_their_fronts(tmp_path, duplex):
    pdf, rep = build(tmp_path, same_back(tmp_path, duplex))
    doc = pdfium.PdfDocument(pdf)
    sheets = -(-len(rep["badges"]) // 8)
    assert len(doc) == rep["pages"] == 2 * sheets  # front, back, front, back
    w, h = doc[0].get_size()
    for b in rep["badges"]:
        back = b["back"]
        assert set(back) == {"page", "trim", "bleed", "fields", "rotation"}
        assert back["page"] == b["page"] + 1 and b["page"] % 2 == 1
        assert back["rotation"] == (0 if duplex == "long-edge" else 180)
        # Turned over as `duplex` says, the back page's trim is the front's (0.01 mm).
        t = back["trim"]
        flipped = ([w - t[2], t[1], w - t[0], t[3]] if duplex == "long-edge"
                   else [t[0], h - t[3], t[2], h - t[1]])
        assert all(abs(a - c) <= REG for a, c in zip(flipped, b["trim"], strict=True))
        # The same design on both sides: PDFium finds every glyph of the back where the front
        # has it, in each side's own coordinates, within 0.01 mm.
        register(side_glyphs(doc, b), side_glyphs(doc, back))
        # ... and inside the text boxes the report gives for the back.
        page_g = [g for g in glyphs(doc[back["page"] - 1]) if within(g, back["trim"], 0)]
        for g in page_g:
            assert any(within(g, f["text_box"]) for f in back["fields"] if f["text_box"])
        assert [f["lines"] for f in back["fields"]] == [f["lines"] for f in b["fields"]]
    # Crop marks on the front only; TrimBox of each back page mirrors the front's.
    reader = PdfReader(pdf)
    assert b"/All" in reader.pages[0].get_contents().get_data() or reader.pages[0]["/Resources"]
    assert "CS" not in reader.pages[1].get_contents().get_data().decode("latin-1").split("cm")[-1]


def test_a_duplex_run_in_parts_splits_only_between_sheets(tmp_path, monkeypatch):
    monkeypatch.setattr(run_mod, "BADGES_PER_PART", 8)  # a part per sheet (front and back)
    monkeypatch.setenv("BADGEPRESS_WORKERS", "0")
    pdf, rep = build(tmp_path, same_back(tmp_path))
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) == rep["pages"] == 4
    for b in rep["badges"]:
        register(side_glyphs(doc, b), side_glyphs(doc, b["back"]))


def test_fold_over_back_panel_reads_upside_down_on_the_sheet(tmp_path):
    pdf, rep = build(tmp_path, "a4-fold-90x55-4up")
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) == rep["pages"] == 3
    for b in rep["badges"]:
        back = b["back"]
        assert back["page"] == b["page"] and back["rotation"] == 180
        assert back["trim"][1] == pytest.approx(b["trim"][3])  # joined along the top edge
        page_g = [g for g in glyphs(doc[back["page"] - 1]) if within(g, back["trim"], 0)]
        assert page_g
        for g in page_g:
            assert any(within(g, f["text_box"]) for f in back["fields"] if f["text_box"])
    # PDFium reads the back panel's text turned: its first character stands right of its last.
    tp = doc[0].get_textpage()
    assert "Ana" in tp.get_text_range()


def test_start_at_and_blanks(tmp_path):
    pdf, rep = build(tmp_path, "avery-l4785", start_at=4, blanks=3)
    people = len(make_attendees())
    assert [b["slot"] for b in rep["badges"][:3]] == [4, 5, 6]
    assert rep["badges"][0]["page"] == 1
    assert len(rep["badges"]) == people + 3 and rep["rows_read"] == people
    blanks = rep["badges"][-3:]
    assert all(b["row"] is None and b["blank"] for b in blanks)
    for b in blanks:
        by = {f["name"]: f for f in b["fields"]}
        assert by["name"]["status"] == "empty" and by["company"]["status"] == "empty"
        assert by["event"]["lines"] == ["DevConf 2026"]  # the artwork stays
    assert "blank" not in rep["badges"][0]
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) == rep["pages"] == 2  # 3 used + 11 + 3 = 17 slots: two sheets


def run(*argv: str) -> tuple[int, str]:
    import io

    err = io.StringIO()
    code = main(list(argv), out=io.StringIO(), err=err)
    return code, err.getvalue()


@pytest.mark.parametrize(("args", "message"), [
    (["--layout", "avery-l4785", "--start-at", "11"],
     "--start-at 11: the layout has 10 slots a sheet; give a slot from 1 to 10"),
    (["--offset", "12mm,0"], "a4-90x55-8up.toml: printer.offset: an offset of +12.0 mm, "
     "+0.0 mm pushes crop marks off the paper"),
    (["--layout", "a4-90x55-8up-duplex", "--back-offset", "0,-30mm"],
     "printer.back_offset: an offset of +0.0 mm, -30.0 mm pushes badges off the paper"),
])
def test_bad_combinations_are_one_line_and_write_nothing(tmp_path, args, message):
    out = tmp_path / "b.pdf"
    code, err = run("build", str(SAMPLE), "-o", str(out), "--report", str(tmp_path / "r.json"),
                    *args)
    assert code == 1
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists() and not (tmp_path / "r.json").exists()
    assert not list(tmp_path.iterdir())


def test_offset_moves_the_print_not_its_boxes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    assert run("build", str(SAMPLE), "-o", str(a / "b.pdf"), "--report", str(a / "r.json"),
               "-q")[0] == 0
    assert run("build", str(SAMPLE), "-o", str(b / "b.pdf"), "--report", str(b / "r.json"),
               "--offset", "0.8mm,-1.2mm", "-q")[0] == 0
    ra = json.loads((a / "r.json").read_text(encoding="utf-8"))
    rb = json.loads((b / "r.json").read_text(encoding="utf-8"))
    for x, y in zip(ra["badges"], rb["badges"], strict=True):
        assert y["trim"][0] - x["trim"][0] == pytest.approx(mm(0.8), abs=0.002)
        assert y["trim"][1] - x["trim"][1] == pytest.approx(mm(-1.2), abs=0.002)
    pa, pb = PdfReader(a / "b.pdf").pages[0], PdfReader(b / "b.pdf").pages[0]
    assert list(pb.trimbox) == list(pa.trimbox)  # pdftopdf centres it: it must not move
    ga, gb = glyphs(pdfium.PdfDocument(a / "b.pdf")[0]), glyphs(pdfium.PdfDocument(b / "b.pdf")[0])
    assert len(ga) == len(gb)
    for g, k in zip(ga, gb, strict=True):
        assert k[0] - g[0] == pytest.approx(mm(0.8), abs=0.01)
        assert k[1] - g[1] == pytest.approx(mm(-1.2), abs=0.01)


def test_printer_table_in_a_layout(tmp_path):
    text = (ROOT / "layouts" / "a4-90x55-8up.toml").read_text(encoding="utf-8")
    lay = tmp_path / "p.toml"
    lay.write_text(text + '\n[printer]\noffset = "1mm, 2mm"\n', encoding="utf-8")
    assert load_layout(str(lay)).offset == pytest.approx((mm(1), mm(2)))
    lay.write_text(text + '\n[printer]\noffset = "1mm"\n', encoding="utf-8")
    code, err = run("build", str(SAMPLE), "-l", str(lay), "-o", str(tmp_path / "b.pdf"))
    assert code == 1 and "p.toml: printer.offset: expected an offset X,Y" in err


def test_label_printer_pages_are_the_label(tmp_path):
    pdf, rep = build(tmp_path, "label-dymo-30856")
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) == rep["pages"] == len(make_attendees())
    page = doc[0]
    assert page.get_rotation() == 90
    # as the label feeds: the DYMO driver's 30856 media (PaperDimension 175.44 x 291.6 pt)
    assert page.get_size() == pytest.approx((175.44, 291.6), abs=0.01)
    assert page.get_mediabox() == pytest.approx((0, 0, 291.6, 175.44), abs=0.01)
    for b in rep["badges"]:
        for g in glyphs(doc[b["page"] - 1]):
            assert any(within(g, f["text_box"]) for f in b["fields"] if f["text_box"])


def test_calibrate_writes_a_page_per_side(tmp_path):
    out = tmp_path / "cal.pdf"
    code, err = run("calibrate", "--layout", "a4-90x55-8up-duplex", "-o", str(out))
    assert code == 0 and "calibration, 2 pages" in err
    doc = pdfium.PdfDocument(out)
    assert len(doc) == 2
    text = doc[0].get_textpage().get_text_range()
    for label in ("-10", "-5", "+5", "+10", "--offset X,Y"):
        assert label in text
    code, err = run("calibrate", "--layout", "avery-5395", "-o", str(out))
    assert code == 0 and len(pdfium.PdfDocument(out)) == 1
    code, err = run("calibrate", "--layout", "nope", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "unknown layout 'nope'" in err and not (tmp_path / "x.pdf").exists()


NEW_LAYOUTS = ["a4-90x55-8up-duplex", "a4-fold-90x55-4up", "avery-5392", "avery-5395",
               "avery-c32011", "avery-l4785", "herma-4099", "zweckform-32015",
               "label-dymo-30856", "label-dymo-30374", "label-4x3in"]


@pytest.mark.parametrize("layout", NEW_LAYOUTS)
def test_every_glyph_of_every_side_is_where_the_report_says(tmp_path, layout):
    pdf, rep = build(tmp_path, layout)
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) == rep["pages"]
    sides = [s for b in rep["badges"] for s in (b, b.get("back")) if s]
    for pno in range(len(doc)):
        boxes = [f["text_box"] for s in sides if s["page"] == pno + 1 for f in s["fields"]
                 if f["text_box"]]
        found = glyphs(doc[pno])
        assert found and boxes
        for g in found:
            assert any(within(g, tb) for tb in boxes), (layout, pno, g)
        # Every side's trim lies on its page, and every glyph of a side inside its trim.
        w, h = doc[pno].get_mediabox()[2:]
        for s in sides:
            if s["page"] == pno + 1:
                t = s["trim"]
                assert t[0] >= -0.01 and t[1] >= -0.01 and t[2] <= w + 0.01 and t[3] <= h + 0.01


def test_sharing_the_fronts_work_changes_no_byte(tmp_path, monkeypatch):
    """A back's field named like a front field shares its fitting and drawing; renamed, it is
    done again from scratch. The PDFs are the same bytes.
    """
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    shared = same_back(tmp_path)
    text = shared.read_text(encoding="utf-8")
    head, sep, back = text.partition("[[back.rect]]")
    apart = tmp_path / "apart.toml"
    apart.write_text(head + sep + back.replace('name = "', 'name = "back-'), encoding="utf-8")
    pdfs = []
    for lay in (shared, apart):
        out = tmp_path / f"{lay.stem}.pdf"
        press(make_attendees(), INFO, out, layout=load_layout(str(lay)))
        pdfs.append(out.read_bytes())
    assert pdfs[0] == pdfs[1]


def test_a_preview_of_a_box_on_a_turned_label_page(tmp_path):
    import io

    from PIL import Image

    from badgepress.pdf.preview import render_png
    from badgepress.sheet.geometry import Rect

    pdf, rep = build(tmp_path, "label-dymo-30856")
    b = rep["badges"][0]
    name = next(f for f in b["fields"] if f["name"] == "name")
    box = Rect(*name["text_box"])
    img = Image.open(io.BytesIO(render_png(pdf, page=1, box=box, dpi=144)))
    # Shown as the label feeds (turned a quarter): the box's width runs down the image.
    assert abs(img.size[0] - box.height * 2) <= 2 and abs(img.size[1] - box.width * 2) <= 2
    grey = img.convert("L")
    dark = sum(n for v, n in enumerate(grey.histogram()) if v < 100)
    assert dark > 0.1 * img.size[0] * img.size[1]  # the name, not a blank corner
    whole = Image.open(io.BytesIO(render_png(pdf, page=1, dpi=72)))
    assert abs(whole.size[0] - 175.44) <= 1.5 and abs(whole.size[1] - 291.6) <= 1.5


def test_a_negative_offset_needs_no_equals_sign(tmp_path):
    code, err = run("build", str(SAMPLE), "-o", str(tmp_path / "b.pdf"), "--report",
                    str(tmp_path / "r.json"), "--offset", "-0.8mm,1.2mm", "-q")
    assert code == 0, err
    code, err = run("build", str(SAMPLE), "-o", str(tmp_path / "c.pdf"), "--report",
                    str(tmp_path / "s.json"), "-q")
    moved = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["badges"][0]["trim"]
    still = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["badges"][0]["trim"]
    assert moved[0] - still[0] == pytest.approx(mm(-0.8), abs=0.002)
    assert moved[1] - still[1] == pytest.approx(mm(1.2), abs=0.002)
