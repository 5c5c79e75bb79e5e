"""Finding attendees with the desk's search (:class:`~badgepress.web.store.index.SearchIndex`):
every word of a query in any of their fields, ignoring case and accents, best match first
(whole-word name matches, then names starting with the words, then the rest), and a scanned
ticket code or e-mail finds that attendee alone. Without a query, attendees come in row order.

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
        with self.db.read() as con:
            if not fold(q).split():
                sql = _SELECT + " ORDER BY row IS NULL, row, id"
                args: list[Any] = [event_id]
                if limit is not None:
                    sql += " LIMIT ?"
                    args.append(limit)
                return [attendee_row(r) for r in con.execute(sql, args)]
            index = self._index(con, event_id)
            hits = index.search(q, limit if limit is not None else max(1, len(index)))
            if not hits:
                return []
            ids = [h.key for h in hits]
            rows = {r["id"]: r for r in con.execute(
                _SELECT + f" AND a.id IN ({','.join('?' * len(ids))})", [event_id, *ids])}
        return [attendee_row(rows[i]) for i in ids if i in rows]

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
