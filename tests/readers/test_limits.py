"""Sheets at and beyond Excel's limits: far-apart data costs nothing per missing row, blank
rows are reported as ranges, and rows or columns Excel cannot hold are a corrupt file.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from readers_helpers import WRITERS, attendees, data_rows, patch_sheet, write_xlsx

from badgepress.cli import main
from badgepress.errors import InputError
from badgepress.model import Notice, Skipped
from badgepress.readers import _calamine, open_attendees


def cell(ref: str, text: str) -> str:
    row = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c></row>'


def far(tmp_path: Path, *refs: str) -> Path:
    path = write_xlsx(tmp_path / "far.xlsx", [["Name"], ["Ada Lovelace"]])
    extra = "".join(cell(ref, f"Person {i}") for i, ref in enumerate(refs))
    return patch_sheet(path, lambda x: x.replace("</sheetData>", extra + "</sheetData>"))


def read(path: Path) -> list[object]:
    with open_attendees(path) as table:
        return list(table.records())


class Capture:
    text = ""

    def write(self, s: str) -> int:
        self.text += s
        return len(s)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def test_data_at_the_last_row_gives_one_blank_range(tmp_path: Path) -> None:
    path = far(tmp_path, "A1048576")
    records = read(path)
    assert [a.row for a in attendees(records)] == [2, 1_048_576]
    assert [r for r in records if isinstance(r, Skipped)] == [
        Skipped(3, "blank row", last_row=1_048_575)]
    assert data_rows(records) == list(range(2, 1_048_577))


def test_the_report_and_summary_give_the_range(tmp_path: Path) -> None:
    path = far(tmp_path, "A1048576")
    report = tmp_path / "r.json"
    err = Capture()
    code = main(["build", str(path), "-o", str(tmp_path / "b.pdf"), "--report", str(report)],
                err=err)  # type: ignore[arg-type]
    assert code == 0, err.text
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["skipped"] == [{"row": 3, "reason": "blank row", "last_row": 1_048_575}]
    assert data["rows_read"] == 1_048_575
    assert ("2 badges on 1 page, layout a4-90x55-8up; 1048575 rows read, 1048573 skipped: "
            "rows 3 to 1,048,575 (blank row); 0 warnings") in err.text


def test_a_cell_in_the_far_corner_is_read_without_loading_the_rectangle(
    tmp_path: Path,
) -> None:
    # calamine would ask for 17 billion cells here; the scan sends the sheet to openpyxl.
    path = far(tmp_path, "XFD1048576")
    records = read(path)
    assert [a.row for a in attendees(records)] == [2]
    assert records[-2:] == [
        Skipped(1_048_576, "no name (first_name, last_name and name are empty)"),
        Notice(1_048_576, "cells outside the table are not used (column XFD); give the column "
                          "a header to use it")]
    assert data_rows(records) == list(range(2, 1_048_577))


def test_a_wide_short_sheet_stays_on_calamine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    path = far(tmp_path, "AZ5")
    used: list[str] = []
    real = _calamine.CalamineSource._openpyxl

    def spy(self: _calamine.CalamineSource) -> object:
        used.append("openpyxl")
        return real(self)

    monkeypatch.setattr(_calamine.CalamineSource, "_openpyxl", spy)
    records = read(path)
    assert used == []
    assert len(attendees(records)) == 1  # AZ5 has no header: a notice, no name


@pytest.mark.parametrize(
    ("ref", "where"),
    [("A1048577", "row 1,048,577, beyond Excel's last row 1,048,576"),
     ("A99999999999", "row 99,999,999,999, beyond Excel's last row 1,048,576"),
     ("XFE3", "column 16,385, beyond Excel's last column XFD")],
)
def test_beyond_excel_limits_is_a_corrupt_file(tmp_path: Path, ref: str, where: str) -> None:
    path = far(tmp_path, ref)
    with pytest.raises(InputError) as err:
        read(path)
    assert str(err.value) == (
        f"{path}: the workbook is corrupt: sheet 'Attendees' has a cell in {where}; open and "
        "re-save it in Excel, or export it as .csv"
    )


def _ods_with(tmp_path: Path, name: str, edit: Callable[[str], str]) -> Path:
    base = WRITERS["ods"](tmp_path / "base.ods", [["Name"], ["Ada Lovelace"], ["Grace Hopper"]])
    path = tmp_path / name
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "content.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)
    return path


def test_an_ods_repeating_a_filled_row_a_million_times_is_refused(tmp_path: Path) -> None:
    path = _ods_with(tmp_path, "bomb.ods", lambda x: x.replace(
        "<table:table-row>", '<table:table-row table:number-rows-repeated="1000000">', 2)
        .replace('<table:table-row table:number-rows-repeated="1000000">', "<table:table-row>",
                 1))
    with pytest.raises(InputError) as err:
        read(path)
    assert str(err.value) == (
        f"{path}: the spreadsheet repeats a filled row or cell more than 10,000 times, which "
        "would unpack to millions of cells; refusing to open it; re-save it in LibreOffice, "
        "or export it as .csv"
    )


def test_an_ods_repeating_empty_rows_to_the_sheet_end_is_read(tmp_path: Path) -> None:
    # LibreOffice writes formatted empty rows to the end of the sheet this way.
    path = _ods_with(tmp_path, "tail.ods", lambda x: x.replace(
        "</table:table>", '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        "</table:table>"))
    assert [a.fields["name"] for a in attendees(read(path))] == ["Ada Lovelace", "Grace Hopper"]
