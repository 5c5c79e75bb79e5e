"""Previews: a page or a badge's bleed box rendered to PNG from the built PDF."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from badgepress.errors import OutputError
from badgepress.pdf.preview import render_png
from badgepress.press import build
from badgepress.sheet.geometry import Rect

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    d = tmp_path_factory.mktemp("preview")
    build(ROOT / "sample_data" / "attendees.csv", d / "b.pdf", report=d / "r.json")
    return d / "b.pdf", json.loads((d / "r.json").read_text(encoding="utf-8"))


def test_a_page_renders_at_the_asked_resolution(built: tuple[Path, dict]) -> None:
    pdf, _ = built
    img = Image.open(io.BytesIO(render_png(pdf, page=1, dpi=72)))
    assert abs(img.size[0] - 595.28) < 1.5 and abs(img.size[1] - 841.89) < 1.5  # A4 at 72 dpi
    assert render_png(pdf, page=1, dpi=72) == render_png(pdf.read_bytes(), page=1, dpi=72)


def test_a_badge_box_renders_only_that_badge(built: tuple[Path, dict]) -> None:
    pdf, report = built
    badge = report["badges"][0]
    box = Rect(*badge["bleed"])
    img = Image.open(io.BytesIO(render_png(pdf, page=badge["page"], box=box, dpi=150)))
    assert abs(img.size[0] - box.width * 150 / 72) <= 2  # PDFium rounds the crop outward
    assert abs(img.size[1] - box.height * 150 / 72) <= 2  # PDFium rounds the crop outward
    # The name is printed: a fair share of dark pixels in the badge, not a blank crop.
    dark = sum(img.convert("L").histogram()[:100])
    assert dark > 0.01 * img.size[0] * img.size[1]


def test_a_page_past_the_end_is_one_clear_error(built: tuple[Path, dict]) -> None:
    pdf, _ = built
    with pytest.raises(OutputError, match="page 99 does not exist; the PDF has 5 pages"):
        render_png(pdf, page=99)
