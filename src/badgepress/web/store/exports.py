"""Files for spreadsheets: the warnings of a build by row (CSV), and every attendee with
check-in and prints (CSV, .xlsx). Cells that a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``) are prefixed with ``'`` in CSV; the workbook stores text as
text.
"""

from __future__ import annotations

import csv
import io
import json
import re

from badgepress.web.store.base import Store
from badgepress.web.store.db import PRINTED
from badgepress.web.store.jobs import built


def cell(text: str) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def warnings_csv(store: Store, event_id: str) -> str:
    """The warnings, skipped rows and notices of a build (its ``result.json``) as CSV:
    row, name, kind (warning, skipped, notice), message.
    """
    data = json.loads(built(store, event_id, "result.json").read_text(encoding="utf-8"))
    with store.db.read() as con:
        names = {r["row"]: json.loads(r["fields"]).get("name", "") for r in con.execute(
            "SELECT row, fields FROM attendees WHERE event_id = ?", (event_id,))}
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["row", "name", "kind", "message"])
    for kind, key, items in (("warning", "message", data["warnings"]),
                             ("skipped", "reason", data["skipped"]),
                             ("notice", "message", data["notices"])):
        for item in items:
            row = item["row"]
            w.writerow([row if row is not None else "", cell(names.get(row, "")), kind,
                        cell(item[key])])
    return out.getvalue()


EXPORT_HEADER = ("source", "row", "first_name", "last_name", "name", "company", "job_title",
                 "role", "email", "ticket", "checked_in", "printed", "desk")


def export_rows(store: Store, event_id: str) -> list[list[str | int]]:
    """Every attendee (as :data:`EXPORT_HEADER`): source (import, walkin), row, fields,
    check-in time, prints and the last desk, in list order with walk-ins last.
    """
    store.event(event_id)
    with store.db.read() as con:
        rows = con.execute(
            "SELECT a.*, (SELECT COUNT(*) FROM prints p WHERE p.attendee_id = a.id AND "
            f"{PRINTED}) AS printed, (SELECT desk FROM prints p WHERE p.attendee_id "
            "= a.id ORDER BY p.id DESC LIMIT 1) AS desk FROM attendees a WHERE event_id = ? "
            "ORDER BY a.row IS NULL, a.row, a.id", (event_id,)).fetchall()
    out: list[list[str | int]] = []
    for r in rows:
        f = json.loads(r["fields"])
        out.append([r["source"], r["row"] or "", *(f.get(k, "") for k in (
            "first_name", "last_name", "name", "company", "job_title", "role", "email", "id")),
            r["checked_in"] or "", r["printed"], r["desk"] or ""])
    return out


def export_csv(store: Store, event_id: str) -> str:
    """:func:`export_rows` as CSV; text cells that a spreadsheet would run as a formula are
    prefixed with ``'``.
    """
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(EXPORT_HEADER)
    for row in export_rows(store, event_id):
        w.writerow([cell(v) if isinstance(v, str) else v for v in row])
    return out.getvalue()


def export_xlsx(store: Store, event_id: str) -> bytes:
    """:func:`export_rows` as an .xlsx workbook (text stays text, never a formula)."""
    # Imported here: it brings openpyxl (about 10 MB and 0.1 s), which a server that never
    # exports does not need.
    from badgepress.readers.export import workbook_bytes

    # A workbook cannot hold C0 controls (the edge refuses them; rows stored before it did
    # must not break the export).
    rows = [[_NOT_IN_XLSX.sub("", v) if isinstance(v, str) else v for v in row]
            for row in export_rows(store, event_id)]
    return workbook_bytes("Attendees", EXPORT_HEADER, rows)


_NOT_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
