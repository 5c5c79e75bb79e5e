"""PDF/X-4 (--pdfx): every shipped layout and the sample event checked from outside
(pdf_oxide's PDF/X validator, qpdf, Ghostscript, pdffonts, mutool) and each requirement of
the standard checked with pikepdf; colour (no DeviceRGB under a CMYK intent) by our own walk.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from badgepress.cli import main
from badgepress.pdf.icc import SHIPPED
from badgepress.press import build
from badgepress.sheet import shipped_layouts

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "attendees.csv"
EVENT = ROOT / "sample_data" / "event" / "event.toml"
LAYOUTS = [p.stem for p in shipped_layouts()] + ["event"]


def _layout(name: str) -> str:
    return str(EVENT) if name == "event" else name


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every shipped layout and the sample event built with --pdfx (deterministic)."""
    out = tmp_path_factory.mktemp("pdfx")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
    paths = {}
    for name in LAYOUTS:
        paths[name] = out / f"{name}.pdf"
        build(SAMPLE, paths[name], layout=_layout(name), pdfx=True)
    mp.undo()
    return paths


@pytest.mark.parametrize("name", LAYOUTS)
def test_pdf_oxide_validates_pdfx4(built: dict[str, Path], name: str) -> None:
    pdf_oxide = pytest.importorskip("pdf_oxide")
    result = pdf_oxide.PdfDocument(str(built[name])).validate_pdf_x("4")
    assert result["valid"], result
    assert result["errors"] == [] and result["warnings"] == []


def test_pdf_oxide_rejects_a_plain_build(tmp_path: Path) -> None:
    pdf_oxide = pytest.importorskip("pdf_oxide")
    build(SAMPLE, tmp_path / "plain.pdf")
    assert not pdf_oxide.PdfDocument(str(tmp_path / "plain.pdf")).validate_pdf_x("4")["valid"]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (.ci/run installs it)")
    return path


@pytest.mark.parametrize("name", LAYOUTS)
def test_outside_tools_accept_it(built: dict[str, Path], name: str) -> None:
    pdf = str(built[name])
    qpdf = subprocess.run([_tool("qpdf"), "--check", pdf], capture_output=True, text=True)
    assert qpdf.returncode == 0, qpdf.stdout + qpdf.stderr
    gs = subprocess.run([_tool("gs"), "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER",
                         "-dPDFSTOPONERROR", "-dPDFSTOPONWARNING", "-sDEVICE=nullpage", pdf],
                        capture_output=True, text=True)
    assert gs.returncode == 0 and not gs.stdout.strip() and not gs.stderr.strip(), gs.stderr
    fonts = subprocess.run([_tool("pdffonts"), pdf], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows and all(" yes yes " in row for row in rows), fonts.stdout  # emb, sub
    mutool = subprocess.run([_tool("mutool"), "info", pdf], capture_output=True, text=True)
    assert mutool.returncode == 0 and "error" not in mutool.stderr.lower(), mutool.stderr


def _streams(pdf: pikepdf.Pdf) -> list[pikepdf.Stream]:
    return [o for o in pdf.objects if isinstance(o, pikepdf.Stream)]


@pytest.mark.parametrize("name", ["a4-90x55-8up", "a4-90x55-8up-duplex", "shop-90x55",
                                  "avery-l4785", "event"])
def test_each_requirement(built: dict[str, Path], name: str) -> None:
    raw = built[name].read_bytes()
    assert raw.startswith(b"%PDF-1.6")
    assert not re.search(rb"[^\r\n]endstream", raw)  # an EOL before every endstream
    with pikepdf.open(built[name]) as pdf:
        assert not pdf.is_encrypted
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX" and intent.Type == "/OutputIntent"
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert str(intent.RegistryName) == "http://www.color.org"
        profile = intent.DestOutputProfile
        assert profile.N == 4 and profile.read_bytes() == SHIPPED.read_bytes()
        info = pdf.trailer.Info
        assert str(info.GTS_PDFXVersion) == "PDF/X-4" and info.Trapped == "/False"
        assert str(info.Title) and "/ID" in pdf.trailer
        with pdf.open_metadata() as meta:
            assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
            assert meta["pdf:Trapped"] == "False"
            assert meta["dc:title"] == str(info.Title)
            assert meta["xmp:CreateDate"].startswith("2023-11-14T22:13:20")
            assert meta["xmp:ModifyDate"] == meta["xmp:CreateDate"]
            assert meta["xmp:CreatorTool"] == str(info.Creator)
            assert meta["xmpMM:DocumentID"].startswith("uuid:")
            assert meta["xmpMM:RenditionClass"] == "default"
        for page in pdf.pages:
            media = [float(v) for v in page.MediaBox]
            trim, bleed = ([float(v) for v in page[k]] for k in ("/TrimBox", "/BleedBox"))
            assert media[0] <= bleed[0] <= trim[0] and trim[2] <= bleed[2] <= media[2]
            assert media[1] <= bleed[1] <= trim[1] and trim[3] <= bleed[3] <= media[3]
            assert "/ArtBox" not in page
        for stream in _streams(pdf):
            # no DeviceRGB anywhere, in images, forms and colour spaces; no PostScript XObject
            assert stream.get("/ColorSpace") != "/DeviceRGB"
            assert stream.get("/Subtype") != "/PS"
            if stream.get("/Subtype") == "/Form" or stream.get("/Type") is None:
                with_rg = re.search(rb"(?:^|\s)[\d.]+ [\d.]+ [\d.]+ (?:rg|RG)\b",
                                    stream.read_bytes() if "/Length1" not in stream else b"")
                assert with_rg is None, stream.objgen
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/ExtGState":
                assert "/TR" not in obj and "/TR2" not in obj
        for font in (o for o in pdf.objects if isinstance(o, pikepdf.Dictionary)
                     and o.get("/Type") == "/Font" and o.get("/Subtype") != "/Type0"):
            desc = font.get("/FontDescriptor")
            assert desc is not None and ("/FontFile2" in desc or "/FontFile3" in desc
                                         or "/FontFile" in desc), font.get("/BaseFont")


def test_deterministic_and_the_profile_only_once(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    a, b, plain = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "plain.pdf"
    build(SAMPLE, a, pdfx=True)
    build(SAMPLE, b, pdfx=True)
    build(SAMPLE, plain)
    assert a.read_bytes() == b.read_bytes()
    grown = a.stat().st_size - plain.stat().st_size
    compressed = 779_459  # the shipped profile, Flate-compressed
    assert compressed < grown < compressed + 12_000  # the profile, the XMP, a few keys


def test_a_joined_long_run_is_pdfx_too(tmp_path: Path, monkeypatch) -> None:
    import badgepress.press.run as run

    monkeypatch.setattr(run, "BADGES_PER_PART", 16)  # three parts, joined
    build(SAMPLE, tmp_path / "j.pdf", layout=str(EVENT), pdfx=True)
    raw = (tmp_path / "j.pdf").read_bytes()
    assert raw.startswith(b"%PDF-1.6") and raw.count(b"/S /GTS_PDFX") == 1
    with pikepdf.open(tmp_path / "j.pdf") as pdf:
        assert len(pdf.Root.OutputIntents) == 1 and "/Metadata" in pdf.Root
        assert len(pdf.pages) == 5
    pdf_oxide = pytest.importorskip("pdf_oxide")
    assert pdf_oxide.PdfDocument(str(tmp_path / "j.pdf")).validate_pdf_x("4")["valid"]


def test_layout_key_and_shop_profile(tmp_path: Path) -> None:
    text = (ROOT / "layouts" / "a4-cr80-10up.toml").read_text(encoding="utf-8")
    shop = tmp_path / "shop.icc"
    shop.write_bytes(SHIPPED.read_bytes())
    lay = tmp_path / "x.toml"
    lay.write_text(text + '\n[output]\nstandard = "PDF/X-4"\nprofile = "shop.icc"\n'
                   'condition = "FOGRA51"\n', encoding="utf-8")
    build(SAMPLE, tmp_path / "x.pdf", layout=str(lay))
    with pikepdf.open(tmp_path / "x.pdf") as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert str(intent.OutputConditionIdentifier) == "FOGRA51"
    lay.write_text(text + '\n[output]\nprofile = "shop.icc"\n', encoding="utf-8")
    code, err = _run("build", str(SAMPLE), "-l", str(lay), "-o", str(tmp_path / "y.pdf"))
    assert code == 1 and "x.toml: output.standard: is needed with profile" in err


def _run(*argv: str) -> tuple[int, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, err.getvalue() + out.getvalue()


def test_a_profile_that_is_not_cmyk_output_is_a_one_line_error(tmp_path: Path) -> None:
    from PIL import ImageCms

    srgb = tmp_path / "srgb.icc"
    srgb.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    code, err = _run("build", str(SAMPLE), "-o", str(tmp_path / "b.pdf"),
                     "--output-profile", str(srgb))
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert f"{srgb}: is a display profile for RGB, not a CMYK output (prtr) profile" in err
    assert "(--output-profile)" in err
    text = tmp_path / "notes.icc"
    text.write_text("not a profile", encoding="utf-8")
    code, err = _run("build", str(SAMPLE), "-o", str(tmp_path / "b.pdf"),
                     "--output-profile", str(text))
    assert code == 1 and "is not an ICC profile" in err
    assert not (tmp_path / "b.pdf").exists()


def test_rgb_is_converted_with_black_kept_black(tmp_path: Path) -> None:
    """Hex colours in the layout, an RGB PNG with alpha and the SVG logo: CMYK under --pdfx,
    pure black as black ink alone.
    """
    from PIL import Image

    png = tmp_path / "logo.png"
    im = Image.new("RGBA", (600, 200), (10, 94, 168, 255))
    im.putpixel((0, 0), (0, 0, 0, 0))
    im.save(png)
    text = EVENT.read_text(encoding="utf-8").replace(
        'file = "logo.svg"', f'file = "{png.as_posix()}"').replace(
        'color = "cmyk(0, 0, 0, 0)"', 'color = "#000000"')
    shutil.copy(EVENT.parent / "background.pdf", tmp_path)  # beside the layout, as it must be
    lay = tmp_path / "rgb.toml"
    lay.write_text(text, encoding="utf-8")
    build(SAMPLE, tmp_path / "x.pdf", layout=str(lay), pdfx=True)
    with pikepdf.open(tmp_path / "x.pdf") as pdf:
        images = [s for s in _streams(pdf) if s.get("/Subtype") == "/Image"]
        spaces = sorted(str(s.ColorSpace) for s in images)
        assert spaces == ["/DeviceCMYK", "/DeviceGray"]  # the picture, its alpha (SMask)
        cmyk = next(s for s in images if s.ColorSpace == "/DeviceCMYK")
        assert "/SMask" in cmyk
        page = pdf.pages[0].Contents.read_bytes()
        # the event name in "#000000": black ink alone (DeviceGray 0), no longer white
        assert re.search(rb"0 g\s+BT", page) and b"0 0 0 0 k" not in page


def _event_art_page(name: str) -> Path:
    return ROOT / "sample_data" / "event" / name


def test_sample_event_artwork_has_no_transparency() -> None:
    svg = _event_art_page("logo.svg").read_text(encoding="utf-8")
    assert "opacity" not in svg


def test_an_eol_before_every_endstream_in_every_output(tmp_path: Path, monkeypatch) -> None:
    """Plain builds, artwork, a joined long run and the calibration page too."""
    import badgepress.press.run as run
    from badgepress.press.calibrate import calibrate

    outputs = [tmp_path / "plain.pdf", tmp_path / "event.pdf", tmp_path / "joined.pdf",
               tmp_path / "cal.pdf"]
    build(SAMPLE, outputs[0], layout="avery-l4785")
    build(SAMPLE, outputs[1], layout=str(EVENT))
    calibrate("a4-90x55-8up-duplex", outputs[3])
    monkeypatch.setattr(run, "BADGES_PER_PART", 16)
    build(SAMPLE, outputs[2], layout=str(EVENT))
    for pdf in outputs:
        raw = pdf.read_bytes()
        assert raw.count(b"endstream") > 2
        assert not re.search(rb"[^\r\n]endstream", raw), pdf.name
        qpdf = subprocess.run([_tool("qpdf"), "--check", str(pdf)], capture_output=True,
                              text=True)
        assert qpdf.returncode == 0, qpdf.stdout
