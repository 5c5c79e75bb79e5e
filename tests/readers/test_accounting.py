"""No attendee is ever silently lost: every data row yields one Attendee or one Skipped."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest
from readers_helpers import attendees, data_rows, set_cached_values, write_xlsx

from badgepress.readers import open_attendees

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"


def hand_kept(tmp: Path) -> tuple[Path, range]:
    rows = [["Name", "Company"], ["Ada", "A"], [], [None, "no name"], ["Grace", "=1+1"], [],
            ["Walk In", None], [], []]
    path = write_xlsx(tmp / "hand.xlsx", rows, title="DevConf", start_col=3)
    set_cached_values(path, {"D7": ("2", None)})
    return path, range(4, 10)


def semicolon_1252(tmp: Path) -> tuple[Path, range]:
    path = tmp / "win.csv"
    path.write_bytes("Titel;;\r\n;;\r\nVorname;Nachname;Firma\r\nJürgen;Groß;X\r\n;;\r\n;;Y\r\n"
                     "Zoë;;\r\n;;\r\n".encode("cp1252"))
    return path, range(4, 8)


def utf16(tmp: Path) -> tuple[Path, range]:
    path = tmp / "u.txt"
    text = "Name\tCompany\r\nMia\t\r\n\t\r\n\tOnly company\r\n张伟\tX\r\n"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    return path, range(2, 6)


def sample_xlsx(tmp: Path) -> tuple[Path, range]:
    return SAMPLES / "attendees.xlsx", range(4, 45)


def sample_csv(tmp: Path) -> tuple[Path, range]:
    return SAMPLES / "attendees.csv", range(2, 42)


@pytest.mark.parametrize("make", [hand_kept, semicolon_1252, utf16, sample_xlsx, sample_csv])
def test_every_data_row_is_accounted_for(
    tmp_path: Path, make: Callable[[Path], tuple[Path, range]]
) -> None:
    path, expected = make(tmp_path)
    with open_attendees(path) as table:
        assert data_rows(table.records()) == list(expected)


def test_samples_hold_the_same_forty_attendees() -> None:
    with open_attendees(SAMPLES / "attendees.xlsx") as x, open_attendees(
        SAMPLES / "attendees.csv"
    ) as c:
        from_xlsx = [a.fields for a in attendees(x.records())]
        from_csv = [a.fields for a in attendees(c.records())]
    assert len(from_xlsx) == 40
    assert from_xlsx == from_csv
    names = {f["name"] for f in from_xlsx}
    assert {"张伟", "山田太郎", "김민준", "José María de la Cruz Fernández"} <= names
