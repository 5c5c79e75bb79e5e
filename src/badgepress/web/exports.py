"""Files for spreadsheets: the warnings of a build by row (CSV). Cells that a spreadsheet
would run as a formula (starting with ``=``, ``+``, ``-``, ``@``) are prefixed with ``'``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from badgepress.web.db import Database


def cell(text: str) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def warnings_csv(db: Database, event_id: str, result: Path) -> str:
    """The warnings, skipped rows and notices of a build (its ``result.json``) as CSV:
    row, name, kind (warning, skipped, notice), message.
    """
    data = json.loads(result.read_text(encoding="utf-8"))
    with db.read() as con:
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
