"""Finding attendees: every word of a query in any of their fields, ignoring case and
accents, in row order. The words are matched in memory over each event's folded texts (a few
milliseconds for 10,000 attendees), remembered until an attendee is added, changed or
removed; only the rows found are read from the database, with their print counts.
"""

from __future__ import annotations

from typing import Any

from badgepress.web.db import Database
from badgepress.web.imports import attendee_row, fold

_SELECT = (
    "SELECT a.*, (SELECT COUNT(*) FROM prints p WHERE p.attendee_id = a.id AND "
    "p.state != 'failed') AS printed, (SELECT p.desk || '|' || p.created FROM prints p WHERE "
    "p.attendee_id = a.id AND p.state != 'failed' ORDER BY p.id DESC LIMIT 1) AS last_print "
    "FROM attendees a WHERE event_id = ?")


class Search:
    """Attendee look-ups over one database, with an in-memory index per event."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._index: dict[str, tuple[tuple[Any, ...], list[tuple[int, str]]]] = {}

    def find(self, event_id: str, q: str = "", limit: int | None = None
             ) -> list[dict[str, Any]]:
        """The event's attendees (API rows with ``printed`` and ``last_print``) in row order;
        with ``q``, those whose fields hold every word of it.
        """
        sql = _SELECT
        args: list[Any] = [event_id]
        words = fold(q).split()
        with self.db.read() as con:
            if words:
                found = [aid for aid, text in self._texts(con, event_id)
                         if all(w in text for w in words)]
                found = found[:limit] if limit is not None else found
                sql += f" AND a.id IN ({','.join('?' * len(found))})"
                args.extend(found)
            sql += " ORDER BY row IS NULL, row, id"
            if limit is not None:
                sql += " LIMIT ?"
                args.append(limit)
            return [attendee_row(r) for r in con.execute(sql, args)]

    def _texts(self, con: Any, event_id: str) -> list[tuple[int, str]]:
        """``(id, folded text)`` of the event's attendees in row order."""
        stamp = tuple(con.execute("SELECT COUNT(*), MAX(updated), MAX(id) FROM attendees "
                                  "WHERE event_id = ?", (event_id,)).fetchone())
        hit = self._index.get(event_id)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        rows = [(r["id"], r["search"]) for r in con.execute(
            "SELECT id, search FROM attendees WHERE event_id = ? ORDER BY row IS NULL, row, id",
            (event_id,))]
        self._index[event_id] = (stamp, rows)
        return rows
