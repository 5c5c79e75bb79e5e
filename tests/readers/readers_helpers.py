"""Helpers that build attendee files the way real tools write them."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import openpyxl

from badgepress.model import Attendee, Notice, Record, Skipped


def write_xlsx(
    path: Path,
    rows: Iterable[Sequence[object]],
    *,
    title: str | None = None,
    start_col: int = 1,
    sheet: str = "Attendees",
    extra_sheets: Sequence[str] = (),
) -> Path:
    """A workbook like a person makes: optional merged title row + blank row above the header."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    row_no = 1
    if title is not None:
        ws.cell(1, start_col, title)
        ws.merge_cells(start_row=1, start_column=start_col, end_row=1, end_column=start_col + 3)
        row_no = 3
    for values in rows:
        for offset, value in enumerate(values):
            if value is not None:
                ws.cell(row_no, start_col + offset, value)
        row_no += 1
    for name in extra_sheets:
        wb.create_sheet(name)
    wb.save(path)
    return path


def patch_sheet(path: Path, edit: Callable[[str], str], member: str = "xl/worksheets/sheet1.xml"):
    """Rewrite one XML member of a workbook in place."""
    with zipfile.ZipFile(path) as zin:
        parts = {info: zin.read(info.filename) for info in zin.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in parts.items():
            if info.filename == member:
                data = edit(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info.filename, data)
    return path


def set_cached_values(path: Path, values: dict[str, tuple[str, str | None]]) -> Path:
    """Give formula cells the cached value Excel would have saved (openpyxl cannot)."""

    def edit(xml: str) -> str:
        for ref, (value, kind) in values.items():
            t = f' t="{kind}"' if kind else ""
            xml, n = re.subn(
                # openpyxl writes an empty value as <v /> with the standard library's XML
                # writer and as <v></v> when lxml is installed: accept both.
                rf'<c r="{ref}"([^>]*)><f>(.*?)</f>(?:<v\s*/>|<v></v>)',
                rf'<c r="{ref}"\1{t}><f>\2</f><v>{value}</v>',
                xml,
            )
            assert n == 1, ref
        return xml

    return patch_sheet(path, edit)


def attendees(records: Iterable[Record]) -> list[Attendee]:
    return [r for r in records if isinstance(r, Attendee)]


def skipped(records: Iterable[Record]) -> list[Skipped]:
    return [r for r in records if isinstance(r, Skipped)]


def notices(records: Iterable[Record]) -> list[Notice]:
    return [r for r in records if isinstance(r, Notice)]


def data_rows(records: Iterable[Record]) -> list[int]:
    """Row numbers of the Attendee and Skipped records (each data row exactly once)."""
    return [r.row for r in records if isinstance(r, Attendee | Skipped)]


