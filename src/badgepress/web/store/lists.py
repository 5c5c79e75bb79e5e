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
from pathlib import Path
from typing import Any

from badgepress.errors import BadgepressError, InputError, NoNameColumnError
from badgepress.model import Attendee, Skipped, SourceInfo
from badgepress.plan.select import select
from badgepress.readers import open_attendees
from badgepress.web.store.attendees import MAPPED_FIELDS, for_browser
from badgepress.web.store.base import Store
from badgepress.web.store.changes import ReadList, store_list
from badgepress.web.store.uploads import settle, stage


def renamed(exc: BadgepressError, stored: Path, original: str) -> InputError:
    """``exc`` with the stored file's generated name replaced by the name the user knows."""
    message = str(exc).replace(str(stored), original)
    if isinstance(exc, NoNameColumnError):
        return NoNameColumnError(message, headers=exc.headers, sheet=exc.sheet,
                                 header_row=exc.header_row)
    return InputError(message)


class NeedsMappingError(InputError):
    """An upload kept, waiting for the organiser to say which column holds the names."""


def read_list(stored: Path, original: str, *, mapping: Mapping[str, str],
              sheet: str | None) -> ReadList:
    """Read ``stored`` (an upload) with the CLI's readers and ``--map`` overrides ``mapping``,
    possible duplicates noticed as a build notices them; errors name the file as
    ``original``.
    """
    try:
        with open_attendees(stored, sheet=sheet, mapping=mapping) as table:
            out = ReadList(table.info)
            # The pipeline's own selection, for its notices: possible duplicates (same e-mail,
            # or the same name and company) show on the list page as the CLI reports them.
            for rec in select(table.records()):
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


def source_info(info: Mapping[str, Any]) -> SourceInfo:
    """A stored list's facts as the :class:`SourceInfo` the library takes."""
    return SourceInfo(path=info["path"], sheet=info["sheet"], header_row=info["header_row"],
                      headers=tuple(info["headers"]), mapping=dict(info["mapping"]))


def import_list(store: Store, event_id: str, original: str, data: bytes) -> dict[str, Any]:
    """Store and read an uploaded attendee file (``original``: the name the browser gave); it
    becomes the event's list only when it reads without error. Returns :func:`summary`.

    A file in which no column is recognised as the names is kept as the event's *pending*
    list (the current list stays), and ``NeedsMappingError`` asks which column holds them:
    :func:`set_mapping` with a ``name`` (or first/last name) column makes it the list.
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
            try:
                # A new file: its own header names; the mapping fixes of an older file are
                # kept where this file has the same columns.
                read = read_list(tmp, base_name(original), mapping={}, sheet=None)
            except NoNameColumnError as exc:
                _pending(store, event_id, stored, base_name(original), exc)
                settle(tmp, path)  # kept: the pending list names it
                raise NeedsMappingError(_ask_for_names(exc)) from None
            kept = {k: v for k, v in ev["mapping"].items()
                    if v == "" or v in read.info.headers}
            if kept:
                read = read_list(tmp, base_name(original), mapping=kept, sheet=None)
            store_list(store.db, event_id, stored, base_name(original), read, mapping=kept,
                       sheet=None)
    except NeedsMappingError:
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    settle(tmp, path)
    store.changed(event_id)
    return summary(store, event_id)


def _ask_for_names(exc: NoNameColumnError) -> str:
    """The one line that asks a browser user (not a command line) for the names' column."""
    message = str(exc).split(":", 1)[0]  # the file's name
    columns = ", ".join(repr(h) for h in exc.headers if h) or "none"
    return (f"{message}: no column was recognised as the attendees' names (columns: {columns}); "
            "choose the column that holds the names in the mapping")


def _pending(store: Store, event_id: str, stored: str, original: str,
             exc: NoNameColumnError) -> None:
    """Keep an upload whose names' column is unknown as the event's pending list."""
    info: dict[str, Any] = {"path": original, "sheet": exc.sheet, "header_row": exc.header_row,
            "headers": [h for h in exc.headers], "mapping": {}, "rows_read": 0, "imported": 0,
            "message": _ask_for_names(exc)}
    with store.db.connect() as con:
        cur = con.execute(
            "INSERT INTO lists (event_id, stored, original, uploaded, info, skipped, notices) "
            "VALUES (?, ?, ?, ?, ?, '[]', '[]')",
            (event_id, stored, original, time.time(), json.dumps(info, ensure_ascii=False)))
        con.execute("UPDATE events SET pending_list = ? WHERE id = ?", (cur.lastrowid,
                                                                        event_id))


def _list_row(store: Store, list_id: int) -> dict[str, Any]:
    with store.db.read() as con:
        row = dict(con.execute("SELECT * FROM lists WHERE id = ?", (list_id,)).fetchone())
    row["info"] = json.loads(row["info"])
    return row


def set_mapping(store: Store, event_id: str, choice: Mapping[str, str]) -> dict[str, Any]:
    """Read the current list again with the column for each field in ``choice`` (field ->
    header text; "" for none); or, when an upload waits for its names' column, read that one
    with it (it becomes the list). Returns :func:`summary`.
    """
    unknown = [k for k in choice if k not in MAPPED_FIELDS]
    if unknown:
        raise InputError(f"unknown field {unknown[0]!r}; fields are: "
                         + ", ".join(MAPPED_FIELDS))
    with store.lock(event_id):
        # Read inside the lock: a second tab's change made meanwhile is kept.
        ev = store.event(event_id)
        if ev["pending_list"] is not None:
            waiting = _list_row(store, ev["pending_list"])
            mapping = {k: v for k, v in choice.items() if v}
            try:
                read = read_list(store.data / "uploads" / waiting["stored"],
                                 waiting["original"], mapping=mapping,
                                 sheet=waiting["info"]["sheet"])
            except NoNameColumnError as exc:
                raise NeedsMappingError(_ask_for_names(exc)) from None
            store_list(store.db, event_id, waiting["stored"], waiting["original"], read,
                       mapping=mapping, sheet=waiting["info"]["sheet"])
        else:
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
    pending = None
    if ev["pending_list"] is not None:
        row = _list_row(store, ev["pending_list"])
        pending = {"file": row["original"], "headers": row["info"]["headers"],
                   "sheet": row["info"]["sheet"], "header_row": row["info"]["header_row"],
                   "message": row["info"]["message"]}
    if lst is None:
        return {"rows_read": 0, "imported": 0, "skipped": [], "mapping": {},
                "notices": [], "headers": [], "header_row": None, "changes": None,
                "pending": pending}
    info = lst["info"]
    return {"rows_read": info["rows_read"], "imported": info["imported"],
            "skipped": lst["skipped"], "mapping": info["mapping"],
            "overrides": ev["mapping"], "headers": info["headers"],
            "header_row": info["header_row"], "sheet": info["sheet"],
            "file": lst["original"],
            "notices": [dict(n, message=for_browser(n["message"])) for n in lst["notices"]],
            "changes": lst["changes"], "pending": pending}


def info(store: Store, event_id: str) -> SourceInfo | None:
    """The current list's facts for the library, or None before any upload."""
    lst = store.db.current_list(store.event(event_id))
    return source_info(lst["info"]) if lst else None


def base_name(name: str) -> str:
    """The last part of a client's file name (never used as a path)."""
    return name.replace("\\", "/").rsplit("/", 1)[-1] or "upload"


#: The kinds of change a list version's details name (``GET .../changes?kind=``).
CHANGE_KINDS = ("added", "removed", "kept", "edited", "conflicts")


def change_details(store: Store, event_id: str, kind: str, offset: int = 0,
                   limit: int = 100) -> dict[str, Any]:
    """One page of every name of one kind of change of the current list from the one before:
    ``{"kind", "total", "offset", "items"}`` (names; for ``edited`` and ``conflicts``, dicts
    with the old and new values).
    """
    if kind not in CHANGE_KINDS:
        raise InputError(f"unknown kind of change {kind!r}; kinds: " + ", ".join(CHANGE_KINDS))
    ev = store.event(event_id)
    items: list[Any] = []
    if ev["list_id"] is not None:
        with store.db.read() as con:
            row = con.execute("SELECT details FROM lists WHERE id = ?",
                              (ev["list_id"],)).fetchone()
        items = json.loads(row["details"] or "{}").get(kind, [])
    offset, limit = max(0, offset), max(1, min(limit, 1000))
    return {"kind": kind, "total": len(items), "offset": offset,
            "items": items[offset:offset + limit]}
