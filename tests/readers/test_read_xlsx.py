
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from readers_helpers import (
    attendees,
    data_rows,
    notices,
    patch_sheet,
    set_cached_values,
    skipped,
    write_xlsx,
)

from badgepress.errors import InputError
from badgepress.model import Attendee, Notice, Skipped
from badgepress.readers import open_attendees

HEADER = ["First Name", "Last Name", "Company", "Job Title", "Ticket Type", "Email"]


def read(path: Path, **kwargs: object) -> list[object]:
    with open_attendees(path, **kwargs) as table:  # type: ignore[arg-type]
        return list(table.records())


def test_openpyxl_parses_xml_through_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True


def test_title_row_blank_rows_and_blank_leading_column(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "a.xlsx",
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
    assert info.mapping == {
        "first_name": "First Name",
        "last_name": "Last Name",
        "company": "Company",
        "job_title": "Job Title",
        "role": "Ticket Type",
        "email": "Email",
    }
    assert records == [
        Attendee(4, {
            "First Name": "Ada", "Last Name": "Lovelace", "Company": "Analytical Engines",
            "Job Title": "Mathematician", "Ticket Type": "Speaker", "Email": "ada@e.org",
            "first_name": "Ada", "last_name": "Lovelace", "company": "Analytical Engines",
            "job_title": "Mathematician", "role": "Speaker", "email": "ada@e.org",
            "name": "Ada Lovelace",
        }),
        Skipped(5, "blank row"),
        records[2],
        Skipped(7, "blank row", last_row=8),
        records[4],
    ]
    assert isinstance(records[2], Attendee) and records[2].fields["name"] == "Grace Hopper"
    assert records[2].fields["Job Title"] == ""
    assert isinstance(records[4], Attendee) and records[4].row == 9


def test_no_name_row_is_skipped_not_lost(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["", " ", "Acme", None, "Staff", None]])
    assert read(path) == [Skipped(2, "no name (first_name, last_name and name are empty)")]


def test_cached_formula_values_are_read(tmp_path: Path, reader: str) -> None:
    path = write_xlsx(
        tmp_path / "f.xlsx",
        [
            ["First Name", "Last Name", "Full", "Seats"],
            ["Ada", "Lovelace", '=A2&" "&B2', "=1+1"],
        ],
    )
    set_cached_values(path, {"C2": ("Ada Lovelace", "str"), "D2": ("2", None)})
    [record] = read(path)
    assert isinstance(record, Attendee)
    assert record.fields["Full"] == "Ada Lovelace"
    assert record.fields["Seats"] == "2"


@pytest.fixture(params=["calamine", "openpyxl"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test on both readers: calamine (with the raw scan) and openpyxl's stream."""
    from badgepress.readers import _calamine

    if request.param == "openpyxl":
        monkeypatch.setattr(_calamine, "CALAMINE_MAX_CELLS", 0)
    return str(request.param)


def test_formula_without_cached_value_gives_empty_and_notice(tmp_path: Path, reader: str) -> None:
    path = write_xlsx(tmp_path / "f.xlsx", [["Name", "Seats"], ["Ada Lovelace", "=1+1"]])
    records = read(path)
    assert records == [
        records[0],
        Notice(2, "'Seats': formula has no saved value (the file was saved without "
                  "calculating); open and save it in Excel or LibreOffice"),
    ]
    assert isinstance(records[0], Attendee) and records[0].fields["Seats"] == ""


def test_error_cell_gives_empty_and_notice(tmp_path: Path, reader: str) -> None:
    path = write_xlsx(tmp_path / "e.xlsx", [["Name", "Company"], ["Ada Lovelace", "=1/0"]])
    set_cached_values(path, {"B2": ("#DIV/0!", "e")})
    records = read(path)
    assert isinstance(records[0], Attendee) and records[0].fields["company"] == ""
    assert records[1] == Notice(2, "'Company': cell shows the error #DIV/0!; left empty")


def test_values_print_as_people_expect(tmp_path: Path, reader: str) -> None:
    path = write_xlsx(
        tmp_path / "v.xlsx",
        [
            ["Name", "Id", "Score", "Big", "Day", "When", "Paid", "Time"],
            ["Ada", 12345.0, 3.5, 4006381333931.0, dt.date(2026, 11, 23),
             dt.datetime(2026, 11, 23, 9, 30), True, dt.time(14, 5)],
        ],
    )
    [record] = read(path)
    assert isinstance(record, Attendee)
    f = record.fields
    assert (f["Id"], f["Score"], f["Big"]) == ("12345", "3.5", "4006381333931")
    assert (f["Day"], f["When"], f["Paid"], f["Time"]) == (
        "2026-11-23", "2026-11-23 09:30", "TRUE", "14:05"
    )


def test_big_float_id_is_not_in_exponent_form(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "v.xlsx", [["Name", "Id"], ["Ada", 1.2345678901234567e18]])
    [record] = read(path)
    assert isinstance(record, Attendee) and record.fields["id"] == "1234567890123460000"


def test_text_is_cleaned_and_invisible_characters_reported(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "c.xlsx",
        [["First Name", "Last Name", "Company"],
         ["  Zsófia\u00a0 ", "Tőkés\u200b-Nagyová", "Cafe\u0301  \t Müller"],
         ["می\u200cخواهم", "\ufeffNguyễn", None]],
    )
    records = read(path)
    first, note, second, note2 = records
    assert isinstance(first, Attendee)
    assert first.fields["name"] == "Zsófia Tőkés-Nagyová"
    assert first.fields["company"] == "Café Müller"
    assert note == Notice(2, "'Last Name': removed invisible characters")
    assert isinstance(second, Attendee)
    assert second.fields["first_name"] == "می\u200cخواهم"  # ZWNJ kept
    assert note2 == Notice(3, "'Last Name': removed invisible characters")


def test_formatting_far_below_the_data_costs_no_rows(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "far.xlsx", [["Name"], ["Ada Lovelace"], ["Grace Hopper"]])
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws is not None
    ws.cell(1_000_000, 3).font = openpyxl.styles.Font(bold=True)
    wb.save(path)
    patch_sheet(path, lambda x: x.replace('<dimension ref="A1:C1000000" />',
                                          '<dimension ref="A1:XFD1048576" />'))
    records = read(path)
    assert [r.row for r in attendees(records)] == [2, 3]
    assert len(records) == 2


def test_a_million_styled_empty_rows_stop_early(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "styled.xlsx", [["Name"], ["Ada Lovelace"]])
    empty = "".join(f'<row r="{r}" s="1" customFormat="1"/>' for r in range(3, 200_003))
    patch_sheet(path, lambda x: x.replace("</sheetData>", empty + "</sheetData>"))
    assert read(path) == [read(path)[0]]


def test_value_after_a_long_empty_run_is_still_read(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "gap.xlsx", [["Name"], ["Ada Lovelace"]])
    empty = "".join(f'<row r="{r}" s="1" customFormat="1"/>' for r in range(3, 3003))
    late = '<row r="3003"><c r="A3003" t="inlineStr"><is><t>Late Comer</t></is></c></row>'
    patch_sheet(path, lambda x: x.replace("</sheetData>", empty + late + "</sheetData>"))
    records = read(path)
    assert [a.fields["name"] for a in attendees(records)] == ["Ada Lovelace", "Late Comer"]
    assert skipped(records) == [Skipped(3, "blank row", last_row=3002)]
    assert data_rows(records) == list(range(2, 3004))


def test_a_sheet_without_dimension_is_not_read_through_when_opened(tmp_path: Path) -> None:
    # openpyxl's write-only mode writes no <dimension>; openpyxl used to parse the whole sheet
    # looking for one. A broken end shows that opening no longer reads that far.
    path = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Attendees")
    ws.append(["Name", "Company"])
    for i in range(5000):
        ws.append([f"Person {i}", "ACME"])
    wb.save(path)
    patch_sheet(path, lambda x: x.replace("</sheetData>", '<row r="9999"><c r="A9999" t="'))
    with open_attendees(path) as table:
        assert table.info.last_row is None and table.info.header_row == 1
        got = []
        with pytest.raises(InputError, match="the workbook is corrupt or incomplete"):
            got.extend(table.records())
    assert len(attendees(got)) == 5000


def test_default_sheet_is_the_first_with_a_name_header(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    notes = wb.active
    assert notes is not None
    notes.title = "Read me"
    notes.append(["This workbook lists the attendees."])
    people = wb.create_sheet("People")
    people.append(["Name", "Company"])
    people.append(["Ada Lovelace", "Analytical"])
    path = tmp_path / "two.xlsx"
    wb.save(path)
    with open_attendees(path) as table:
        assert table.info.sheet == "People"
        assert [a.fields["name"] for a in attendees(table.records())] == ["Ada Lovelace"]


def test_sheet_option_chooses_the_sheet(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    first.append(["Name"])
    first.append(["Ada Lovelace"])
    second = wb.create_sheet("Speakers")
    second.append(["Name"])
    second.append(["Grace Hopper"])
    path = tmp_path / "two.xlsx"
    wb.save(path)
    records = read(path, sheet="Speakers")
    assert [a.fields["name"] for a in attendees(records)] == ["Grace Hopper"]


def test_xlsm_is_read(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "macro.xlsm", [["Name"], ["Ada Lovelace"]])
    assert len(attendees(read(path))) == 1


def test_cells_outside_the_table_get_a_notice(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "o.xlsx", [["Name", None, "Company"], ["Ada", "note", "X"]])
    records = read(path)
    assert records[1] == Notice(
        2, "cells outside the table are not used (column B); give the column a header to use it"
    )
    assert notices(records) == [records[1]]


@pytest.mark.parametrize("n", [0, 1, 5])
def test_records_can_be_read_twice(tmp_path: Path, n: int) -> None:
    path = write_xlsx(tmp_path / "t.xlsx", [["Name"], *([f"P{i}"] for i in range(n))])
    with open_attendees(path) as table:
        assert list(table.records()) == list(table.records())


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
def test_rich_text_runs_join_and_phonetic_guides_are_left_out(
    tmp_path: Path, reader: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from badgepress.readers import _calamine

    if reader == "openpyxl":
        monkeypatch.setattr(_calamine, "CALAMINE_MAX_CELLS", 0)
    path = write_xlsx(tmp_path / "ruby.xlsx", [["Name"], ["XNAMEX"]])
    patch_sheet(path, lambda x: x.replace(
        "<t>XNAMEX</t>", '<r><t>山田</t></r><r><rPr><b/></rPr><t>太郎</t></r>'
        '<rPh sb="0" eb="2"><t>ヤマダ</t></rPh>'))
    [record] = read(path)
    assert isinstance(record, Attendee) and record.fields["name"] == "山田太郎"
