"""Finding attendees: every word of a query in any of their fields, ignoring case and
accents, in row order. The words are matched in memory over each event's folded texts (a few
milliseconds for 10,000 attendees), remembered until an attendee is added, changed or
removed; only the rows found are read from the database, with their print counts.
"""

from __future__ import annotations

import bisect
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
        self._index: dict[str, tuple[tuple[Any, ...], _Texts]] = {}

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
                found = self._texts(con, event_id).find(words, limit)
                sql += f" AND a.id IN ({','.join('?' * len(found))})"
                args.extend(found)
            sql += " ORDER BY row IS NULL, row, id"
            if limit is not None:
                sql += " LIMIT ?"
                args.append(limit)
            return [attendee_row(r) for r in con.execute(sql, args)]

    def _texts(self, con: Any, event_id: str) -> _Texts:
        """The folded texts of the event's attendees in row order."""
        # Every change to an event's attendees (import, mapping, walk-in) sets its ``updated``.
        stamp = tuple(con.execute("SELECT updated FROM events WHERE id = ?",
                                  (event_id,)).fetchone())
        hit = self._index.get(event_id)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        rows = [(r["id"], r["search"]) for r in con.execute(
            "SELECT id, search FROM attendees WHERE event_id = ? ORDER BY row IS NULL, row, id",
            (event_id,))]
        texts = _Texts(rows)
        self._index[event_id] = (stamp, texts)
        return texts


class _Texts:
    """Attendees' folded texts in one string, searched with ``str.find`` (C speed) and
    stopping at the limit.
    """

    def __init__(self, rows: list[tuple[int, str]]) -> None:
        self.ids = [aid for aid, _ in rows]
        self.texts = [text.replace("\n", " ") for _, text in rows]
        self.starts: list[int] = []
        at = 0
        for text in self.texts:
            self.starts.append(at)
            at += len(text) + 1
        self.blob = "\n".join(self.texts)

    def find(self, words: list[str], limit: int | None) -> list[int]:
        """Ids of the attendees whose text holds every word, in row order."""
        first = max(words, key=len)
        out: list[int] = []
        pos = 0
        while limit is None or len(out) < limit:
            i = self.blob.find(first, pos)
            if i < 0:
                break
            k = bisect.bisect_right(self.starts, i) - 1
            if all(w in self.texts[k] for w in words):
                out.append(self.ids[k])
            pos = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.blob)
        return out
