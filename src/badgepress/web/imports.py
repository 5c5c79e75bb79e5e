"""Attendee lists in: read an uploaded file with the CLI's readers, store its rows, and say
what changed from the list before.

An import is all or nothing: the file is read completely before the database is touched, and
the rows, the list and the event's pointer to it change in one transaction. Attendees keep
their id across imports (matched by ticket id, else e-mail, else name), so a desk's print
records stay attached to them; walk-ins are never removed by an import.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from badgepress.errors import BadgepressError, InputError
from badgepress.model import CANONICAL_FIELDS, Attendee, Notice, Skipped, SourceInfo
from badgepress.plan.select import fold as select_fold
from badgepress.readers import open_attendees
from badgepress.web.db import Database, iso_time

#: The attendee fields the mapping form offers, in the order shown.
MAPPED_FIELDS = ("first_name", "last_name", "name", "company", "job_title", "role", "email",
                 "id")
#: Changes listed by name on the page (the counts are always complete).
CHANGE_EXAMPLES = 50


def fold(text: str) -> str:
    """``text`` for look-ups: the fold of ``--where`` and ``--sort`` (case off, accents off,
    letters such as ł and ø to their base: "Zoë Müller" -> "zoe muller"), so the desk finds
    what the command line selects.
    """
    return text.lower() if text.isascii() else select_fold(text)


def identity(fields: Mapping[str, str]) -> str:
    """What makes a row the same attendee in a newer list: ticket id, else e-mail, else name."""
    for key in ("id", "email"):
        value = fields.get(key, "").strip()
        if value:
            return f"{key}:{fold(value)}"
    return "name:" + " ".join(fold(fields.get("name", "")).split())


@dataclass
class ReadList:
    """An attendee file read whole: what the reader understood, and every row."""

    info: SourceInfo
    attendees: list[Attendee] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


def renamed(exc: BadgepressError, stored: Path, original: str) -> InputError:
    """``exc`` with the stored file's generated name replaced by the name the user knows."""
    return InputError(str(exc).replace(str(stored), original))


def read_list(stored: Path, original: str, *, mapping: Mapping[str, str],
              sheet: str | None) -> ReadList:
    """Read ``stored`` (an upload) with the CLI's readers and ``--map`` overrides ``mapping``;
    errors name the file as ``original``.
    """
    try:
        with open_attendees(stored, sheet=sheet, mapping=mapping) as table:
            out = ReadList(table.info)
            for rec in table.records():
                if isinstance(rec, Attendee):
                    out.attendees.append(rec)
                elif isinstance(rec, Skipped):
                    out.skipped.append(rec)
                else:
                    out.notices.append(rec)
    except BadgepressError as exc:
        raise renamed(exc, stored, original) from None
    out.info.path = original
    return out


def info_dict(read: ReadList) -> dict[str, Any]:
    """The list's reader facts as stored (JSON): sheet, header row, headers, mapping, counts."""
    i = read.info
    return {"path": i.path, "sheet": i.sheet, "header_row": i.header_row,
            "headers": list(i.headers), "mapping": dict(i.mapping),
            "rows_read": len(read.attendees) + len(read.skipped),
            "imported": len(read.attendees)}


def source_info(info: Mapping[str, Any]) -> SourceInfo:
    """A stored list's facts as the :class:`SourceInfo` the library takes."""
    return SourceInfo(path=info["path"], sheet=info["sheet"], header_row=info["header_row"],
                      headers=tuple(info["headers"]), mapping=dict(info["mapping"]))


def _keyed(rows: list[tuple[str, dict[str, str]]]) -> dict[str, dict[str, str]]:
    """Rows by identity; the n-th row with the same identity gets ``#n`` (duplicates stay)."""
    out: dict[str, dict[str, str]] = {}
    for key, fields in rows:
        k, n = key, 1
        while k in out:
            n += 1
            k = f"{key}#{n}"
        out[k] = fields
    return out


def store_list(db: Database, event_id: str, stored: str, original: str, read: ReadList, *,
               mapping: Mapping[str, str], sheet: str | None) -> dict[str, Any]:
    """Make ``read`` the event's current list in one transaction; returns what changed
    (``{"added", "removed", "edited", "unchanged", "examples"}``; ``first: True`` when the
    event had no list).
    """
    now = time.time()
    new = _keyed([(identity(a.fields), dict(a.fields)) for a in read.attendees])
    rows = {k: a.row for k, a in zip(new, read.attendees, strict=True)}
    with db.connect() as con:
        had = con.execute("SELECT list_id FROM events WHERE id = ?", (event_id,)).fetchone()
        old = {r["key"]: (r["id"], json.loads(r["fields"])) for r in con.execute(
            "SELECT id, key, fields FROM attendees WHERE event_id = ? AND source = 'import'",
            (event_id,))}
        added = [k for k in new if k not in old]
        removed = [k for k in old if k not in new]
        edited = [k for k in new if k in old and old[k][1] != new[k]]
        con.executemany("DELETE FROM attendees WHERE id = ?", [(old[k][0],) for k in removed])
        con.executemany(
            "UPDATE attendees SET row = ?, fields = ?, search = ?, updated = ? WHERE id = ?",
            [(rows[k], json.dumps(f, ensure_ascii=False), fold(" ".join(f.values())), now,
              old[k][0]) for k, f in new.items() if k in old])
        con.executemany(
            "INSERT INTO attendees (event_id, source, key, row, fields, search, created, updated)"
            " VALUES (?, 'import', ?, ?, ?, ?, ?, ?)",
            [(event_id, k, rows[k], json.dumps(new[k], ensure_ascii=False),
              fold(" ".join(new[k].values())), now, now) for k in added])

        def names(keys: list[str], side: dict[str, Any]) -> list[str]:
            return [(side[k][1] if side is old else side[k]).get("name", "")
                    for k in keys[:CHANGE_EXAMPLES]]

        changes: dict[str, Any] = {
            "first": had is None or had["list_id"] is None,
            "added": len(added), "removed": len(removed), "edited": len(edited),
            "unchanged": len(new) - len(added) - len(edited),
            "examples": {
                "added": names(added, new), "removed": names(removed, old),
                "edited": [{"name": new[k].get("name", ""),
                            "fields": _changed(old[k][1], new[k])}
                           for k in edited[:CHANGE_EXAMPLES]],
            },
        }
        cur = con.execute(
            "INSERT INTO lists (event_id, stored, original, uploaded, info, skipped, notices, "
            "changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (event_id, stored, original, now, json.dumps(info_dict(read), ensure_ascii=False),
             json.dumps([{"row": s.row, "reason": s.reason} for s in read.skipped],
                        ensure_ascii=False),
             json.dumps([{"row": n.row, "message": n.message} for n in read.notices],
                        ensure_ascii=False),
             json.dumps(changes, ensure_ascii=False)))
        con.execute("UPDATE events SET list_id = ?, mapping = ?, sheet = ?, updated = ? "
                    "WHERE id = ?", (cur.lastrowid, json.dumps(dict(mapping)), sheet, now,
                                     event_id))
    return changes


def _changed(old: Mapping[str, str], new: Mapping[str, str]) -> list[str]:
    """The columns (header texts) whose value changed; canonical keys only where no column
    did (a mapping change).
    """
    changed = sorted(f for f in set(old) | set(new) if old.get(f) != new.get(f))
    return [f for f in changed if f not in CANONICAL_FIELDS] or changed


def attendee_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """An attendees row as the API shows it: id, row, source, the canonical fields, and
    ``fields`` (every column under its header text).
    """
    fields = json.loads(row["fields"])
    out: dict[str, Any] = {"id": row["id"], "row": row["row"], "source": row["source"]}
    for key in MAPPED_FIELDS:
        out[key] = fields.get(key, "")
    out["ticket"] = fields.get("id", "")
    out["id"] = row["id"]  # the attendee's id in the app; the ticket id is "ticket"
    out["fields"] = fields
    out["checked_in"] = row["checked_in"]
    keys = row.keys() if hasattr(row, "keys") else ()
    if "printed" in keys:  # a list with the desk's counts
        out["printed"] = row["printed"]
        # The last print that did not fail: where and when, and whether it is done or still
        # held by a stopped printer (it prints when the printer starts again).
        last = json.loads(row["last_print"]) if row["last_print"] else None
        out["last_print"] = {
            "desk": last["desk"], "at": iso_time(float(last["at"])), "state": last["state"],
            "printer": last["printer"] or "browser", "message": last["message"]
        } if last else None
    return out


def as_attendee(row: Mapping[str, Any]) -> Attendee:
    """A stored row as the reader's :class:`Attendee`, for the library."""
    return Attendee(row["row"] or 0, json.loads(row["fields"]))
