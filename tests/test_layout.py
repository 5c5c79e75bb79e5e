from pathlib import Path

import pytest

from badgepress.errors import LayoutError
from badgepress.sheet.impose import plan_sheet
from badgepress.sheet.layout import load_layout, shipped_layouts
from badgepress.sheet.units import mm

from .conftest import SHIPPED

BASE = """
[sheet]
size = "A4"
[badge]
size = "90mm x 55mm"
bleed = "3mm"
safe = "4mm"
[grid]
columns = 2
rows = 4
gutter = "6mm"
[marks]
crop = true
[[field]]
text = "{name}"
box = { x = "5mm", y = "18mm", width = "80mm", height = "24mm" }
font = "Noto Sans Bold"
size = { max = "40pt", min = "12pt" }
"""


def write(tmp_path: Path, text: str) -> str:
    p = tmp_path / "mine.toml"
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_shipped_layouts_are_the_four_promised():
    assert set(SHIPPED) <= {p.stem for p in shipped_layouts()}
    for name in SHIPPED:
        lay = load_layout(name)
        assert any(f.name == "name" and f.lines == 2 for f in lay.fields)
        assert any(f.name == "company" for f in lay.fields)


def test_user_layout_by_path(tmp_path):
    lay = load_layout(write(tmp_path, BASE))
    assert lay.name == "mine" and lay.badge == pytest.approx((mm(90), mm(55)))


@pytest.mark.parametrize(("change", "message"), [
    (('size = "90mm x 55mm"', 'size = "90 furlongs"'),
     "mine.toml: badge.size: expected a size such as '90mm x 55mm'"),
    (('bleed = "3mm"', 'bleed = "3mm"\ncolour = "red"'),
     "mine.toml: badge.colour: unknown key; allowed here: bleed, corner, fold, printable, "
     "safe, size"),
    (('columns = 2', 'columns = 3'),
     "mine.toml: grid.columns: 3 columns of 90.0 mm badges with 6.0 mm gutters need 282.0 mm "
     "plus 10.0 mm on each side for room for crop marks, but the sheet is only 210.0 mm wide"),
    (('gutter = "6mm"', 'gutter = "4mm"'),
     "mine.toml: grid.gutter_x: is 4.0 mm: use 0 (shared cuts) or at least twice the bleed"),
    (('y = "18mm"', 'y = "30mm"'),
     "mine.toml: field[1].box: reaches outside the safe area (4.0 mm inside the badge edge)"),
    (('min = "12pt"', 'min = "50pt"'),
     "mine.toml: field[1].size.min: is larger than size.max (50pt > 40pt)"),
    (('size = "A4"', 'size = "A4"\norientation = "sideways"'),
     "mine.toml: sheet.orientation: expected one of portrait, landscape, got 'sideways'"),
    (('text = "{name}"', 'text = "{name"'), "unbalanced brace"),
    (('text = "{name}"', 'text = "{name}"\nline_sizes = "own"'),
     "mine.toml: field[1].line_sizes: expected one of shared, each, got 'own'"),
])
def test_layout_mistakes_name_file_key_and_what_is_allowed(tmp_path, change, message):
    path = write(tmp_path, BASE.replace(*change))
    with pytest.raises(LayoutError) as err:
        plan_sheet(load_layout(path))
    assert message in str(err.value)
    assert str(err.value).startswith(path)
    assert "\n" not in str(err.value)


def test_unknown_layout_lists_shipped_ones():
    with pytest.raises(LayoutError, match="unknown layout 'a5-tiny'; shipped layouts are: "
                       "a4-90x55-8up") as err:
        load_layout("a5-tiny")
    for name in [*SHIPPED, "avery-l4785", "label-dymo-30856"]:
        assert f" {name}," in str(err.value)


def test_missing_layout_file():
    with pytest.raises(LayoutError, match="nope.toml: layout file not found"):
        load_layout("nope.toml")


def test_invalid_toml(tmp_path):
    with pytest.raises(LayoutError, match="mine.toml: is not valid TOML"):
        load_layout(write(tmp_path, "[sheet\nsize = 1"))


def test_marks_that_do_not_fit_the_sheet(tmp_path):
    text = BASE.replace('rows = 4', 'rows = 5')
    with pytest.raises(LayoutError, match="5 rows of 55.0 mm badges with 6.0 mm gutters need "
                       "299.0 mm plus 10.0 mm on each side"):
        plan_sheet(load_layout(write(tmp_path, text)))


def test_omitted_grid_takes_as_many_as_fit_with_room_for_marks(tmp_path):
    text = BASE.replace("columns = 2\nrows = 4\n", "")
    sheet = plan_sheet(load_layout(write(tmp_path, text)))
    assert (sheet.columns, sheet.rows) == (2, 4)
    text = text.replace('gutter = "6mm"', 'gutter = "0mm"')
    sheet = plan_sheet(load_layout(write(tmp_path, text)))
    assert (sheet.columns, sheet.rows) == (2, 5)
