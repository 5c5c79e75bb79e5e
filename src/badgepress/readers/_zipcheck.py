"""Checks of a workbook file that need no parser: empty, encrypted or old OLE files, foreign
files, zip bombs. Kept apart from ``_xlsx`` so that reading with calamine does not import
openpyxl (about 20 MB and 0.1 s per run), which only the fallback reader needs.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from badgepress.errors import InputError

#: Refuse workbooks that unpack to more than this (a 100,000-attendee export is ~20 MB).
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
#: Refuse a member that inflates more than this ratio ...
MAX_COMPRESSION_RATIO = 100
#: ... once it is at least this big (small XML parts legitimately compress very well).
RATIO_CHECK_MIN_BYTES = 10 * 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SAVE_AS = "save the attendee list as .xlsx or .csv"


def check_zip(path: Path, require: str | None = "xl/workbook.xml") -> list[str]:
    """Raise :class:`InputError` unless ``path`` is a zip that looks like a sane workbook
    (holding the member ``require``, unless that is None); return its members' names.
    """
    with path.open("rb") as f:
        head = f.read(8)
    if not head:
        raise InputError("the file is empty; export the attendee list again", path=path)
    if head.startswith(OLE_MAGIC):
        raise InputError(ole_message(path), path=path)
    if not head.startswith(b"PK"):
        kind = describe(head)
        raise InputError(f"this is {kind}, not an Excel workbook; {_SAVE_AS}", path=path)
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError):
        raise InputError(
            "the workbook is corrupt or incomplete (not a readable zip); "
            "open and re-save it in Excel, or export it as .csv",
            path=path,
        ) from None
    total = sum(m.file_size for m in members)
    if total > MAX_UNZIPPED_BYTES:
        raise InputError(
            f"the workbook unpacks to {total // 2**20} MB, more than the "
            f"{MAX_UNZIPPED_BYTES // 2**20} MB limit; export the attendee list as .csv",
            path=path,
        )
    for m in members:
        if m.file_size >= RATIO_CHECK_MIN_BYTES and m.file_size > MAX_COMPRESSION_RATIO * max(
            m.compress_size, 1
        ):
            raise InputError(
                f"the workbook looks like a zip bomb ({m.filename} inflates more than "
                f"{MAX_COMPRESSION_RATIO}:1); refusing to open it",
                path=path,
            )
    names = [m.filename for m in members]
    if require is not None and require not in names:
        raise InputError(f"this is a zip archive but not an Excel workbook; {_SAVE_AS}", path=path)
    return names


def describe(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return "a PDF document"
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or all(
        32 <= b < 127 or b in b"\t\r\n" for b in head
    ):
        return "a text file"
    return "not a zip file"


def ole_message(path: Path) -> str:
    # Encrypted .xlsx files and old .xls workbooks are both OLE compound files; their
    # directory names the streams inside (UTF-16LE), which tells them apart cheaply.
    with path.open("rb") as f:
        data = f.read(MAX_UNZIPPED_BYTES)
    if "EncryptedPackage".encode("utf-16-le") in data:
        return (
            "the workbook is password protected (encrypted); open it in Excel and save a copy "
            "without a password"
        )
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return (
            "this is an old Excel 97-2003 (.xls) workbook; open it in Excel or LibreOffice and "
            "save it as .xlsx or .csv"
        )
    return (
        "this is an OLE file (a password-protected workbook or an old .xls), not an .xlsx; "
        "save it as .xlsx without a password, or as .csv"
    )


__all__ = ["MAX_COMPRESSION_RATIO", "MAX_UNZIPPED_BYTES", "OLE_MAGIC", "RATIO_CHECK_MIN_BYTES",
           "check_zip", "describe", "ole_message"]
