"""Attendees as the store keeps them and the API shows them: the fields a mapping offers, the
fold that look-ups use, and a stored row as the API's dict or as the library's
:class:`~badgepress.model.Attendee` (``Store.attendee`` finds one by id).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import sqlite3
from collections.abc import Mapping
from typing import Any

from badgepress.model import Attendee
from badgepress.plan.select import fold as select_fold
from badgepress.readers.standard import standard_fields
from badgepress.web.store.db import PRINTED, Database, iso_time

#: The attendee fields the mapping form offers, in the order shown.
MAPPED_FIELDS = ("first_name", "last_name", "name", "company", "job_title", "role", "email",
                 "id")


def fold(text: str) -> str:
    """``text`` for look-ups: the fold of ``--where`` and ``--sort`` (case off, accents off,
    letters such as ł and ø to their base: "Zoë Müller" -> "zoe muller"), so the desk finds
    what the command line selects.
    """
    return text.lower() if text.isascii() else select_fold(text)


def search_text(fields: Mapping[str, str]) -> str:
    """What the ``search`` column holds for an attendee's ``fields``: every value, folded."""
    return fold(" ".join(fields.values()))


@functools.lru_cache(maxsize=256)
def _ticket_type_column(columns: tuple[str, ...]) -> str | None:
    """The column a list's ``ticket_type`` is read from (as the pipeline reads it), if any."""
    return standard_fields(columns).get("ticket_type")


def ticket_type(fields: Mapping[str, str]) -> str:
    """The attendee's ticket type, as a layout's ``{ticket_type}`` gets it: the list's
    "Ticket Type" (or "Ticket-Typ", "Registration type", ...) column; ``""`` without one, or
    when that column is the ticket id itself (a column named "Ticket").
    """
    if fields.get("ticket_type"):
        return fields["ticket_type"]
    column = _ticket_type_column(tuple(fields))
    value = fields.get(column, "") if column else ""
    return "" if value == fields.get("id") else value


def attendee_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """An attendees row as the API shows it: id, row, source, the canonical fields, and
    ``fields`` (every column under its header text).
    """
    fields = json.loads(row["fields"])
    out: dict[str, Any] = {"id": row["id"], "row": row["row"], "source": row["source"]}
    for key in MAPPED_FIELDS:
        out[key] = fields.get(key, "")
    out["ticket"] = fields.get("id", "")
    out["ticket_type"] = ticket_type(fields)
    out["id"] = row["id"]  # the attendee's id in the app; the ticket id is "ticket"
    out["fields"] = fields
    out["checked_in"] = row["checked_in"]
    keys = row.keys() if hasattr(row, "keys") else ()
    # False: an attendee of an earlier version of the list, kept for the desk's history
    out["in_list"] = bool(row["in_list"]) if "in_list" in keys else True
    fixes = json.loads(row["corrections"]) if "corrections" in keys and row[
        "corrections"] else {}
    # a desk's correction printed over the list's row: field -> {"list", "desk"}
    out["corrected"] = bool(fixes)
    out["corrections"] = fixes
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


#: The desk's counts (README: the registration desk). ``attendees``: the current list's
#: attendees and the walk-ins, whom the desk expects or saw; ``checked_in`` and ``printed`` of
#: those: checked in (a first print checks in), printed (a print that reached its printer:
#: ``db.PRINTED``);
#: ``walk_ins``: added at a desk (counted in ``attendees``); ``not_in_list``: attendees of an
#: earlier list version that the current one no longer has, kept for their prints (not in
#: ``attendees``); ``not_arrived``: of the current list, not checked in yet (the desk's
#: "not arrived yet" list).
_STATS = (
    "SELECT COUNT(*) FILTER (WHERE in_list = 1) AS attendees, "
    "COUNT(*) FILTER (WHERE in_list = 1 AND checked_in IS NOT NULL) AS checked_in, "
    "(SELECT COUNT(DISTINCT p.attendee_id) FROM prints p JOIN attendees b ON b.id = "
    f"p.attendee_id WHERE b.event_id = ?1 AND b.in_list = 1 AND {PRINTED}) AS printed, "
    "COUNT(*) FILTER (WHERE source = 'walkin') AS walk_ins, "
    "COUNT(*) FILTER (WHERE in_list = 0) AS not_in_list, "
    "COUNT(*) FILTER (WHERE in_list = 1 AND source = 'import' AND checked_in IS NULL) "
    "AS not_arrived FROM attendees WHERE event_id = ?1")


def stats(db: Database, event_id: str) -> dict[str, int]:
    """The event's desk counts: ``{"attendees", "checked_in", "printed", "walk_ins",
    "not_in_list", "not_arrived"}`` (:data:`_STATS` says what each counts).
    """
    with db.read() as con:
        row = con.execute(_STATS, (event_id,)).fetchone()
    return {k: int(row[k] or 0) for k in row.keys()}  # noqa: SIM118 (a sqlite3.Row)


#: The library's command-line hints, and what a browser user does instead.
_HINTS = ((re.compile(r'\(choose with --map \w+="\.\.\."\)'),
           "(choose another column in the mapping)"),
          (re.compile(r'with --map \w+="\.\.\."'), "in the mapping"),
          (re.compile(r'--set (event\.\w+)="\.\.\."'), r"the event's text (\1)"))


def for_browser(message: str) -> str:
    """A message of the library as the web app shows it: its command-line hints (``--map
    role="..."``) said as what to do in the app.
    """
    for pattern, instead in _HINTS:
        message = pattern.sub(instead, message)
    return message


def code_expression(column: str) -> str:
    """The SQL expression of an attendee's ``column`` as a kiosk's code is matched with it
    (spaces around it and ASCII letter case aside), as an index over it is made: the column
    is written into the SQL as a literal (never bound), so it may hold no ``"``.
    """
    if '"' in column:
        raise ValueError(f"a code column may not hold a double quote: {column!r}")
    path = "$.\"" + column.replace("'", "''") + "\""
    return f"lower(trim(json_extract(fields, '{path}')))"


def code_index(con: sqlite3.Connection, column: str) -> None:
    """Make the index a kiosk's look-up by ``column`` uses (in the transaction ``con``)."""
    name = "attendees_code_" + hashlib.sha256(column.encode()).hexdigest()[:12]
    con.execute(f"CREATE INDEX IF NOT EXISTS {name} ON attendees(event_id, "
                f"{code_expression(column)})")


def by_code(db: Database, event_id: str, column: str, code: str,
            surname: str | None = None) -> list[dict[str, Any]]:
    """The attendees of the event's current list (and its walk-ins) whose ``column`` (a field
    of their row: ``id`` the ticket id, ``email``, or a column of the list) is ``code``,
    spaces around it and letter case aside; with ``surname``, only those whose last name (or
    the end of their name) is it too, accents aside. At most two (a kiosk acts on one
    attendee only, and two is already too many). Each with ``printed``: whether a print of
    theirs reached a printer.
    """
    code = code.strip().lower()
    if not code or '"' in column:
        return []
    with db.read() as con:
        rows = con.execute(
            f"SELECT a.*, EXISTS (SELECT 1 FROM prints p WHERE p.attendee_id = a.id AND "
            f"{PRINTED}) AS printed FROM attendees a WHERE a.event_id = ? AND "
            f"{code_expression(column)} = ? AND a.in_list = 1 LIMIT 3",
            (event_id, code)).fetchall()
    found = [dict(r) for r in rows]
    if surname is not None:
        want = " ".join(fold(surname).split())
        found = [r for r in found if want and (
            " ".join(fold(json.loads(r["fields"]).get("last_name", "")).split()) == want
            or fold(json.loads(r["fields"]).get("name", "")).endswith(" " + want))]
    return found[:2]
