
from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from readers_helpers import attendees, data_rows

from badgepress.model import Attendee, Notice, Skipped
from badgepress.readers import open_attendees


def read(path: Path) -> list[object]:
    with open_attendees(path) as table:
        return list(table.records())


def test_comma_utf8_header_on_line_one(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("First Name,Last Name,Company\nAda,Lovelace,Analytical\n\nGrace,Hopper,\n",
                    encoding="utf-8")
    records = read(path)
    assert [r.row for r in records] == [2, 3, 4]  # type: ignore[attr-defined]
    assert records[1] == Skipped(3, "blank row")
    assert isinstance(records[2], Attendee) and records[2].fields["name"] == "Grace Hopper"


def test_semicolons_and_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    text = (
        "Vorname;Nachname;Firma\r\nJürgen;Groß;Müller & Söhne\r\n"
        "François;Lefèvre;Société Générale\r\n"
    )
    path.write_bytes(text.encode("cp1252"))
    with open_attendees(path) as table:
        assert table.info.mapping == {
            "first_name": "Vorname", "last_name": "Nachname", "company": "Firma"
        }
        records = list(table.records())
    assert records[0] == Notice(
        None,
        "the file is not UTF-8; read it as Windows-1252 (check accented letters, or save it as "
        "'CSV UTF-8' to avoid this)",
    )
    names = [a.fields["name"] for a in attendees(records)]
    assert names == ["Jürgen Groß", "François Lefèvre"]
    assert attendees(records)[0].fields["company"] == "Müller & Söhne"


def test_utf16_with_bom_and_tabs_like_excel_unicode_text(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    text = "Name\tCompany\r\nАнна Павлова\tБольшой\r\n张伟\t\r\n"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    records = read(path)
    assert [a.fields["name"] for a in attendees(records)] == ["Анна Павлова", "张伟"]
    assert not [r for r in records if isinstance(r, Notice)]


def test_utf8_bom_is_not_part_of_the_first_header(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + "Name,Email\nSøren Kierkegård,s@k.dk\n".encode())
    with open_attendees(path) as table:
        assert table.info.headers == ("Name", "Email")
        [attendee] = list(table.records())
    assert isinstance(attendee, Attendee) and attendee.fields["email"] == "s@k.dk"


def test_tsv_is_tab_separated(tmp_path: Path) -> None:
    path = tmp_path / "a.tsv"
    path.write_text("Name\tCompany, Inc\nAda Lovelace\tAnalytical, Ltd\n", encoding="utf-8")
    [attendee] = read(path)
    assert isinstance(attendee, Attendee) and attendee.fields["Company, Inc"] == "Analytical, Ltd"


def test_title_rows_above_the_header(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Attendees — DevConf 2026,,\n,,\nName,Company,Role\nAda,A,Speaker\n",
                    encoding="utf-8")
    with open_attendees(path) as table:
        assert table.info.header_row == 3
        assert data_rows(table.records()) == [4]


def test_extra_cells_get_a_notice_and_short_rows_are_padded(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("Name,Company,Role\nAda,A,Speaker,oops\nGrace\n", encoding="utf-8")
    records = read(path)
    assert records[1] == Notice(
        2, "cells outside the table are not used (column D); give the column a header to use it"
    )
    assert isinstance(records[2], Attendee)
    assert records[2].fields["Company"] == "" and records[2].fields["Role"] == ""


def test_quoted_newline_counts_as_one_record(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('Name,Address\n"Ada","1 Main St\nLondon"\nGrace,x\n', encoding="utf-8")
    records = read(path)
    assert [r.row for r in attendees(records)] == [2, 3]
    assert attendees(records)[0].fields["Address"] == "1 Main St London"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_detected(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "d.csv"
    rows = [["First Name", "Last Name", "Note"], ["Ada", "Lovelace", "a, b; c"]]
    path.write_text(
        "\n".join(delimiter.join(f'"{c}"' for c in row) for row in rows) + "\n", encoding="utf-8"
    )
    [attendee] = read(path)
    assert isinstance(attendee, Attendee) and attendee.fields["Note"] == "a, b; c"
