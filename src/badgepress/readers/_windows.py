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
from array import array
from collections.abc import Iterator

import python_calamine as pc

from badgepress.readers._scan import SheetScan

#: Rows from which a sheet is read in windows (below, calamine loads it whole).
WINDOW_MIN_ROWS = 25_000
#: Bytes of sheet XML per window: about 850 rows of five inline text cells. Measured at
#: 100,000 rows: 1 MB windows left the reader at 57 MB (shared strings) and the build at
#: 162 MB at its peak, 256 kB at 43 and 148 MB (inline strings: 43 -> 34, 145 -> 135),
#: with reading time within the noise (2-3.5 s of CPU per 100,000 rows either way).
WINDOW_BYTES = 1 << 18

_SHEET_DATA = re.compile(rb"<sheetData\b[^>]*>")
_ROOT = re.compile(rb"<((?:\w+:)?worksheet)\b")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*/>")
_ROW_END = b"</row>"
#: The shared strings, where Excel, LibreOffice and openpyxl put them.
_SST = "xl/sharedStrings.xml"
_SI = re.compile(rb"<si[\s>/]")
_SST_COUNTS = re.compile(rb'\s(?:count|uniqueCount)="\d*"')
#: A shared-string cell's index, as Excel, LibreOffice and openpyxl write it (``t`` last); a
#: window with a shared-string cell written otherwise gets all the strings.
_SHARED_CELL = re.compile(rb'( t="s"><v>)(\d+)(</v>)')


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
        strings = _Strings.of(zf)
        rest = _other_parts(zf, member, strings)
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
                yield _load(rest, member, sheet, b"".join((opening, data[:cut], closing)),
                            strings)
                data = data[cut:]
            if not data.lstrip().startswith(b"</sheetData>"):
                raise ValueError(f"{member}: the rows do not end with </sheetData>")


class _Strings:
    """The workbook's shared strings, cut for each window to the ones it uses: calamine
    parses a window's shared strings whole, and a list of unique e-mail addresses holds one a
    row (100,000 rows: 3.7 MB of XML parsed again for every window).
    """

    def __init__(self, data: bytes, starts: array[int], end: int) -> None:
        self.data = data
        self._starts = starts  # where each <si> item starts
        self._end = end  # where </sst> starts
        self._head = _SST_COUNTS.sub(b"", data[:starts[0]])

    @classmethod
    def of(cls, zf: zipfile.ZipFile) -> _Strings | None:
        """The shared strings of ``zf``; None when it has none, or not in the usual form."""
        try:
            data = zf.read(_SST)
        except KeyError:
            return None
        starts = array("q", (m.start() for m in _SI.finditer(data)))
        end = data.rfind(b"</sst>")
        if not starts or end < starts[-1]:
            return None
        return cls(data, starts, end)

    def cut(self, xml: bytes) -> tuple[bytes, bytes]:
        """``xml`` (a window) with its shared-string cells renumbered, and the shared strings
        of just those, in that order; or ``xml`` and all the strings when a cell is not written
        as expected or names a string that is not there (calamine then says what it says of
        the file itself).
        """
        parts = _SHARED_CELL.split(xml)  # text, then (start, index, end, text) a cell
        found = parts[2::4]
        if len(found) != xml.count(b't="s"'):
            return xml, self.data
        used = dict.fromkeys(found)  # each index once, in the order of first use
        new = {index: b"%d" % n for n, index in enumerate(used)}
        parts[2::4] = map(new.__getitem__, found)
        count = len(self._starts)
        indices = [int(i) for i in used]  # in their new order
        if any(i >= count for i in indices):
            return xml, self.data
        starts, data = self._starts, self.data
        items = [data[starts[i]:starts[i + 1] if i + 1 < count else self._end] for i in indices]
        return b"".join(parts), b"".join([self._head, *items, b"</sst>"])


def _other_parts(zf: zipfile.ZipFile, member: str, strings: _Strings | None) -> bytes:
    """A zip of every part of the workbook but ``member``, its pictures and (when they are cut
    for each window) its shared strings, stored.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as copy:
        for info in zf.infolist():
            name = info.filename
            if (name == member or name.endswith("/") or name.startswith("xl/media/")
                    or (strings is not None and name == _SST)):
                continue
            copy.writestr(name, zf.read(info))
    return out.getvalue()


def _load(rest: bytes, member: str, sheet: str, xml: bytes, strings: _Strings | None
          ) -> pc.CalamineSheet:
    """The calamine sheet of a workbook made of ``rest`` and ``xml`` as ``member`` (with
    the shared strings it uses).
    """
    buf = io.BytesIO(rest)
    buf.seek(0, io.SEEK_END)
    with zipfile.ZipFile(buf, "a") as book:
        if strings is not None:
            xml, sst = strings.cut(xml)
            book.writestr(_SST, sst)
            del sst
        book.writestr(member, xml)
    del xml
    buf.seek(0)
    wb = pc.CalamineWorkbook.from_filelike(buf)
    try:
        return wb.get_sheet_by_name(sheet)
    finally:
        wb.close()
