"""Artwork loaded once, as plain data: in a helper process while the list is read
(press.artahead), kept for later builds in the process, placed in each document by copying.
"""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
from pathlib import Path

from PIL import Image

from badgepress.pdf._artwork import load
from badgepress.pdf.preview import render_png
from badgepress.press import build

from .artwork_helpers import PEOPLE, SVG, attendees, background_pdf, layout

ART = """
[[image]]
file = "bg.pdf"
box = "bleed"
fit = "cover"
[[image]]
file = "logo.svg"
box = { x = "4mm", y = "40mm", width = "30mm", height = "15mm" }
"""

# A blue square with a white band at half opacity over its lower half.
TRANSLUCENT = """<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
  <rect x="0" y="0" width="100" height="100" fill="#0000ff"/>
  <rect x="0" y="50" width="100" height="50" fill="#ffffff" fill-opacity="0.5"/>
</svg>"""

CHECK = r"""
import sys
from badgepress.press import build
build(sys.argv[1], sys.argv[2], layout=sys.argv[3])
print(sorted(m for m in ("svglib", "pypdf", "reportlab.graphics.shapes") if m in sys.modules))
"""


def _event(tmp_path: Path) -> tuple[Path, Path]:
    background_pdf(tmp_path / "bg.pdf")
    (tmp_path / "logo.svg").write_text(SVG, encoding="utf-8")
    rows = [dict(PEOPLE[i % len(PEOPLE)], ID=f"A-{i}") for i in range(10)]
    return attendees(tmp_path / "people.csv", rows), layout(tmp_path, ART)


def _build_aside(tmp_path: Path, people: Path, lay: Path, out: str,
                 workers: str | None) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "BADGEPRESS_WORKERS"}
    env["SOURCE_DATE_EPOCH"] = "1700000000"
    if workers is not None:
        env["BADGEPRESS_WORKERS"] = workers
    proc = subprocess.run([sys.executable, "-c", CHECK, str(people), str(tmp_path / out),
                           str(lay)], env=env, capture_output=True, text=True, check=True)
    return proc.stdout.split("\n")[0].strip("[]").replace("'", "").split(", ")


def test_a_helper_loads_the_artwork_and_the_pdf_is_the_same_without_it(tmp_path: Path) -> None:
    people, lay = _event(tmp_path)
    aside = _build_aside(tmp_path, people, lay, "aside.pdf", None)
    alone = _build_aside(tmp_path, people, lay, "alone.pdf", "0")
    # The drawing process parsed neither file: no pypdf, no svglib, no reportlab graphics.
    assert aside == [""]
    assert alone == ["pypdf", "reportlab.graphics.shapes", "svglib"]
    assert (tmp_path / "aside.pdf").read_bytes() == (tmp_path / "alone.pdf").read_bytes()


def test_loaded_artwork_is_kept_until_its_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "logo.svg"
    path.write_text(SVG, encoding="utf-8")
    first = load(path, 1)
    assert load(path, 1) is first
    # The same size, written at once: only the content tells it apart.
    path.write_text(SVG.replace("#00a000", "#a00000"), encoding="utf-8")
    second = load(path, 1)
    assert second is not first and second.name != first.name


def test_loaded_artwork_crosses_a_process_boundary_unchanged(tmp_path: Path) -> None:
    background_pdf(tmp_path / "bg.pdf")
    art = load(tmp_path / "bg.pdf", 1)
    copy = pickle.loads(pickle.dumps(art))
    assert copy.name == art.name and copy.bbox == art.bbox
    assert copy.source is not None and art.source is not None
    assert len(copy.source.objects) == len(art.source.objects)
    assert copy.source.form.data == art.source.form.data


def test_svg_transparency_is_printed(tmp_path: Path) -> None:
    # Drawn straight into a form, svglib's opacity states were missing from the form's
    # resources, and the band printed opaque white.
    (tmp_path / "logo.svg").write_text(TRANSLUCENT, encoding="utf-8")
    lay = layout(tmp_path, """
[[image]]
file = "logo.svg"
box = { x = "0mm", y = "0mm", width = "90mm", height = "55mm" }
fit = "stretch"
""")
    build(attendees(tmp_path / "p.csv", PEOPLE[:1]), tmp_path / "b.pdf", layout=str(lay))
    img = Image.open(io.BytesIO(render_png(tmp_path / "b.pdf", dpi=30))).convert("RGB")
    colours = img.getcolors(1 << 16) or []
    blue = sum(n for n, (r, g, b) in colours if r < 30 and g < 30 and b > 220)
    half = sum(n for n, (r, g, b) in colours if 100 < r < 160 and 100 < g < 160 and b > 220)
    assert blue > 200 and half > 200, (blue, half)
