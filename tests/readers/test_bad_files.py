"""Every bad file gets one clear line naming the file and saying what to do."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from readers_helpers import patch_sheet, write_xlsx

from badgepress.errors import BadgepressError, InputError
from badgepress.readers import _csv, _zipcheck, open_attendees

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


def message(path: Path, **kwargs: object) -> str:
    with pytest.raises(InputError) as err, open_attendees(path, **kwargs) as table:  # type: ignore[arg-type]
        list(table.records())
    text = str(err.value)
    assert "\n" not in text
    assert isinstance(err.value, BadgepressError)
    return text


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.xlsx"
    assert message(path) == f"{path}: file not found; check the path"


def test_folder(tmp_path: Path) -> None:
    assert message(tmp_path) == (
        f"{tmp_path}: this is a folder, not an attendee file; give the file's path"
    )


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "list.pdf"
    path.write_bytes(b"%PDF-1.7")
    assert message(path) == (
        f"{path}: unsupported file type '.pdf'; use an .xlsx, .xlsm, .xlsb, .xls, .ods, .csv, "
        ".tsv or .txt file"
    )


def test_numbers_is_to_convert(tmp_path: Path) -> None:
    path = tmp_path / "a.numbers"
    path.write_bytes(b"whatever")
    assert message(path) == (
        f"{path}: Numbers files are not supported; export it as .xlsx or .csv from Numbers"
    )


@pytest.mark.parametrize(
    ("name", "what"),
    [("a.ods", "an OpenDocument spreadsheet"), ("a.xls", "an Excel workbook"),
     ("a.xlsb", "an Excel workbook")],
)
def test_other_formats_that_are_not_what_they_say(tmp_path: Path, name: str, what: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"whatever")
    assert message(path) == (
        f"{path}: this is a text file, not {what}; save the attendee list as .xlsx or .csv"
    )


@pytest.mark.parametrize(
    ("content", "kind"),
    [(b"%PDF-1.7\n...", "a PDF document"), (b"Name,Company\nAda,A\n", "a text file"),
     (b"\x89PNG\r\n\x1a\n....", "not a zip file")],
)
def test_not_a_workbook(tmp_path: Path, content: bytes, kind: str) -> None:
    path = tmp_path / "renamed.xlsx"
    path.write_bytes(content)
    assert message(path) == (
        f"{path}: this is {kind}, not an Excel workbook; save the attendee list as .xlsx or .csv"
    )


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("photo.txt", "not a workbook")
    assert message(path) == (
        f"{path}: this is a zip archive but not an Excel workbook; save the attendee list as "
        ".xlsx or .csv"
    )


def test_truncated_workbook(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "cut.xlsx", [["Name"], ["Ada"]])
    path.write_bytes(path.read_bytes()[:300])
    assert message(path) == (
        f"{path}: the workbook is corrupt or incomplete (not a readable zip); open and re-save "
        "it in Excel, or export it as .csv"
    )


def test_broken_sheet_xml(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "broken.xlsx", [["Name"], ["Ada"]])
    patch_sheet(path, lambda xml: xml.replace("</sheetData>", "<row"))
    assert message(path) == (
        f"{path}: the workbook is corrupt or incomplete (ParseError); open and re-save it in "
        "Excel, or export it as .csv"
    )


def test_xml_entities_are_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "lol.xlsx", [["Name"], ["Ada"]])
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    patch_sheet(path, lambda xml: bomb + xml.replace("<t>Ada</t>", "<t>&a;</t>"))
    assert message(path) == (
        f"{path}: the workbook contains XML entity or DTD declarations, which badgepress "
        "refuses for safety; open and re-save it in Excel, or export it as .csv"
    )


def test_password_protected_workbook(tmp_path: Path) -> None:
    path = tmp_path / "secret.xlsx"
    path.write_bytes(OLE + "EncryptionInfo\0EncryptedPackage".encode("utf-16-le"))
    assert message(path) == (
        f"{path}: the workbook is password protected (encrypted); open it in Excel and save a "
        "copy without a password"
    )


def test_broken_ole_file_renamed_xlsx(tmp_path: Path) -> None:
    # An OLE file is read as the .xls it claims to be (a real one is read: test_formats.py).
    path = tmp_path / "old.xlsx"
    path.write_bytes(OLE + "Workbook".encode("utf-16-le"))
    assert message(path) == (
        f"{path}: the workbook is corrupt or incomplete (CalamineError); open and re-save it in "
        "Excel or LibreOffice, or export it as .csv"
    )


@pytest.mark.parametrize("name", ["empty.xlsx", "empty.csv"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    assert message(path) == f"{path}: the file is empty; export the attendee list again"


def test_blank_csv(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_text(",,\n\n,\n", encoding="utf-8")
    assert message(path) == f"{path}: the file has no rows; export the attendee list again"


def test_empty_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "e.xlsx", [], sheet="Attendees", extra_sheets=["Other"])
    assert message(path, sheet="Attendees") == (
        f"{path}: sheet 'Attendees' is empty; choose another with --sheet (sheets: 'Other')"
    )


def test_no_name_column(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "n.xlsx", [["Ticket", "Organisation"], ["VIP", "Acme"]])
    assert message(path) == (
        f"{path}: no name column found in sheet 'Attendees' (headers: 'Ticket', 'Organisation'); "
        'say which column holds the names with --map name="..."'
    )


def test_no_name_column_csv(tmp_path: Path) -> None:
    path = tmp_path / "n.csv"
    path.write_text("Teilnehmer*in,Firma\nAda,A\n", encoding="utf-8")
    assert message(path) == (
        f"{path}: no name column found in the file (headers: 'Teilnehmer*in', 'Firma'); "
        'say which column holds the names with --map name="..."'
    )
    with open_attendees(path, mapping={"name": "Teilnehmer*in"}) as table:
        assert [r.fields["name"] for r in table.records()] == ["Ada"]  # type: ignore[union-attr]


def test_no_sheet_has_a_name_column(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    first.title = "Orders"
    first.append(["Order", "Total"])
    wb.create_sheet("Empty")
    path = tmp_path / "s.xlsx"
    wb.save(path)
    assert message(path) == (
        f"{path}: no sheet has a name column (sheets: 'Orders', 'Empty'); headers in sheet "
        "'Orders': 'Order', 'Total'; choose the sheet with --sheet and the name column with "
        '--map name="..."'
    )


def test_unknown_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "s.xlsx", [["Name"]], extra_sheets=["Speakers"])
    assert message(path, sheet="Staff") == (
        f"{path}: no sheet named 'Staff' (sheets: 'Attendees', 'Speakers'); pick one with --sheet"
    )


def test_sheet_with_csv(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("Name\nAda\n", encoding="utf-8")
    assert message(path, sheet="Attendees") == (
        f"{path}: a text file has no sheets; leave out --sheet"
    )


def test_map_to_unknown_header(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "m.xlsx", [["Name", "Firma"], ["Ada", "A"]])
    assert message(path, mapping={"company": "Vorname"}) == (
        f"{path}: --map company=\"Vorname\": no such header (headers: 'Name', 'Firma'); use a "
        "header exactly as it is written"
    )


def test_map_unknown_field(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "m.xlsx", [["Name"], ["Ada"]])
    assert message(path, mapping={"nickname": "Name"}) == (
        f"{path}: --map nickname=\"Name\": unknown field 'nickname'; use one of first_name, "
        "last_name, name, company, job_title, role, email, id"
    )


def test_zip_bomb_ratio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_xlsx(tmp_path / "bomb.xlsx", [["Name"], ["Ada"]])
    patch_sheet(path, lambda xml: xml.replace("</sheetData>",
                                              "<row/>" * 200_000 + "</sheetData>"))
    monkeypatch.setattr(_zipcheck, "RATIO_CHECK_MIN_BYTES", 1024)
    assert message(path) == (
        f"{path}: the workbook looks like a zip bomb (xl/worksheets/sheet1.xml inflates more "
        "than 100:1); refusing to open it"
    )


def test_zip_too_big_unpacked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_xlsx(tmp_path / "big.xlsx", [["Name"], ["Ada"]])
    monkeypatch.setattr(_zipcheck, "MAX_UNZIPPED_BYTES", 1024 * 1024)
    patch_sheet(path, lambda xml: xml.replace("</sheetData>",
                                              "<row/>" * 300_000 + "</sheetData>"))
    assert message(path) == (
        f"{path}: the workbook unpacks to 1 MB, more than the 1 MB limit; export the attendee "
        "list as .csv"
    )


def test_csv_too_big(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.csv"
    path.write_text("Name\n" + "Ada\n" * 1000, encoding="utf-8")
    monkeypatch.setattr(_csv, "MAX_CSV_BYTES", 1000)
    assert message(path) == (
        f"{path}: the file is 0 MB, more than the 0 MB limit; split it into smaller files"
    )


def test_csv_too_many_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "long.csv"
    path.write_text("Name\n" + "Ada\n" * 20, encoding="utf-8")
    monkeypatch.setattr(_csv, "MAX_CSV_ROWS", 10)
    assert message(path) == (
        f"{path}: the file has more than 10 rows; split it into smaller files"
    )


def test_workbook_renamed_csv(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "book.xlsx", [["Name"]]).rename(tmp_path / "book.csv")
    assert message(path) == (
        f"{path}: this is an Excel workbook or another zip archive, not a text (CSV) file; save "
        "the attendee list as .xlsx or .csv"
    )


def test_binary_csv(tmp_path: Path) -> None:
    path = tmp_path / "bin.csv"
    path.write_bytes(b"Name\nA\x00d\x01a\x00\x00\x00\x00\x00\x00\x00x" + bytes(range(256)))
    assert message(path) == (
        f"{path}: this is not a text file (it contains NUL bytes); export the attendee list as "
        ".csv or .xlsx"
    )


def test_unclosed_quote(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('Name,Company\nAda,"Analytical\n' + "Grace,Navy\n" * 20_000, encoding="utf-8")
    assert message(path) == (
        f"{path}: row 2: a cell is longer than 100,000 characters, probably a quote (\") that "
        "is never closed; check the quotes in this row"
    )


def test_unclosed_quote_in_a_small_file(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    rows = [f"Person {i},Company {i}\n" for i in range(10)]
    rows[3] = 'Person 3,"Company 3\n'
    path.write_text("Name,Company\n" + "".join(rows), encoding="utf-8")
    assert message(path) == (
        f"{path}: row 5: a quote (\") opened in this row is never closed, so every row after it "
        "would be read as one cell; close the quote or remove it"
    )


def test_closed_quotes_over_several_lines_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('Name,Address\nAda,"1 Main St\nLondon, ""UK"""\nGrace,"x\ny"\n',
                    encoding="utf-8")
    with open_attendees(path) as table:
        records = list(table.records())
    assert [r.row for r in records] == [2, 3]  # type: ignore[union-attr]


def test_a_stray_quote_inside_a_field_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('Name,Note\nAda,5" screen\nGrace,x\n', encoding="utf-8")
    with open_attendees(path) as table:
        records = list(table.records())
    assert records[0].fields["Note"] == '5" screen'  # type: ignore[union-attr]
    assert len(records) == 2


@pytest.mark.parametrize("bom", [b"\xff\xfe", b""])
def test_utf16_with_an_odd_number_of_bytes(tmp_path: Path, bom: bytes) -> None:
    path = tmp_path / "u.txt"
    path.write_bytes(bom + "Name\tCompany\r\nAda\tA\r\n".encode("utf-16-le") + b"x")
    text = message(path)
    assert text.startswith(f"{path}: the file is not valid UTF-16")
    assert text.endswith("; export the attendee list again")
