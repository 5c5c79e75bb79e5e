"""The shipped fonts load in reportlab and draw visible glyphs (checked with pdfium)."""

from pathlib import Path

import pytest

FONTS = Path(__file__).resolve().parents[2] / "fonts"

ttfonts = pytest.importorskip("reportlab.pdfbase.ttfonts")
pdfmetrics = pytest.importorskip("reportlab.pdfbase.pdfmetrics")
canvas = pytest.importorskip("reportlab.pdfgen.canvas")
pdfium = pytest.importorskip("pypdfium2")


@pytest.mark.parametrize("path", sorted(FONTS.glob("*.ttf")), ids=lambda p: p.name)
def test_loads_in_reportlab(path: Path) -> None:
    font = ttfonts.TTFont(f"t-{path.stem}", str(path))
    assert font.face.charToGlyph


@pytest.mark.parametrize("weight", ["Regular", "Bold"])
def test_cjk_names_render_with_ink(tmp_path: Path, weight: str) -> None:
    name = f"cjk-{weight}"
    pdfmetrics.registerFont(ttfonts.TTFont(name, str(FONTS / f"NotoSansCJK-Common-{weight}.ttf")))
    samples = ["张伟", "山田太郎", "김민준", "欧阳娜娜"]
    pdf = tmp_path / "cjk.pdf"
    c = canvas.Canvas(str(pdf), pagesize=(200, 50 * len(samples)))
    for i, text in enumerate(samples):
        c.setFont(name, 30)
        c.drawString(10, 50 * i + 12, text)
    c.save()
    image = pdfium.PdfDocument(str(pdf))[0].render(scale=1).to_pil().convert("L")
    width, _ = image.size
    for i in range(len(samples)):
        # Each sample's band (PDF y grows upwards, image rows downwards) must contain ink for
        # every character: blank glyphs would leave columns of white.
        top = image.height - 50 * (i + 1)
        band = image.crop((0, top, width, top + 50))
        dark_columns = sum(
            1 for x in range(width) if min(band.getpixel((x, y)) for y in range(50)) < 128
        )
        assert dark_columns > 20 * len(samples[i]), samples[i]
