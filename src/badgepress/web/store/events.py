"""Events: create one, list them, one event as the API shows it, and its desk link's token."""

from __future__ import annotations

import secrets
import time
from typing import Any

from badgepress.errors import InputError, LayoutError
from badgepress.sheet.layout import DEFAULT_LAYOUT
from badgepress.web.store.base import Store
from badgepress.web.store.layouts import event_keys, is_shipped, layout_file, shipped
from badgepress.web.store.lists import summary


def create(store: Store, name: str, dates: str = "", layout: str = DEFAULT_LAYOUT) -> str:
    """A new event; returns its id. ``layout`` is a shipped layout's name."""
    name = " ".join(name.split())
    if not name:
        raise InputError("the event needs a name")
    if not is_shipped(layout):
        raise LayoutError(f"unknown layout {layout!r}; shipped layouts are: "
                          + ", ".join(s.name for s in shipped()))
    event_id = secrets.token_hex(4)
    now = time.time()
    with store.db.connect() as con:
        con.execute("INSERT INTO events (id, name, dates, layout, created, updated) "
                    "VALUES (?, ?, ?, ?, ?, ?)", (event_id, name, dates.strip(), layout,
                                                  now, now))
    return event_id


def all_events(store: Store) -> list[dict[str, Any]]:
    """Every event with its attendee count, the most recently changed first."""
    with store.db.read() as con:
        rows = con.execute("SELECT e.*, (SELECT COUNT(*) FROM attendees a WHERE "
                           "a.event_id = e.id) AS attendees FROM events e "
                           "ORDER BY updated DESC").fetchall()
    return [dict(r) for r in rows]


def detail(store: Store, event_id: str) -> dict[str, Any]:
    """The event as ``GET /api/events/{event}`` answers: its fields, its layout's
    ``[event]`` keys and text, the last build and the list's summary.
    """
    ev = store.event(event_id)
    return {"id": ev["id"], "name": ev["name"], "dates": ev["dates"], "layout": ev["layout"],
            "event_keys": event_keys(layout_file(store, ev)), "event_text": ev["event_text"],
            "build_job": ev["build_job"], "list": summary(store, ev["id"])}


def desk_token(store: Store, event_id: str) -> str:
    """The event's desk token (made on first use, then kept): the key of its desk link, which
    gives the desk role (``web.edge.roles``).
    """
    store.event(event_id)
    with store.db.connect() as con:
        row = con.execute("SELECT desk_token FROM events WHERE id = ?", (event_id,)).fetchone()
        if row["desk_token"]:
            return str(row["desk_token"])
        token = secrets.token_urlsafe(18)
        con.execute("UPDATE events SET desk_token = ? WHERE id = ?", (token, event_id))
    return token


def desk_event(store: Store, token: str) -> str | None:
    """The event whose desk token is ``token``, or None (tokens found are remembered)."""
    hit = store.desk_tokens.get(token)
    if hit is not None:
        return hit
    if not 16 <= len(token) <= 64:
        return None
    with store.db.read() as con:
        row = con.execute("SELECT id FROM events WHERE desk_token = ?", (token,)).fetchone()
    if row is None:
        return None
    store.desk_tokens[token] = str(row["id"])
    return str(row["id"])
