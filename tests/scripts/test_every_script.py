"""Every script a badge must print, end to end through the CLI, checked on the rendered pages.

``names.csv`` holds names in Latin (with Vietnamese stacked diacritics), Greek, Cyrillic,
Arabic, Hebrew, Devanagari, Tamil, Bengali, Thai, Chinese, Japanese and Korean: short and long,
with particles, hyphenated family names, mixed directions and one row with characters no font
covers. The PDF is built once (``badgepress build ... --report``) and then read back with
pdfium, independently of the code that drew it:

- every glyph pdfium finds lies inside its field's box from the report;
- every glyph HarfBuzz shaped is on the page where it was shaped, with the ink box the font
  gives it (so no blank glyph, no lost mark offset, no isolated form where a joined one was
  shaped), and its box has ink in a rendered bitmap;
- Arabic is joined and runs right to left; a mixed-direction name is ordered and its
  brackets mirrored as UAX #9 says;
- the report shows per field the lines, size, fonts and any character that could not be
  printed, and the CLI names that row.
"""

from __future__ import annotations

import csv
import ctypes
import io
import itertools
import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

pdfium = pytest.importorskip("pypdfium2")
pdfium_c = pytest.importorskip("pypdfium2.raw")
Image = pytest.importorskip("PIL.Image")
ImageChops = pytest.importorskip("PIL.ImageChops")

from badgepress.cli import main  # noqa: E402
from badgepress.model import Attendee  # noqa: E402
from badgepress.plan.planner import BadgePlan, FieldPlan, Planner  # noqa: E402
from badgepress.readers import open_attendees  # noqa: E402
from badgepress.sheet.layout import DEFAULT_LAYOUT, load_layout  # noqa: E402
from badgepress.text import fontdb, words  # noqa: E402
from badgepress.text.fonts import FontBook  # noqa: E402
from badgepress.text.shaping import shape_line  # noqa: E402

NAMES = Path(__file__).with_name("names.csv")
SCRIPTS = ("latin", "vietnamese", "greek", "cyrillic", "arabic", "hebrew", "devanagari",
           "tamil", "bengali", "thai", "chinese", "japanese", "korean")
SCALE = 4.0  # render at 288 dpi
TOL = 0.5  # pt
DOTTED_CIRCLE = 0x25CC  # what HarfBuzz inserts for a broken cluster

Box = tuple[float, float, float, float]


@dataclass
class Glyph:
    """One glyph as shaped and placed by the planner, in page points."""

    row: int
    field: str
    line: int
    cluster: int  # index into the line's text
    char: str  # the character at that index
    gid: int
    box: Box | None  # ink box on the page; None for a glyph without ink (a space)
    drawn: Box | None = None  # the box pdfium found for it


@dataclass
class PdfChar:
    """A glyph as pdfium reads it from the page (``text``: its characters, from ToUnicode)."""

    page: int
    index: int
    text: str
    box: Box
    origin: tuple[float, float]
    glyph: Glyph | None = None

    @property
    def inked(self) -> bool:
        # a space has a box of zero height, or one hundredth of a point
        return self.box[2] - self.box[0] > 0.1 and self.box[3] - self.box[1] > 0.1


@dataclass
class Built:
    code: int
    err: str
    report: dict[str, Any]
    rows: dict[int, dict[str, str]]  # row -> CSV record
    plans: dict[int, BadgePlan]
    badges: dict[int, dict[str, Any]]  # row -> report entry
    glyphs: list[Glyph]
    chars: list[PdfChar]
    ink: list[Any]  # per page: difference between the page and the page without text
    unmatched: list[Glyph] = field(default_factory=list)

    def row(self, script: str, first_name: str) -> int:
        return next(r for r, rec in self.rows.items()
                    if rec["Script"] == script and rec["First Name"] == first_name)

    def entry(self, row: int, name: str) -> dict[str, Any]:
        """The report's entry for field ``name`` of the badge of ``row``."""
        return next(f for f in self.badges[row]["fields"] if f["name"] == name)

    def placed(self, row: int, name: str) -> list[Glyph]:
        return [g for g in self.glyphs if g.row == row and g.field == name]


def _glyphs(row: int, fp: FieldPlan) -> Iterator[Glyph]:
    """The planner's glyphs of one field with their ink boxes on the page (see render.py)."""
    f = fp.fitted
    if f is None:
        return
    for number, (line, (ox, oy)) in enumerate(zip(fp.shaped, f.origins, strict=True)):
        x0 = fp.box.x0 + ox
        y0 = fp.box.y0 + oy
        for run in line.runs:
            pen = run.x
            for gid, cluster, adv, (dx, dy) in zip(run.gids, run.clusters, run.advances,
                                                   run.offsets, strict=True):
                if gid:
                    ex0, ey0, ex1, ey1 = run.font.extents(gid)
                    box = None
                    if ex1 > ex0:
                        box = (x0 + (pen + dx + ex0) * f.size * f.hscale,
                               y0 + (dy + ey0) * f.size,
                               x0 + (pen + dx + ex1) * f.size * f.hscale,
                               y0 + (dy + ey1) * f.size)
                    yield Glyph(row, fp.spec.name, number, cluster, line.text[cluster], gid, box)
                pen += adv


def _pdf_chars(doc: Any) -> list[PdfChar]:
    chars = []
    for pno in range(len(doc)):
        tp = doc[pno].get_textpage()
        for i in range(tp.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(tp.raw, i):
                continue  # line breaks pdfium adds between text objects
            ox, oy = ctypes.c_double(), ctypes.c_double()
            pdfium_c.FPDFText_GetCharOrigin(tp.raw, i, ctypes.byref(ox), ctypes.byref(oy))
            ch = PdfChar(pno + 1, i, tp.get_text_range(i, 1), tuple(tp.get_charbox(i)),
                         (ox.value, oy.value))
            last = chars[-1] if chars else None
            if last and (last.page, last.box, last.origin) == (ch.page, ch.box, ch.origin):
                last.text += ch.text  # one glyph for several characters (a ligature)
            else:
                chars.append(ch)
    return chars


def _ink_images(pdf: Path) -> list[Any]:
    """Per page, |page - page without its text objects| as an RGB image at SCALE."""
    full = pdfium.PdfDocument(pdf)
    bare = pdfium.PdfDocument(pdf)
    out = []
    for pno in range(len(full)):
        page = bare[pno]
        for obj in list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT])):
            page.remove_obj(obj)
        page.gen_content()
        a = full[pno].render(scale=SCALE).to_pil().convert("RGB")
        b = page.render(scale=SCALE).to_pil().convert("RGB")
        out.append(ImageChops.difference(a, b))
    return out


def _match(glyphs: list[Glyph], chars: list[PdfChar], page_of: dict[int, int]) -> list[Glyph]:
    """Pair each inked glyph with the pdfium char whose box is its ink box; return the unpaired."""
    by_page: dict[int, list[PdfChar]] = {}
    for ch in chars:
        if ch.inked:
            by_page.setdefault(ch.page, []).append(ch)
    unmatched = []
    for g in glyphs:
        if g.box is None:
            continue
        best, err = None, TOL
        for ch in by_page.get(page_of[g.row], []):
            if ch.glyph is not None:
                continue
            d = max(abs(a - b) for a, b in zip(ch.box, g.box, strict=True))
            if d <= err:
                best, err = ch, d
        if best is None:
            unmatched.append(g)
        else:
            best.glyph, g.drawn = g, best.box
    return unmatched


@pytest.fixture(scope="module", params=["words", "whole"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    # A long list sets lines from words shaped once (words.py) after the first few hundred;
    # "words" does so from the first line, "whole" never, so both paths are checked here.
    saved = words.WARMUP_LINES
    words.WARMUP_LINES = 0 if request.param == "words" else 10**9
    try:
        return _build(tmp_path_factory)
    finally:
        words.WARMUP_LINES = saved


def _build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("every-script")
    pdf, rep = out / "names.pdf", out / "names.json"
    err = io.StringIO()
    code = main(["build", str(NAMES), "-o", str(pdf), "--report", str(rep)], out=io.StringIO(),
                err=err)
    report = json.loads(rep.read_text(encoding="utf-8"))
    with NAMES.open(encoding="utf-8", newline="") as f:
        rows = {i + 2: rec for i, rec in enumerate(csv.DictReader(f))}
    # The plan the build drew from (same layout, same fonts), for where each glyph was shaped.
    layout = load_layout(DEFAULT_LAYOUT)
    planner = Planner(layout, FontBook())
    with open_attendees(NAMES) as table:
        attendees = [r for r in table.records() if isinstance(r, Attendee)]
    plans = {a.row: planner.plan(i, a) for i, a in enumerate(attendees)}
    glyphs = [g for row, plan in plans.items() for fp in plan.fields for g in _glyphs(row, fp)]
    doc = pdfium.PdfDocument(pdf)
    chars = _pdf_chars(doc)
    result = Built(code, err.getvalue(), report, rows, plans,
                   {b["row"]: b for b in report["badges"]}, glyphs, chars, _ink_images(pdf))
    result.unmatched = _match(glyphs, chars, {r: p.page for r, p in plans.items()})
    return result


def _inside(b: Box, r: list[float] | Box, tol: float = TOL) -> bool:
    return b[0] >= r[0] - tol and b[1] >= r[1] - tol and b[2] <= r[2] + tol and b[3] <= r[3] + tol


def _centre(b: Box) -> tuple[float, float]:
    return (b[0] + b[2]) / 2, (b[1] + b[3]) / 2


# --- the data set ---------------------------------------------------------------------------


def test_every_script_and_every_row_is_on_a_badge(built: Built) -> None:
    assert built.code == 0, built.err
    scripts = [rec["Script"] for rec in built.rows.values()]
    for script in SCRIPTS:
        assert scripts.count(script) >= 3, script
    assert sorted(built.badges) == sorted(built.rows)
    n = len(built.rows)
    pages = built.report["pages"]
    assert f"{n} badges on {pages} pages" in built.err
    assert built.report["rows_read"] == n and built.report["skipped"] == []


# --- (a) every glyph inside its field box ---------------------------------------------------


def test_every_glyph_lies_inside_its_field_box(built: Built) -> None:
    fields = {}
    for b in built.report["badges"]:
        fields.setdefault(b["page"], []).extend(
            (b["row"], f["name"], f["box"]) for f in b["fields"] if f["lines"])
    inked = [ch for ch in built.chars if ch.inked]
    assert len(inked) > 1000
    for ch in inked:
        home = [(row, name, box) for row, name, box in fields[ch.page]
                if _inside((*_centre(ch.box), *_centre(ch.box)), box, 0)]
        assert home, f"page {ch.page}: {ch.text!r} at {ch.box} is in no field box"
        row, name, box = home[0]
        assert _inside(ch.box, box), f"row {row} {name}: {ch.text!r} {ch.box} outside {box}"


# --- (b) no blank glyph ---------------------------------------------------------------------


def test_drawn_glyph_count_per_field_is_the_shaped_count(built: Built) -> None:
    """pdfium's glyphs per field box = the glyphs shape_line gives for the reported lines
    (gid 0, a character no font has, is not drawn). Zero-width marks count too."""
    layout = load_layout(DEFAULT_LAYOUT)
    book = FontBook()
    chains = {spec.name: book.chain(spec.font, base=Path(layout.source).parent)
              for spec in layout.fields}
    for row, badge in built.badges.items():
        on_page = [ch for ch in built.chars if ch.page == badge["page"]]
        for f in badge["fields"]:
            shaped = [g for line in f["lines"] for run in shape_line(line, chains[f["name"]]).runs
                      for g, c in zip(run.gids, run.clusters, strict=True)
                      if g and not line[c].isspace()]
            # inked glyphs by their box's centre, blank ones by their origin; spaces are left
            # out (pdfium reads two spaces in a row as one)
            drawn = [ch for ch in on_page if not ch.text.isspace()
                     and _inside((*_centre(ch.box), *_centre(ch.box)) if ch.inked
                                 else (*ch.origin, *ch.origin), f["box"], 0)]
            assert len(drawn) == len(shaped), (row, f["name"], f["lines"],
                                               "".join(ch.text for ch in drawn))


def test_every_shaped_glyph_is_drawn_with_its_own_ink_box(built: Built) -> None:
    """Each glyph with ink is on the page where HarfBuzz put it (offsets included) with the
    box its outline has in the font: a blank, substituted or misplaced glyph finds no match."""
    missed = [(g.row, g.field, g.char, f"U+{ord(g.char):04X}", g.gid, g.box)
              for g in built.unmatched]
    assert not missed, missed[:10]
    stray = [(ch.page, ch.text, ch.box) for ch in built.chars if ch.inked and ch.glyph is None]
    assert not stray, stray[:10]


def test_every_inked_glyph_has_ink_in_the_rendered_page(built: Built) -> None:
    blank = []
    for g in built.glyphs:
        if g.drawn is None:
            continue
        img = built.ink[built.plans[g.row].page - 1]
        h = img.height
        x0, y0, x1, y1 = g.drawn
        crop = img.crop((int(x0 * SCALE), int(h - y1 * SCALE),
                         int(x1 * SCALE + 0.999), int(h - y0 * SCALE + 0.999)))
        if max(hi for _, hi in crop.getextrema()) < 96:
            blank.append((g.row, g.field, g.char, g.gid))
    assert not blank, blank[:10]


def test_nothing_missing_and_no_dotted_circle_except_the_emoji_row(built: Built) -> None:
    emoji = {r for r, rec in built.rows.items() if rec["Script"] == "emoji"}
    for row, plan in built.plans.items():
        for fp in plan.fields:
            if row not in emoji:
                assert fp.missing == (), (row, fp.spec.name, fp.missing)
            for line in fp.shaped:
                for run in line.runs:
                    dotted = run.font.hb_font.get_nominal_glyph(DOTTED_CIRCLE)
                    assert 0 not in run.gids, (row, line.text)
                    assert dotted is None or dotted not in run.gids, (row, line.text)


# --- (c) right to left, joined; mixed direction ---------------------------------------------


def _x(g: Glyph) -> float:
    assert g.drawn is not None, g
    return _centre(g.drawn)[0]


def _letters(glyphs: list[Glyph], line: int = 0) -> list[Glyph]:
    """The base letters of one line, in logical order (first glyph of each cluster)."""
    seen: dict[int, Glyph] = {}
    for g in glyphs:
        if g.line == line and g.drawn is not None and unicodedata.category(g.char) == "Lo":
            seen.setdefault(g.cluster, g)
    return [seen[c] for c in sorted(seen)]


@pytest.mark.parametrize("script", ["arabic", "hebrew"])
def test_right_to_left_lines_run_right_to_left(built: Built, script: str) -> None:
    for row, rec in built.rows.items():
        if rec["Script"] != script:
            continue
        for number, line in enumerate(built.entry(row, "name")["lines"]):
            letters = _letters(built.placed(row, "name"), number)
            assert len(letters) >= 3, (row, line)
            xs = [_x(g) for g in letters]
            # the first letter in logical order is the rightmost, and so on
            assert xs == sorted(xs, reverse=True), (row, line, [g.char for g in letters])


@pytest.mark.parametrize("word", ["علي", "حسن", "محمد"], ids=["ali", "hasan", "muhammad"])
def test_arabic_letters_are_joined(built: Built, word: str) -> None:
    # HarfBuzz gives contextual forms, different from the letters set alone...
    chain = FontBook().chain("Noto Sans Bold")
    joined = [g for run in shape_line(word, chain).runs for g in run.gids]
    alone = [g for ch in word for run in shape_line(ch, chain).runs for g in run.gids]
    assert len(joined) == len(alone) == len(word)
    assert all(j != a for j, a in zip(joined[::-1], alone, strict=True)), (joined, alone)
    # ...and on the page the letters of the word touch: each one's ink reaches the next.
    found = 0
    for row, rec in built.rows.items():
        if rec["Script"] != "arabic":
            continue
        for number, line in enumerate(built.entry(row, "name")["lines"]):
            start = f" {line} ".find(f" {word} ")
            if start < 0:
                continue
            found += 1
            letters = [g for g in _letters(built.placed(row, "name"), number)
                       if start <= g.cluster < start + len(word)]
            assert [g.char for g in letters] == list(word)
            assert [g.gid for g in letters] == joined[::-1]
            for right, left in itertools.pairwise(letters):
                assert right.drawn and left.drawn
                assert left.drawn[2] >= right.drawn[0] - 0.05, (row, word, right.char, left.char)
    assert found


def _bulge(built: Built, g: Glyph) -> float:
    """Which way a bracket's curve bulges: > 0 right, like ")", < 0 left, like "(".

    The middle third of the glyph's ink sits further right than its ends for ")".
    """
    assert g.drawn is not None
    img = built.ink[built.plans[g.row].page - 1].convert("L")
    h = img.height
    x0, y0, x1, y1 = (int(g.drawn[0] * SCALE), int(h - g.drawn[3] * SCALE),
                      int(g.drawn[2] * SCALE) + 1, int(h - g.drawn[1] * SCALE) + 1)
    px = img.load()

    def mean_x(ya: int, yb: int) -> float:
        xs = [x for y in range(ya, yb) for x in range(x0, x1) if px[x, y] > 128]
        return sum(xs) / len(xs)

    third = (y1 - y0) // 3
    ends = (mean_x(y0, y0 + third // 2) + mean_x(y1 - third // 2, y1)) / 2
    return mean_x(y0 + third, y1 - third) - ends


def test_mixed_direction_arabic_first(built: Built) -> None:
    """ "علي (Ali)": an RTL paragraph: علي at the right, then "(Ali)" to its left, the Latin
    read left to right, and the brackets mirrored so that they open towards "Ali"."""
    row = built.row("mixed", "علي (Ali)")
    assert built.entry(row, "name")["lines"] == ["علي (Ali)"]
    by_char = {g.char: g for g in built.placed(row, "name") if g.drawn is not None}
    ain, lam, ya = by_char["ع"], by_char["ل"], by_char["ي"]
    a, l_, i = by_char["A"], by_char["l"], by_char["i"]
    opening, closing = by_char["("], by_char[")"]
    assert _x(ain) > _x(lam) > _x(ya) > _x(opening) > _x(i) > _x(l_) > _x(a) > _x(closing)
    # the opening bracket, at the right of "Ali", is drawn as ")"; the closing one as "("
    assert _bulge(built, opening) > 0 > _bulge(built, closing)
    # and the Arabic is joined
    assert lam.drawn and ya.drawn and ain.drawn
    assert lam.drawn[2] >= ain.drawn[0] - 0.05 and ya.drawn[2] >= lam.drawn[0] - 0.05


def test_mixed_direction_latin_first(built: Built) -> None:
    """ "Layla (ليلى)": an LTR paragraph; the Arabic inside the brackets runs right to left and
    the brackets are not mirrored."""
    row = built.row("mixed", "Layla (ليلى)")
    first = built.entry(row, "name")["lines"][0]
    assert first == "Layla (ليلى)"
    glyphs = [g for g in built.placed(row, "name") if g.line == 0 and g.drawn is not None]
    latin = [g for g in glyphs if g.char in "Layla"]
    arabic = _letters(glyphs)
    opening = next(g for g in glyphs if g.char == "(")
    closing = next(g for g in glyphs if g.char == ")")
    assert [_x(g) for g in latin] == sorted(_x(g) for g in latin)
    assert [_x(g) for g in arabic] == sorted((_x(g) for g in arabic), reverse=True)
    assert max(map(_x, latin)) < _x(opening) < min(map(_x, arabic))
    assert max(map(_x, arabic)) < _x(closing)
    assert _bulge(built, opening) < 0 < _bulge(built, closing)


# --- names: lines, particles, CJK order -----------------------------------------------------


def test_long_names_take_two_lines_or_condense(built: Built) -> None:
    for row, rec in built.rows.items():
        f = built.entry(row, "name")
        long = len(rec["First Name"]) + len(rec["Last Name"]) > 24
        if long and rec["Script"] not in ("chinese", "korean"):
            assert len(f["lines"]) == 2 or f["status"] == "condensed", (row, f)
        if f["status"] == "condensed":
            assert f["hscale"] < 1 and f["size"] == 12, (row, f)
    wolfe = built.entry(built.row("latin", "Hubert Blaine"), "name")
    assert wolfe["status"] == "condensed" and wolfe["lines"][1].startswith("Wolfe")
    for script, first in [("latin", "Ana"), ("greek", "Ιώ"), ("cyrillic", "Ян"),
                          ("arabic", "علي"), ("hebrew", "דוד"), ("devanagari", "ऋषि"),
                          ("bengali", "অমি"), ("thai", "สมชาย"), ("chinese", "伟")]:
        short = built.entry(built.row(script, first), "name")
        assert short["status"] == "fit" and short["size"] == 40, (script, short)


@pytest.mark.parametrize(("first", "second_line"), [
    ("Maria Magdalena", "van der Heijden-Vermeulen"),
    ("José María", "de la Cruz Fernández"),
    ("Abdullah", "bin Hamid al Rashid"),
    ("Αικατερίνη-Ελευθερία", "Κωνσταντινοπούλου-Χατζηαναστασίου"),
    ("সৌমিত্র", "চট্টোপাধ্যায়-বন্দ্যোপাধ্যায়"),
], ids=["van-der", "de-la", "bin-al", "greek-hyphen", "bengali-hyphen"])
def test_particles_and_hyphenated_names_stay_together(built: Built, first: str,
                                                      second_line: str) -> None:
    row = next(r for r, rec in built.rows.items() if rec["First Name"] == first)
    assert built.entry(row, "name")["lines"] == [first, second_line]


@pytest.mark.parametrize(("first", "shown"), [
    ("伟", "张伟"), ("娜娜", "欧阳娜娜"), ("志明", "黃志明"), ("太郎", "山田太郎"),
    ("さくら", "佐々木さくら"), ("민준", "김민준"), ("서연", "남궁서연"),
], ids=["zhang", "ouyang", "huang", "yamada", "sasaki", "kim", "namgung"])
def test_east_asian_names_family_name_first(built: Built, first: str, shown: str) -> None:
    row = next(r for r, rec in built.rows.items() if rec["First Name"] == first)
    assert built.entry(row, "name")["lines"] == [shown]


# --- (d) the report and the CLI -------------------------------------------------------------


def test_report_has_lines_size_fonts_and_missing_per_field(built: Built) -> None:
    for row, badge in built.badges.items():
        plan = built.plans[row]
        for f, fp in zip(badge["fields"], plan.fields, strict=True):
            assert {"name", "box", "lines", "size", "status", "hscale", "text_box", "fonts",
                    "missing"} <= set(f)
            assert f["name"] == fp.spec.name
            if not fp.text:
                assert f["status"] == "empty" and f["lines"] == [] and f["fonts"] == []
                continue
            assert fp.fitted is not None
            assert f["lines"] == list(fp.fitted.lines)
            # the lines are the text less what no font has (set without it, no gap left)
            printed = "".join(ch for ch in fp.text if ch not in f["missing"])
            assert " ".join(f["lines"]).replace(" ", "") == printed.replace("\n", "").replace(
                " ", "")
            assert fp.spec.size_min <= f["size"] <= fp.spec.size_max
            assert f["fonts"] == list(fp.fonts) and f["fonts"]
            assert f["missing"] == list(fp.missing)
            assert _inside(tuple(f["text_box"]), f["box"]), (row, f)


def test_shipped_scripts_are_set_in_the_shipped_fonts(built: Built) -> None:
    """Every script here has a shipped Noto font: a system font must not take over a name
    (nor half a pair of brackets) just because it covers the whole line."""
    for row, badge in built.badges.items():
        for f in badge["fields"]:
            assert all(name.startswith("Noto Sans") for name in f["fonts"]), (row, f)
    row = built.row("mixed", "علي (Ali)")
    assert built.entry(row, "name")["fonts"] == ["Noto Sans Bold", "Noto Sans Arabic Bold"]


def test_characters_no_font_has_are_reported_with_row_field_and_code_point(built: Built) -> None:
    row = next(r for r, rec in built.rows.items() if rec["Script"] == "emoji")
    book = FontBook()
    faces = [*book.shipped, *book.system]
    if any(fontdb.covers(face, ch) for face in faces for ch in "🎉🥳"):
        pytest.skip("a font on this machine has the emoji")
    name, company = built.entry(row, "name"), built.entry(row, "company")
    assert name["missing"] == ["🎉"] and company["missing"] == ["🥳"]
    assert name["lines"] == ["Zoë Müller"]  # what is printed: no gap where the emoji was
    assert company["lines"] == ["Party GmbH"]  # and no trailing space to pull it off centre
    box, text = company["box"], company["text_box"]
    assert (text[0] - box[0]) == pytest.approx(box[2] - text[2], abs=0.01)
    assert any("U+1F389" in w for w in built.badges[row]["warnings"])
    assert f"row {row}: name: no font has '🎉' (U+1F389 PARTY POPPER)" in built.err
    assert f"row {row}: company: no font has '🥳' (U+1F973" in built.err
    # everything else on that badge is printed
    drawn = "".join(g.char for g in built.placed(row, "name") if g.drawn is not None)
    assert drawn == "ZoëMüller"
    # no other row has a warning but the long names condensed to fit
    for r, badge in built.badges.items():
        if r != row:
            assert all("condensed" in w for w in badge["warnings"]), (r, badge["warnings"])
