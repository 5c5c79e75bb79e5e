"""badgepress preflight: planted problems found on their own pages, with positions and what
to do; badgepress's own outputs pass. And artwork hygiene: a background made by reportlab
(which lists an unused Helvetica on every page) no longer brings that font into the badges.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from reportlab.lib.colors import CMYKColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from badgepress.cli import main
from badgepress.pdf.preflight import preflight
from badgepress.press import build

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "attendees.csv"
EVENT = ROOT / "sample_data" / "event" / "event.toml"
MM = 72 / 25.4


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six A6 pages, one problem each: an RGB image, a 72 ppi image, a 0.05 pt line, 8 pt
    rich-black text, a 380 % patch, text in an unembedded font.
    """
    path = tmp_path_factory.mktemp("planted") / "planted.pdf"
    if "PlantNoto" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("PlantNoto", str(ROOT / "fonts" / "NotoSans-Regular.ttf")))
    w, h = 105 * MM, 148 * MM
    c = Canvas(str(path), pagesize=(w, h), initialFontName="PlantNoto", invariant=1)

    def page() -> None:
        c.setTrimBox((0, 0, w, h))
        c.setBleedBox((0, 0, w, h))

    page()  # 1: an RGB image, 305 ppi at 40 x 40 mm
    c.drawImage(_image("RGB", 480, tmp_path_factory), 10 * MM, 60 * MM, 40 * MM, 40 * MM)
    c.showPage()
    page()  # 2: a grey image of 72 ppi at 50 x 50 mm
    c.drawImage(_image("L", 142, tmp_path_factory), 20 * MM, 30 * MM, 50 * MM, 50 * MM)
    c.showPage()
    page()  # 3: a hairline
    c.setStrokeColor(CMYKColor(0, 0, 0, 1))
    c.setLineWidth(0.05)
    c.line(10 * MM, 20 * MM, 90 * MM, 20 * MM)
    c.showPage()
    page()  # 4: small rich-black text
    c.setFillColor(CMYKColor(0.6, 0.4, 0.4, 1))
    c.setFont("PlantNoto", 8)
    c.drawString(15 * MM, 70 * MM, "Small print in four inks")
    c.showPage()
    page()  # 5: a patch of 380 % ink
    c.setFillColor(CMYKColor(1, 1, 0.8, 1))
    c.rect(30 * MM, 40 * MM, 30 * MM, 20 * MM, stroke=0, fill=1)
    c.showPage()
    page()  # 6: text in Helvetica, not embedded
    c.setFillColor(CMYKColor(0, 0, 0, 1))
    c.setFont("Helvetica", 14)
    c.drawString(15 * MM, 100 * MM, "Not embedded")
    c.showPage()
    c.save()
    return path


def _image(mode: str, side: int, factory: pytest.TempPathFactory) -> str:
    path = factory.mktemp("img") / f"{mode}{side}.png"
    colour = (200, 30, 30) if mode == "RGB" else 90
    Image.new(mode, (side, side), colour).save(path)  # type: ignore[arg-type]
    return str(path)


def _by_check(report) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in report.findings:
        out.setdefault(f.check, []).append(f)
    return out


def test_planted_problems_each_on_its_page(planted: Path) -> None:
    found = _by_check(preflight(planted, pdfx=True))
    (rgb,) = [f for f in found["rgb"] if f.message == "an image in DeviceRGB"]
    assert rgb.severity == "error" and rgb.page == 1
    assert rgb.at == pytest.approx((10 * MM, 60 * MM), abs=0.1)
    (ppi,) = found["image-ppi"]
    assert ppi.severity == "error" and ppi.page == 2 and "72 ppi" in ppi.message
    assert "50 x 50 mm" in ppi.message and "300 ppi" in ppi.fix
    (hair,) = found["hairline"]
    assert hair.severity == "warning" and hair.page == 3 and "0.050 pt" in hair.message
    assert hair.at == pytest.approx((10 * MM, 20 * MM), abs=0.1)
    (small,) = found["small-text"]
    assert small.page == 4 and small.message == ("8.0 pt text in rich black "
                                                 "(C60 M40 Y40 K100)")
    assert small.at == pytest.approx((15 * MM, 70 * MM), abs=0.1)
    assert "100 % K" in small.fix
    (tac,) = found["tac"]
    assert tac.page == 5 and "380 % total ink" in tac.message
    used = [f for f in found["font"] if f.severity == "error"]
    assert [(f.page, f.message) for f in used] == [(6, "font Helvetica is not embedded")]
    assert used[0].at == pytest.approx((15 * MM, 100 * MM), abs=0.1)
    # and each problem only on its own page
    pages = {f.check: f.page for f in preflight(planted).findings
             if f.severity != "info" and "listed in the page's resources" not in f.message}
    assert pages == {"image-ppi": 2, "hairline": 3, "small-text": 4, "tac": 5, "font": 6}
    assert "pdfx" in found  # no output intent, no XMP: not PDF/X


def test_cli_text_and_json(planted: Path) -> None:
    code, out, err = _run("preflight", str(planted))
    assert code == 1 and not err  # errors: exit 1
    assert "error   page 2 at 20.0, 30.0 mm: an image of 72 ppi at its printed size" in out
    assert "what to do: use an image of at least 300 ppi" in out
    assert out.rstrip().endswith("(6 pages)")
    code, out, _ = _run("preflight", str(planted), "--pdfx", "--json")
    data = json.loads(out)
    assert data["pdfx"] and not data["passed"] and data["pages"] == 6
    kinds = {f["check"] for f in data["findings"]}
    assert {"rgb", "image-ppi", "hairline", "small-text", "tac", "font", "pdfx"} <= kinds
    ppi = next(f for f in data["findings"] if f["check"] == "image-ppi")
    assert ppi["at_mm"] == [20.0, 30.0] and ppi["page"] == 2


def test_not_a_pdf_is_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.pdf"
    bad.write_text("hello", encoding="utf-8")
    code, _, err = _run("preflight", str(bad))
    assert code == 1 and err.count("\n") == 1 and "x.pdf: cannot be read as a PDF" in err


@pytest.mark.parametrize("pdfx", [False, True])
def test_builds_pass(tmp_path: Path, pdfx: bool) -> None:
    for layout in ("a4-90x55-8up", "avery-l4785", str(EVENT)):
        out = tmp_path / "b.pdf"
        result = build(SAMPLE, out, layout=layout, pdfx=pdfx)
        report = preflight(out, pdfx=pdfx)
        assert report.passed, [f.line() for f in report.findings]
        if pdfx:
            assert result.preflight is not None and result.preflight.passed
            assert result.preflight.checked == (1, result.pages)
        else:
            assert result.preflight is None


def test_transparency_is_reported_with_what_a_postscript_printer_does(tmp_path: Path) -> None:
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
                   '<rect width="40" height="20" fill="#ffffff" fill-opacity="0.5"/></svg>',
                   encoding="utf-8")
    text = EVENT.read_text(encoding="utf-8").replace('file = "logo.svg"',
                                                     f'file = "{svg.as_posix()}"')
    shutil.copy(EVENT.parent / "background.pdf", tmp_path)  # artwork lies beside its layout
    lay = tmp_path / "t.toml"
    lay.write_text(text, encoding="utf-8")
    build(SAMPLE, tmp_path / "t.pdf", layout=str(lay))
    (found,) = [f for f in preflight(tmp_path / "t.pdf").findings if f.check == "transparency"]
    assert found.severity == "warning" and found.message == "transparency (opacity)"
    assert "PostScript printer driver rasterises the whole page" in found.fix
    assert found.count == 40 and found.page == 1
    (pdfx,) = [f for f in preflight(tmp_path / "t.pdf", pdfx=True).findings
               if f.check == "transparency"]
    assert pdfx.severity == "info"  # PDF/X-4 allows it


def _reportlab_background(path: Path, *, text: bool) -> None:
    """A background as reportlab's canvas makes one: Helvetica listed on the page, not
    embedded; used for a line of text when ``text``.
    """
    c = Canvas(str(path), pagesize=(96 * MM, 61 * MM), invariant=1)
    c.setFillColor(CMYKColor(0.1, 0, 0, 0))
    c.rect(0, 0, 96 * MM, 61 * MM, stroke=0, fill=1)
    if text:
        c.setFillColor(CMYKColor(0, 0, 0, 1))
        c.setFont("Helvetica", 20)
        c.drawString(10, 10, "Hello")
    c.showPage()
    c.save()


def _layout_with(tmp_path: Path, background: Path) -> Path:
    text = EVENT.read_text(encoding="utf-8").replace('file = "background.pdf"',
                                                     f'file = "{background.as_posix()}"')
    shutil.copy(EVENT.parent / "logo.svg", tmp_path)  # artwork lies beside its layout
    lay = tmp_path / "bg.toml"
    lay.write_text(text, encoding="utf-8")
    return lay


def _fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize("pdfx", [False, True])
def test_an_unused_helvetica_in_artwork_is_left_behind(tmp_path: Path, pdfx: bool) -> None:
    bg = tmp_path / "bg.pdf"
    _reportlab_background(bg, text=False)
    with pikepdf.open(bg) as src:
        assert "/Font" in src.pages[0].Resources  # reportlab lists Helvetica
    result = build(SAMPLE, tmp_path / "b.pdf", layout=str(_layout_with(tmp_path, bg)),
                   pdfx=pdfx)
    assert "Helvetica" not in (tmp_path / "b.pdf").read_bytes().decode("latin-1")
    assert "Helvetica" not in _fonts(tmp_path / "b.pdf")
    assert not any("Helvetica" in n.message for n in result.notices)


def test_a_used_unembedded_font_in_artwork(tmp_path: Path) -> None:
    bg = tmp_path / "bg.pdf"
    _reportlab_background(bg, text=True)
    lay = _layout_with(tmp_path, bg)
    result = build(SAMPLE, tmp_path / "b.pdf", layout=str(lay))
    (note,) = [n.message for n in result.notices if "Helvetica" in n.message]
    assert note == (f"{bg}: uses the font Helvetica without embedding it; a print shop's "
                    "preflight rejects that: export it again with fonts embedded (or text as "
                    "outlines)")
    code, _, err = _run("build", str(SAMPLE), "-l", str(lay), "-o", str(tmp_path / "x.pdf"),
                        "--pdfx")
    assert code == 1 and err.count("\n") == 1
    assert f"bg.toml: image[1].file: bg.pdf: {bg}" not in err
    assert "image[1].file" in err and "uses the font Helvetica without embedding it, and " \
        "PDF/X needs every font embedded" in err
