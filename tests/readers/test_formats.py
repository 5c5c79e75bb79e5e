"""The same expectations as test_read_xlsx.py, on .xls, .xlsb and .ods workbooks made here
(xlwt, pyxlsbwriter, odfpy), and on workbooks whose extension lies about their kind.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from readers_helpers import WRITERS, attendees, data_rows, notices

from badgepress.errors import InputError
from badgepress.model import Attendee, Notice, Skipped
from badgepress.readers import open_attendees

HEADER = ["First Name", "Last Name", "Company", "Job Title", "Ticket Type", "Email"]
FORMATS = sorted(WRITERS)


def read(path: Path, **kwargs: object) -> list[object]:
    with open_attendees(path, **kwargs) as table:  # type: ignore[arg-type]
        return list(table.records())


@pytest.mark.parametrize("kind", FORMATS)
def test_title_row_blank_rows_and_blank_leading_column(tmp_path: Path, kind: str) -> None:
    path = WRITERS[kind](
        tmp_path / f"a.{kind}",
        [
            HEADER,
            ["Ada", "Lovelace", "Analytical Engines", "Mathematician", "Speaker", "ada@e.org"],
            [],
            ["Grace", "Hopper", "US Navy", None, "Attendee", None],
            [],
            [],
            ["Walk", "In", None, None, "Attendee", None],
        ],
        title="DevConf 2026 — Attendees",
        start_col=2,
    )
    with open_attendees(path) as table:
        info = table.info
        records = list(table.records())
    assert info.sheet == "Attendees"
    assert info.header_row == 3
    assert info.headers == ("", *HEADER)
    assert info.mapping["role"] == "Ticket Type"
    assert records[0] == Attendee(4, {
        "First Name": "Ada", "Last Name": "Lovelace", "Company": "Analytical Engines",
        "Job Title": "Mathematician", "Ticket Type": "Speaker", "Email": "ada@e.org",
        "first_name": "Ada", "last_name": "Lovelace", "company": "Analytical Engines",
        "job_title": "Mathematician", "role": "Speaker", "email": "ada@e.org",
        "name": "Ada Lovelace",
    })
    assert records[1:] == [Skipped(5, "blank row"), records[2],
                           Skipped(7, "blank row", last_row=8), records[4]]
    assert isinstance(records[2], Attendee) and records[2].fields["name"] == "Grace Hopper"
    assert isinstance(records[4], Attendee) and records[4].row == 9
    assert data_rows(records) == list(range(4, 10))


@pytest.mark.parametrize("kind", FORMATS)
def test_values_print_as_people_expect(tmp_path: Path, kind: str) -> None:
    row: list[object] = ["Ada", 12345.0, 3.5, 4006381333931.0, dt.date(2026, 11, 23),
                         dt.datetime(2026, 11, 23, 9, 30), "Zsófia Tőkés-Nagyová 张伟"]
    if kind == "xlsb":  # pyxlsbwriter writes dates as text
        row[4:6] = ["2026-11-23", "2026-11-23 09:30"]
    path = WRITERS[kind](tmp_path / f"v.{kind}", [
        ["Name", "Id", "Score", "Big", "Day", "When", "Note"], row])
    [record] = read(path)
    assert isinstance(record, Attendee)
    f = record.fields
    assert (f["Id"], f["Score"], f["Big"]) == ("12345", "3.5", "4006381333931")
    assert (f["Day"], f["When"]) == ("2026-11-23", "2026-11-23 09:30")
    assert f["Note"] == "Zsófia Tőkés-Nagyová 张伟"


@pytest.mark.parametrize("kind", FORMATS)
def test_no_name_row_and_cells_outside_the_table(tmp_path: Path, kind: str) -> None:
    path = WRITERS[kind](tmp_path / f"o.{kind}", [
        ["Name", None, "Company"], ["Ada", "note", "X"], [None, None, "Acme"]])
    records = read(path)
    assert records[1] == Notice(
        2, "cells outside the table are not used (column B); give the column a header to use it"
    )
    assert notices(records) == [records[1]]
    assert records[2] == Skipped(3, "no name (first_name, last_name and name are empty)")


@pytest.mark.parametrize("kind", FORMATS)
def test_sheet_messages(tmp_path: Path, kind: str) -> None:
    path = WRITERS[kind](tmp_path / f"s.{kind}", [["This workbook lists the attendees."]],
                         sheet="Read me", extra_sheets=["Other"])
    with pytest.raises(InputError) as err:
        open_attendees(path)
    assert str(err.value) == (
        f"{path}: no sheet has a name column (sheets: 'Read me', 'Other'); headers in sheet "
        "'Read me': 'This workbook lists the attendees.'; choose the sheet with --sheet and "
        'the name column with --map name="..."'
    )
    with pytest.raises(InputError) as err:
        open_attendees(path, sheet="Other")
    assert str(err.value) == (
        f"{path}: sheet 'Other' is empty; choose another with --sheet (sheets: 'Read me')"
    )


@pytest.mark.parametrize("kind", FORMATS)
def test_a_workbook_whose_extension_lies_is_read_as_what_it_is(tmp_path: Path, kind: str) -> None:
    made = WRITERS[kind](tmp_path / f"a.{kind}", [["Name"], ["Ada Lovelace"]])
    for ext in ("xlsx", "xls", "ods"):
        if ext != kind:
            renamed = shutil.copy(made, tmp_path / f"renamed-{kind}.{ext}")
            assert [a.fields["name"] for a in attendees(read(Path(renamed)))] == ["Ada Lovelace"]


@pytest.mark.parametrize("kind", FORMATS)
def test_records_can_be_read_twice(tmp_path: Path, kind: str) -> None:
    path = WRITERS[kind](tmp_path / f"t.{kind}", [["Name"], *([f"P{i}"] for i in range(5))])
    with open_attendees(path) as table:
        assert list(table.records()) == list(table.records())
