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
    """Row numbers of the Attendee and Skipped records (each data row exactly once; a range
    of blank rows stands for each of its rows).
    """
    rows: list[int] = []
    for r in records:
        if isinstance(r, Skipped) and r.last_row is not None:
            rows.extend(range(r.row, r.last_row + 1))
        elif isinstance(r, Attendee | Skipped):
            rows.append(r.row)
    return rows




def _cells(rows: Iterable[Sequence[object]], title: str | None, start_col: int):
    """(row, column, value), 0-based, laid out as write_xlsx lays them out."""
    row_no = 0
    if title is not None:
        yield 0, start_col - 1, title
        row_no = 2
    for values in rows:
        for offset, value in enumerate(values):
            if value is not None:
                yield row_no, start_col - 1 + offset, value
        row_no += 1


def write_xls(path: Path, rows: Iterable[Sequence[object]], *, title: str | None = None,
              start_col: int = 1, sheet: str = "Attendees",
              extra_sheets: Sequence[str] = ()) -> Path:
    """The same workbook as write_xlsx, as an Excel 97-2003 .xls (xlwt)."""
    import datetime as dt

    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    styles = {dt.datetime: xlwt.easyxf(num_format_str="YYYY-MM-DD HH:MM"),
              dt.date: xlwt.easyxf(num_format_str="YYYY-MM-DD"),
              dt.time: xlwt.easyxf(num_format_str="HH:MM")}
    for r, c, value in _cells(rows, title, start_col):
        style = styles.get(type(value))
        if isinstance(value, str) and value.startswith("="):
            ws.write(r, c, xlwt.Formula(value[1:]))
        elif style is not None:
            ws.write(r, c, value, style)
        else:
            ws.write(r, c, value)
    for name in extra_sheets:
        wb.add_sheet(name)
    wb.save(str(path))
    return path


def write_ods(path: Path, rows: Iterable[Sequence[object]], *, title: str | None = None,
              start_col: int = 1, sheet: str = "Attendees",
              extra_sheets: Sequence[str] = ()) -> Path:
    """The same workbook as write_xlsx, as an OpenDocument spreadsheet (odfpy)."""
    import datetime as dt

    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    grid: dict[int, dict[int, object]] = {}
    for r, c, value in _cells(rows, title, start_col):
        grid.setdefault(r, {})[c] = value
    doc = OpenDocumentSpreadsheet()
    table = Table(name=sheet)
    for r in range(max(grid, default=-1) + 1):
        tr = TableRow()
        cells = grid.get(r, {})
        for c in range(max(cells, default=-1) + 1):
            value = cells.get(c)
            if value is None:
                tr.addElement(TableCell())
                continue
            if isinstance(value, bool):
                cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower())
            elif isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=value)
            elif isinstance(value, dt.datetime | dt.date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
            elif isinstance(value, dt.time):
                cell = TableCell(valuetype="time",
                                 timevalue=f"PT{value.hour:02d}H{value.minute:02d}M00S")
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    for name in extra_sheets:
        doc.spreadsheet.addElement(Table(name=name))
    doc.save(str(path))
    return path


def write_xlsb(path: Path, rows: Iterable[Sequence[object]], *, title: str | None = None,
               start_col: int = 1, sheet: str = "Attendees",
               extra_sheets: Sequence[str] = ()) -> Path:
    """The same workbook as write_xlsx, as an Excel binary workbook (pyxlsbwriter)."""
    from pyxlsbwriter import XlsbWriter

    grid: dict[int, dict[int, object]] = {}
    for r, c, value in _cells(rows, title, start_col):
        grid.setdefault(r, {})[c] = value
    width = max((max(cells) + 1 for cells in grid.values() if cells), default=1)
    table = [[grid.get(r, {}).get(c) for c in range(width)]
             for r in range(max(grid, default=-1) + 1)]
    with XlsbWriter(str(path)) as writer:
        writer.add_sheet(sheet)
        writer.write_sheet(table)
        for name in extra_sheets:
            writer.add_sheet(name)
            writer.write_sheet([[None]])
    return path


WRITERS = {"xlsx": write_xlsx, "xls": write_xls, "ods": write_ods, "xlsb": write_xlsb}
