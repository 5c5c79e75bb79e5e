"""The PDF does not depend on where a layout's files lie: artwork (PNG, JPEG, PDF, SVG) and
fonts given by path are named inside the PDF by their content, never by their path.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from badgepress.press import build
from tests.artwork_helpers import (
    NAME_FIELD,
    PEOPLE,
    ROOT,
    SVG,
    attendees,
    background_pdf,
    jpeg,
    layout,
    png,
)
from tests.test_artwork import ALL_ART

COMPANY = """
[[field]]
name = "company"
text = "{Ticket Type}"
box = { x = "5mm", y = "8mm", width = "80mm", height = "8mm" }
font = "regular.ttf"
size = { max = "14pt", min = "7pt" }
"""


def _folder(folder: Path) -> Path:
    """A layout with every kind of artwork (test_artwork's ALL_ART) and two fonts by path."""
    folder.mkdir(parents=True)
    background_pdf(folder / "bg.pdf")
    png(folder / "flag.png")
    jpeg(folder / "photo.jpg")
    (folder / "logo.svg").write_text(SVG, encoding="utf-8")
    shutil.copy(ROOT / "fonts" / "NotoSans-Bold.ttf", folder / "bold.ttf")
    shutil.copy(ROOT / "fonts" / "NotoSans-Regular.ttf", folder / "regular.ttf")
    fields = NAME_FIELD.replace('"Noto Sans Bold"', '"bold.ttf"') + COMPANY
    return layout(folder, ALL_ART, fields=fields)


def test_the_same_layout_from_two_folders_builds_the_same_pdf(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    people = attendees(tmp_path / "people.csv", PEOPLE)
    outputs = []
    for folder in (tmp_path / "one", tmp_path / "two" / "deeper" / "still"):
        lay = _folder(folder)
        out = folder / "badges.pdf"
        build(people, out, layout=str(lay))
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    data = outputs[0]
    # Each image XObject is named by the file's content, once.
    assert data.count(b"/Subtype /Image") >= 2
    assert str(tmp_path).encode() not in data


def test_an_image_moved_to_another_folder_keeps_its_name_in_the_pdf(tmp_path: Path) -> None:
    from badgepress.pdf._artwork import load

    a = png(tmp_path / "a.png")
    (tmp_path / "sub").mkdir()
    b = png(tmp_path / "sub" / "b.png")
    assert load(a, 1).name == load(b, 1).name
    c = png(tmp_path / "c.png", color="blue")
    assert load(c, 1).name != load(a, 1).name
