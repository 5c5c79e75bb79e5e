"""Attendee lists in: an upload is stored, read with the CLI's readers, made the event's list,
and what changed from the list before is said; a new mapping reads the list again.

An import is all or nothing: the file is read completely before the database is touched, and
the rows, the list and the event's pointer to it change in one transaction. Attendees keep
their id across imports (matched by ticket id, else e-mail, else name), so a desk's print
records stay attached to them; walk-ins are never removed by an import.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from badgepress.errors import BadgepressError, InputError
from badgepress.model import Attendee, Notice, Skipped, SourceInfo
from badgepress.readers import open_attendees
from badgepress.web.store.attendees import MAPPED_FIELDS, fold
from badgepress.web.store.base import Store
from badgepress.web.store.db import Database
from badgepress.web.store.versions import Outcome, Row, Stored, mapping_changes, match

#: Changes listed by name on the page (the counts are always complete).
CHANGE_EXAMPLES = 50


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
            inserts.append((event_id, o.key, o.new.row, text, _search(o.fields), now, now))
            details["added"].append(name)
        elif o.old is not None and o.new is not None:
            changed = (o.edits or o.key != o.old.key or o.new.row != o.old.row
                       or not o.old.in_list or o.fields != o.old.fields)
            if changed:
                updates.append((o.key, o.new.row, text, _search(o.fields), fixes, now,
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


def _search(fields: Mapping[str, str]) -> str:
    return fold(" ".join(fields.values()))


def _summary(details: Mapping[str, list[Any]], *, first: bool, unchanged: int
             ) -> dict[str, Any]:
    """The counts of ``details`` and the first :data:`CHANGE_EXAMPLES` of each."""
    out: dict[str, Any] = {"first": first, "unchanged": unchanged, "mapping": []}
    out.update({kind: len(items) for kind, items in details.items()})
    out["examples"] = {kind: items[:CHANGE_EXAMPLES] for kind, items in details.items()}
    out["more"] = {kind: max(0, len(items) - CHANGE_EXAMPLES)
                   for kind, items in details.items()}
    return out


def import_list(store: Store, event_id: str, original: str, data: bytes) -> dict[str, Any]:
    """Store and read an uploaded attendee file (``original``: the name the browser gave); it
    becomes the event's list only when it reads without error. Returns :func:`summary`.
    """
    ev = store.event(event_id)
    # The stored name keeps only the type (the readers go by it and explain a wrong one).
    suffix = Path(base_name(original)).suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""
    stored = f"{secrets.token_hex(12)}{suffix}"
    path = store.data / "uploads" / stored
    path.write_bytes(data)
    try:
        with store.lock(event_id):
            # A new file: its own header names; the mapping fixes of an older file are
            # kept where this file has the same columns.
            read = read_list(path, base_name(original), mapping={}, sheet=None)
            kept = {k: v for k, v in ev["mapping"].items()
                    if v == "" or v in read.info.headers}
            if kept:
                read = read_list(path, base_name(original), mapping=kept, sheet=None)
            store_list(store.db, event_id, stored, base_name(original), read, mapping=kept,
                       sheet=None)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    store.changed(event_id)
    return summary(store, event_id)


def set_mapping(store: Store, event_id: str, choice: Mapping[str, str]) -> dict[str, Any]:
    """Read the current list again with the column for each field in ``choice`` (field ->
    header text; "" for none). Returns :func:`summary`.
    """
    unknown = [k for k in choice if k not in MAPPED_FIELDS]
    if unknown:
        raise InputError(f"unknown field {unknown[0]!r}; fields are: "
                         + ", ".join(MAPPED_FIELDS))
    with store.lock(event_id):
        # Read inside the lock: a second tab's change made meanwhile is kept.
        ev = store.event(event_id)
        lst = store.db.current_list(ev)
        if lst is None:
            raise InputError("upload an attendee list first")
        auto = lst["info"]["mapping"]
        mapping = dict(ev["mapping"])
        for key, column in choice.items():
            if column != auto.get(key, ""):
                mapping[key] = column
        read = read_list(store.data / "uploads" / lst["stored"], lst["original"],
                         mapping=mapping, sheet=ev["sheet"])
        store_list(store.db, event_id, lst["stored"], lst["original"], read,
                   mapping=mapping, sheet=ev["sheet"], same_file=True)
    store.changed(event_id)
    return summary(store, event_id)


def summary(store: Store, event_id: str) -> dict[str, Any]:
    """What the current list holds: the import answer of the API."""
    ev = store.event(event_id)
    lst = store.db.current_list(ev)
    if lst is None:
        return {"rows_read": 0, "imported": 0, "skipped": [], "mapping": {},
                "notices": [], "headers": [], "header_row": None, "changes": None}
    info = lst["info"]
    return {"rows_read": info["rows_read"], "imported": info["imported"],
            "skipped": lst["skipped"], "mapping": info["mapping"],
            "overrides": ev["mapping"], "headers": info["headers"],
            "header_row": info["header_row"], "sheet": info["sheet"],
            "file": lst["original"], "notices": lst["notices"],
            "changes": lst["changes"]}


def info(store: Store, event_id: str) -> SourceInfo | None:
    """The current list's facts for the library, or None before any upload."""
    lst = store.db.current_list(store.event(event_id))
    return source_info(lst["info"]) if lst else None


def base_name(name: str) -> str:
    """The last part of a client's file name (never used as a path)."""
    return name.replace("\\", "/").rsplit("/", 1)[-1] or "upload"
