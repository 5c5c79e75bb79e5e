"""A new version of the list written in: who is who (``versions``), applied to the attendees
in one transaction, and what changed, counted and named.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from badgepress.errors import InputError
from badgepress.model import Attendee, Notice, Skipped, SourceInfo
from badgepress.web.store.attendees import search_text
from badgepress.web.store.db import Database
from badgepress.web.store.versions import Outcome, Row, Stored, mapping_changes, match

#: Changes listed by name in the summary (the counts are always complete; the lists page).
CHANGE_EXAMPLES = 50


@dataclass
class ReadList:
    """An attendee file read whole: what the reader understood, and every row."""

    info: SourceInfo
    attendees: list[Attendee] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


def info_dict(read: ReadList) -> dict[str, Any]:
    """The list's reader facts as stored (JSON): sheet, header row, headers, mapping, counts."""
    i = read.info
    return {"path": i.path, "sheet": i.sheet, "header_row": i.header_row,
            "headers": list(i.headers), "mapping": dict(i.mapping),
            "rows_read": len(read.attendees) + len(read.skipped),
            "imported": len(read.attendees)}


def _stored(r: Any) -> Stored:
    return Stored(r["id"], r["key"], r["row"], json.loads(r["fields"]), bool(r["in_list"]),
                  bool(r["history"]), json.loads(r["corrections"] or "{}"))


#: The imported attendees of an event, with whether the desk has history for them.
_OLD = ("SELECT a.id, a.key, a.row, a.fields, a.in_list, a.corrections, (a.checked_in IS NOT "
        "NULL OR a.corrections IS NOT NULL OR EXISTS (SELECT 1 FROM prints p WHERE "
        "p.attendee_id = a.id)) AS history FROM attendees a WHERE a.event_id = ? AND "
        "a.source = 'import' ORDER BY a.id")


def store_list(db: Database, event_id: str, stored: str, original: str, read: ReadList, *,
               mapping: Mapping[str, str], sheet: str | None,
               same_file: bool = False) -> dict[str, Any]:
    """Make ``read`` the event's current list in one transaction (``store.versions`` says
    who is who); returns what changed: ``{"first", "added", "removed", "kept", "edited",
    "unchanged", "conflicts", "mapping", "examples", "more"}`` (counts; ``kept``: attendees
    the new version lacks, kept for the desk's history; ``examples``: the first names of
    each, the whole lists in the list's ``details``). ``same_file``: ``read`` is the current
    list's file read with another mapping.
    """
    now = time.time()
    rows = [Row(a.row, dict(a.fields)) for a in read.attendees]
    try:
        with db.connect() as con:
            ev = con.execute("SELECT list_id, mapping FROM events WHERE id = ?",
                             (event_id,)).fetchone()
            before = con.execute("SELECT info FROM lists WHERE id = ?",
                                 (ev["list_id"],)).fetchone() if ev["list_id"] else None
            outcomes = match([_stored(r) for r in con.execute(_OLD, (event_id,))], rows,
                             same_file=same_file)
            details = _apply(con, event_id, outcomes, now)
            changes = _summary(details, first=before is None, unchanged=sum(
                1 for o in outcomes if o.old and o.new and not o.edits and o.old.in_list))
            if before is not None:
                changes["mapping"] = mapping_changes(json.loads(before["info"])["mapping"],
                                                     read.info.mapping)
            cur = con.execute(
                "INSERT INTO lists (event_id, stored, original, uploaded, info, skipped, "
                "notices, changes, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (event_id, stored, original, now,
                 json.dumps(info_dict(read), ensure_ascii=False),
                 json.dumps([{"row": s.row, "reason": s.reason} for s in read.skipped],
                            ensure_ascii=False),
                 json.dumps([{"row": n.row, "message": n.message} for n in read.notices],
                            ensure_ascii=False),
                 json.dumps(changes, ensure_ascii=False),
                 json.dumps(details, ensure_ascii=False)))
            con.execute("UPDATE events SET list_id = ?, pending_list = NULL, mapping = ?, "
                        "sheet = ?, updated = ? WHERE id = ?",
                        (cur.lastrowid, json.dumps(dict(mapping)), sheet, now, event_id))
    except sqlite3.Error as exc:  # the transaction was rolled back: the old list stays
        raise InputError(f"{original}: the list could not be stored ({exc}); the previous "
                         "list is still in use: try again") from None
    return changes


def _apply(con: sqlite3.Connection, event_id: str, outcomes: list[Outcome], now: float
           ) -> dict[str, list[Any]]:
    """Write ``outcomes`` into the attendees table; returns every name by kind of change."""
    details: dict[str, list[Any]] = {"added": [], "removed": [], "kept": [], "edited": [],
                                     "conflicts": []}
    # Keys move between attendees (a corrected ticket id, a new mapping): park every key
    # that changes first, so that no two rows hold one key at any moment.
    moving = [o for o in outcomes if o.old is not None and o.new is not None
              and o.key != o.old.key]
    con.executemany("UPDATE attendees SET key = ? WHERE id = ?",
                    [(f"~moving:{o.old.id}", o.old.id) for o in moving if o.old])
    taken = {o.key for o in outcomes if o.new is not None}
    inserts, updates, deletes, gone = [], [], [], []
    for o in outcomes:
        text = json.dumps(o.fields, ensure_ascii=False)
        name = o.fields.get("name", "")
        fixes = json.dumps(o.corrections, ensure_ascii=False) if o.corrections else None
        if o.old is None and o.new is not None:
            inserts.append((event_id, o.key, o.new.row, text, search_text(o.fields), now, now))
            details["added"].append(name)
        elif o.old is not None and o.new is not None:
            changed = (o.edits or o.key != o.old.key or o.new.row != o.old.row
                       or not o.old.in_list or o.fields != o.old.fields)
            if changed:
                updates.append((o.key, o.new.row, text, search_text(o.fields), fixes, now,
                                o.old.id))
            if not o.old.in_list:
                details["added"].append(name)
            elif o.edits:
                details["edited"].append({"name": name, "fields": [e["field"] for e in o.edits],
                                          "changes": list(o.edits)})
            details["conflicts"].extend(dict(c, name=name, id=o.old.id) for c in o.conflicts)
        elif o.old is not None and o.old.in_list:
            if o.old.history:
                # Their identity, unless a row of the new version now holds it.
                key = o.old.key if o.old.key not in taken else f"{o.old.key}~{o.old.id}"
                gone.append((key, now, o.old.id))
                details["kept"].append(name)
            else:
                deletes.append((o.old.id,))
                details["removed"].append(name)
    con.executemany("DELETE FROM attendees WHERE id = ?", deletes)
    con.executemany("UPDATE attendees SET key = ?, in_list = 0, updated = ? WHERE id = ?", gone)
    con.executemany("UPDATE attendees SET key = ?, row = ?, fields = ?, search = ?, "
                    "corrections = ?, in_list = 1, updated = ? WHERE id = ?", updates)
    con.executemany("INSERT INTO attendees (event_id, source, key, row, fields, search, "
                    "created, updated) VALUES (?, 'import', ?, ?, ?, ?, ?, ?)", inserts)
    return details


def _summary(details: Mapping[str, list[Any]], *, first: bool, unchanged: int
             ) -> dict[str, Any]:
    """The counts of ``details`` and the first :data:`CHANGE_EXAMPLES` of each."""
    out: dict[str, Any] = {"first": first, "unchanged": unchanged, "mapping": []}
    out.update({kind: len(items) for kind, items in details.items()})
    out["examples"] = {kind: items[:CHANGE_EXAMPLES] for kind, items in details.items()}
    out["more"] = {kind: max(0, len(items) - CHANGE_EXAMPLES)
                   for kind, items in details.items()}
    return out
