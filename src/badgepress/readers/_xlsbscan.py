"""A raw walk of an .xlsb sheet's records, before calamine loads it: where its cells are.

calamine loads a sheet into one dense rectangle from its first to its last cell, so a crafted
.xlsb with one cell in the far corner (row 1,048,576, column XFD) makes it allocate billions of
cells and abort the whole process, which no ``except`` can catch. This walk finds the sheet's
extent first (record headers only, a few bytes each), so such a sheet is refused with a one-line
error instead. On the way it notes error cells, which calamine reads as empty, so that they get
the same notice as in an .xlsx. The .xlsx reader has its own raw scan (:mod:`._scan`).

Records ([MS-XLSB] 2.1.4): a type of one or two bytes and a size of one to four bytes, seven
bits each (the high bit says another byte follows), then that many bytes. A row header
(BrtRowHdr, type 0) starts with its 0-based row; a cell (types 1 to 11, BrtCellBlank to
BrtFmlaError) with its 0-based column.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

_ROW, _LAST_CELL = 0, 11
#: BrtCellError and BrtFmlaError: a cell (8 bytes), then the error's code (1 byte)
_ERROR_CELLS = (3, 11)
#: [MS-XLSB] 2.5.97.2 BErr
ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
          0x24: "#NUM!", 0x2A: "#N/A", 0x2B: "#GETTING_DATA"}
_BUNDLE_SHEET = 156  # BrtBundleSh in workbook.bin: a sheet's name and relationship id
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Extent:
    """The rows and columns a sheet's cells span (0-based, inclusive), and its error cells
    (``#REF!`` and the like, which calamine reads as empty): ``(row, column, error)``, 0-based.
    """

    first_row: int
    last_row: int
    first_col: int
    last_col: int
    errors: tuple[tuple[int, int, str], ...] = ()

    @property
    def cells(self) -> int:
        """The cells of the dense rectangle calamine would allocate."""
        return (self.last_row - self.first_row + 1) * (self.last_col - self.first_col + 1)


def _header(data: bytes, i: int) -> tuple[int, int, int] | None:
    """The record header at ``i``: ``(type, size, start of its data)``; None when the data
    ends inside it. Types take one or two bytes, sizes one to four (7 bits each).
    """
    n = len(data)
    if i >= n:
        return None
    b = data[i]
    i += 1
    kind = b & 0x7F
    if b & 0x80:
        if i >= n:
            return None
        kind |= (data[i] & 0x7F) << 7
        i += 1
    size = shift = 0
    for _ in range(4):
        if i >= n:
            return None
        b = data[i]
        i += 1
        size |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            break
    return kind, size, i


def _records(data: bytes) -> list[tuple[int, int, int]]:
    """``(type, start of its data, size)`` of every record (stops at a truncated one)."""
    out: list[tuple[int, int, int]] = []
    i = 0
    while (header := _header(data, i)) is not None:
        kind, size, i = header
        out.append((kind, i, size))
        i += size
    return out


def sheet_extent(data: bytes) -> Extent | None:
    """The extent of the cells in a sheet part's bytes; None when it has no cell."""
    row = 0
    errors: list[tuple[int, int, str]] = []
    first_row = first_col = 1 << 32
    last_row = last_col = -1
    i, n = 0, len(data)
    frombytes = int.from_bytes
    while i < n:
        kind = data[i]
        size = data[i + 1] if i + 1 < n else 0
        if kind < 0x80 and size < 0x80:  # the usual record: one byte each
            i += 2
        else:  # longer headers: decoded by the one routine (this loop is the hot one)
            header = _header(data, i)
            if header is None:
                break  # the data ends inside a header: no record there
            kind, size, i = header
        if kind <= _LAST_CELL and size >= 4:
            value = frombytes(data[i:i + 4], "little")
            if kind == _ROW:
                row = value
            else:
                if row < first_row:
                    first_row = row
                if row > last_row:
                    last_row = row
                if value < first_col:
                    first_col = value
                if value > last_col:
                    last_col = value
                if kind in _ERROR_CELLS and size >= 9 and i + 8 < n:  # code within the data
                    errors.append((row, value, ERRORS.get(data[i + 8], "#ERROR")))
        i += size
    if last_row < 0:
        return None
    return Extent(first_row, last_row, first_col, last_col, tuple(errors))


def _wide_string(data: bytes, at: int) -> tuple[str, int]:
    """An XLWideString at ``at``: its text and where the next field starts."""
    count = int.from_bytes(data[at:at + 4], "little")
    end = at + 4 + 2 * count
    return data[at + 4:end].decode("utf-16-le", errors="replace"), end


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name -> its part in the zip, from workbook.bin and its relationships."""
    rels_xml = zf.read("xl/_rels/workbook.bin.rels")
    if _DTD.search(rels_xml):
        raise ValueError("a DTD in the workbook's relationships")
    targets = {}
    for rel in ElementTree.fromstring(rels_xml).iter(_REL):
        target = rel.get("Target", "")
        targets[rel.get("Id", "")] = (target.lstrip("/") if target.startswith("/")
                                      else "xl/" + target)
    book = zf.read("xl/workbook.bin")
    parts = {}
    for kind, start, size in _records(book):
        if kind == _BUNDLE_SHEET and size >= 12:
            rel_id, after = _wide_string(book, start + 8)  # after hsState and iTabID
            name, _ = _wide_string(book, after)
            if rel_id in targets:
                parts[name] = targets[rel_id]
    return parts


__all__ = ["ERRORS", "Extent", "sheet_extent", "sheet_parts"]
