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
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from badgepress.errors import BadgepressError, InputError
from badgepress.model import CANONICAL_FIELDS, Attendee, Notice, Skipped, SourceInfo
from badgepress.readers import open_attendees
from badgepress.web.store.attendees import MAPPED_FIELDS, fold
from badgepress.web.store.base import Store
from badgepress.web.store.db import Database
from badgepress.web.store.uploads import settle, stage

#: Changes listed by name on the page (the counts are always complete).
CHANGE_EXAMPLES = 50


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
    tmp = stage(path, data, "the list")  # renamed to ``stored`` once the list is committed
    try:
        with store.lock(event_id):
            # A new file: its own header names; the mapping fixes of an older file are
            # kept where this file has the same columns.
            read = read_list(tmp, base_name(original), mapping={}, sheet=None)
            kept = {k: v for k, v in ev["mapping"].items()
                    if v == "" or v in read.info.headers}
            if kept:
                read = read_list(tmp, base_name(original), mapping=kept, sheet=None)
            store_list(store.db, event_id, stored, base_name(original), read, mapping=kept,
                       sheet=None)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    settle(tmp, path)
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
                   mapping=mapping, sheet=ev["sheet"])
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
