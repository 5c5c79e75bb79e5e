"""Writing a table back out as an Excel workbook, for what goes back into a registration
system (the desk's walk-ins and check-ins). This room owns openpyxl, so the writing is here.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook


def workbook_bytes(title: str, header: Sequence[str],
                   rows: Iterable[Sequence[str | int | None]]) -> bytes:
    """An .xlsx of one sheet called ``title``: ``header``, then ``rows``. Text is written as
    text: a value that starts with ``=`` is kept as the string it is, never a formula.
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31] or "Sheet1")
    ws.append(list(header))
    for row in rows:
        ws.append([_text_cell(ws, v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text_cell(ws: object, value: str | int | None) -> object:
    # openpyxl reads a string that starts with "=" as a formula; a WriteOnlyCell whose type is
    # set to string after the value keeps it as text.
    if isinstance(value, str) and value.startswith("="):
        from openpyxl.cell import WriteOnlyCell

        c = WriteOnlyCell(ws, value=value)
        c.data_type = "s"
        return c
    return value
