"""Each desk's printer, remembered on the server per event and desk name.

A desk is named in its page ("Desk 1"); its printer is a CUPS queue, or ``browser`` (the
browser's print dialog with the one-badge PDF). The choice is stored in the ``desks`` table,
so a reload, or a second laptop naming the same desk, prints where the first one chose. A desk
that never chose prints on the default: ``badgepress serve --printer QUEUE``, else the browser.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from badgepress.errors import InputError
from badgepress.web.desk import printing
from badgepress.web.store import Store

#: What a desk's printer is called when the browser prints.
BROWSER = "browser"
#: The longest desk name kept (characters).
NAME_MAX = 60


def desk_name(name: str) -> str:
    """A desk's name as stored: spaces collapsed, at most :data:`NAME_MAX` characters."""
    return " ".join(str(name).split())[:NAME_MAX] or "desk"


def chosen(con: sqlite3.Connection, event_id: str, name: str) -> str | None:
    """The printer desk ``name`` chose (a queue, or "" for the browser), or None when it
    never chose (in the transaction ``con``).
    """
    row = con.execute("SELECT printer FROM desks WHERE event_id = ? AND name = ?",
                      (event_id, desk_name(name))).fetchone()
    return None if row is None else row["printer"]


def queue_for(store: Store, ev: dict[str, Any], setting: str | None) -> str | None:
    """The CUPS queue a desk with ``setting`` (see :func:`chosen`) prints on, or None for the
    browser: its own choice, else the event's, else ``serve --printer``.
    """
    if setting is not None:
        return setting or None
    return ev.get("printer") or store.printer


def desk_info(store: Store, event_id: str, name: str) -> dict[str, Any]:
    """``{"desk", "printer": QUEUE or "browser", "chosen": bool, "default": QUEUE or
    "browser"}`` for desk ``name`` of the event.
    """
    ev = store.event(event_id)
    with store.db.read() as con:
        setting = chosen(con, event_id, name)
    default = queue_for(store, ev, None) or BROWSER
    return {"desk": desk_name(name), "printer": queue_for(store, ev, setting) or BROWSER,
            "chosen": setting is not None, "default": default}


def set_printer(store: Store, event_id: str, name: str, printer: str | None) -> dict[str, Any]:
    """Remember desk ``name``'s printer: a CUPS queue of this computer, ``"browser"``, or
    None (back to the default). A queue CUPS does not list is refused (``InputError``), with
    the queues there are or why there are none. Returns :func:`desk_info`.
    """
    ev = store.event(event_id)
    value: str | None
    if printer is None or str(printer).strip() == "":
        value = None
    elif str(printer).strip() == BROWSER:
        value = ""
    else:
        value = str(printer).strip()
        if value != queue_for(store, ev, None):  # the default was checked when serve started
            found = printing.queues()
            names, why = [q.name for q in found.queues], found.reason
            if value not in names:
                have = ", ".join(names) if names else f"none ({why})"
                raise InputError(f"no CUPS queue {value!r} on this computer; queues: {have}; "
                                 f"or choose {BROWSER!r}")
    with store.db.connect() as con:
        if value is None:
            con.execute("DELETE FROM desks WHERE event_id = ? AND name = ?",
                        (event_id, desk_name(name)))
        else:
            con.execute("INSERT INTO desks (event_id, name, printer, updated) VALUES "
                        "(?, ?, ?, ?) ON CONFLICT (event_id, name) DO UPDATE SET printer = "
                        "excluded.printer, updated = excluded.updated",
                        (event_id, desk_name(name), value, time.time()))
    return desk_info(store, event_id, name)


def all_desks(store: Store, event_id: str) -> list[dict[str, Any]]:
    """Every desk of the event that chose a printer, or printed: ``[{"desk", "printer"}]``."""
    ev = store.event(event_id)
    with store.db.read() as con:
        rows = con.execute(
            "SELECT name, printer FROM desks WHERE event_id = ? UNION SELECT DISTINCT p.desk, "
            "NULL FROM prints p JOIN attendees a ON a.id = p.attendee_id WHERE a.event_id = ? "
            "AND p.desk NOT IN (SELECT name FROM desks WHERE event_id = ?) ORDER BY 1",
            (event_id, event_id, event_id)).fetchall()
    return [{"desk": r["name"], "printer": queue_for(store, ev, r["printer"]) or BROWSER}
            for r in rows]
