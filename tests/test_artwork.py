"""[[image]]: PDF, SVG, PNG and JPEG artwork embedded once per document, placed, clipped, and
bad artwork explained in one line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from badgepress.cli import main
from badgepress.errors import LayoutError
from badgepress.pdf._artwork import Art, placement
from badgepress.pdf.preview import render_png
from badgepress.press import build
from badgepress.sheet.geometry import Rect

from .artwork_helpers import (
    PEOPLE,
    SVG,
    attendees,
    background_pdf,
    jpeg,
    layout,
    png,
)
from .test_cli import Capture

ALL_ART = """
[[image]]
file = "bg.pdf"
box = "bleed"
fit = "cover"
[[image]]
file = "logo.svg"
box = { x = "4mm", y = "45mm", width = "24mm", height = "8mm" }
[[image]]
file = "flag.png"
box = { x = "62mm", y = "45mm", width = "24mm", height = "8mm" }
[[image]]
file = "photo.jpg"
box = { x = "34mm", y = "45mm", width = "24mm", height = "8mm" }
"""


@pytest.fixture
def art(tmp_path: Path) -> Path:
    background_pdf(tmp_path / "bg.pdf")
    (tmp_path / "logo.svg").write_text(SVG, encoding="utf-8")
    png(tmp_path / "flag.png")
    jpeg(tmp_path / "photo.jpg")
    return tmp_path


def _xobjects(pdf: Path) -> tuple[dict[str, set[int]], list[object]]:
    """Artwork forms and images by name (object numbers seen on every page), and the objects.

    Forms named ``lead...`` (the bands and artwork every badge starts with, one form a
    geometry) are walked through but not counted: they hold no artwork of their own.
    """
    reader = PdfReader(pdf)
    seen: dict[str, set[int]] = {}
    objects: dict[int, object] = {}

    def walk(resources: object) -> None:
        xobjects = resources.get("/XObject") if resources else None  # type: ignore[attr-defined]
        for name, ref in (xobjects or {}).items():
            obj = ref.get_object()
            if not name.startswith("/FormXob.lead"):
                seen.setdefault(name, set()).add(ref.idnum)
                objects[ref.idnum] = obj
            walk(obj.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return seen, list(objects.values())


def _many(tmp_path: Path, n: int) -> Path:
    rows = [dict(PEOPLE[i % len(PEOPLE)], ID=f"A-{i}") for i in range(n)]
    return attendees(tmp_path / f"people{n}.csv", rows)


def test_each_artwork_is_embedded_once_however_many_badges(art: Path) -> None:
    lay = layout(art, ALL_ART)
    build(_many(art, 40), art / "b.pdf", layout=str(lay))
    seen, objects = _xobjects(art / "b.pdf")
    forms = [o for o in objects if o["/Subtype"] == "/Form"]  # type: ignore[index]
    images = [o for o in objects if o["/Subtype"] == "/Image"]  # type: ignore[index]
    assert len(PdfReader(art / "b.pdf").pages) == 5
    assert len(forms) == 4  # one per artwork file, on all five pages
    assert all(len(ids) == 1 for ids in seen.values()), seen
    # one image for the PNG (and its alpha mask, a separate SMask), one for the JPEG
    assert len(images) == 2
    # the JPEG is passed through: its bytes are the file's, as DCT
    dct = [o for o in images if "/DCTDecode" in o["/Filter"]]  # type: ignore[index]
    assert len(dct) == 1 and dct[0]._data == (art / "photo.jpg").read_bytes()  # type: ignore[attr-defined]


def test_the_pdf_grows_by_the_artwork_once_not_per_badge(art: Path) -> None:
    lay = layout(art, ALL_ART)
    plain = layout(art, "", name="plain.toml")
    sizes = {}
    for n in (8, 80):
        src = _many(art, n)
        for name, lay_path in (("art", lay), ("plain", plain)):
            out = art / f"{name}{n}.pdf"
            build(src, out, layout=str(lay_path))
            sizes[name, n] = out.stat().st_size
    grow_small = sizes["art", 8] - sizes["plain", 8]
    grow_large = sizes["art", 80] - sizes["plain", 80]
    # 72 more badges add their placement operators (a few dozen bytes each), not the artwork
    assert grow_large - grow_small < 72 * 120, (grow_small, grow_large)


def test_vector_pdf_artwork_stays_vector_and_fills_the_bleed(art: Path) -> None:
    lay = layout(art, ALL_ART.split("[[image]]\nfile = \"logo.svg\"")[0])
    build(_many(art, 1), art / "b.pdf", layout=str(lay), report=art / "r.json")
    report = json.loads((art / "r.json").read_text(encoding="utf-8"))
    bleed, trim = Rect(*report["badges"][0]["bleed"]), Rect(*report["badges"][0]["trim"])
    img = Image.open(io.BytesIO(render_png(art / "b.pdf", dpi=72))).convert("RGB")
    height = img.size[1]

    def px(x: float, y: float) -> tuple[int, int, int]:
        return img.getpixel((round(x), round(height - y)))  # type: ignore[return-value]

    # cyan in the bleed outside the trim, white beyond the bleed (clipped to the bleed box)
    assert px(bleed.x0 + 2, (trim.y0 + trim.y1) / 2)[0] < 80
    assert px(bleed.x0 - 3, (trim.y0 + trim.y1) / 2) == (255, 255, 255)
    page = PdfReader(art / "b.pdf").pages[0]
    content = page.get_contents().get_data()  # type: ignore[union-attr]
    (lead,) = [ref.get_object() for name, ref in page["/Resources"]["/XObject"].items()
               if name.startswith("/FormXob.lead")]  # type: ignore[index]
    # every badge draws one form: the background placed and clipped to the bleed box
    assert content.count(b"/FormXob.lead") == 1
    assert b" Do Q" in lead.get_data() and b"re W n" in lead.get_data()
    assert b"BI" not in content  # no inline raster


def test_fit_modes_keep_or_drop_the_aspect_ratio() -> None:
    art = Art("svg", Path("x.svg"), 1, (0, 0, 100, 50), None, None, "x")
    box = Rect(10, 10, 60, 110)  # 50 x 100
    assert placement(art, box, "contain") == pytest.approx((0.5, 0.5, 10, 47.5))
    assert placement(art, box, "cover") == pytest.approx((2, 2, -65, 10))
    assert placement(art, box, "stretch") == pytest.approx((0.5, 2, 10, 10))


def test_a_low_resolution_image_is_reported_once_with_its_file(tmp_path: Path) -> None:
    png(tmp_path / "small.png", (40, 20))
    lay = layout(tmp_path, """
[[image]]
file = "small.png"
box = { x = "4mm", y = "45mm", width = "24mm", height = "8mm" }
""")
    result = build(_many(tmp_path, 16), tmp_path / "b.pdf", layout=str(lay))
    soft = [n.message for n in result.notices if "dpi" in n.message]
    # 40 x 20 px contained in 24 x 8 mm: 20 px over 8 mm
    assert len(soft) == 1 and "small.png" in soft[0] and "prints at 64 dpi" in soft[0]


def test_per_attendee_files_are_embedded_once_each_and_a_missing_one_is_a_row_warning(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "photos").mkdir(parents=True)
    png(data / "photos" / "A-1.png", color="red")
    png(data / "photos" / "A-2.png", color="green")
    rows = [dict(p) for p in PEOPLE[:3]] + [dict(PEOPLE[0], **{"First Name": "Ada2"})]
    src = attendees(data / "people.csv", rows)
    lay = layout(tmp_path, """
[[image]]
file = "photos/{id}.png"
box = { x = "4mm", y = "45mm", width = "24mm", height = "8mm" }
""")
    result = build(src, tmp_path / "b.pdf", layout=str(lay))
    _, objects = _xobjects(tmp_path / "b.pdf")
    assert sum(1 for o in objects if o["/Subtype"] == "/Form") == 2  # type: ignore[index]
    assert [(row, w.split(":")[0]) for row, w in result.warnings] == [(4, "image[1]")]
    assert "A-3.png" in result.warnings[0][1] and "not found" in result.warnings[0][1]


def _bad(tmp_path: Path, name: str, content: bytes, extra: str = "") -> str:
    (tmp_path / name).write_bytes(content)
    lay = layout(tmp_path, f"""
[[image]]
file = "{name}"
box = {{ x = "4mm", y = "45mm", width = "24mm", height = "8mm" }}
{extra}""")
    err = Capture()
    code = main(["build", str(_many(tmp_path, 2)), "-l", str(lay), "-o",
                 str(tmp_path / "b.pdf")], err=err)
    assert code == 1
    assert err.text.count("\n") == 1 and "Traceback" not in err.text
    assert f"{lay}: image[1].file: {name}: " in err.text, err.text
    assert not (tmp_path / "b.pdf").exists()
    return err.text


def _encrypted() -> bytes:
    w = PdfWriter()
    w.add_blank_page(100, 100)
    w.encrypt("secret")
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


@pytest.mark.parametrize(("name", "content", "extra", "message"), [
    ("gone.pdf", None, "", "not found"),
    ("notes.png", b"just some text\n", "", "is not an image badgepress can use"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "", "is a damaged PDF"),
    ("locked.pdf", "encrypted", "", "is an encrypted PDF"),
    ("two.pdf", "pdf", "page = 3", "has 1 page; there is no page 3"),
    ("logo.svg", b"this is not svg at all", "", "is not an SVG file"),
    ("xml.svg", b"<?xml version='1.0'?><html/>", "", "is not an SVG file"),
    ("cut.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "", "is a damaged PNG file"),
])
def test_bad_artwork_is_one_line_naming_the_key_and_the_file(
        tmp_path: Path, name: str, content: object, extra: str, message: str) -> None:
    if content == "encrypted":
        content = _encrypted()
    elif content == "pdf":
        content = background_pdf(tmp_path / "src.pdf").read_bytes()
    if content is None:
        lay = layout(tmp_path, f"""
[[image]]
file = "{name}"
box = "trim"
""")
        with pytest.raises(LayoutError, match=f"image\\[1\\].file: {name}: {message}"):
            build(_many(tmp_path, 1), tmp_path / "b.pdf", layout=str(lay))
        return
    assert isinstance(content, bytes)
    assert message in _bad(tmp_path, name, content, extra)


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&secret;</text></svg>
"""


def test_an_svg_with_an_external_entity_is_refused(tmp_path: Path) -> None:
    assert "declares XML entities" in _bad(tmp_path, "xxe.svg", XXE)


def test_an_svg_never_fetches_or_reads_what_it_references(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    png(secret, (10, 10), "red")
    svg = f"""<svg xmlns="http://www.w3.org/2000/svg"
        xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="50">
      <rect width="100" height="50" fill="#00a000"/>
      <image x="0" y="0" width="100" height="50" xlink:href="file://{secret}"/>
      <image x="0" y="0" width="100" height="50" href="http://127.0.0.1:9/x.png"/>
      <image x="0" y="0" width="100" height="50" href="secret.png"/>
    </svg>"""
    (tmp_path / "logo.svg").write_text(svg, encoding="utf-8")
    lay = layout(tmp_path, """
[[image]]
file = "logo.svg"
box = { x = "4mm", y = "45mm", width = "24mm", height = "8mm" }
""")
    result = build(_many(tmp_path, 1), tmp_path / "b.pdf", layout=str(lay))
    notes = [n.message for n in result.notices if "external references ignored" in n.message]
    assert len(notes) == 1 and "127.0.0.1" in notes[0]
    _, objects = _xobjects(tmp_path / "b.pdf")
    assert not [o for o in objects if o["/Subtype"] == "/Image"]  # type: ignore[index]


def test_a_page_of_a_multi_page_pdf(tmp_path: Path) -> None:
    background_pdf(tmp_path / "bg.pdf", pages=2)
    lay = layout(tmp_path, """
[[image]]
file = "bg.pdf"
page = 2
box = "trim"
""")
    build(_many(tmp_path, 1), tmp_path / "b.pdf", layout=str(lay))
    _, objects = _xobjects(tmp_path / "b.pdf")
    assert sum(1 for o in objects if o["/Subtype"] == "/Form") == 1  # type: ignore[index]


def test_image_keys_are_checked_like_every_layout_key(tmp_path: Path) -> None:
    for table, message in [
        ('file = "a.png"\nbox = "page"', "image[1].box: expected \"bleed\", \"trim\""),
        ('file = "a.png"\nbox = "trim"\nfit = "fill"', "image[1].fit: expected one of"),
        ('file = "a.png"\nbox = "trim"\npage = 2', "image[1].page: only a PDF file has pages"),
        ('file = "a.png"\nbox = "trim"\nsize = 3', "image[1].size: unknown key"),
        ('box = "trim"', "image[1].file: is required"),
    ]:
        lay = layout(tmp_path, f"\n[[image]]\n{table}\n")
        with pytest.raises(LayoutError, match=message.replace("[", r"\[").replace("]", r"\]")):
            build(_many(tmp_path, 1), tmp_path / "b.pdf", layout=str(lay))


def test_a_long_run_in_parts_embeds_the_artwork_once_a_part_and_joins(
        art: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import badgepress.press.run as run

    monkeypatch.setattr(run, "BADGES_PER_PART", 16)  # 2 pages a part: 3 parts for 40 badges
    monkeypatch.setenv("BADGEPRESS_WORKERS", "0")
    lay = layout(art, ALL_ART)
    build(_many(art, 40), art / "b.pdf", layout=str(lay))
    reader = PdfReader(art / "b.pdf")
    assert len(reader.pages) == 5
    _, objects = _xobjects(art / "b.pdf")
    forms = [o for o in objects if o["/Subtype"] == "/Form"]  # type: ignore[index]
    assert len(forms) <= 4 * 3  # at most once a part
    for page in (1, 5):  # every page shows its background: cyan in a badge's bleed
        img = Image.open(io.BytesIO(render_png(art / "b.pdf", page=page, dpi=20))).convert("RGB")
        assert img.getpixel((30, 30))[0] < 100  # type: ignore[index]


def test_svg_text_in_another_font_is_noted_because_it_is_set_in_noto_sans(
        tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">'
        '<text x="5" y="30" font-family="Futura">PyConf</text></svg>', encoding="utf-8")
    lay = layout(tmp_path, """
[[image]]
file = "logo.svg"
box = { x = "4mm", y = "45mm", width = "24mm", height = "8mm" }
""")
    result = build(_many(tmp_path, 1), tmp_path / "b.pdf", layout=str(lay))
    notes = [n.message for n in result.notices if "Noto Sans" in n.message]
    assert len(notes) == 1 and "logo.svg" in notes[0] and "(Futura)" in notes[0]
    assert "outlines" in notes[0]
