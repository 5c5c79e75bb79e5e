"""The designer's live checks (press.design, plan.hardest, sheet.findings, pdf.artfacts):
findings per element key, with how many attendees and who."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfgen.canvas import Canvas

from badgepress.errors import LayoutError
from badgepress.model import Attendee, SourceInfo
from badgepress.plan.hardest import hardest_first, text_findings
from badgepress.plan.planner import Planner
from badgepress.press.design import design_findings
from badgepress.sheet.document import check_layout_data, read_layout_data
from badgepress.sheet.findings import placement_findings
from badgepress.sheet.layout import Layout
from badgepress.text.fonts import FontBook

from .artwork_helpers import SVG, png
from .conftest import ROOT

BOOK = FontBook()


def _person(row: int, first: str, last: str, **more: str) -> Attendee:
    return Attendee(row, {"first_name": first, "last_name": last, "name": f"{first} {last}",
                          **more})


PEOPLE = [
    _person(2, "Ana", "Li", company="ACME", email="ana@example.org"),
    _person(3, "Hubert Blaine", "Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh",
            company="Philadelphia Typesetting Company of Greater Pennsylvania",
            email="hubert@example.org"),
    _person(4, "Jo", "Yu", company="X", email="jo@example.org"),
    _person(5, "Ingrid", "Tanaka 𠀋𠀌𠀍", company="Y", email="i@example.org"),
]


def _layout(tmp_path: Path, edit: Any = None) -> Layout:
    data = read_layout_data(ROOT / "layouts" / "a4-90x55-8up.toml")
    if edit is not None:
        edit(data)
    return check_layout_data(data, base=tmp_path)


def _by(findings: list[Any]) -> dict[tuple[str, str], Any]:
    return {(f.key, f.check): f for f in findings}


def test_geometry_qr_outside_the_safe_area_bands_in_the_margin_and_off_the_badge(
        tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["qr"] = [{"data": "{email}", "box": {"x": "75mm", "y": "2mm", "width": "14mm",
                                                  "height": "14mm"}}]
        data["rect"].append({"box": {"x": "0mm", "y": "0mm", "width": "90mm",
                                     "height": "2mm"}, "color": "#ff0000"})  # bleeds: fine
        data["rect"].append({"box": {"x": "2mm", "y": "20mm", "width": "10mm",
                                     "height": "5mm"}, "color": "#ff0000"})  # ends at 2 mm
        data["rect"].append({"box": {"x": "100mm", "y": "20mm", "width": "10mm",
                                     "height": "5mm"}, "color": "#ff0000"})  # off the badge

    found = _by(placement_findings(_layout(tmp_path, edit)))
    assert set(found) == {("qr[1]", "safe-area"), ("rect[3]", "safe-area"),
                          ("rect[4]", "outside-badge")}
    assert found["qr[1]", "safe-area"].message.startswith(
        "the QR code reaches outside the safe area (4.0 mm inside the cut)")


def test_a_text_box_outside_the_safe_area_is_refused_by_the_check_itself(
        tmp_path: Path) -> None:
    with pytest.raises(LayoutError, match=r"^field\[2\]\.box: reaches outside the safe area"):
        _layout(tmp_path, lambda d: d["field"][1]["box"].update(x="1mm"))


def _pdf_with_text(path: Path) -> Path:
    c = Canvas(str(path), pagesize=(200, 100), invariant=1)
    c.setFont("Helvetica", 12)
    c.drawString(10, 10, "Sponsored by")
    c.save()
    return path


def test_artwork_soft_images_unembedded_fonts_and_svg_text(tmp_path: Path) -> None:
    png(tmp_path / "small.png", (60, 40))
    _pdf_with_text(tmp_path / "sponsor.pdf")
    (tmp_path / "logo.svg").write_text(SVG.replace(
        "</svg>", '<text x="5" y="40" font-family="Comic Sans MS">Hi</text></svg>'),
        encoding="utf-8")

    def edit(data: dict[str, Any]) -> None:
        box = {"x": "10mm", "y": "20mm", "width": "40mm", "height": "20mm"}
        data["image"] = [{"file": "small.png", "box": box}, {"file": "sponsor.pdf", "box": box},
                         {"file": "logo.svg", "box": box}, {"file": "photos/{id}.jpg",
                                                            "box": box}]

    found = _by(design_findings(_layout(tmp_path, edit), PEOPLE, book=BOOK))
    assert found["image[1]", "image-dpi"].message.startswith("small.png prints at 51 dpi at "
                                                             "this size (under 150)")
    assert "Helvetica" in found["image[2]", "unembedded-fonts"].message
    assert ("image[3]", "artwork-text") in found
    assert not [k for k in found if k[0] == "image[4]"]  # photos are not opened


def test_qr_modules_under_04mm_are_counted_over_the_attendees(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["qr"] = [{"data": "https://example.org/badge/{email}/{company}",
                       "box": {"x": "66mm", "y": "5mm", "width": "18mm", "height": "18mm"}}]

    found = _by(design_findings(_layout(tmp_path, edit), PEOPLE, book=BOOK))
    qr = found["qr[1]", "qr-modules"]
    assert (qr.count, qr.checked) == (1, 4)
    assert qr.attendees == ((3, PEOPLE[1].get("name")),)
    assert "for 1 of 4 attendees" in qr.message

    def huge(data: dict[str, Any]) -> None:
        edit(data)
        data["qr"][0]["data"] = "{company}" + "x" * 3000

    found = _by(design_findings(_layout(tmp_path, huge), PEOPLE, book=BOOK))
    assert found["qr[1]", "qr-data"].message.startswith("cannot encode")


def test_text_condensed_below_its_minimum_or_missing_characters_with_who(
        tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["field"][1]["lines"] = 1
        data["field"][1]["size"]["min"] = "20pt"
        data["field"][2]["size"]["min"] = "12pt"

    lay = _layout(tmp_path, edit)
    found = _by(design_findings(lay, PEOPLE, book=BOOK))
    name = found["field[2]", "below-minimum"]
    assert (name.count, name.checked) == (1, 4)
    assert name.attendees == ((3, PEOPLE[1].get("name")),)
    assert name.message.startswith("does not fit at size.min (20pt) even condensed for 1 of "
                                   "4 attendees")
    assert ("field[3]", "below-minimum") in found or ("field[3]", "condensed") in found
    missing = found["field[2]", "missing-characters"]
    assert missing.attendees == ((5, "Ingrid Tanaka 𠀋𠀌𠀍"),)


def test_a_long_list_is_checked_hardest_first_within_the_time_given(tmp_path: Path) -> None:
    lay = _layout(tmp_path, lambda d: d["field"][1].update(lines=1, size={"max": "40pt",
                                                                         "min": "28pt"}))
    many = [_person(i + 2, f"P{i}", "Short") for i in range(3000)]
    many[2500] = _person(2502, "Maximiliane Konstanze", "von Wolfeschlegelsteinhausen")
    planner = Planner(lay, BOOK)
    assert hardest_first(planner, many)[0] is many[2500]
    start = time.monotonic()
    found = _by(text_findings(planner, many, seconds=0.0))
    assert time.monotonic() - start < 5
    hit = found.get(("field[2]", "condensed")) or found["field[2]", "below-minimum"]
    assert hit.checked < 3000 and hit.attendees[0][0] == 2502
    assert f"of the {hit.checked:,} hardest of 3,000 attendees" in hit.message


def test_the_sample_events_findings() -> None:
    data = read_layout_data(ROOT / "sample_data/event/event.toml")
    lay = check_layout_data(data, base=ROOT / "sample_data/event", name="event")
    info = SourceInfo(str(ROOT / "sample_data/attendees.csv"),
                      headers=("First Name", "Last Name", "Email", "Ticket Type"))
    found = design_findings(lay, PEOPLE, info, book=BOOK)
    assert [(f.key, f.check) for f in found][:1] == [("image[2]", "safe-area")]
    assert all(f.key.split("[")[0] in ("image", "rect", "qr", "field") for f in found)


@pytest.mark.parametrize("edit", [
    lambda d: d["field"][0].update(font="Nope Sans Bold"),
    lambda d: d["field"][0].update(font="fonts/missing.ttf"),
    lambda d: d.update(image=[{"file": "art/missing.png", "box": "trim"}]),
    lambda d: d["field"][1]["box"].update(width="88mm"),
], ids=["font", "font-file", "artwork", "box"])
def test_check_design_gives_the_builds_line_without_the_file(tmp_path: Path, edit: Any,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    from badgepress.errors import BadgepressError
    from badgepress.press import build
    from badgepress.press.design import check_design
    from badgepress.sheet.document import write_layout_text

    monkeypatch.setenv("BADGEPRESS_WORKERS", "0")
    data = read_layout_data(ROOT / "layouts" / "a4-90x55-8up.toml")
    edit(data)
    file = tmp_path / "mine.toml"
    file.write_text(write_layout_text(data), encoding="utf-8")
    with pytest.raises(BadgepressError) as cli:
        build(ROOT / "sample_data" / "attendees.csv", tmp_path / "x.pdf", layout=str(file))
    with pytest.raises(BadgepressError) as ours:
        check_design(data, tmp_path, name="mine", book=BOOK)
    assert type(ours.value) is type(cli.value)
    assert str(cli.value).replace(f"{file}: ", "").replace(f"{tmp_path}/", "") == \
        str(ours.value)
    with pytest.raises(BadgepressError) as shown:
        check_design(data, tmp_path, name="mine", book=BOOK, shown=str(file))
    assert str(shown.value) == str(cli.value)


def test_an_uploaded_file_is_checked_as_artwork(tmp_path: Path) -> None:
    from badgepress.press.design import artwork_error

    png(tmp_path / "ok.png")
    (tmp_path / "bad.png").write_bytes(b"not a picture")
    assert artwork_error(tmp_path / "ok.png") is None
    assert artwork_error(tmp_path / "bad.png") == ("is not an image badgepress can use (a PDF, "
                                                   "SVG, PNG or JPEG file)")
