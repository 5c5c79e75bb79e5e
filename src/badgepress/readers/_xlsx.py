"""Excel workbooks (.xlsx, .xlsm): safety checks, then streamed rows through openpyxl.

Workbooks are untrusted input. openpyxl parses XML through defusedxml when it is installed
(it is a dependency; a test asserts ``openpyxl.DEFUSEDXML``), and :func:`check_zip` refuses
zip bombs before openpyxl inflates anything.

Rows are read with openpyxl's worksheet parser rather than ``iter_rows``: ``iter_rows``
pads every row to the width in the sheet's ``<dimension>`` tag and yields one filler row per
row number missing from the XML, so a sheet whose dimension claims ``A1:XFD1048576`` or that
has one styled cell at row 1,000,000 costs seconds. The parser yields only rows that exist,
with their real row numbers, so gaps cost nothing.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG, FORMULA_TAG, WorkSheetParser
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.functions import iterparse

from badgepress.errors import InputError
from badgepress.readers._values import CellProblem
from badgepress.readers._zipcheck import check_zip  # the checks that need no openpyxl

#: After this many consecutive empty rows in the XML, look ahead in the raw XML for any
#: further value before parsing on; sheets formatted down to row 1,048,576 then cost nothing.
EMPTY_RUN_LOOKAHEAD = 1000

def corrupt(path: Path, err: Exception) -> InputError:
    # openpyxl wraps parse errors in ValueError; the defusedxml refusal is in the chain.
    chain: list[BaseException] = [err]
    while (cause := chain[-1].__cause__ or chain[-1].__context__) and len(chain) < 10:
        chain.append(cause)
    if any(type(e).__module__.startswith("defusedxml") for e in chain):
        return InputError(
            "the workbook contains XML entity or DTD declarations, which badgepress refuses "
            "for safety; open and re-save it in Excel, or export it as .csv",
            path=path,
        )
    return InputError(
        f"the workbook is corrupt or incomplete ({type(err).__name__}); "
        "open and re-save it in Excel, or export it as .csv",
        path=path,
    )


class _Parser(WorkSheetParser):  # type: ignore[misc]
    """openpyxl's parser, but telling "formula never calculated" apart from an empty cell."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell: dict[str, Any] = super().parse_cell(element)
        if cell["value"] is None and element.find(FORMULA_TAG) is not None:
            cell["value"] = CellProblem(
                "formula has no saved value (the file was saved without calculating); "
                "open and save it in Excel or LibreOffice"
            )
        elif cell["data_type"] == "e":
            cell["value"] = CellProblem(f"cell shows the error {cell['value']}; left empty")
        return cell


class _Sheet(ReadOnlyWorksheet):  # type: ignore[misc]
    """openpyxl's read-only worksheet, sized without parsing the whole sheet when opened."""

    def _get_size(self) -> None:
        """What ``ReadOnlyWorksheet._get_size`` does, but stopping where the sheet's data starts.

        openpyxl looks for ``<dimension>`` on iterparse's *end* events and gives up at the end
        of ``<sheetData>``: for a sheet without one (openpyxl's own write-only mode writes none)
        it parses the whole sheet when the workbook is opened, a quarter of a second per 10,000
        rows before the first row is read. The schema puts ``<dimension>`` before
        ``<sheetData>``, so stopping at the start of ``<sheetData>`` gives the same answer.
        """
        with self._get_source() as src:
            for _event, element in iterparse(src, events=("start",)):
                if element.tag == DIMENSION_TAG:
                    bounds = SheetDimension.from_tree(element).boundaries
                    self._min_column, self._min_row, self._max_column, self._max_row = bounds
                    return
                if element.tag == DATA_TAG:
                    return


class _Reader(ExcelReader):  # type: ignore[misc]
    """openpyxl's workbook reader in read-only mode, making :class:`_Sheet` worksheets.

    Subclassing keeps the faster sizing to badgepress's own workbooks: openpyxl itself is left
    as it ships for any other code in the process.
    """

    def read_worksheets(self) -> None:
        """The read-only branch of ``ExcelReader.read_worksheets``, with :class:`_Sheet`."""
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            ws = _Sheet(self.wb, sheet.name, rel.target, self.shared_strings)
            ws.sheet_state = sheet.state
            self.wb._sheets.append(ws)


def _open_workbook(path: Path) -> Workbook:
    """Open ``path`` read-only with saved values, no external links (see :class:`_Reader`)."""
    reader = _Reader(path, read_only=True, data_only=True, keep_links=False)
    reader.read()
    return reader.wb


class XlsxSource:
    """An open workbook; :meth:`rows` streams one sheet."""

    def __init__(self, path: Path) -> None:
        check_zip(path)
        self.path = path
        try:
            with warnings.catch_warnings():
                # Style and extension warnings ("Data Validation extension is not supported")
                # say nothing about the attendee data.
                warnings.simplefilter("ignore")
                self._wb = _open_workbook(path)
        except Exception as err:  # openpyxl raises anything from KeyError to ParseError
            raise corrupt(path, err) from None
        self.notices: list[str] = []

    def sheet_names(self) -> list[str]:
        """Names of the worksheets (chart sheets have no rows and are left out)."""
        return [ws.title for ws in self._wb.worksheets if isinstance(ws, ReadOnlyWorksheet)]

    def all_sheet_names(self) -> list[str]:
        """Every sheet name, for messages."""
        return list(self._wb.sheetnames)

    def rows(self, sheet: str | None) -> Iterator[tuple[int, list[object]]]:
        """Yield ``(row number, values)`` for the rows present in the sheet's XML.

        ``values[0]`` is column A. Blank rows may or may not appear; row numbers only grow.
        """
        try:
            yield from self._rows(sheet)
        except InputError:
            raise
        except Exception as err:  # a broken sheet XML surfaces only when it is parsed
            raise corrupt(self.path, err) from None

    def _rows(self, sheet: str | None) -> Iterator[tuple[int, list[object]]]:
        ws = self._wb[sheet]
        empty_run = 0
        looked_ahead = False
        with ws._get_source() as src:
            parser = _Parser(
                src,
                ws._shared_strings,
                data_only=True,
                epoch=self._wb.epoch,
                date_formats=self._wb._date_formats,
                timedelta_formats=self._wb._timedelta_formats,
            )
            for row_no, cells in parser.parse():
                values: list[object] = []
                for cell in cells:
                    value = cell["value"]
                    if value is None or value == "":
                        continue
                    col = cell["column"]
                    if col > len(values):
                        values.extend([None] * (col - len(values)))
                    values[col - 1] = value
                if values:
                    empty_run = 0
                    yield row_no, values
                    continue
                empty_run += 1
                if empty_run >= EMPTY_RUN_LOOKAHEAD and not looked_ahead:
                    looked_ahead = True
                    if _last_value_row(ws) <= row_no:
                        return

    def last_row(self, sheet: str | None) -> int | None:
        """The last row of the sheet's ``<dimension>``, which Excel writes; None without one,
        or when it claims the whole sheet (formatting down to row 1,048,576).
        """
        last = self._wb[sheet]._max_row if sheet is not None else None
        return last if isinstance(last, int) and last < 1_000_000 else None

    def close(self) -> None:
        """Close the workbook's zip file."""
        self._wb.close()


# A row start (its number) or a cell value / inline string / formula, in any XML prefix.
_SCAN = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="(\d+)"|<(?:\w+:)?(?:v|is|f)[\s>/]')
_CHUNK = 1 << 20


def _last_value_row(ws: ReadOnlyWorksheet) -> float:
    """The last row number holding a value, by a raw scan of the sheet XML (no XML parsing).

    Returns infinity when it cannot tell (rows without ``r`` attributes), so the caller reads
    on rather than risk dropping rows.
    """
    current = 0
    last = 0
    tail = b""
    with ws._get_source() as src:
        while chunk := src.read(_CHUNK):
            data = tail + chunk
            for m in _SCAN.finditer(data):
                if m.group(1) is not None:
                    current = int(m.group(1))
                else:
                    last = max(last, current) if current else -1
                    if last < 0:
                        return float("inf")
            tail = data[-256:]  # a tag split across chunks is found again in the overlap
    return last
