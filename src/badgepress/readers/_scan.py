"""A raw pass over an .xlsx sheet's XML, before calamine reads it.

calamine reads a sheet into one dense rectangle, so the sheet's extent decides its memory:
a crafted cell at ``XFD1048576`` asks for 17 billion cells and aborts the process, and a
sheet with data at row 2 and row 1,048,576 yields a million empty rows. calamine also reads
an error cell (``#REF!``) and a formula that was never calculated as an empty cell, with no
way to tell. This pass finds out all of that from the bytes, without parsing XML:

- the last row and column any row or cell names, and how many rows the XML holds;
- error cells and formula cells without a saved value (looked at only in the stretches of
  the sheet that contain ``t="e"`` or ``<f``, so a sheet without either costs two ``find``
  calls per megabyte);
- a DTD (``<!DOCTYPE``/``<!ENTITY``), which badgepress refuses in any workbook.

The sheet is inflated in chunks of a few megabytes, cut after a ``</row>`` so that no cell is
split, so memory stays flat whatever the sheet's size.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring

#: Excel's last row and column (XFD); anything beyond is not a sheet Excel could have written.
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384

_CHUNK = 4 << 20
# Refs that can make a sheet's extent large: columns of two letters or more (AA on), and rows
# of six digits or more. They are looked for first in a copy of the chunk where every capital
# is "A" and every digit "0", with plain ``find`` calls, so a sheet without them costs one
# translation and a few finds per megabyte; only what is found is read with a regex.
_SHAPE = bytes.maketrans(bytes(range(65, 91)) + b"0123456789", b"A" * 26 + b"0" * 10)
_WIDE_COL = re.compile(rb' r="([A-Z]{2,})\d')
_BIG_ROW = re.compile(rb' r="[A-Z]*(\d{6,})"')
_CELL = re.compile(rb'<((?:\w+:)?)c\b([^>]*?)(/>|>(.*?)</\1c>)', re.DOTALL)
_ATTR_R = re.compile(rb'\sr="([A-Z]+)(\d+)"')
_ATTR_T = re.compile(rb'\st="([a-zA-Z]+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.DOTALL)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")

NO_SAVED_VALUE = (
    "formula has no saved value (the file was saved without calculating); "
    "open and save it in Excel or LibreOffice"
)


def error_message(code: str) -> str:
    """The notice for a cell that shows an Excel error such as ``#REF!``."""
    return f"cell shows the error {code}; left empty"


@dataclass
class SheetScan:
    """What the raw pass found in one sheet (rows and columns 1-based, as Excel counts)."""

    #: the last row any ref names, exactly when it is 100,000 or more, else a bound (9,999,
    #: 99,999 or 999)
    max_row: int = 0
    #: the last column, exactly when it is AA (27) or later, else the bound 26
    max_col: int = 26
    #: row elements in the XML
    rows: int = 0
    #: row elements written ``<row r="N"``, their number first (as Excel and openpyxl write
    #: them), and the number of the last one (a long sheet is read in windows of rows only when
    #: every row is written so: :mod:`._windows`)
    plain_rows: int = 0
    last_plain_row: int = 0
    dtd: bool = False
    #: row -> {0-based column: message} for error cells and uncalculated formulas
    problems: dict[int, dict[int, str]] = field(default_factory=dict)


def column_number(letters: bytes) -> int:
    """``b"A"`` -> 1, ``b"XFD"`` -> 16384."""
    n = 0
    for b in letters:
        n = n * 26 + b - 64
    return n


def sheet_members(zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet name -> its XML member in the zip, from ``xl/workbook.xml`` and its rels."""
    book = fromstring(zf.read("xl/workbook.xml"))
    rels = fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in _children(rels, "Relationship")}
    out: dict[str, str] = {}
    for sheet in _children(book, "sheet"):
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rid)
        if not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        out[sheet.get("name", "")] = str(PurePosixPath(path))
    return out


def _children(root: Element, local: str) -> list[Element]:
    return [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] == local]


def has_dtd(zf: zipfile.ZipFile, member: str, head: int = 64 * 1024) -> bool:
    """Whether the start of an XML member declares a DTD (where a DTD has to be)."""
    with zf.open(member) as f:
        data = f.read(head)
    return b"<!DOCTYPE" in data or b"<!ENTITY" in data


def scan_sheet(zf: zipfile.ZipFile, member: str) -> SheetScan:
    """Scan one worksheet's XML (see the module docstring)."""
    scan = SheetScan()
    tail = b""
    first = True
    with zf.open(member) as f:
        while True:
            chunk = f.read(_CHUNK)
            data = tail + chunk
            if not chunk:
                if data:
                    _scan_part(data, scan)
                break
            if first:
                first = False
                if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                    scan.dtd = True
                    return scan
            cut = data.rfind(b"</row>")
            if cut < 0 and len(data) < 4 * _CHUNK:
                tail = data  # one very long row: read on until it ends
                continue
            cut = len(data) if cut < 0 else cut + len(b"</row>")
            _scan_part(data[:cut], scan)
            tail = data[cut:]
    return scan


def _scan_part(data: bytes, scan: SheetScan) -> None:
    scan.rows += data.count(b"row ") + data.count(b"<row>")  # "<row ", "<x:row ", "<row>"
    plain = data.count(b'<row r="')
    if plain:
        scan.plain_rows += plain
        at = data.rfind(b'<row r="') + 8
        digits = data[at:data.find(b'"', at)]
        if digits.isdigit():
            scan.last_plain_row = int(digits)
    shape = data.translate(_SHAPE)
    if b' r="AA' in shape:
        for letters in set(_WIDE_COL.findall(data)):
            scan.max_col = max(scan.max_col, column_number(letters))
    if b'000000"' in shape and (big := _BIG_ROW.findall(data)):
        scan.max_row = max(scan.max_row, *map(int, set(big)))
    elif scan.max_row < 99_999:
        bound = 99_999 if b'00000"' in shape else 9_999 if b'0000"' in shape else 999
        scan.max_row = max(scan.max_row, bound)
    if b't="e"' not in data and b"f>" not in data:  # <f>, <x:f>, <f .../>, </f>
        return
    for _prefix, attrs, _end, inner in _CELL.findall(data):
        kind = _ATTR_T.search(attrs)
        error = kind is not None and kind.group(1) == b"e"
        formula = bool(inner) and _FORMULA.search(inner) is not None
        if not error and not formula:
            continue
        ref = _ATTR_R.search(attrs)
        if ref is None:
            continue
        value = _VALUE.search(inner or b"")
        text = value.group(1).decode("utf-8", "replace").strip() if value else ""
        row, col = int(ref.group(2)), column_number(ref.group(1)) - 1
        if error:
            scan.problems.setdefault(row, {})[col] = error_message(text)
        elif value is None or (not text and (kind is None or kind.group(1) != b"str")):
            scan.problems.setdefault(row, {})[col] = NO_SAVED_VALUE


# A repeat count of four digits or more, on an OpenDocument row or cell.
_ODS_REPEAT = re.compile(rb'<table:table-(row|cell)\b[^>]*?number-(?:rows|columns)-repeated="'
                         rb'(\d{4,})"[^>]*?(/?)>')
#: Repeats of a cell or row holding a value beyond which an .ods is taken for a bomb: calamine
#: would spread the value over that many cells (LibreOffice repeats only empty rows and cells
#: that far, to the sheet's end).
ODS_MAX_REPEAT = 10_000


def ods_repeat_bomb(zf: zipfile.ZipFile) -> bool:
    """Whether ``content.xml`` repeats a row or cell that holds a value more than
    :data:`ODS_MAX_REPEAT` times (calamine would fill that many cells with it).
    """
    tail = b""
    with zf.open("content.xml") as f:
        while chunk := f.read(_CHUNK):
            data = tail + chunk
            if b'-repeated="' in data:
                for m in _ODS_REPEAT.finditer(data):
                    if int(m.group(2)) <= ODS_MAX_REPEAT:
                        continue
                    if b"office:value-type" in m.group(0):
                        return True
                    if m.group(1) == b"row" and not m.group(3):
                        end = data.find(b"</table:table-row>", m.end())
                        body = data[m.end():end if end >= 0 else len(data)]
                        if b"office:value-type" in body:
                            return True
            tail = data[-64 * 1024:]
    return False
