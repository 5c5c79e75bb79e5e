"""The data folder as one object: its database, its files, the locks that serialise changes
to one event, and who is told when an event's list or design changes.

Everything the app keeps lives under the data folder (the README's "data folder" table), so a
copy of the folder is a copy of the app. The rest of the store's modules are functions over a
:class:`Store`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from badgepress.errors import BadgepressError, InputError
from badgepress.web.store.db import Database, StorageFullError, event_dict
from badgepress.web.store.search import Search

__all__ = ["ConflictError", "Listener", "NotFoundError", "StorageFullError", "Store"]


class NotFoundError(BadgepressError):
    """No such event, attendee, job or file (the app answers 404)."""


class ConflictError(InputError):
    """A request that conflicts with what is stored, such as an unconfirmed reprint (the app
    answers 409).
    """


#: Called with an event's id after its list, mapping or design changed (in a thread of the
#: request that changed it; a listener that takes time starts its own thread).
Listener = Callable[[str], None]


class Store:
    """The data folder ``data``: its database, files and per-event locks.

    ``printer`` is the desks' CUPS queue when neither a desk nor its event chose one
    (``badgepress serve --printer``).
    """

    def __init__(self, data: Path, *, printer: str | None = None) -> None:
        self.data = data
        self.printer = printer
        for sub in ("uploads", "layouts", "events"):
            (data / sub).mkdir(parents=True, exist_ok=True)
        self.db = Database(data / "badgepress.sqlite3")
        #: attendee look-ups, with the desk's search index per event
        self.search = Search(self.db)
        #: desk and kiosk tokens found, and their events (store.events.desk_event,
        #: kiosk_event)
        self.desk_tokens: dict[str, str] = {}
        self.kiosk_tokens: dict[str, str] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self._listeners: list[Listener] = []

    @property
    def scratch(self) -> Path:
        """Where one-badge PDFs are written while a preview renders (each removed after)."""
        return self.data / "tmp"

    def lock(self, event_id: str) -> threading.Lock:
        """The lock that serialises changes to one event's list and design."""
        with self._guard:
            return self._locks.setdefault(event_id, threading.Lock())

    def event(self, event_id: str) -> dict[str, Any]:
        """The event's row (JSON columns decoded), or ``NotFoundError``."""
        with self.db.read() as con:
            row = con.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no event {event_id!r}")
        return event_dict(row)

    def attendee(self, event_id: str, attendee_id: int) -> dict[str, Any]:
        """One attendee's stored row, or ``NotFoundError``."""
        with self.db.read() as con:
            row = con.execute("SELECT * FROM attendees WHERE event_id = ? AND id = ?",
                              (event_id, attendee_id)).fetchone()
        if row is None:
            raise NotFoundError(f"no attendee {attendee_id} in event {event_id!r}")
        return dict(row)

    def unpathed(self, text: str) -> str:
        """``text`` (an error's line) without the paths of the data folder's generated files
        and folders: a user knows their layout as ``layout.toml``, not as a copy in a folder
        named by a digest.
        """
        data = str(self.data)
        for folder in ("layouts", "events", "uploads", "tmp"):
            text = re.sub(re.escape(f"{data}/{folder}/") + r"[^\s:'\"]*/", "", text)
        return text.replace(data + "/", "").replace(data, "the data folder")

    def listen(self, listener: Listener) -> None:
        """Call ``listener(event_id)`` after each change of an event's list or design."""
        self._listeners.append(listener)

    def changed(self, event_id: str) -> None:
        """Tell the listeners that ``event_id``'s list, mapping or design changed."""
        for listener in self._listeners:
            listener(event_id)
