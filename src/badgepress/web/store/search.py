"""Finding attendees with the desk's search (:class:`~badgepress.web.store.index.SearchIndex`):
every word of a query in any of their fields, ignoring case and accents, in other spellings
too ("smirnov" finds Смирнов, "mueller" Müller), best match first (whole-word name matches,
then names starting with the words, then the rest), and a scanned ticket code or e-mail finds
that attendee alone. Without a query, attendees come in row order. A page at a time, with the
total found (``Search.page``), optionally only those checked in or not arrived yet.

Each event's index is kept in memory. A new list (or mapping) builds it again; a walk-in added
or corrected is put into it by itself: the attendees changed since the index was last brought
up to date (with a margin, for writers that committed late) are read again, not all of them.
Only the rows found are read from the database, with their print counts.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

from badgepress.web.store.attendees import attendee_row, fold
from badgepress.web.store.db import PRINTED, Database
from badgepress.web.store.index import SearchIndex, entry

_SELECT = (
    f"SELECT a.*, (SELECT COUNT(*) FROM prints p WHERE p.attendee_id = a.id AND {PRINTED}) "
    "AS printed, (SELECT json_object('desk', p.desk, 'at', p.created, "
    "'state', p.state, 'printer', p.printer, 'message', p.message) FROM prints p WHERE "
    f"p.attendee_id = a.id AND {PRINTED} ORDER BY p.id DESC LIMIT 1) AS last_print "
    "FROM attendees a WHERE event_id = ?")

#: The filter of :meth:`Search.page`'s ``arrived``: checked in; or of the organiser's current
#: list and not checked in (walk-ins came to a desk; attendees no longer in the list are not
#: expected).
_ARRIVED = {True: " AND a.checked_in IS NOT NULL",
            False: " AND a.source = 'import' AND a.in_list = 1 AND a.checked_in IS NULL"}

#: Seconds of changes read again when an index is brought up to date: a transaction that took
#: its time stamp before the last update but committed after it (they take milliseconds) is
#: still seen.
MARGIN = 10.0


@dataclass
class _Kept:
    list_id: int | None
    stamp: float  # the event's ``updated`` when the index was last brought up to date
    index: SearchIndex


class Search:
    """Attendee look-ups over one database, with the desk's index per event."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._kept: dict[str, _Kept] = {}
        self._lock = threading.Lock()

    def find(self, event_id: str, q: str = "", limit: int | None = None
             ) -> list[dict[str, Any]]:
        """The event's attendees (API rows with ``printed`` and ``last_print``): with ``q``,
        those whose fields hold every word of it, best first; without, all in row order.
        """
        return self.page(event_id, q, limit)[1]

    def page(self, event_id: str, q: str = "", limit: int | None = 50, offset: int = 0,
             arrived: bool | None = None) -> tuple[int, list[dict[str, Any]]]:
        """How many of the event's attendees :meth:`find` finds in all, and ``limit`` of them
        (all: ``None``) from ``offset`` on. ``arrived``: only those checked in (True), or only
        those of the current list not checked in yet (False).
        """
        where = _ARRIVED[arrived] if arrived is not None else ""
        with self.db.read() as con:
            if not fold(q).split():
                total = con.execute("SELECT COUNT(*) FROM attendees a WHERE event_id = ?"
                                    + where, (event_id,)).fetchone()[0]
                # those not arrived are all of the list: in row order, as the index has them
                order = "row, id" if arrived is False else "row IS NULL, row, id"
                sql = f"{_SELECT}{where} ORDER BY {order} LIMIT ? OFFSET ?"
                return total, [attendee_row(r) for r in con.execute(
                    sql, (event_id, -1 if limit is None else limit, offset))]
            index = self._index(con, event_id)
            among = None
            if arrived is not None:
                ids = con.cursor()
                ids.row_factory = None  # plain tuples: thousands of ids, quickly
                among = {r[0] for r in ids.execute(
                    "SELECT id FROM attendees a WHERE event_id = ?" + where, (event_id,))}
            found = index.page(q, max(1, len(index)) if limit is None else limit, offset, among)
            if not found.hits:
                return found.total, []
            keys = [h.key for h in found.hits]
            rows = {r["id"]: r for r in con.execute(
                _SELECT + f" AND a.id IN ({','.join('?' * len(keys))})", [event_id, *keys])}
        return found.total, [attendee_row(rows[i]) for i in keys if i in rows]

    def _index(self, con: Any, event_id: str) -> SearchIndex:
        """The event's index, brought up to date with the attendees changed since."""
        ev = con.execute("SELECT list_id, updated FROM events WHERE id = ?",
                         (event_id,)).fetchone()
        list_id, stamp = (ev["list_id"], ev["updated"]) if ev is not None else (None, 0.0)
        with self._lock:
            kept = self._kept.get(event_id)
            if kept is not None and kept.list_id == list_id and kept.stamp == stamp:
                return kept.index
            if kept is None or kept.list_id != list_id:  # a new list: every attendee again
                kept = _Kept(list_id, stamp, SearchIndex())
                rows = con.execute("SELECT id, fields, search FROM attendees WHERE "
                                   "event_id = ? ORDER BY row IS NULL, row, id", (event_id,))
            else:  # walk-ins added or corrected since
                rows = con.execute("SELECT id, fields, search FROM attendees WHERE "
                                   "event_id = ? AND updated >= ? ORDER BY row IS NULL, row, id",
                                   (event_id, kept.stamp - MARGIN))
            for r in rows:
                kept.index.put(entry(r["id"], json.loads(r["fields"]), r["search"]))
            kept.stamp = stamp
            self._kept[event_id] = kept
            return kept.index
