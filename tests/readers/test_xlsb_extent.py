""".xlsb sheets are walked before calamine loads them (readers._xlsbscan): a cell in the far
corner is a one-line error, not a process that aborts while allocating the dense rectangle."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from readers_helpers import write_xlsb

from badgepress.errors import InputError
from badgepress.readers import open_attendees
from badgepress.readers._xlsbscan import _records, sheet_extent, sheet_parts

SHEET = "xl/worksheets/sheet1.bin"


def moved(path: Path, row: int | None, col: int | None) -> Path:
    """``path`` with the last row header moved to ``row`` and its last cell to ``col``
    (0-based), byte for byte otherwise.
    """
    with zipfile.ZipFile(path) as zf:
        members = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    data = bytearray(members[SHEET])
    records = _records(bytes(data))
    last_row = max(start for kind, start, _ in records if kind == 0)
    last_cell = max(start for kind, start, size in records if 1 <= kind <= 11 and size >= 4)
    if row is not None:
        data[last_row:last_row + 4] = row.to_bytes(4, "little")
    if col is not None:
        data[last_cell:last_cell + 4] = col.to_bytes(4, "little")
    members[SHEET] = bytes(data)
    out = path.with_name("crafted.xlsb")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return out


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_xlsb(tmp_path / "list.xlsb", [["Name", "Company"], ["Ada Lovelace", "X"],
                                               ["Grace Hopper", "Y"]])


def test_the_walk_finds_the_sheet_and_its_cells(workbook):
    with zipfile.ZipFile(workbook) as zf:
        parts = sheet_parts(zf)
        assert parts == {"Attendees": SHEET}
        extent = sheet_extent(zf.read(SHEET))
    assert extent is not None
    assert (extent.first_row, extent.last_row, extent.first_col, extent.last_col) == (0, 2, 0, 1)
    assert extent.cells == 6


def test_a_cell_in_the_far_corner_is_a_one_line_error(workbook):
    crafted = moved(workbook, 1_048_575 - 1, 16_383)  # within Excel's limits, far apart
    with pytest.raises(InputError) as err, open_attendees(crafted) as table:
        list(table.records())
    text = str(err.value)
    assert "\n" not in text
    assert text == (
        f"{crafted}: sheet 'Attendees' has cells from row 1 to row 1,048,575 and from column "
        "A to column XFD, too far apart to read (17,179,852,800 cells); delete the stray cells "
        "far from the list, or save the attendee list as .xlsx or .csv")


def test_a_cell_beyond_excels_last_row_is_a_corrupt_file(workbook):
    crafted = moved(workbook, 5_000_000, None)
    with pytest.raises(InputError) as err, open_attendees(crafted) as table:
        list(table.records())
    assert "beyond Excel's last row 1,048,576" in str(err.value)


def test_the_cli_says_it_in_one_line_and_exits_1(workbook, tmp_path):
    crafted = moved(workbook, 1_048_574, 16_383)
    out = subprocess.run([sys.executable, "-m", "badgepress", "build", str(crafted), "-o",
                          str(tmp_path / "b.pdf"), "-q"], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 1
    assert "too far apart to read" in out.stderr
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert not (tmp_path / "b.pdf").exists()


def test_a_sheet_within_reach_still_reads(workbook):
    crafted = moved(workbook, 40, 30)  # a stray cell nearby: calamine loads it
    with open_attendees(crafted) as table:
        names = [r.get("name") for r in table.records() if hasattr(r, "fields")]
    assert names[:1] == ["Ada Lovelace"]


def with_error_cell(path: Path, code: int) -> Path:
    """``path`` with its last cell turned into an error cell (BrtCellError) showing ``code``."""
    with zipfile.ZipFile(path) as zf:
        members = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    data = bytearray(members[SHEET])
    kind, start, size = [r for r in _records(bytes(data)) if 1 <= r[0] <= 11][-1]
    assert data[start - 2] == kind and data[start - 1] == size  # one byte each
    data[start - 2] = 3
    data[start + 8] = code
    members[SHEET] = bytes(data)
    out = path.with_name("error.xlsb")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return out


@pytest.mark.parametrize(("code", "shown"), [(0x17, "#REF!"), (0x07, "#DIV/0!"),
                                             (0x2A, "#N/A")])
def test_an_error_cell_gives_empty_and_the_notice_an_xlsx_gives(workbook, code, shown):
    from badgepress.model import Attendee, Notice

    with open_attendees(with_error_cell(workbook, code)) as table:
        records = list(table.records())
    people = [r for r in records if isinstance(r, Attendee)]
    assert [p.fields["company"] for p in people] == ["X", ""]
    assert Notice(3, f"'Company': cell shows the error {shown}; left empty") in records


def test_an_error_cell_cut_short_by_the_end_of_the_sheet_is_no_crash():
    # An error cell (type 3) that claims 9 bytes of data where the sheet part ends after 4:
    # the walk reads the cell's column but no error code (it used to raise IndexError).
    data = bytes([0, 4, 0, 0, 0, 0,  # a row record: row 0
                  3, 9, 2, 0, 0, 0])  # an error cell in column C, cut after its column
    extent = sheet_extent(data)
    assert extent is not None
    assert (extent.first_col, extent.last_col, extent.errors) == (2, 2, ())
