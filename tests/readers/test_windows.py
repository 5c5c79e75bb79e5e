"""A long .xlsx sheet is read by calamine in windows of rows (readers._windows): the same
records as a whole-sheet load, row numbers as the spreadsheet shows them, and the whole-sheet
load wherever the XML is not laid out as windows need.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from readers_helpers import patch_sheet, write_xlsx

from badgepress.errors import InputError
from badgepress.model import Record
from badgepress.readers import _windows, open_attendees
from badgepress.readers._scan import SheetScan, scan_sheet


def read(path: Path) -> tuple[list[Record], int | None, int | None]:
    with open_attendees(path) as table:
        return list(table.records()), table.info.header_row, table.info.last_row


def count_windows(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make every sheet windowed, in windows of about 400 bytes; the list counts them."""
    made: list[int] = []
    real = _windows._load

    def load(*args: object) -> object:
        made.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(_windows, "WINDOW_MIN_ROWS", 1)
    monkeypatch.setattr(_windows, "WINDOW_BYTES", 400)
    monkeypatch.setattr(_windows, "_load", load)
    return made


def a_list(path: Path) -> Path:
    """A hand-kept list in shared strings: a title, blank rows (some at window edges), dates,
    numbers, booleans, a rich mix of columns, an error cell and a formula never calculated.
    """
    rows: list[list[object]] = [["First Name", "Last Name", "Company", "Registered", "Paid",
                                 "Ticket No", "Email"]]
    for i in range(120):
        if i % 17 == 5:
            rows.append([])  # a blank row
            continue
        rows.append([f"Given{i % 13}", f"Family{i}", ["ACME", None, "Zoë GmbH"][i % 3],
                     dt.datetime(2026, 1, 1 + i % 28, 9, 30), i % 2 == 0, 1000 + i * 7.5,
                     f"p{i}@example.org"])
    write_xlsx(path, rows, title="Conference 2026", start_col=2)
    # an error cell and a formula without a saved value, as Excel leaves them
    patch_sheet(path, lambda x: re.sub(r'<c r="G50" t="n"><v>[^<]*</v></c>',
                                       '<c r="G50"><f>1/0</f></c>', re.sub(
        r'<c r="D40" t="inlineStr">.*?</c>', '<c r="D40" t="e"><v>#REF!</v></c>', x)))
    return shared_strings(path)


def shared_strings(path: Path) -> Path:
    """The workbook with its text in a shared-strings part, as Excel writes it (openpyxl
    writes inline strings).
    """
    table: dict[str, int] = {}

    def cell(m: re.Match[str]) -> str:
        index = table.setdefault(m.group(3), len(table))
        return f'<c r="{m.group(1)}"{m.group(2) or ""} t="s"><v>{index}</v></c>'

    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}
    parts[sheet] = re.sub(r'<c r="([A-Z]+\d+)"( s="\d+")? t="inlineStr"><is><t>(.*?)</t></is></c>',
                          cell, parts[sheet].decode()).encode()
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts["xl/sharedStrings.xml"] = (
        f'<sst xmlns="{main}" count="{len(table)}" uniqueCount="{len(table)}">'
        + "".join(f"<si><t>{text}</t></si>" for text in table) + "</sst>").encode()
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/>'
        "</Types>".encode())
    rel = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rIdSST" Type="{rel}" '
        'Target="sharedStrings.xml"/></Relationships>'.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    assert len(table) > 100
    return path


def test_windows_give_the_records_of_a_whole_load(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = a_list(tmp_path / "list.xlsx")
    whole, header, last = read(path)
    made = count_windows(monkeypatch)
    windowed, header_w, last_w = read(path)
    assert len(made) > 20  # really read in many windows (the header's window, then the rest)
    assert windowed == whole and header_w == header == 3
    assert last_w == last == 123
    assert sum(1 for r in whole if type(r).__name__ == "Attendee") == 113
    messages = [getattr(r, "message", "") for r in whole]
    assert any("#REF!" in m for m in messages) and any("no saved value" in m for m in messages)
    assert any(getattr(r, "fields", {}).get("last_name") == "Family0" for r in whole)


def test_rows_without_their_number_are_read_whole(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # A writer that leaves out r="N" (allowed: the row is then the next one): windows would
    # number rows from each window's top, so such a sheet is loaded whole.
    path = write_xlsx(tmp_path / "plain.xlsx", [["Name"], *([f"P{i}"] for i in range(60))])
    patch_sheet(path, lambda x: x.replace('<row r="30"', "<row"))
    whole, _, _ = read(path)
    made = count_windows(monkeypatch)
    assert read(path)[0] == whole and not made
    with zipfile.ZipFile(path) as zf:
        scan = scan_sheet(zf, "xl/worksheets/sheet1.xml")
    assert (scan.rows, scan.plain_rows) == (61, 60) and not _windows.windowed(scan)


def test_only_long_sheets_are_windowed() -> None:
    long = SheetScan(rows=_windows.WINDOW_MIN_ROWS, plain_rows=_windows.WINDOW_MIN_ROWS)
    assert _windows.windowed(long)
    assert not _windows.windowed(SheetScan(rows=24_999, plain_rows=24_999))
    assert not _windows.windowed(None)


def test_a_broken_end_after_the_rows_is_a_corrupt_file(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_xlsx(tmp_path / "b.xlsx", [["Name"], *([f"P{i}"] for i in range(60))])
    patch_sheet(path, lambda x: x.replace("</sheetData>", "<mergeCells/>"))
    count_windows(monkeypatch)
    with pytest.raises(InputError, match="corrupt or incomplete"):
        read(path)


def test_rows_are_numbered_as_shown_when_the_first_value_is_below_row_one(
        tmp_path: Path) -> None:
    # calamine's rows start at the sheet's first row whatever its first value's row: a list
    # whose header is on row 5 with nothing above it was read as if the header were on row 9.
    path = tmp_path / "low.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.cell(5, 3, "Name")
    ws.cell(6, 3, "Ann")
    ws.cell(7, 3, "Bob")
    wb.save(path)
    records, header, last = read(path)
    assert header == 5 and last == 7
    assert [(type(r).__name__, r.row) for r in records] == [("Attendee", 6), ("Attendee", 7)]


def test_each_window_gets_only_its_shared_strings(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = a_list(tmp_path / "list.xlsx")
    with zipfile.ZipFile(path) as zf:
        strings = _windows._Strings.of(zf)
    assert strings is not None
    xml = (b'<row r="7"><c r="B7" t="s"><v>40</v></c><c r="C7" t="s"><v>12</v></c>'
           b'<c r="D7" t="s"><v>40</v></c></row>')
    cut, sst = strings.cut(xml)
    assert cut == xml.replace(b"<v>40<", b"<v>0<").replace(b"<v>12<", b"<v>1<")
    assert sst.count(b"<si>") == 2 and b"count=" not in sst
    # A cell written another way, or an index past the strings: all of them, as they are.
    odd = xml.replace(b' t="s"><v>12', b' t="s" s="1"><v>12')
    assert strings.cut(odd) == (odd, strings.data)
    past = xml.replace(b"<v>12<", b"<v>99999<")
    assert strings.cut(past) == (past, strings.data)


def test_a_text_like_a_shared_string_cell_keeps_all_the_strings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An inline text that reads t="s" makes the cells and the t="s" count differ: the window
    # then gets every string, and the records are still those of a whole load.
    path = a_list(tmp_path / "list.xlsx")
    patch_sheet(path, lambda x: x.replace(
        '</row><row r="62"', '<c r="I61" t="inlineStr"><is><t>a t="s" b</t></is></c></row>'
        '<row r="62"', 1))
    with zipfile.ZipFile(path) as zf:
        assert b'<t>a t="s" b</t>' in zf.read("xl/worksheets/sheet1.xml")
    whole, _, _ = read(path)
    count_windows(monkeypatch)
    assert read(path)[0] == whole
