"""Text inside SVG artwork is set in the shipped Noto Sans and embedded, never in a PDF standard
font left out of the file or a font the machine happens to have."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from badgepress.press import build

from .artwork_helpers import PEOPLE, attendees, layout

LOGO = """
[[image]]
file = "logo.svg"
box = { x = "4mm", y = "45mm", width = "24mm", height = "8mm" }
"""


def _svg(folder: Path, body: str) -> None:
    (folder / "logo.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">{body}</svg>',
        encoding="utf-8")


def _fonts(pdf: Path) -> dict[str, bool]:
    """Every font the PDF uses (in pages and forms): base name -> whether it is embedded."""
    found: dict[str, bool] = {}

    def walk(resources: object) -> None:
        if not resources:
            return
        for font in (resources.get("/Font") or {}).values():  # type: ignore[attr-defined]
            f = font.get_object()
            desc = f.get("/FontDescriptor")
            embedded = desc is not None and any(
                k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(f["/BaseFont"])] = embedded
        for xobject in (resources.get("/XObject") or {}).values():  # type: ignore[attr-defined]
            walk(xobject.get_object().get("/Resources"))

    for page in PdfReader(pdf).pages:
        walk(page.get("/Resources"))
    return found


@pytest.mark.parametrize(("body", "expected"), [
    ('<text x="5" y="30">PyConf</text>', "NotoSans-Regular"),
    ('<text x="5" y="30" font-family="sans-serif" font-weight="bold">PyConf</text>',
     "NotoSans-Bold"),
    ('<text x="5" y="30" style="font-family: Helvetica; font-weight: 700">PyConf</text>',
     "NotoSans-Bold"),
    ('<rect width="10" height="10"/>', None),  # no text: no font of its own, no Helvetica
])
def test_svg_text_is_embedded_noto_sans_and_said_only_when_it_asked_for_another(
        tmp_path: Path, body: str, expected: str | None) -> None:
    _svg(tmp_path, body)
    lay = layout(tmp_path, LOGO)
    result = build(attendees(tmp_path / "p.csv", PEOPLE[:1]), tmp_path / "b.pdf",
                   layout=str(lay))
    fonts = _fonts(tmp_path / "b.pdf")
    assert all(fonts.values()), fonts  # nothing unembedded: no Helvetica
    svg_fonts = [name for name in fonts if expected and name.endswith("+" + expected)]
    assert len(svg_fonts) == (1 if expected else 0), fonts
    assert not [n for n in result.notices if "logo.svg" in n.message]


def test_characters_noto_sans_lacks_are_said_not_dropped_silently(tmp_path: Path) -> None:
    _svg(tmp_path, '<text x="5" y="30">Tokyo <tspan>東京</tspan>駅</text>')
    lay = layout(tmp_path, LOGO)
    result = build(attendees(tmp_path / "p.csv", PEOPLE[:1]), tmp_path / "b.pdf",
                   layout=str(lay))
    notes = [n.message for n in result.notices if "logo.svg" in n.message]
    assert len(notes) == 1 and "no glyph for '東京駅'" in notes[0] and "outlines" in notes[0]
    assert all(_fonts(tmp_path / "b.pdf").values())
