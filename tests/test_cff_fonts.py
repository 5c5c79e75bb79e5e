"""CFF (.otf) fonts: converted to TrueType on demand, shaped, measured and drawn like any other.

Uses the small CFF test font of :mod:`tests.cff_font` in a temporary ``--font-dir``; system
fonts are switched off so the machine's fonts cannot change what is covered.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import uharfbuzz as hb
from fontTools.pens.areaPen import AreaPen
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.pointInsidePen import PointInsidePen
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from badgepress.press.run import build
from badgepress.text import converted, fontdb, fonts
from badgepress.text.cff2ttf import convert_for_drawing
from badgepress.text.fonts import FontBook

from .cff_font import FAMILY, KERN_AV, RARE, RARE2, build_cff_font

FULL_NAME = f"{FAMILY} Regular"


@pytest.fixture(scope="module")
def font_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("fonts")
    build_cff_font(d / "TestCFFSans-Regular.otf")
    return d


@pytest.fixture(scope="module")
def otf(font_dir: Path) -> Path:
    return font_dir / "TestCFFSans-Regular.otf"


@pytest.fixture(autouse=True)
def no_system_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "SYSTEM_FONT_DIRS", ())


# --- conversion --------------------------------------------------------------------------


def _outline_stats(glyph_set, name: str) -> tuple[float, tuple[float, ...], list[bool]]:
    """|area|, bounds, and inside-ness on a 24x24 grid over the em (font units)."""
    area, bounds = AreaPen(glyph_set), BoundsPen(glyph_set)
    glyph_set[name].draw(area)
    glyph_set[name].draw(bounds)
    inside = []
    for i in range(24):
        for j in range(24):
            pen = PointInsidePen(glyph_set, (20 + 40 * i + 0.5, -110 + 40 * j + 0.5))
            glyph_set[name].draw(pen)
            inside.append(pen.getResult())
    return abs(area.value), bounds.bounds or (0, 0, 0, 0), inside


def test_conversion_keeps_outlines_and_advances(otf: Path) -> None:
    source = TTFont(otf)
    cmap = source.getBestCmap()
    data = convert_for_drawing(otf, cmap).data
    converted = TTFont(io.BytesIO(data))
    assert "glyf" in converted and "CFF " not in converted
    conv_cmap = converted.getBestCmap()
    assert set(conv_cmap) == set(cmap)
    src_set, conv_set = source.getGlyphSet(), converted.getGlyphSet()
    for cp, name in cmap.items():
        conv_name = conv_cmap[cp]
        assert converted["hmtx"][conv_name][0] == source["hmtx"][name][0], hex(cp)
        a1, b1, in1 = _outline_stats(src_set, name)
        a2, b2, in2 = _outline_stats(conv_set, conv_name)
        assert a2 == pytest.approx(a1, rel=0.005, abs=1), hex(cp)
        assert all(abs(x - y) <= 1.0 for x, y in zip(b1, b2, strict=True)), hex(cp)
        assert sum(x != y for x, y in zip(in1, in2, strict=True)) <= 3, hex(cp)
        # TrueType rasterisers expect lsb == xMin
        if converted["glyf"][conv_name].numberOfContours:
            assert converted["hmtx"][conv_name][1] == converted["glyf"][conv_name].xMin


def _shape(blob: hb.Blob, text: str) -> list[tuple[int, int, int]]:
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(hb.Font(hb.Face(blob)), buf, {})
    return [(p.x_advance, p.x_offset, p.y_offset) for p in buf.glyph_positions]


def test_converted_copy_shapes_like_the_source(otf: Path) -> None:
    text = f"AV fi {RARE}"
    data = convert_for_drawing(otf, map(ord, text)).data
    src_shaped = _shape(hb.Blob.from_file_path(str(otf)), text)
    assert _shape(hb.Blob(data), text) == src_shaped
    assert len(src_shaped) == len(text) - 1  # the f_i ligature survived the subset
    plain_a = TTFont(otf)["hmtx"]["u0041"][0]
    assert src_shaped[0][0] == plain_a + KERN_AV  # and so did the A-V kern


def test_conversion_is_small_deterministic_and_only_what_was_asked(otf: Path) -> None:
    one = convert_for_drawing(otf, [ord(RARE)]).data
    assert one == convert_for_drawing(otf, [ord(RARE)]).data
    font = TTFont(io.BytesIO(one))
    assert set(font.getBestCmap()) == {ord(RARE)}
    assert len(font.getGlyphOrder()) == 2  # .notdef and 𠮷
    assert len(one) < 3000
    # Asking for f and i brings the ligature glyph along: shaping may produce it.
    fi = convert_for_drawing(otf, map(ord, "fi")).data
    assert len(TTFont(io.BytesIO(fi)).getGlyphOrder()) == 4


# --- discovery and the fallback chain ----------------------------------------------------


def test_fonts_listing_says_converted_on_demand(font_dir: Path) -> None:
    faces = fontdb.discover([font_dir])
    assert [f.cff and not f.truetype and f.usable for f in faces] == [True]
    (line,) = fontdb.format_listing(faces)
    assert FULL_NAME in line and "converted to TrueType on demand" in line
    assert "not usable" not in line


def test_small_face_is_converted_whole_once(font_dir: Path, otf: Path) -> None:
    book = FontBook([font_dir], system_fonts=False)
    face = fontdb.find(book.shipped, FULL_NAME)
    assert face is not None and face.path == otf
    first = book.load(face, RARE)
    assert first.cmap == fontdb.coverage(face) and first.source == face
    assert first.face.truetype and first.face.path.is_file() and first.name == FULL_NAME
    assert book.load(face, RARE2 + "Ab") is first


def test_large_face_grows_in_chunks(font_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(converted, "WHOLE_FACE_LIMIT", 0)  # treat the test font like a CJK font
    book = FontBook([font_dir], system_fonts=False)
    face = fontdb.find(book.shipped, FULL_NAME)
    assert face is not None
    seed = book.load(face, "")  # as a primary font is loaded: the seed chunk
    assert ord(RARE) not in seed.cmap and {ord("A"), ord(" ")} <= seed.cmap
    rare = book.load(face, f"{RARE}田")
    assert {ord(RARE), ord("田")} == rare.cmap
    assert book.load(face, "Abc") is seed
    assert book.load(face, RARE) is rare
    both = book.load(face, RARE + RARE2)
    assert both not in (seed, rare) and len({seed.key, rare.key, both.key}) == 3
    # two chunks since the first cost more than converting all again: this one holds it all
    assert both.cmap == seed.cmap | rare.cmap | {ord(RARE2)}


def test_chain_prefers_one_font_for_the_whole_text(font_dir: Path) -> None:
    chain = FontBook([font_dir], system_fonts=False).chain("Noto Sans Bold")
    ((start, end, font),) = chain.itemize(f"{RARE}田 太郎")
    assert (start, end) == (0, 5) and font is not None and font.name == FULL_NAME
    runs = chain.itemize(f"{RARE}野")  # 野 is not in the test font: one run each
    assert [(s, e, f.name if f else None) for s, e, f in runs] == [
        (0, 1, FULL_NAME), (1, 2, "Noto Sans CJK Common Bold")]


# --- end to end --------------------------------------------------------------------------


def _write_csv(path: Path, rows: list[tuple[str, str]]) -> Path:
    lines = ["First Name,Last Name,Company"] + [f"{f},{last},ACME" for f, last in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _ink(page: pdfium.PdfPage, box: tuple[float, float, float, float], scale: float = 3) -> int:
    """Dark pixels of ``page`` inside ``box`` (PDF points, y up)."""
    bitmap = page.render(scale=scale, grayscale=True)
    height, stride, n = bitmap.height, bitmap.stride, bitmap.n_channels
    buf = bitmap.buffer
    x0, y0, x1, y1 = (round(v * scale) for v in box)
    dark = 0
    for y in range(max(0, height - y1), min(height, height - y0)):
        row = y * stride
        for x in range(max(0, x0), min(bitmap.width, x1)):
            if buf[row + x * n] < 128:
                dark += 1
    return dark


def _char_box(page: pdfium.PdfPage, before: str, ch: str) -> tuple[float, float, float, float]:
    """Box of the character drawn right after ``before``, which must be ``ch``.

    Found through its neighbour because reportlab writes a wrong ToUnicode entry for characters
    outside the BMP (see test_non_bmp_text_extracts), so 𠮷 cannot be searched for directly.
    """
    tp = page.get_textpage()
    text = tp.get_text_range()
    index = text.index(before) + len(before)
    if ch <= "\uffff":
        assert text[index] == ch, text
    box: tuple[float, float, float, float] = tp.get_charbox(index)
    return box


def _badge(report: dict, ch: str) -> dict:
    return next(b for b in report["badges"] if any(ch in "".join(f["lines"])
                                                    for f in b["fields"]))


def test_rare_character_printed_from_a_cff_font_dir(tmp_path: Path, font_dir: Path) -> None:
    src = _write_csv(tmp_path / "a.csv", [(f"{RARE}郎", "田"), ("Ana", "Li")])
    pdf, rep = tmp_path / "a.pdf", tmp_path / "a.json"
    result = build(src, pdf, report=rep, font_dirs=[font_dir])
    assert result.warnings == []
    report = json.loads(rep.read_text(encoding="utf-8"))
    name = next(f for f in _badge(report, RARE)["fields"] if RARE in "".join(f["lines"]))
    assert name["missing"] == [] and FULL_NAME in name["fonts"]
    page = pdfium.PdfDocument(pdf)[0]
    box = _char_box(page, "田", RARE)
    x0, y0, x1, y1 = name["box"]
    assert x0 - 1 <= box[0] < box[2] <= x1 + 1 and y0 - 1 <= box[1] < box[3] <= y1 + 1
    assert _ink(page, box) > 50  # 吉's strokes, not an empty glyph


def test_rare_character_missing_without_the_font_dir(tmp_path: Path) -> None:
    src = _write_csv(tmp_path / "a.csv", [(f"{RARE}郎", "田")])
    rep = tmp_path / "a.json"
    result = build(src, tmp_path / "a.pdf", report=rep)
    assert any("U+20BB7" in w for _, w in result.warnings), result.warnings
    report = json.loads(rep.read_text(encoding="utf-8"))
    assert any(RARE in f["missing"] for f in report["badges"][0]["fields"])


def _cff_layout(tmp_path: Path, otf: Path) -> Path:
    text = (Path(__file__).resolve().parents[1] / "layouts" / "a4-90x55-8up.toml").read_text(
        encoding="utf-8")
    text = text.replace('font = "Noto Sans Bold"\n', f'font = "{otf.as_posix()}"\n', 2)
    assert text.count(otf.as_posix()) == 2
    path = tmp_path / "cff.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _pixels(pdf: Path) -> bytes:
    page = pdfium.PdfDocument(pdf)[0]
    return bytes(page.render(scale=2, grayscale=True).buffer)


def test_cff_primary_font_chunked_or_whole(tmp_path: Path, otf: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A layout naming a CFF font: the same bytes twice, and the same picture whether the face
    is converted whole or text by text (so every chunk draws its own glyphs).
    """
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    layout = _cff_layout(tmp_path, otf)
    rows = [("Ana", "Li"), (RARE, "田"), (RARE2, "太郎"), ("Maria", "Fifi"), ("野", "Ng")]
    src = _write_csv(tmp_path / "a.csv", rows)
    pictures = []
    for limit in (converted.WHOLE_FACE_LIMIT, 0):  # 0: treat the test font like a CJK font
        monkeypatch.setattr(converted, "WHOLE_FACE_LIMIT", limit)
        outputs = []
        for run in ("a", "b"):
            pdf, rep = tmp_path / f"{limit}{run}.pdf", tmp_path / f"{limit}{run}.json"
            # the font lies outside the layout's folder: its folder is allowed explicitly
            result = build(src, pdf, layout=str(layout), report=rep,
                           allow_files=[otf.parent])
            assert result.warnings == []
            outputs.append(pdf.read_bytes())
        assert outputs[0] == outputs[1]
        pictures.append(_pixels(pdf))
        report = json.loads(rep.read_text(encoding="utf-8"))
        for badge in report["badges"]:
            name = next(f for f in badge["fields"] if f["name"] == "name")
            assert name["missing"] == []
            # 野 is not in the test font: its line falls back to the shipped CJK font, which
            # can set the whole line (one font per line where one can do)
            cjk = "Noto Sans CJK Common Regular"
            expected = {cjk} if "野" in "".join(name["lines"]) else {FULL_NAME}
            assert set(name["fonts"]) == expected
        # Every subset, each converted chunk's included, has a tag of its own.
        subsets: dict[str, set[bytes]] = {}
        for ref in PdfReader(pdf).pages[0]["/Resources"]["/Font"].values():
            font = ref.get_object()
            data = font["/FontDescriptor"]["/FontFile2"].get_object()._data
            subsets.setdefault(str(font["/BaseFont"]), set()).add(data)
        assert all(len(programs) == 1 for programs in subsets.values()), subsets.keys()
        tags = [n[1:7] for n in subsets]
        assert len(set(tags)) == len(tags) and "AAAAAA" not in tags, tags
        page = pdfium.PdfDocument(pdf)[0]
        assert "Maria Fi" in page.get_textpage().get_text_range()
        for before, ch in (("Ana", " "), ("田", RARE), ("Mari", "a")):
            if ch.strip():
                assert _ink(page, _char_box(page, before, ch)) > 20, ch
    assert pictures[0] == pictures[1]


def test_non_bmp_text_extracts(tmp_path: Path, font_dir: Path) -> None:
    src = _write_csv(tmp_path / "a.csv", [(f"{RARE}郎", "田")])
    build(src, tmp_path / "a.pdf", font_dirs=[font_dir])
    page = pdfium.PdfDocument(tmp_path / "a.pdf")[0]
    assert RARE in page.get_textpage().get_text_range()
