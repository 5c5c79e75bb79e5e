"""Rendered pages, checked with pypdfium2 and pypdf rather than by arithmetic alone."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from badgepress.press.run import press
from badgepress.sheet.layout import load_layout

from .conftest import INFO, SHIPPED, edited_layout, make_attendees

TOL = 0.75  # pt: anti-aliasing and pdfium's glyph boxes


def build(tmp_path: Path, layout: str, attendees=None) -> tuple[Path, dict]:
    pdf, rep = tmp_path / f"{Path(layout).stem}.pdf", tmp_path / f"{Path(layout).stem}.json"
    press(attendees or make_attendees(), INFO, pdf, layout=load_layout(layout), report=rep)
    return pdf, json.loads(rep.read_text(encoding="utf-8"))


def char_boxes(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    tp = page.get_textpage()
    boxes = []
    for i in range(tp.count_chars()):
        x0, y0, x1, y1 = tp.get_charbox(i)
        if x1 - x0 > 0.01 and y1 - y0 > 0.01:
            boxes.append((x0, y0, x1, y1))
    return boxes


def inside(b, r, tol=TOL):
    return b[0] >= r[0] - tol and b[1] >= r[1] - tol and b[2] <= r[2] + tol and b[3] <= r[3] + tol


@pytest.mark.parametrize("layout", SHIPPED)
def test_every_glyph_inside_its_field_box(tmp_path, layout):
    pdf, rep = build(tmp_path, layout)
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) == rep["pages"]
    for pno in range(len(doc)):
        fields = [f for b in rep["badges"] if b["page"] == pno + 1 for f in b["fields"]
                  if f["lines"]]
        boxes = char_boxes(doc[pno])
        assert boxes
        for cb in boxes:
            assert any(inside(cb, f["box"]) for f in fields), (layout, pno, cb)
        # Each field's glyphs span the text block the report promises: the width was really
        # drawn (no condensing leaking from the badge before), and nothing is outside it.
        for f in fields:
            mine = [cb for cb in boxes if inside(cb, f["box"])]
            assert mine, f
            x0 = min(b[0] for b in mine)
            x1 = max(b[2] for b in mine)
            tb = f["text_box"]
            assert x0 >= tb[0] - TOL and x1 <= tb[2] + TOL, f
            # (side bearings: the advance box is up to ~0.25 em wider than the ink)
            assert (x1 - x0) >= (tb[2] - tb[0]) - 0.25 * f["size"], f


def test_nothing_in_the_margins_but_marks(tmp_path):
    pdf, rep = build(tmp_path, "a4-cr80-10up")  # no colour bands: only text and marks
    page = pdfium.PdfDocument(pdf)[0]
    scale = 2.0  # 144 dpi
    img = page.render(scale=scale).to_pil().convert("L")
    w, h = img.size
    px = img.load()
    fields = [f["box"] for b in rep["badges"] if b["page"] == 1 for f in b["fields"]]
    trims = [b["trim"] for b in rep["badges"] if b["page"] == 1]
    grid = (min(t[0] for t in trims), min(t[1] for t in trims),
            max(t[2] for t in trims), max(t[3] for t in trims))
    stray = 0
    marks = 0
    for y in range(h):
        for x in range(w):
            if px[x, y] > 200:
                continue
            pt = (x / scale, (h - y) / scale)
            if any(inside((*pt, *pt), f, tol=1.0) for f in fields):
                continue
            if not inside((*pt, *pt), grid, tol=-1.0):
                marks += 1  # outside the grid: the margin, where only marks may be
                continue
            stray += 1
    assert stray == 0
    assert marks > 0


def test_fonts_embedded_and_no_helvetica(tmp_path):
    pdf, _ = build(tmp_path, "a4-90x55-8up")
    reader = PdfReader(pdf)
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            seen.add(font["/BaseFont"])
            desc = font.get("/FontDescriptor")
            if desc is None:  # Type0: look at the descendant
                desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            desc = desc.get_object()
            assert "/FontFile2" in desc, font["/BaseFont"]
    assert seen and not any("Helvetica" in f for f in seen)
    assert b"Helvetica" not in pdf.read_bytes()


def test_page_boxes_on_every_page(tmp_path):
    pdf, rep = build(tmp_path, "shop-90x55")
    reader = PdfReader(pdf)
    for page, badge in zip(reader.pages, rep["badges"], strict=True):
        trim = [float(v) for v in page.trimbox]
        assert trim == pytest.approx(badge["trim"], abs=0.01)
        assert [float(v) for v in page.bleedbox] == pytest.approx(badge["bleed"], abs=0.01)


def test_same_input_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    a = tmp_path / "a"
    b = tmp_path / "b"
    a.mkdir()
    b.mkdir()
    pa, _ = build(a, "a4-90x55-8up")
    pb, _ = build(b, "a4-90x55-8up")
    assert pa.read_bytes() == pb.read_bytes()


def test_condensing_does_not_leak_into_the_next_badge(tmp_path):
    names = [("Hubert Blaine", "Wolfeschlegelsteinhausenbergerdorffvoralternwaren", "X"),
             ("Ana", "Li", "Y")]
    pdf, rep = build(tmp_path, "a4-90x55-8up", make_attendees(names))
    first, second = rep["badges"]
    assert first["fields"][1]["status"] in ("condensed", "overflow")
    assert first["warnings"]
    # Follow the horizontal scale through the content stream, with q/Q saving and restoring
    # it, and note it at every glyph run of each badge (a badge starts with "q ... cm").
    page = PdfReader(pdf).pages[0]
    ops = ContentStream(page.get_contents(), page.pdf).operations
    scale, stack, badge, block, seen = 100.0, [], 0, 0, {}
    for operands, op in ops:
        if op == b"BT":
            block += 1
        elif op == b"q":
            stack.append(scale)
        elif op == b"Q":
            scale = stack.pop()
        elif op == b"cm" and len(stack) == 1:
            badge, block = badge + 1, 0
        elif op == b"Tz":
            scale = float(operands[0])
        elif op == b"TJ":
            seen.setdefault((badge, block), set()).add(scale)
    for b, fields in enumerate((first["fields"], second["fields"]), start=1):
        drawn = [f for f in fields if f["lines"]]
        for i, f in enumerate(drawn, start=1):
            condensed = f["status"] in ("condensed", "overflow")
            assert (min(seen[b, i]) < 100.0) == condensed, (b, f)
            assert condensed or seen[b, i] == {100.0}, (b, f)
    assert second["fields"][1]["size"] == 40.0


def test_marks_raised_and_lowered_where_harfbuzz_puts_them(tmp_path):
    # Q with a dot below and a circumflex: no precomposed glyph, so HarfBuzz positions both
    # marks with x and y offsets, which the renderer writes as text rise (Ts).
    from badgepress.plan.planner import Planner
    from badgepress.text.fonts import FontBook

    people = make_attendees([("Q\u0323\u0302", "Ng", "X")])
    pdf, _ = build(tmp_path, "a4-90x55-8up", people)
    fp = next(f for f in Planner(load_layout("a4-90x55-8up"), FontBook()).plan(0, people[0])
              .fields if f.spec.name == "name")
    assert fp.fitted is not None
    size = fp.fitted.size
    expected = []
    for line, (ox, oy) in zip(fp.shaped, fp.fitted.origins, strict=True):
        for run in line.runs:
            pen = run.x
            for gid, adv, (dx, dy) in zip(run.gids, run.advances, run.offsets, strict=True):
                gx0, gy0, gx1, gy1 = run.font.extents(gid)
                x, y = fp.box.x0 + ox, fp.box.y0 + oy
                expected.append((x + (pen + dx + gx0) * size, y + (dy + gy0) * size,
                                 x + (pen + dx + gx1) * size, y + (dy + gy1) * size))
                pen += adv
    assert any(dy for line in fp.shaped for run in line.runs for _, dy in run.offsets)
    tp = pdfium.PdfDocument(pdf)[0].get_textpage()
    drawn = [tp.get_charbox(i) for i in range(tp.count_chars())]
    for box in expected:
        assert any(all(abs(a - b) < TOL for a, b in zip(box, d, strict=True)) for d in drawn), box


def test_each_line_at_its_own_size_on_the_page(tmp_path):
    layout = edited_layout(tmp_path, "lines = 2\n", 'lines = 2\nline_sizes = "each"\n',
                           "each.toml")
    people = make_attendees([("Jo", "Wolfeschlegelsteinhausen", "X")])
    pdf, rep = build(tmp_path, str(layout), people)
    name = next(f for f in rep["badges"][0]["fields"] if f["name"] == "name")
    assert name["lines"] == ["Jo", "Wolfeschlegelsteinhausen"]
    big, small = name["sizes"]
    assert big > small * 1.5 and name["size"] == big
    tp = pdfium.PdfDocument(pdf)[0].get_textpage()
    boxes = [tp.get_charbox(i) for i in range(tp.count_chars())]
    mine = [b for b in boxes if inside(b, name["box"]) and b[2] - b[0] > 0.01]
    assert len(mine) == len("JoWolfeschlegelsteinhausen")
    assert all(inside(b, name["text_box"]) for b in mine)
    drawn = [round(pdfium.raw.FPDFText_GetFontSize(tp, i), 2) for i in range(tp.count_chars())
             if inside(tp.get_charbox(i), name["box"]) and not tp.get_text_range(i, 1).isspace()]
    assert drawn == [big] * 2 + [small] * len("Wolfeschlegelsteinhausen")
