"""The event store's SQLite database: schema and its migrations, connections, and the few
queries every page needs.

WAL mode with ``synchronous=FULL``: a request answered with success is on disk, whatever
happens to the process after. Every connection is short-lived (one per unit of work), so two
browser tabs or threads never share a transaction; writers wait for each other
(``busy_timeout``) instead of failing.

The schema is made for the registration desk that comes next: attendees keep their id
across re-imports (matched by ticket id, e-mail or name), walk-ins live in the same table
(``source = 'walkin'``) and are never removed by an import, and ``prints`` and
``checked_in`` record what a desk printed and when.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from badgepress.errors import BadgepressError

SCHEMA_VERSION = 1


class StorageFullError(BadgepressError):
    """The data folder's disk is full: nothing was kept (the app answers 507)."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,              -- generated, URL-safe
    name TEXT NOT NULL,
    dates TEXT NOT NULL DEFAULT '',
    layout TEXT NOT NULL,             -- a shipped layout's name, or 'upload:<layouts.id>'
    event_text TEXT NOT NULL DEFAULT '{}',   -- JSON: [event] key -> string
    mapping TEXT NOT NULL DEFAULT '{}',      -- JSON: the user's --map overrides
    sheet TEXT,                       -- worksheet chosen (NULL: the reader's choice)
    list_id INTEGER,                  -- the current attendee list
    build_job TEXT,                   -- the last successful build
    printer TEXT,                     -- the desk's CUPS queue (NULL: the browser prints)
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS lists (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL REFERENCES events(id),
    stored TEXT NOT NULL,             -- generated file name under uploads/
    original TEXT NOT NULL,           -- the name the browser gave (shown, never a path)
    uploaded REAL NOT NULL,
    info TEXT NOT NULL,               -- JSON: sheet, header_row, headers, mapping, rows_read
    skipped TEXT NOT NULL,            -- JSON: [{row, reason}]
    notices TEXT NOT NULL,            -- JSON: [{row, message}]
    changes TEXT                      -- JSON: what changed from the list before (or NULL)
);
CREATE TABLE IF NOT EXISTS attendees (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL REFERENCES events(id),
    source TEXT NOT NULL DEFAULT 'import',   -- 'import' or 'walkin'
    key TEXT NOT NULL,                -- identity across re-imports
    row INTEGER,                      -- spreadsheet row (NULL for walk-ins)
    fields TEXT NOT NULL,             -- JSON: the reader's Attendee.fields
    search TEXT NOT NULL,             -- folded text for look-ups
    checked_in TEXT,                  -- ISO-8601 (the desk)
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS attendees_event ON attendees(event_id, row);
CREATE UNIQUE INDEX IF NOT EXISTS attendees_key ON attendees(event_id, key);
CREATE TABLE IF NOT EXISTS layouts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL REFERENCES events(id),
    folder TEXT NOT NULL,             -- generated folder under layouts/
    toml TEXT NOT NULL,               -- the layout file's name in that folder
    original TEXT NOT NULL,
    uploaded REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    kind TEXT NOT NULL,               -- 'build' (the desk adds 'print')
    state TEXT NOT NULL,              -- queued, running, done, failed
    done INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    result TEXT,                      -- JSON summary when done
    created REAL NOT NULL,
    finished REAL
);
CREATE TABLE IF NOT EXISTS prints (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    attendee_id INTEGER NOT NULL REFERENCES attendees(id),
    desk TEXT NOT NULL,
    printer TEXT,
    job TEXT,
    state TEXT NOT NULL,              -- queued, printing, done, failed (waiting: for its sheet)
    message TEXT,                     -- the printer's answer (lp's request id, or its error)
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS prints_attendee ON prints(attendee_id);
CREATE TABLE IF NOT EXISTS desks (
    event_id TEXT NOT NULL REFERENCES events(id),
    name TEXT NOT NULL,               -- the desk's name as typed in its page
    printer TEXT,                     -- a CUPS queue, '' for the browser, NULL: the default
    updated REAL NOT NULL,
    PRIMARY KEY (event_id, name)
);
"""

#: Columns added after the first release: (table, column, declaration). A database made
#: before them gets them on open (``ALTER TABLE ... ADD COLUMN``); nothing else changes.
_ADDED = (
    ("events", "desk_token", "TEXT"),      # the event's desk link token (the desk role)
    ("prints", "cups_job", "TEXT"),        # CUPS's request id (BadgePDF-12), to follow it
    ("prints", "badge", "TEXT"),           # a digest of the fields printed (a correction
                                           # since then makes a reprint a new badge)
    # 0: an attendee of an earlier list version that the current one no longer has, kept
    # for the desk's history (store.versions)
    ("attendees", "in_list", "INTEGER NOT NULL DEFAULT 1"),
    ("attendees", "corrections", "TEXT"),  # JSON: field -> {"list", "desk"} (desk corrections)
    ("lists", "details", "TEXT"),          # JSON: every name added, removed, kept, edited
    ("events", "pending_list", "INTEGER"),  # an upload waiting for its name column's mapping
    ("jobs", "basis", "TEXT"),             # JSON: what a build was made from (stale or not)
    ("prints", "tries", "INTEGER NOT NULL DEFAULT 0"),  # resubmissions after a stop
    # what a desk has loaded in its printer (sheet.deskstock; NULL: the event's sheet), the
    # driver of its queue when the desk chose it (NULL: read from the queue), and whether
    # its prints on the event's sheet wait to fill a sheet (1) or print at once (0)
    ("desks", "stock", "TEXT"),
    ("desks", "driver", "TEXT"),
    ("desks", "hold", "INTEGER NOT NULL DEFAULT 0"),
    ("prints", "stock", "TEXT"),           # the stock it was printed on (NULL: the sheet)
    ("layouts", "stock", "TEXT"),          # a desk design's stock (NULL: the event's design)
    ("events", "kiosk_token", "TEXT"),     # the event's kiosk link token (the kiosk role)
    ("events", "kiosk", "TEXT"),           # JSON: the kiosk's settings (store.events.kiosk)
)

#: A print (``prints p``) that reached its printer: CUPS took the job (it has CUPS's request
#: id), or the browser was given the badge's PDF; and it did not fail since. Only such
#: prints make an attendee printed (the counts, the reprint question, the exports).
PRINTED = ("(p.state != 'failed' AND (p.cups_job IS NOT NULL OR "
           "(p.printer IS NULL AND p.state = 'done')))")


#: Indexes over added columns, made after them.
_ADDED_INDEXES = """
-- the desk's counts and its not-arrived list, from the index alone
CREATE INDEX IF NOT EXISTS attendees_arrival ON attendees(event_id, in_list, source,
    checked_in, row);
-- a kiosk's code: the ticket id or the e-mail (store.attendees.code_expression; a column the
-- organiser chooses gets its own index when chosen)
CREATE INDEX IF NOT EXISTS attendees_code_id ON attendees(event_id,
    lower(trim(json_extract(fields, '$."id"'))));
CREATE INDEX IF NOT EXISTS attendees_code_email ON attendees(event_id,
    lower(trim(json_extract(fields, '$."email"'))));
"""


class Database:
    """The data folder's ``badgepress.sqlite3``; :meth:`connect` gives one unit of work."""

    def __init__(self, path: Path) -> None:
        self.path = path
        raw = sqlite3.connect(path, timeout=30, isolation_level=None)
        try:
            mode = raw.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise RuntimeError(f"{path}: SQLite could not switch to WAL mode ({mode})")
            raw.executescript(_SCHEMA)
            for table, column, decl in _ADDED:
                have = {r[1] for r in raw.execute(f"PRAGMA table_info({table})")}
                if column not in have:
                    raw.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
            raw.executescript(_ADDED_INDEXES)
        finally:
            raw.close()
        # One connection stays open for the app's life: when the last connection to a WAL
        # database closes, SQLite checkpoints and removes the log, a few milliseconds that
        # every request (each opens and closes its own) would otherwise pay.
        self._anchor = sqlite3.connect(path, check_same_thread=False)
        self._anchor.execute("SELECT 1 FROM meta LIMIT 1").fetchall()
        with self.connect() as con:
            con.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            # Builds that were running when the server stopped will never finish (a desk's
            # print jobs are settled against CUPS: web.desk.settle).
            con.execute("UPDATE jobs SET state = 'failed', error = 'the server stopped during "
                        "the build; build again', finished = ? WHERE state IN "
                        "('queued', 'running') AND kind = 'build'", (time.time(),))

    @contextmanager
    def connect(self, *, durable: bool = True) -> Iterator[sqlite3.Connection]:
        """A connection in one transaction: committed when the block ends, rolled back when
        it raises. ``durable=False`` skips the flush to disk at commit (``synchronous=NORMAL``:
        still atomic, and on disk with the next durable commit): only for facts that can be
        found again, such as a print job's state as CUPS reports it.
        """
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        con.row_factory = sqlite3.Row
        try:
            con.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
            con.execute("PRAGMA foreign_keys=ON")
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode == sqlite3.SQLITE_FULL:
                raise StorageFullError("the data folder's disk is full: nothing was saved; "
                                       "free some space and try again") from None
            raise
        finally:
            con.close()

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A connection for reading: one consistent snapshot (a deferred transaction), no
        write lock taken.
        """
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        con.row_factory = sqlite3.Row
        try:
            con.execute("BEGIN")
            yield con
        finally:
            con.close()

    def current_list(self, event: dict[str, Any]) -> dict[str, Any] | None:
        """The event's current attendee list (JSON columns decoded), or None."""
        if event["list_id"] is None:
            return None
        with self.read() as con:
            row = con.execute("SELECT * FROM lists WHERE id = ?", (event["list_id"],)).fetchone()
        out = dict(row)
        for key in ("info", "skipped", "notices", "changes"):
            out[key] = json.loads(out[key]) if out[key] is not None else None
        return out

    def job(self, job_id: str) -> dict[str, Any] | None:
        """A job's row as a dict (``result`` decoded), or None."""
        with self.read() as con:
            row = con.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            return None
        out = dict(row)
        out["result"] = json.loads(out["result"]) if out["result"] else None
        return out


def iso_time(stamp: float) -> str:
    """A stored time stamp (seconds since the epoch) as the API shows it: ISO-8601 in UTC, to
    the second.
    """
    return datetime.fromtimestamp(stamp, UTC).replace(microsecond=0).isoformat()


def event_dict(row: sqlite3.Row) -> dict[str, Any]:
    """An events row as a dict, its JSON columns (``event_text``, ``mapping``) decoded."""
    out = dict(row)
    out["event_text"] = json.loads(out["event_text"])
    out["mapping"] = json.loads(out["mapping"])
    return out
