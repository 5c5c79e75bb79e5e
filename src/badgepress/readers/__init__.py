"""Read an attendee file (.xlsx, .xlsm, .xlsb, .xls, .ods, .csv, .tsv, .txt) into records.

:func:`open_attendees` does everything that can fail for the file as a whole (missing file,
wrong format, no header, no name column, bad ``--map``) before returning, so the caller can
stop before any work; :meth:`AttendeeTable.records` then streams the rows.

Workbooks are read with calamine (``_calamine``; its docstring says when openpyxl, in
``_xlsx``, reads instead), text files by ``_csv``. The only room that imports openpyxl,
python-calamine, charset-normalizer and defusedxml; of badgepress it imports only
``badgepress.errors`` and ``badgepress.model``. Its modules are private (``_calamine``,
``_scan``, ``_csv``, ``_xlsx``, ``_headers``, ``_rows``, ``_values``).

Public names: :func:`open_attendees`, :class:`AttendeeTable`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import NoReturn, Protocol

from badgepress.errors import InputError, NoNameColumnError
from badgepress.model import Notice, Record, SourceInfo
from badgepress.readers._calamine import KINDS, CalamineSource
from badgepress.readers._csv import CsvSource
from badgepress.readers._headers import ColumnMap, looks_like_header, map_columns, quoted_list
from badgepress.readers._rows import RowBuilder, account, row_texts

__all__ = ["AttendeeTable", "open_attendees"]

#: How many non-blank rows from the top may hold titles and notes before the header.
HEADER_SCAN_ROWS = 50

_TEXT = {".csv", ".tsv", ".txt"}
_CONVERT = {
    ".numbers": "Numbers files are not supported; export it as .xlsx or .csv from Numbers",
}


class _Source(Protocol):
    notices: list[str]

    def sheet_names(self) -> list[str]: ...
    def rows(self, sheet: str | None) -> Iterator[tuple[int, list[object]]]: ...
    def last_row(self, sheet: str | None) -> int | None: ...
    def close(self) -> None: ...


class AttendeeTable:
    """An attendee file whose header has been found and mapped; :meth:`records` reads it.

    Use it as a context manager (or call :meth:`close`) so the workbook is closed.
    """

    def __init__(
        self, source: _Source, info: SourceInfo, colmap: ColumnMap, notices: Sequence[str]
    ) -> None:
        self._source = source
        self.info = info
        self._colmap = colmap
        self._notices = list(notices)

    def records(self) -> Iterator[Record]:
        """Stream the records in row order: file-level notices first, then for every data row
        exactly one ``Attendee`` or ``Skipped``, each followed by the row's notices.

        Each call reads the file again from the top.
        """
        for message in self._notices:
            yield Notice(None, message)
        assert self.info.header_row is not None
        rows = self._source.rows(self.info.sheet)
        yield from account(rows, self.info.header_row, RowBuilder(self._colmap))

    def close(self) -> None:
        """Release the file (closes the workbook)."""
        self._source.close()

    def __enter__(self) -> AttendeeTable:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_attendees(
    path: str | Path,
    *,
    sheet: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> AttendeeTable:
    """Open an attendee file, find its header row and map its columns.

    ``sheet`` chooses a worksheet by name (default: the first sheet with a name-like header).
    ``mapping`` overrides the automatic column mapping, canonical key -> header text
    (``{"first_name": "Vorname"}``; an empty header text unmaps the field). Raises
    :class:`~badgepress.errors.InputError` for every problem with the file as a whole.
    """
    p = Path(path)
    if not p.exists():
        raise InputError("file not found; check the path", path=p)
    if not p.is_file():
        raise InputError("this is a folder, not an attendee file; give the file's path", path=p)
    ext = p.suffix.lower()
    source: _Source
    if ext in KINDS:
        source = CalamineSource(p)
    elif ext in _TEXT:
        if sheet is not None:
            raise InputError("a text file has no sheets; leave out --sheet", path=p)
        source = CsvSource(p)
    elif ext in _CONVERT:
        raise InputError(_CONVERT[ext], path=p)
    else:
        raise InputError(
            f"unsupported file type {ext or '(no extension)'!r}; use an .xlsx, .xlsm, .xlsb, "
            ".xls, .ods, .csv, .tsv or .txt file",
            path=p,
        )
    try:
        table = _open_table(source, p, sheet, mapping or {})
        table.info.last_row = source.last_row(table.info.sheet)
        return table
    except BaseException:
        source.close()
        raise


def _open_table(
    source: _Source, path: Path, sheet: str | None, mapping: Mapping[str, str]
) -> AttendeeTable:
    names = source.sheet_names()
    wanted = list(mapping.values())
    if sheet is not None:
        if sheet not in names:
            raise InputError(
                f"no sheet named {sheet!r} (sheets: {quoted_list(names)}); pick one with --sheet",
                path=path,
            )
        candidates: list[str | None] = [sheet]
    else:
        candidates = list(names) if names else [None]

    scanned: list[tuple[str | None, int, list[str]]] = []  # sheets with values, no header
    chosen: tuple[str | None, int, list[str]] | None = None
    for name in candidates:
        found = _find_header(source, name, wanted)
        if found is None:
            continue
        row, headers, recognised = found
        if recognised:
            chosen = (name, row, headers)
            break
        scanned.append((name, row, headers))
    if chosen is None:
        _no_header(path, names, candidates, scanned, mapping)

    name, header_row, headers = chosen
    where = f"sheet {name!r}" if name is not None else "the file"
    colmap = map_columns(headers, mapping, path=str(path), where=where)
    info = SourceInfo(
        path=str(path),
        sheet=name,
        header_row=header_row,
        headers=tuple(headers),
        mapping=colmap.describe(headers),
    )
    return AttendeeTable(source, info, colmap, [*source.notices, *colmap.notices])


def _find_header(
    source: _Source, sheet: str | None, wanted: Sequence[str]
) -> tuple[int, list[str], bool] | None:
    """``(row, headers, recognised)`` of the header row, or of the fullest row when no row
    looks like a header (for the error message); None when the sheet has no values at all.
    """
    fullest: tuple[int, list[str]] | None = None
    seen = 0
    rows = source.rows(sheet)
    try:
        for row, values in rows:
            texts = row_texts(values)
            if not any(texts):
                continue
            while texts and not texts[-1]:
                texts.pop()
            if looks_like_header(texts, wanted):
                return row, texts, True
            if fullest is None or sum(map(bool, texts)) > sum(map(bool, fullest[1])):
                fullest = (row, texts)
            seen += 1
            if seen >= HEADER_SCAN_ROWS:
                break
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    return None if fullest is None else (*fullest, False)


def _no_header(
    path: Path,
    names: list[str],
    candidates: list[str | None],
    scanned: list[tuple[str | None, int, list[str]]],
    mapping: Mapping[str, str],
) -> NoReturn:
    # Called when no candidate sheet has a recognisable header: say why as precisely as we can.
    if len(candidates) == 1:
        name = candidates[0]
        if not scanned:
            if name is None:
                raise InputError("the file has no rows; export the attendee list again", path=path)
            others = [n for n in names if n != name]
            hint = f"; choose another with --sheet (sheets: {quoted_list(others)})"
            hint = hint if others else ""
            raise InputError(f"sheet {name!r} is empty{hint}", path=path)
        where = f"sheet {name!r}" if name is not None else "the file"
        _name, row, headers = scanned[0]
        try:
            map_columns(headers, mapping, path=str(path), where=where)
        except NoNameColumnError as exc:
            raise NoNameColumnError(exc.message, path=path, headers=tuple(headers), sheet=name,
                                    header_row=row) from None
        raise AssertionError("map_columns accepted a table looks_like_header rejected")
    if not scanned:
        raise InputError("every sheet is empty; export the attendee list again", path=path)
    name, row, headers = scanned[0]
    raise NoNameColumnError(
        f"no sheet has a name column (sheets: {quoted_list(names)}); headers in sheet "
        f"{name!r}: {quoted_list([h for h in headers if h])}; choose the sheet with --sheet "
        f'and the name column with --map name="..."',
        path=path, headers=tuple(headers), sheet=name, header_row=row,
    )
