"""Workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) read with calamine, openpyxl as the fallback.

Which reader runs when:

- The file's kind is told by its bytes, not its name (an .xls saved as .xlsx is common), and
  the checks that need no parser run first: empty files, password-protected workbooks, zip
  bombs (:func:`badgepress.readers._xlsx.check_zip`), files of another kind.
- calamine (Rust, about ten times openpyxl's speed) reads every kind. It loads a whole sheet
  into one dense rectangle, so an .xlsx sheet is first scanned raw (:mod:`._scan`): rows or
  columns beyond Excel's limits are a corrupt file, a DTD is refused, and error cells and
  uncalculated formulas (which calamine reads as empty) get their notices from the scan.
- openpyxl's streaming reader (:class:`badgepress.readers._xlsx.XlsxSource`) reads an .xlsx
  sheet whose rectangle is too large for calamine to hold (more than
  :data:`CALAMINE_MAX_CELLS` cells: a list of a million rows, or data far apart), so memory
  stays flat and gaps cost nothing; and any .xlsx calamine refuses, so that a file openpyxl
  can read is still read, and one it cannot gets openpyxl's diagnosis, as before.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import python_calamine as pc

from badgepress.errors import InputError
from badgepress.readers._headers import column_letter
from badgepress.readers._scan import (
    EXCEL_COLUMNS,
    EXCEL_ROWS,
    ODS_MAX_REPEAT,
    SheetScan,
    error_message,
    ods_repeat_bomb,
    scan_sheet,
    sheet_members,
)
from badgepress.readers._values import CellProblem
from badgepress.readers._windows import NotWindowedError, windowed, windows
from badgepress.readers._xlsbscan import sheet_extent, sheet_parts
from badgepress.readers._zipcheck import OLE_MAGIC, check_zip, describe, ole_message

if TYPE_CHECKING:  # openpyxl is imported only when its reader is needed (_openpyxl)
    from badgepress.readers._xlsx import XlsxSource

#: The largest sheet rectangle (rows x columns) calamine may load: about 130 MB of cells at
#: most; 100,000 rows of 40 columns fit. Larger sheets are streamed by openpyxl.
CALAMINE_MAX_CELLS = 4_000_000

#: Extensions of the kinds calamine reads, by kind.
KINDS = {
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".xltx": "xlsx", ".xltm": "xlsx",
    ".xlsb": "xlsb", ".xls": "xls", ".ods": "ods",
}
_WHAT = {"xlsx": "an Excel workbook", "xlsb": "an Excel workbook", "xls": "an Excel workbook",
         "ods": "an OpenDocument spreadsheet"}
_SAVE_AS = "save the attendee list as .xlsx or .csv"
_ENTITIES = (
    "the workbook contains XML entity or DTD declarations, which badgepress refuses for "
    "safety; open and re-save it in Excel, or export it as .csv"
)


def sniff(path: Path, expected: str) -> str:
    """The kind of workbook ``path`` holds (``xlsx``, ``xlsb``, ``xls``, ``ods``), whatever its
    extension says; raises :class:`InputError` for empty, encrypted, bomb-like or foreign files.
    """
    with path.open("rb") as f:
        head = f.read(8)
    if not head:
        raise InputError("the file is empty; export the attendee list again", path=path)
    if head.startswith(OLE_MAGIC):
        message = ole_message(path)
        if "password" in message and "(.xls)" not in message:
            raise InputError(message, path=path)
        return "xls"
    if not head.startswith(b"PK"):
        raise InputError(f"this is {describe(head)}, not {_WHAT[expected]}; {_SAVE_AS}",
                         path=path)
    names = set(check_zip(path, require=None))
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "content.xml" in names:
        return "ods"
    raise InputError(f"this is a zip archive but not {_WHAT[expected]}; {_SAVE_AS}", path=path)


class CalamineSource:
    """An open workbook; :meth:`rows` streams one sheet (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.kind = sniff(path, KINDS.get(path.suffix.lower(), "xlsx"))
        self.notices: list[str] = []
        self._fallback: XlsxSource | None = None
        self._loaded: tuple[str, pc.CalamineSheet, SheetScan | None] | None = None
        self._members: dict[str, str] | None = None
        self._scans: dict[str, SheetScan | None] = {}
        self._windowed: set[str] = set()  # sheets read in windows (._windows)
        self._wb: pc.CalamineWorkbook | None = None
        if self.kind == "ods":
            self._refuse_repeat_bomb()
        try:
            if KINDS.get(path.suffix.lower()) == self.kind:
                self._wb = pc.CalamineWorkbook.from_path(str(path))
            else:
                with path.open("rb") as f:
                    self._wb = pc.CalamineWorkbook.from_filelike(f)
        except BaseException as err:  # calamine raises OSError, ValueError, panics, ...
            _reraise_signals(err)
            if self.kind != "xlsx":
                raise self._error(err) from None
            self._openpyxl()  # raises openpyxl's diagnosis if it fails too

    def _refuse_repeat_bomb(self) -> None:
        try:
            with zipfile.ZipFile(self.path) as zf:
                bomb = ods_repeat_bomb(zf)
        except Exception:  # a broken content.xml: calamine says so below
            return
        if bomb:
            raise InputError(
                f"the spreadsheet repeats a filled row or cell more than {ODS_MAX_REPEAT:,} "
                "times, which would unpack to millions of cells; refusing to open it; "
                "re-save it in LibreOffice, or export it as .csv", path=self.path)

    def _error(self, err: BaseException) -> InputError:
        if isinstance(err, pc.PasswordError):
            return InputError(
                "the workbook is password protected (encrypted); open it in Excel and save a "
                "copy without a password", path=self.path)
        what = "spreadsheet" if self.kind == "ods" else "workbook"
        return InputError(
            f"the {what} is corrupt or incomplete ({type(err).__name__}); open and re-save it "
            "in Excel or LibreOffice, or export it as .csv", path=self.path)

    def sheet_names(self) -> list[str]:
        """Names of the worksheets (chart sheets, which have no rows, are left out)."""
        if self._wb is None:
            assert self._fallback is not None
            return self._fallback.sheet_names()
        return [m.name for m in self._wb.sheets_metadata
                if m.typ in (pc.SheetTypeEnum.WorkSheet, pc.SheetTypeEnum.DialogSheet)]

    def rows(self, sheet: str | None) -> Iterator[tuple[int, list[object]]]:
        """Yield ``(row number, values)`` for the sheet's rows; ``values[0]`` is column A.

        Blank rows may or may not appear; row numbers only grow.
        """
        names = self.sheet_names()
        if sheet is None:
            if not names:
                return
            sheet = names[0]
        scan = self._scan(sheet) if self.kind == "xlsx" else None
        if self.kind == "xlsb":
            scan = self._check_xlsb(sheet)  # its error cells, as an .xlsx's scan has them
        if scan is not None and self._too_big(scan):
            yield from self._openpyxl().rows(sheet)
            return
        if self._wb is None:
            yield from self._openpyxl().rows(sheet)
            return
        if windowed(scan):
            assert scan is not None
            try:
                yield from self._windows(sheet, scan)
                return
            except NotWindowedError:
                pass  # read whole, below
        try:
            loaded = self._load(sheet, scan)
        except BaseException as err:
            _reraise_signals(err)
            if self.kind != "xlsx":
                raise self._error(err) from None
            yield from self._openpyxl().rows(sheet)
            return
        end = loaded[0].end
        if end is not None:
            self._within_limits(sheet, end[0] + 1, end[1] + 1)
        yield from _rows(*loaded)

    def _windows(self, sheet: str, scan: SheetScan) -> Iterator[tuple[int, list[object]]]:
        """The rows of a long sheet, read in windows (:mod:`._windows`); raises NotWindowedError
        before the first row when the sheet cannot be, or calamine fails on its first window
        (the whole-sheet load then says what is wrong).
        """
        member = (self._members or {}).get(sheet)
        if member is None:
            raise NotWindowedError(sheet)
        parts = windows(str(self.path), member, sheet)
        first = True
        while True:
            try:
                part = next(parts, None)
            except NotWindowedError:
                raise
            except BaseException as err:
                _reraise_signals(err)
                if first:
                    raise NotWindowedError(sheet) from err
                raise self._error(err) from None
            if part is None:
                return
            if first:
                first = False
                self._windowed.add(sheet)
            end = part.end
            if end is not None:
                self._within_limits(sheet, end[0] + 1, end[1] + 1)
            yield from _rows(part, scan, window=True)

    def _load(
        self, sheet: str, scan: SheetScan | None
    ) -> tuple[pc.CalamineSheet, SheetScan | None]:
        if self._loaded is None or self._loaded[0] != sheet:
            self._loaded = None  # one sheet at a time in memory
            assert self._wb is not None
            self._loaded = (sheet, self._wb.get_sheet_by_name(sheet), scan)
        return self._loaded[1], self._loaded[2]

    def _scan(self, sheet: str) -> SheetScan | None:
        """The raw scan of an .xlsx sheet; None when the workbook's parts cannot be found (the
        fallback reader then says what is wrong).
        """
        if sheet not in self._scans:
            self._scans[sheet] = self._scan_now(sheet)
        return self._scans[sheet]

    def _scan_now(self, sheet: str) -> SheetScan | None:
        try:
            with zipfile.ZipFile(self.path) as zf:
                if self._members is None:
                    self._members = sheet_members(zf)
                member = self._members.get(sheet)
                if member is None:
                    return None
                scan = scan_sheet(zf, member)
        except InputError:
            raise
        except Exception:  # a broken workbook.xml or rels, a DTD in them, a bad member
            if self._wb is not None:
                self._wb.close()
                self._wb = None
            self._openpyxl()
            return None
        if scan.dtd:
            raise InputError(_ENTITIES, path=self.path)
        self._within_limits(sheet, scan.max_row, scan.max_col)
        return scan

    def _check_xlsb(self, sheet: str) -> SheetScan | None:
        """Refuse an .xlsb sheet whose cells lie so far apart that calamine's dense rectangle
        would not fit in memory (it would abort the process): see :mod:`._xlsbscan`. A sheet
        the walk cannot find or read is left to calamine, which reports what is wrong.
        Returns the sheet's error cells as a scan's ``problems``.
        """
        try:
            with zipfile.ZipFile(self.path) as zf:
                part = sheet_parts(zf).get(sheet)
                extent = sheet_extent(zf.read(part)) if part is not None else None
        except (OSError, KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
            return None
        if extent is None:
            return None
        self._within_limits(sheet, extent.last_row + 1, extent.last_col + 1)
        if extent.cells > CALAMINE_MAX_CELLS:
            raise InputError(
                f"sheet {sheet!r} has cells from row {extent.first_row + 1:,} to row "
                f"{extent.last_row + 1:,} and from column {column_letter(extent.first_col)} "
                f"to column {column_letter(extent.last_col)}, too far apart to read "
                f"({extent.cells:,} cells); delete the stray cells far from the list, or "
                f"{_SAVE_AS}", path=self.path)
        scan = SheetScan()
        for row, col, code in extent.errors:
            scan.problems.setdefault(row + 1, {})[col] = error_message(code)
        return scan

    def _within_limits(self, sheet: str, last_row: int, last_col: int) -> None:
        """Raise unless the last row and column (1-based) are within Excel's limits."""
        if last_row <= EXCEL_ROWS and last_col <= EXCEL_COLUMNS:
            return
        where = (f"row {last_row:,}, beyond Excel's last row {EXCEL_ROWS:,}"
                 if last_row > EXCEL_ROWS
                 else f"column {last_col:,}, beyond Excel's last column XFD")
        raise InputError(
            f"the workbook is corrupt: sheet {sheet!r} has a cell in {where}; open and re-save "
            "it in Excel, or export it as .csv", path=self.path)

    @staticmethod
    def _too_big(scan: SheetScan) -> bool:
        cells = scan.max_row * scan.max_col
        sparse = scan.max_row >= 100_000 and scan.max_row > 2 * scan.rows + 1000
        return cells > CALAMINE_MAX_CELLS or sparse

    def _openpyxl(self) -> XlsxSource:
        if self._fallback is None:
            from badgepress.readers._xlsx import XlsxSource

            self._fallback = XlsxSource(self.path)
        return self._fallback

    def last_row(self, sheet: str | None) -> int | None:
        """The sheet's last row with data, when the sheet is loaded (None otherwise); for a
        sheet read in windows, the last row its XML holds.
        """
        if sheet in self._windowed:
            scan = self._scans.get(sheet)
            return scan.last_plain_row if scan is not None else None
        if self._loaded is not None and self._loaded[0] == sheet:
            end = self._loaded[1].end
            return None if end is None else end[0] + 1
        if self._fallback is not None:
            return self._fallback.last_row(sheet)
        return None

    def close(self) -> None:
        """Release the workbook (and the fallback reader's zip file)."""
        self._loaded = None
        if self._wb is not None:
            self._wb.close()
            self._wb = None
        if self._fallback is not None:
            self._fallback.close()


def _reraise_signals(err: BaseException) -> None:
    """Re-raise what is not a parse failure: Ctrl-C, exits, generators closing. Anything else
    a parser raises (calamine raises OSError, ValueError and Rust panics besides its own
    errors) means the file is broken.
    """
    if isinstance(err, KeyboardInterrupt | SystemExit | GeneratorExit | MemoryError):
        raise err


def _rows(sheet: pc.CalamineSheet, scan: SheetScan | None, window: bool = False
          ) -> Iterator[tuple[int, list[object]]]:
    """The sheet's rows, numbered as the spreadsheet shows them. ``iter_rows`` starts at the
    sheet's first row (rows above the first value come as empty rows), whatever ``start``
    says; a window (``._windows``) starts lower, so its rows are taken from ``start`` on.
    """
    start = sheet.start
    if start is None:
        return
    first_row, first_col = start
    rows: Iterable[Sequence[object]]
    if window:
        rows, first = sheet.to_python(skip_empty_area=True), first_row + 1
    else:
        rows, first = sheet.iter_rows(), 1
    pad: list[object] = [None] * first_col
    problems = scan.problems if scan is not None else {}
    for number, values in enumerate(rows, start=first):
        row: list[object] = [*pad, *values] if first_col else list(values)
        marks = problems.get(number)
        if marks:
            for col, message in marks.items():
                if col >= len(row):
                    row.extend([None] * (col + 1 - len(row)))
                row[col] = CellProblem(message)
        yield number, row
