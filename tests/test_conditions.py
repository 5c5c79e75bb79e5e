"""``when`` on every element kind, drawing order and layers, ``[event]`` text, ``--set``, and
the standard fields ticket_type and pronouns."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from badgepress.cli import main
from badgepress.errors import LayoutError
from badgepress.model import Attendee
from badgepress.plan.elements import ImagePlan, QrPlan, drawing_order
from badgepress.plan.planner import FieldPlan, Planner
from badgepress.press import build
from badgepress.readers import open_attendees
from badgepress.readers.standard import standard_fields, with_standard
from badgepress.sheet.layout import RectSpec, load_layout, shipped_layouts
from badgepress.sheet.overrides import apply_overrides
from badgepress.text.fonts import FontBook

from .artwork_helpers import PEOPLE, SVG, attendees, layout
from .test_cli import Capture

BANDS = """
[[rect]]
box = { x = "0mm", y = "45mm", width = "90mm", height = "10mm" }
color = "#0000ff"
[[rect]]
box = { x = "0mm", y = "45mm", width = "90mm", height = "10mm" }
color = "#ff0000"
when = "ticket_type=speaker"
[[rect]]
box = { x = "0mm", y = "45mm", width = "90mm", height = "10mm" }
color = "#00ff00"
when = ["Ticket Type!=Speaker", "Email!="]
[[image]]
file = "logo.svg"
box = { x = "4mm", y = "46mm", width = "20mm", height = "8mm" }
when = "ID=A-2"
[[qr]]
data = "{id}"
box = { x = "70mm", y = "4mm", width = "16mm", height = "16mm" }
when = "Ticket Type = Staff"
"""

FIELDS = """
[[field]]
name = "name"
text = "{first_name}"
box = { x = "5mm", y = "25mm", width = "80mm", height = "18mm" }
size = { max = "30pt", min = "10pt" }
[[field]]
name = "speaker"
text = "SPEAKER"
box = { x = "5mm", y = "5mm", width = "40mm", height = "6mm" }
size = { max = "10pt", min = "6pt" }
when = "ticket_type=Speaker"
layer = -1
"""


@pytest.fixture
def planned(tmp_path: Path) -> list[tuple[Attendee, tuple[object, ...], tuple[FieldPlan, ...]]]:
    (tmp_path / "logo.svg").write_text(SVG, encoding="utf-8")
    lay = load_layout(str(layout(tmp_path, BANDS, fields=FIELDS)))
    planner = Planner(lay, FontBook())
    src = attendees(tmp_path / "people.csv", PEOPLE)
    with open_attendees(src) as table:
        found = standard_fields(table.info.headers)
        people = [with_standard(r, found) for r in table.records() if isinstance(r, Attendee)]
    out = []
    for i, a in enumerate(people):
        plan = planner.plan(i, a)
        out.append((a, plan.elements, plan.fields))
    return out


def _colors(elements: tuple[object, ...]) -> list[tuple[float, ...]]:
    return [e.color.values for e in elements if isinstance(e, RectSpec)]


def test_when_chooses_each_badges_elements_like_where(planned) -> None:
    blue, red, green = (0.0, 0.0, 1.0), (1.0, 0.0, 0.0), (0.0, 1.0, 0.0)
    by_name = {a.get("first_name"): (els, fields) for a, els, fields in planned}
    # Speaker (any case: "SPEAKER" too, as --where matches): blue, then red over it
    assert _colors(by_name["Ada"][0]) == [blue, red]
    assert _colors(by_name["Zoë"][0]) == [blue, red]
    # a list means all hold: not a speaker and has an email
    assert _colors(by_name["Grace"][0]) == [blue, green]
    assert _colors(by_name["Jan"][0]) == [blue]
    # images and QR codes
    assert [type(e) for e in by_name["Grace"][0]].count(ImagePlan) == 1
    assert [type(e) for e in by_name["Ada"][0]].count(ImagePlan) == 0
    assert [e.data for e in by_name["Grace"][0] if isinstance(e, QrPlan)] == ["A-2"]
    assert not [e for e in by_name["Ada"][0] if isinstance(e, QrPlan)]
    # fields: shown only when their condition holds, and then in the report too
    assert [f.spec.name for f in by_name["Ada"][1]] == ["name", "speaker"]
    assert [f.spec.name for f in by_name["Grace"][1]] == ["name"]


def test_drawing_order_by_kind_then_layer(planned) -> None:
    els = next(els for a, els, _ in planned if a.get("first_name") == "Grace")
    kinds = [type(e).__name__ for e in els]
    assert kinds == ["RectSpec", "RectSpec", "ImagePlan", "QrPlan", "FieldPlan"]
    ada = next(els for a, els, _ in planned if a.get("first_name") == "Ada")
    # layer = -1 puts the speaker field under everything else
    assert isinstance(ada[0], FieldPlan) and ada[0].spec.name == "speaker"


def test_backgrounds_come_first_and_layer_overrides(tmp_path: Path) -> None:
    lay = load_layout(str(layout(tmp_path, """
[[rect]]
box = { x = "0mm", y = "0mm", width = "9mm", height = "9mm" }
color = "#000000"
[[qr]]
data = "x"
box = { x = "70mm", y = "4mm", width = "16mm", height = "16mm" }
[[image]]
file = "logo.svg"
box = { x = "4mm", y = "46mm", width = "20mm", height = "8mm" }
[[image]]
file = "bg.pdf"
box = "bleed"
[[rect]]
box = { x = "0mm", y = "0mm", width = "9mm", height = "9mm" }
color = "#000000"
layer = 9
""")))
    order = [getattr(s, "key", "") for s in drawing_order(lay.front)]
    assert order == ["image[2]", "rect[1]", "image[1]", "qr[1]", "field[1]", "rect[2]"]


def test_a_bad_condition_fails_with_the_key(tmp_path: Path) -> None:
    src = attendees(tmp_path / "people.csv", PEOPLE)
    for when, message in [("Speaker", r"rect\[1\].when: 'Speaker' is not of the form"),
                          ("Badge Colour=red", r"rect\[1\].when: 'Badge Colour=red': the "
                           "attendee file has no column 'Badge Colour'"),
                          ("[]", r"rect\[1\].when: expected a condition")]:
        value = when if when == "[]" else f'"{when}"'
        lay = layout(tmp_path, f"""
[[rect]]
box = {{ x = "0mm", y = "45mm", width = "90mm", height = "10mm" }}
color = "#ff0000"
when = {value}
""")
        with pytest.raises(LayoutError, match=message):
            build(src, tmp_path / "b.pdf", layout=str(lay))


def test_a_standard_field_the_file_lacks_is_empty_not_an_error(tmp_path: Path) -> None:
    src = attendees(tmp_path / "p.csv", [{"Name": "Ada Lovelace"}, {"Name": "Bo Li"}])
    lay = layout(tmp_path, """
[[rect]]
box = { x = "0mm", y = "45mm", width = "90mm", height = "10mm" }
color = "#ff0000"
when = "ticket_type=Speaker"
""")
    result = build(src, tmp_path / "b.pdf", layout=str(lay))
    assert result.badges == 2


def test_ticket_type_and_pronouns_are_standard_fields(tmp_path: Path) -> None:
    for header in ("Ticket Type", "Registration Type", "Attendee Type", "Category", "Ticket"):
        src = attendees(tmp_path / "p.csv", [{"Name": "Ada", header: "Speaker",
                                              "Pronouns": "she/her"}])
        with open_attendees(src) as table:
            (ada,) = [r for r in table.records() if isinstance(r, Attendee)]
            found = standard_fields(table.info.headers)
        assert found == {"ticket_type": header, "pronouns": "Pronouns"}
        ada = with_standard(ada, found)
        assert ada.get("ticket_type") == "Speaker" and ada.get("role") == "Speaker"
        assert ada.get("pronouns") == "she/her"


def test_event_strings_fill_any_template(tmp_path: Path) -> None:
    src = attendees(tmp_path / "people.csv", PEOPLE[:1])
    lay = layout(tmp_path, '\n[event]\nname = "PyConf 2027"\nyear = 2027\n', fields="""
[[field]]
name = "event"
text = "{event.name} · {{{event.year}}} {first_name}"
box = { x = "5mm", y = "25mm", width = "80mm", height = "18mm" }
size = { max = "30pt", min = "6pt" }
[[qr]]
data = "{event.name}/{id}"
box = { x = "70mm", y = "4mm", width = "16mm", height = "16mm" }
""")
    build(src, tmp_path / "b.pdf", layout=str(lay), report=tmp_path / "r.json")
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["badges"][0]["fields"][0]["lines"] == ["PyConf 2027 · {2027} Ada"]
    missing = layout(tmp_path, "\n[event]\nname = \"X\"\n", fields="""
[[field]]
text = "{event.city}"
box = { x = "5mm", y = "25mm", width = "80mm", height = "18mm" }
size = { max = "30pt", min = "6pt" }
""", name="missing.toml")
    with pytest.raises(LayoutError, match=r"field\[1\].text: uses \{event.city\} but \[event\] "
                       r"has no key 'city' \(keys: name\); add it to \[event\] or use --set"):
        build(src, tmp_path / "b.pdf", layout=str(missing))


def test_no_shipped_layout_hard_codes_an_event_name() -> None:
    for path in shipped_layouts():
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for field in data.get("field", []):
            assert "{" in field["text"], (path.name, field["text"])


def test_set_overrides_scalars_by_dotted_path() -> None:
    data = {"event": {"name": "A"}, "grid": {"columns": 2}, "field": [{"font": "X"}]}
    out = apply_overrides(data, ["event.name=PyConf 2027 Berlin", "grid.columns=3",
                                 "badge.bleed=2mm", "field[1].font=\"Noto Sans\"",
                                 "marks.crop=false"], path="l.toml")
    assert out == {"event": {"name": "PyConf 2027 Berlin"}, "grid": {"columns": 3},
                   "field": [{"font": "Noto Sans"}], "badge": {"bleed": "2mm"},
                   "marks": {"crop": False}}
    assert data["event"]["name"] == "A"  # the parsed file is not changed
    for item, message in [("field[3].font=X", "the layout has 1 [[field]] tables; there is no "
                           "field[3]"), ("event=X", "this is a table"), ("nokey", "expected "
                           "KEY=VALUE")]:
        with pytest.raises(LayoutError, match=message.replace("[", r"\[").replace("]", r"\]")):
            apply_overrides(data, [item], path="l.toml")


def test_set_on_the_command_line_with_the_layouts_own_errors(tmp_path: Path) -> None:
    src = attendees(tmp_path / "people.csv", PEOPLE[:2])
    err = Capture()
    code = main(["build", str(src), "-o", str(tmp_path / "b.pdf"), "--report",
                 str(tmp_path / "r.json"), "--set", "event.name=PyConf 2027 Berlin"], err=err)
    assert code == 0, err.text
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["badges"][0]["fields"][0]["lines"] == ["PyConf 2027 Berlin"]
    err = Capture()
    code = main(["build", str(src), "-o", str(tmp_path / "c.pdf"), "--set", "grid.columns=0"],
                err=err)
    assert code == 1 and err.text.count("\n") == 1
    assert "a4-90x55-8up.toml: grid.columns: expected a whole number of at least 1, got 0" \
        in err.text
    err = Capture()
    assert main(["build", str(src), "--set", "badge.colour=red"], err=err) == 1
    assert "badge.colour: unknown key" in err.text
