"""One badge of an unsaved layout as PNG (press.draft): what the engine renders, upright, on the
canvas of sheet.canvas; mistakes as the CLI words them, without a file."""

from __future__ import annotations

import io
import os
import shutil
import time
from pathlib import Path

import pytest
from PIL import Image

from badgepress.errors import LayoutError
from badgepress.model import Attendee, SourceInfo
from badgepress.pdf.preview import render_png
from badgepress.press import press
from badgepress.press.draft import DraftRenderer
from badgepress.sheet.canvas import canvas_size, layout_box
from badgepress.sheet.document import read_layout_data
from badgepress.sheet.layout import load_layout
from badgepress.sheet.sides import plan_sides

from .artwork_helpers import png
from .conftest import ROOT

EVENT = ROOT / "sample_data" / "event"
ADA = Attendee(2, {"first_name": "Ada", "last_name": "Lovelace", "name": "Ada Lovelace",
                   "company": "Analytical Engines", "role": "Speaker",
                   "ticket_type": "Speaker", "email": "ada@example.org"})
INFO = SourceInfo(str(ROOT / "sample_data" / "attendees.csv"),
                  headers=("First Name", "Last Name", "Company", "Ticket Type", "Email"))


def _pixels(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def test_a_draft_renders_what_the_build_draws(tmp_path: Path) -> None:
    """The sample event as data renders the pixels of its saved file's one-badge PDF."""
    renderer = DraftRenderer()
    draft = renderer.render(read_layout_data(EVENT / "event.toml"), EVENT, ADA, INFO,
                            name="event", dpi=100)
    lay = load_layout(str(EVENT / "event.toml"))
    pdf = tmp_path / "one.pdf"
    press([ADA], INFO, pdf, layout=lay)
    _page, slot = plan_sides(lay).front.locate(0)
    saved = render_png(pdf, page=1, box=slot.bleed, dpi=100)
    assert _pixels(draft).tobytes() == _pixels(saved).tobytes()
    w, h = canvas_size(lay)
    size = _pixels(draft).size  # the bleed box, to a pixel
    assert abs(size[0] - w / 25.4 * 100) < 1.5 and abs(size[1] - h / 25.4 * 100) < 1.5


def test_a_band_set_on_the_canvas_is_drawn_there_within_a_tenth_of_a_mm(tmp_path: Path) -> None:
    data = read_layout_data(ROOT / "layouts" / "a4-90x55-8up.toml")
    lay = load_layout("a4-90x55-8up")
    set_box = (17.3, 12.55, 41.2, 9.4)  # mm on the canvas: x, y (down), width, height
    data["rect"] = [{"box": layout_box(*set_box, lay), "color": "#000000"}]
    data["field"] = [{"text": "{company}", "font": "Noto Sans", "size": {"max": "8pt"},
                      "box": {"x": "5mm", "y": "5mm", "width": "20mm", "height": "4mm"},
                      "color": "#ffffff"}]
    dpi = 600
    picture = _pixels(DraftRenderer().render(data, tmp_path, ADA, dpi=dpi))
    dark = picture.convert("L").point(lambda v: 255 if v < 128 else 0)
    left, top, right, bottom = dark.getbbox() or (0, 0, 0, 0)
    px = 25.4 / dpi
    found = (left * px, top * px, (right - left) * px, (bottom - top) * px)
    assert found == pytest.approx(set_box, abs=0.1)


def test_a_label_printers_turned_page_and_a_fold_over_back_come_upright(tmp_path: Path) -> None:
    renderer = DraftRenderer()
    for name, side in (("label-dymo-30856", "front"), ("a4-fold-90x55-4up", "back"),
                       ("a4-90x55-8up-duplex", "back")):
        data = read_layout_data(ROOT / "layouts" / f"{name}.toml")
        picture = _pixels(renderer.render(data, tmp_path, ADA, side=side))
        w, h = canvas_size(load_layout(name))
        assert picture.width > picture.height  # landscape badges, shown landscape
        assert abs(picture.width - w / 25.4 * 130) < 1.5
        assert abs(picture.height - h / 25.4 * 130) < 1.5
    with pytest.raises(LayoutError, match=r"^back: the layout has no back side"):
        renderer.render(read_layout_data(ROOT / "layouts" / "a4-90x55-8up.toml"), tmp_path,
                        ADA, side="back")


def test_mistakes_are_the_clis_lines_without_a_file(tmp_path: Path) -> None:
    renderer = DraftRenderer()
    data = read_layout_data(EVENT / "event.toml")
    data["field"][1]["box"]["width"] = "85mm"
    with pytest.raises(LayoutError) as exc:
        renderer.render(data, EVENT, ADA)
    assert str(exc.value).startswith("field[2].box: reaches outside the safe area")
    data = read_layout_data(EVENT / "event.toml")
    with pytest.raises(LayoutError) as exc:
        renderer.render(data, tmp_path, ADA)  # the artwork is not in this folder
    assert str(exc.value).startswith("image[1].file: background.pdf: not found")


def test_a_file_replaced_under_the_same_name_renders_afresh(tmp_path: Path) -> None:
    renderer = DraftRenderer()
    data = read_layout_data(ROOT / "layouts" / "a4-90x55-8up.toml")
    data["image"] = [{"file": "logo.png", "box": "bleed", "fit": "stretch"}]
    png(tmp_path / "logo.png", (60, 40), "red")
    data["rect"] = []
    red = _pixels(renderer.render(data, tmp_path, ADA)).getpixel((2, 2))
    assert renderer.render(data, tmp_path, ADA) is renderer.render(data, tmp_path, ADA)
    png(tmp_path / "logo.png", (60, 40), "blue")
    later = time.time() + 5
    os.utime(tmp_path / "logo.png", (later, later))
    blue = _pixels(renderer.render(data, tmp_path, ADA)).getpixel((2, 2))
    assert red[0] > 200 > red[2] and blue[2] > 200 > blue[0]


def test_drafts_leave_nothing_behind(tmp_path: Path) -> None:
    scratch = tmp_path / "scratch"
    renderer = DraftRenderer(scratch=scratch)
    shutil.copytree(EVENT, tmp_path / "event")
    renderer.render(read_layout_data(tmp_path / "event" / "event.toml"), tmp_path / "event",
                    ADA, INFO)
    assert list(scratch.iterdir()) == []
