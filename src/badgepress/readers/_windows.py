"""A long .xlsx sheet read by calamine a window of rows at a time, so that memory stays flat.

calamine loads a whole sheet into one dense rectangle of cells, about 300 bytes a row of five
text cells: 31 MB for 100,000 attendees, held by the reading process for the whole build. A
sheet of :data:`WINDOW_MIN_ROWS` rows or more is instead cut, between rows, into windows of
about :data:`WINDOW_BYTES` of XML; each window becomes a small workbook in memory (the file's
other parts, shared strings and styles included, with this sheet's XML holding only that
window's rows) that calamine reads as usual. calamine still parses every cell, with the
file's own styles (dates) and shared strings, so the values are the ones a whole-sheet load
gives; row numbers come from the rows' ``r`` attributes, which is why a sheet is cut only when
every row states its number first (``<row r="N"``, as Excel, LibreOffice and openpyxl write
them: the raw scan counts them, :class:`~badgepress.readers._scan.SheetScan`). Blank rows at a
window's edge are left out, as blank rows may be anywhere (the accounting fills gaps).

Memory: one window's XML, the workbook's other parts (once, stored), and calamine's copy of
both and its cells: a few MB whatever the sheet's length.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import python_calamine as pc

from badgepress.readers._scan import SheetScan

#: Rows from which a sheet is read in windows (below, calamine loads it whole).
WINDOW_MIN_ROWS = 25_000
#: Bytes of sheet XML per window: about 3,400 rows of five text cells.
WINDOW_BYTES = 1 << 20

_SHEET_DATA = re.compile(rb"<sheetData\b[^>]*>")
_ROOT = re.compile(rb"<((?:\w+:)?worksheet)\b")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*/>")
_ROW_END = b"</row>"


class NotWindowedError(Exception):
    """The sheet's XML is not laid out as windows need (read it whole instead)."""


def windowed(scan: SheetScan | None) -> bool:
    """Whether a sheet with this raw scan is read in windows: long enough, and every row
    written ``<row r="N"`` (numbered, unprefixed).
    """
    return scan is not None and scan.rows >= WINDOW_MIN_ROWS and scan.plain_rows == scan.rows


def windows(path: str, member: str, sheet: str, size: int | None = None
            ) -> Iterator[pc.CalamineSheet]:
    """The sheet ``sheet`` (zip member ``member``) of the .xlsx at ``path``, as calamine sheets
    of consecutive windows of its rows, in order. Raises :class:`NotWindowedError` before the first
    window when the XML around the rows is not as expected; calamine's own errors pass through.
    ``size``: bytes of XML a window (default :data:`WINDOW_BYTES`).
    """
    size = size or WINDOW_BYTES
    with zipfile.ZipFile(path) as zf:
        rest = _other_parts(zf, member)
        with zf.open(member) as f:
            head = b""
            while (found := _SHEET_DATA.search(head)) is None:
                chunk = f.read(size)
                if not chunk or len(head) > 4 * size:
                    raise NotWindowedError(member)
                head += chunk
            root = _ROOT.search(head, 0, found.start())
            if root is None or found.group(0).endswith(b"/>"):
                raise NotWindowedError(member)
            opening = _DIMENSION.sub(b"", head[:found.start()]) + found.group(0)
            closing = b"</sheetData></" + root.group(1) + b">"
            data = head[found.end():]
            del head
            ended = False
            while True:
                # about ``size`` bytes, cut after the last whole row (a longer row: read on)
                while not ended and (len(data) < size or data.rfind(_ROW_END) < 0):
                    short = size - len(data)
                    chunk = f.read(short if short > 0 else max(len(data), 1 << 16))
                    ended = not chunk
                    data += chunk
                cut = data.rfind(_ROW_END)
                if cut < 0:
                    break
                cut += len(_ROW_END)
                yield _load(rest, member, sheet, b"".join((opening, data[:cut], closing)))
                data = data[cut:]
            if not data.lstrip().startswith(b"</sheetData>"):
                raise ValueError(f"{member}: the rows do not end with </sheetData>")


def _other_parts(zf: zipfile.ZipFile, member: str) -> bytes:
    """A zip of every part of the workbook but ``member`` and its pictures, stored."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as copy:
        for info in zf.infolist():
            name = info.filename
            if name == member or name.endswith("/") or name.startswith("xl/media/"):
                continue
            copy.writestr(name, zf.read(info))
    return out.getvalue()


def _load(rest: bytes, member: str, sheet: str, xml: bytes) -> pc.CalamineSheet:
    """The calamine sheet of a workbook made of ``rest`` and ``xml`` as ``member``."""
    buf = io.BytesIO(rest)
    buf.seek(0, io.SEEK_END)
    with zipfile.ZipFile(buf, "a") as book:
        book.writestr(member, xml)
    del xml
    buf.seek(0)
    wb = pc.CalamineWorkbook.from_filelike(buf)
    try:
        return wb.get_sheet_by_name(sheet)
    finally:
        wb.close()
