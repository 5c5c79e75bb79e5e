"""The event store: everything the app keeps, in the data folder. SQLite (schema and its
migrations: ``db``), events, attendee lists and their versions (``lists``), attendees and
look-ups (``attendees``, ``search``, ``index``), designs and uploaded layouts (``layouts``,
``uploads``), build jobs (``jobs``) and the files for spreadsheets (``exports``).

No HTTP here, and no drawing: the store reads lists with ``readers`` and loads layouts with
``sheet`` to check them; the engine room (previews, builds, prints) and the faces sit above it.
Imports ``errors``, ``model``, ``readers``, ``sheet`` and ``plan.select`` (the fold).

Public names: :class:`Store`, :class:`NotFoundError`, :class:`ConflictError`,
:class:`StorageFullError`.
"""

from badgepress.web.store.base import ConflictError, NotFoundError, StorageFullError, Store

__all__ = ["ConflictError", "NotFoundError", "StorageFullError", "Store"]
