"""Turn raw rows (row number + cell values) into records, accounting for every data row."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from badgepress.model import Attendee, Notice, Record, Skipped, compose_name
from badgepress.readers._headers import ColumnMap, column_letter
from badgepress.readers._values import CellProblem, clean_text, format_value

#: How many distinct cell strings a RowBuilder remembers the cleaned text of.
_CLEAN_CACHE = 8192

NO_NAME = "no name (first_name, last_name and name are empty)"
BLANK_ROW = "blank row"


def cell_text(value: object) -> tuple[str, str | None]:
    """Cleaned text of a raw cell and, if something was wrong with it, the problem."""
    formatted = format_value(value)
    if isinstance(formatted, CellProblem):
        return "", formatted.message
    text, removed = clean_text(formatted)
    return text, ("removed invisible characters" if removed else None)


def row_texts(values: Sequence[object]) -> list[str]:
    """Cleaned text of every cell of a row (for header detection)."""
    return [cell_text(v)[0] for v in values]


class RowBuilder:
    """Builds the records of the data rows below a header."""

    def __init__(self, colmap: ColumnMap) -> None:
        self._columns = sorted(colmap.field_names.items())
        self._canonical = list(colmap.columns.items())
        self._known = set(colmap.field_names)
        name_of = dict(self._columns)
        #: (canonical key, the header field it copies when it comes from one column, columns)
        self._plan = [(key, name_of.get(cols[0]) if len(cols) == 1 else None, cols)
                      for key, cols in self._canonical]
        self._unknown: dict[int, tuple[int, ...]] = {}
        #: cleaned text of recent cell strings: companies, ticket types and job titles repeat
        self._clean: dict[str, tuple[str, bool]] = {}

    def _outside(self, width: int) -> tuple[int, ...]:
        """The columns of a row ``width`` cells wide that no header names."""
        cols = self._unknown.get(width)
        if cols is None:
            cols = self._unknown[width] = tuple(i for i in range(width) if i not in self._known)
        return cols

    def build(self, row: int, values: Sequence[object]) -> list[Record] | None:
        """The records of one row: an Attendee or Skipped, then its notices. None if blank."""
        notices: list[Record] = []
        fields: dict[str, str] = {}
        width = len(values)
        filled = False
        for col, name in self._columns:
            value = values[col] if col < width else None
            if value is None or value == "":
                fields[name] = ""
                continue
            if type(value) is str:
                cleaned = self._clean.get(value)
                if cleaned is None:
                    if len(self._clean) >= _CLEAN_CACHE:
                        self._clean.clear()
                    cleaned = self._clean[value] = clean_text(value)
                text, removed = cleaned
                problem = "removed invisible characters" if removed else None
            else:
                text, problem = cell_text(value)
            fields[name] = text
            filled = filled or bool(text)
            if problem:
                notices.append(Notice(row, f"{name!r}: {problem}"))
        outside = [i for i in self._outside(width)
                   if values[i] is not None and values[i] != "" and cell_text(values[i])[0]]
        if not outside and not filled:
            return None
        if outside:
            letters = ", ".join(column_letter(i) for i in outside)
            notices.append(
                Notice(row, f"cells outside the table are not used (column {letters}); "
                       "give the column a header to use it")
            )
        by_col: dict[int, str] | None = None
        for canonical, single, cols in self._plan:
            if single is not None:
                fields[canonical] = fields[single]
                continue
            if by_col is None:
                by_col = {col: fields[name] for col, name in self._columns}
            fields[canonical] = " ".join(t for t in (by_col.get(c, "") for c in cols) if t)
        name = fields.get("name", "")
        if not name:
            name = compose_name(fields.get("first_name", ""), fields.get("last_name", ""))
        if not name:
            return [Skipped(row, NO_NAME), *notices]
        fields["name"] = name
        return [Attendee(row, fields), *notices]


def account(
    rows: Iterable[tuple[int, Sequence[object]]], header_row: int, builder: RowBuilder
) -> Iterator[Record]:
    """Records for the rows after ``header_row``: one Attendee or Skipped per data row.

    Blank rows between data rows (present in the file or not) become ``Skipped``, one record
    for each run of them (``last_row`` set when the run is longer than one row); blank rows
    after the last non-blank row are not data rows and yield nothing.
    """
    last = header_row
    for row, values in rows:
        if row <= header_row:
            continue
        records = builder.build(row, values)
        if records is None:
            continue
        if row == last + 2:
            yield Skipped(last + 1, BLANK_ROW)
        elif row > last + 2:
            yield Skipped(last + 1, BLANK_ROW, last_row=row - 1)
        last = row
        yield from records
