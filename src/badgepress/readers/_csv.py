"""Delimited text (.csv, .tsv, .txt): encoding and delimiter detection, then streamed rows.

Encodings, in the order they are tried: a BOM decides (UTF-8, or UTF-16 as Excel's "Unicode
text" writes it); BOM-less UTF-16 is recognised by its NUL bytes; otherwise the whole file
must decode as UTF-8, else it is read in the legacy code page :mod:`._encoding` finds
(Windows-1252, -1251, GB18030, Shift-JIS: what Excel's plain "CSV" writes on a Windows set
to those languages), with a notice naming it. The delimiter is the one of comma, semicolon
and tab that splits the first lines into the most consistent, widest rows.
"""

from __future__ import annotations

import codecs
import csv
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from badgepress.errors import InputError
from badgepress.readers._encoding import CODE_PAGES, detect_code_page

#: Refuse text files bigger than this; 200 MB is several million attendees.
MAX_CSV_BYTES = 200 * 1024 * 1024
#: Refuse more rows than Excel can hold: such a file did not come from a registration tool.
MAX_CSV_ROWS = 1_048_576
#: A cell longer than this is almost certainly an unclosed quote swallowing the rest of the file.
MAX_CELL_CHARS = 100_000

_SNIFF_BYTES = 64 * 1024
_DELIMITERS = (",", ";", "\t")
_CP1252_NOTICE = (
    "the file is not UTF-8; read it as Windows-1252 (check accented letters, or save it as "
    "'CSV UTF-8' to avoid this)"
)
_LEGACY_NOTICE = (
    "the file is not UTF-8; read it as {} (check the names, or save it as 'CSV UTF-8' to "
    "avoid this)"
)
#: Legacy files are decoded whole to choose their code page; above this, only UTF-8 is read.
MAX_LEGACY_BYTES = 64 * 1024 * 1024


class CsvSource:
    """A delimited text file, its encoding and delimiter detected when opened."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notices: list[str] = []
        size = path.stat().st_size
        if size == 0:
            raise InputError("the file is empty; export the attendee list again", path=path)
        if size > MAX_CSV_BYTES:
            raise InputError(
                f"the file is {size // 2**20} MB, more than the {MAX_CSV_BYTES // 2**20} MB "
                "limit; split it into smaller files",
                path=path,
            )
        with path.open("rb") as f:
            head = f.read(_SNIFF_BYTES)
        _refuse_binary(head, path)
        self.encoding = self._detect_encoding(head)
        self.delimiter = self._detect_delimiter(head)

    def _detect_encoding(self, head: bytes) -> str:
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        if len(head) >= 4 and head.count(0) * 3 > len(head):
            # ASCII text in UTF-16 without a BOM: every other byte is NUL.
            return "utf-16-le" if head[1] == 0 else "utf-16-be"
        if b"\x00" in head:
            raise InputError(
                "this is not a text file (it contains NUL bytes); export the attendee list "
                "as .csv or .xlsx",
                path=self.path,
            )
        if self._is_utf8():
            return "utf-8"
        size = self.path.stat().st_size
        codec = detect_code_page(self.path.read_bytes()) if size <= MAX_LEGACY_BYTES else None
        if codec is None:
            raise InputError(
                "the file is not UTF-8, and not Windows-1252, Windows-1251, GB18030 or "
                "Shift-JIS text either; save it as 'CSV UTF-8'",
                path=self.path,
            )
        self.notices.append(_CP1252_NOTICE if codec == "cp1252"
                            else _LEGACY_NOTICE.format(CODE_PAGES[codec]))
        return codec

    def _is_utf8(self) -> bool:
        # The whole file, in chunks: a stray Latin-1 byte on the last line must still switch
        # the encoding, because records before it would already have been emitted.
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            with self.path.open("rb") as f:
                while chunk := f.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
        return True

    def _detect_delimiter(self, head: bytes) -> str:
        text = head.decode(self.encoding, errors="ignore")
        if len(head) == _SNIFF_BYTES:  # drop the (probably cut) last line
            text = text[: text.rfind("\n") + 1] or text
        lines = [line for line in text.splitlines() if line.strip()][:50]
        best, best_score = ",", (0, 0)
        prefer_tab = self.path.suffix.lower() == ".tsv" or self.encoding.startswith("utf-16")
        for delimiter in _DELIMITERS:
            widths = [len(r) for r in csv.reader(lines, delimiter=delimiter) if r]
            if not widths:
                continue
            width, count = Counter(widths).most_common(1)[0]
            if width < 2:
                continue
            score = (count, width)
            if score > best_score or (score == best_score and delimiter == "\t" and prefer_tab):
                best, best_score = delimiter, score
        return best

    def sheet_names(self) -> list[str]:
        """A text file has no sheets."""
        return []

    def rows(self, sheet: str | None = None) -> Iterator[tuple[int, list[object]]]:
        """Yield ``(record number, cells)``; record 1 is the first line."""
        with self.path.open(encoding=self.encoding, newline="") as f:
            lines = _Lines(f)
            reader = csv.reader(lines, delimiter=self.delimiter)
            row_no = 0
            open_quote = False
            try:
                pending: tuple[int, list[object]] | None = None
                for row_no, record in enumerate(reader, start=1):
                    if row_no > MAX_CSV_ROWS:
                        raise InputError(
                            f"the file has more than {MAX_CSV_ROWS:,} rows; split it into "
                            "smaller files",
                            path=self.path,
                        )
                    if any(len(cell) > MAX_CELL_CHARS for cell in record):
                        raise _unclosed_quote(self.path, row_no)
                    # A record is handed on once the next one has begun, so that the last one
                    # can be checked for a quote left open (it then ran to the end of the file).
                    if pending is not None:
                        yield pending
                    pending = (row_no, list(record))
                    open_quote = lines.take()
                if pending is not None:
                    if open_quote:
                        raise _never_closed(self.path, pending[0])
                    yield pending
            except csv.Error:
                raise _unclosed_quote(self.path, row_no + 1) from None
            except UnicodeDecodeError as err:
                raise InputError(
                    f"the file is not valid {self.encoding.upper()} text ({err.reason}); "
                    "export the attendee list again",
                    path=self.path,
                ) from None

    def last_row(self, sheet: str | None = None) -> int | None:
        """About the number of records: the file's lines (a quoted field may span several)."""
        with self.path.open("rb") as f:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
            f.seek(-1, 2)
            return lines + (f.read(1) != b"\n")

    def close(self) -> None:
        """Nothing stays open between reads of a text file."""


class _Lines:
    """The file's lines for the CSV reader, noting for the record being read whether it spans
    several lines and holds an odd number of quotes (a quote opened and never closed).
    """

    def __init__(self, f: Iterator[str]) -> None:
        self._f = f
        self._lines = 0
        self._odd = False

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._f)
        self._lines += 1
        if "\"" in line:
            self._odd ^= line.count("\"") % 2 == 1
        return line

    def take(self) -> bool:
        """Whether the record just read may hold a quote never closed; starts the next one."""
        suspect = self._lines > 1 and self._odd
        self._lines, self._odd = 0, False
        return suspect


def _never_closed(path: Path, row: int) -> InputError:
    return InputError(
        "a quote (\") opened in this row is never closed, so every row after it would be read "
        "as one cell; close the quote or remove it",
        path=path,
        row=row,
    )


def _unclosed_quote(path: Path, row: int) -> InputError:
    return InputError(
        f"a cell is longer than {MAX_CELL_CHARS:,} characters, probably a quote (\") that is "
        "never closed; check the quotes in this row",
        path=path,
        row=row,
    )


def _refuse_binary(head: bytes, path: Path) -> None:
    if head.startswith(b"PK"):
        kind = "an Excel workbook or another zip archive"
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        kind = "an old Excel (.xls) or password-protected workbook"
    elif head.startswith(b"%PDF"):
        kind = "a PDF document"
    else:
        return
    raise InputError(
        f"this is {kind}, not a text (CSV) file; save the attendee list as .xlsx or .csv",
        path=path,
    )
