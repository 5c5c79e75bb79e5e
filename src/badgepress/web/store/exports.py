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
from datetime import datetime
from typing import Any

from badgepress.web.store.attendees import for_browser
from badgepress.web.store.base import Store
from badgepress.web.store.db import PRINTED
from badgepress.web.store.events import built


def cell(text: str) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def last_build(store: Store, event_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The event's last build: its summary (``result.json``) and :func:`build_warnings`,
    from one reading of the summary.
    """
    data = json.loads(built(store, event_id, "result.json").read_text(encoding="utf-8"))
    return data, _by_row(store, event_id, data)


def build_warnings(store: Store, event_id: str) -> list[dict[str, Any]]:
    """The warnings, skipped rows and notices of the event's last build, by row:
    ``[{"row", "name", "kind": "warning|skipped|notice", "message"}]``, the names as they
    were in the list the build printed (``names.json`` beside its PDF).
    """
    return last_build(store, event_id)[1]


def _by_row(store: Store, event_id: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    """:func:`build_warnings` of the build whose summary is ``data``."""
    kept = built(store, event_id, "names.json")
    if kept.is_file():
        names = {int(k): v for k, v in json.loads(kept.read_text(encoding="utf-8")).items()}
    else:  # a build made before names were kept beside it
        with store.db.read() as con:
            names = {r["row"]: json.loads(r["fields"]).get("name", "") for r in con.execute(
                "SELECT row, fields FROM attendees WHERE event_id = ?", (event_id,))}
    out = []
    for kind, key, items in (("warning", "message", data["warnings"]),
                             ("skipped", "reason", data["skipped"]),
                             ("notice", "message", data["notices"])):
        for item in items:
            row = item["row"]
            out.append({"row": row, "name": names.get(row, "") if row is not None else "",
                        "kind": kind, "message": for_browser(item[key])})
    return out


def warnings_csv(store: Store, event_id: str) -> str:
    """:func:`build_warnings` as CSV: row, name, kind (warning, skipped, notice), message."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["row", "name", "kind", "message"])
    for item in build_warnings(store, event_id):
        w.writerow([item["row"] if item["row"] is not None else "", cell(item["name"]),
                    item["kind"], cell(item["message"])])
    return out.getvalue()


def local_time(stamp: str | None) -> str:
    """A stored ISO-8601 UTC time as the venue reads it: this computer's local time,
    ``2026-12-07 09:14:05`` ("" for none).
    """
    if not stamp:
        return ""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return stamp


def download_name(store: Store, event_id: str, what: str) -> str:
    """A download's file name: the event's name, then ``what`` (``PyConf-2027-badges.pdf``)."""
    name = store.event(event_id)["name"]
    stem = "-".join("".join(c if c.isalnum() else " " for c in name).split()) or "event"
    return f"{stem}-{what}"


EXPORT_HEADER = ("source", "row", "first_name", "last_name", "name", "company", "job_title",
                 "role", "email", "ticket", "checked_in", "printed", "desk", "in_list",
                 "corrected")


def export_rows(store: Store, event_id: str) -> list[list[str | int]]:
    """Every attendee (as :data:`EXPORT_HEADER`): source (import, walkin), row, the fields
    as printed, check-in time, prints and the last desk, whether the current list has them
    (``yes``; ``no`` for an attendee of an earlier version kept for the desk's history) and
    whether a desk correction is printed over the list's row (``yes``/``no``), in list order
    with walk-ins last.
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
            local_time(r["checked_in"]), r["printed"], r["desk"] or "",
            "yes" if r["in_list"] else "no", "yes" if r["corrections"] else "no"])
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
