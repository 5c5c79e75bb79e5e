"""Walk-ins at the desk: add one, correct any attendee's badge text, and an attendee with
their prints.

A walk-in is committed (WAL, synchronous) before the answer goes back and before anything is
printed, so a printer failure never loses it; a client's ``request`` id makes a resent form
the same walk-in, not a second one.
"""

from __future__ import annotations

import json
import secrets
import time
from typing import Any

from badgepress.errors import InputError
from badgepress.model import SourceInfo, compose_name
from badgepress.web.edge import App
from badgepress.web.store import NotFoundError
from badgepress.web.store.attendees import MAPPED_FIELDS, attendee_row, search_text
from badgepress.web.store.db import PRINTED, iso_time
from badgepress.web.store.versions import Stored
from badgepress.web.store.versions import correct as versions_correct


def _given(data: dict[str, Any]) -> dict[str, str]:
    """The attendee fields in a desk's request body, spaces collapsed (``ticket`` is the
    ticket id, stored as ``id``); a field sent empty is ``""``.
    """
    out = {k: " ".join(str(data[k]).split()) for k in MAPPED_FIELDS if k in data}
    if "ticket" in data:
        out["id"] = str(data["ticket"]).strip()
    return out


def _with_columns(fields: dict[str, str], info: SourceInfo | None, given: dict[str, str],
                  *, replace: bool) -> None:
    """Copy the given canonical fields to the list's own columns (``info.mapping``), so that
    layouts that name a column (``{First Name}``) show them too.
    """
    if info is None:
        return
    for key, column in info.mapping.items():
        if key in given and column != key and (replace or column not in fields):
            fields[column] = fields.get(key, "")


def add_walkin(app: App, event_id: str, data: dict[str, Any]) -> tuple[int, bool]:
    """Save a walk-in; ``(id, new)``. ``data`` holds the attendee fields (``first_name``,
    ``last_name``, ``company``, ``role``, ...) and optionally ``request`` (a client's id for
    this submission: sent twice, it is one walk-in).
    """
    ev = app.store.event(event_id)
    given = _given(data)
    fields = {k: v for k, v in given.items() if v}
    if "name" not in fields:
        fields["name"] = compose_name(fields.get("first_name", ""), fields.get("last_name", ""))
    if not fields["name"]:
        raise InputError("a walk-in needs a name: fill in the first or last name")
    # the list's own columns too, so layouts that name them work
    _with_columns(fields, app.engine.warm_prints.info(ev), fields, replace=False)
    request = str(data.get("request") or secrets.token_hex(8))[:64]
    key = f"walkin:{request}"
    now = time.time()
    with app.store.db.connect() as con:
        row = con.execute("SELECT id FROM attendees WHERE event_id = ? AND key = ?",
                          (event_id, key)).fetchone()
        if row is not None:
            return int(row["id"]), False
        cur = con.execute(
            "INSERT INTO attendees (event_id, source, key, row, fields, search, created, "
            "updated) VALUES (?, 'walkin', ?, NULL, ?, ?, ?, ?)",
            (event_id, key, json.dumps(fields, ensure_ascii=False),
             search_text(fields), now, now))
        con.execute("UPDATE events SET updated = ? WHERE id = ?", (now, event_id))
        assert cur.lastrowid is not None
        return cur.lastrowid, True


def correct(app: App, event_id: str, attendee_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Correct what an attendee's badge says: the fields in ``data`` (as for
    :func:`add_walkin`; a field sent empty is cleared, one not sent is kept) replace the
    stored ones, and the name is composed again from the first and last name unless ``name``
    is sent. A walk-in's fields are the desk's own and change in place; an attendee from the
    organiser's list keeps the list's row and gets a **desk correction** printed over it
    (``store.versions``: shown as corrected, exported, and not undone by the next list
    version without the organiser's say). Committed before the answer
    (:func:`attendee_detail`).
    """
    ev = app.store.event(event_id)
    given = _given(data)
    info = app.engine.warm_prints.info(ev)
    with app.store.db.connect() as con:
        row = con.execute("SELECT * FROM attendees WHERE event_id = ? AND id = ?",
                          (event_id, attendee_id)).fetchone()
        if row is None:
            raise NotFoundError(f"no attendee {attendee_id} in event {event_id!r}")
        before: dict[str, str] = json.loads(row["fields"])
        fields = dict(before)
        fields.update(given)
        if "name" not in given and ({"first_name", "last_name"} & given.keys()):
            fields["name"] = compose_name(fields.get("first_name", ""),
                                          fields.get("last_name", ""))
        if not fields.get("name"):
            raise InputError("a badge needs a name: fill in the first or last name")
        _with_columns(fields, info, given | ({"name": ""} if "name" in fields else {}),
                      replace=True)
        fields = {k: v for k, v in fields.items() if v}
        fixes = None
        if row["source"] != "walkin":
            old = json.loads(row["corrections"] or "{}")
            listed = Stored(row["id"], row["key"], row["row"], before, True, True, old).listed()
            diff = {k: fields.get(k, "") for k in set(before) | set(fields)
                    if before.get(k, "") != fields.get(k, "")}
            fields, new = versions_correct(before, old, listed, diff)
            fixes = json.dumps(new, ensure_ascii=False) if new else None
        now = time.time()
        con.execute("UPDATE attendees SET fields = ?, search = ?, corrections = ?, updated = ? "
                    "WHERE id = ?", (json.dumps(fields, ensure_ascii=False),
                                     search_text(fields), fixes, now, attendee_id))
        con.execute("UPDATE events SET updated = ? WHERE id = ?", (now, event_id))
    return attendee_detail(app, event_id, attendee_id)


def attendee_detail(app: App, event_id: str, attendee_id: int) -> dict[str, Any]:
    """An attendee as the API shows it, with ``printed`` (how many times), ``prints`` (when,
    where, state) and ``checked_in``.
    """
    row = app.store.attendee(event_id, attendee_id)
    out = attendee_row(row)
    with app.store.db.read() as con:
        prints = [dict(r) for r in con.execute(
            f"SELECT desk, printer, job, state, message, created, {PRINTED} AS reached FROM "
            "prints p WHERE attendee_id = ? ORDER BY id", (attendee_id,))]
    out["printed"] = sum(1 for p in prints if p.pop("reached"))
    out["prints"] = [dict(p, at=iso_time(p.pop("created"))) for p in prints]
    return out
