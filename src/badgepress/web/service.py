"""What the pages and the API do, in one place: events, lists, mappings, designs, previews,
builds. Every change either happens whole or not at all; errors are ``BadgepressError``s with
the one-line message the CLI would print.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from badgepress.errors import BadgepressError, InputError, LayoutError
from badgepress.model import Attendee, SourceInfo
from badgepress.press.checks import check_template_keys
from badgepress.sheet.layout import DEFAULT_LAYOUT, resolve_layout
from badgepress.web import designs, exports
from badgepress.web.db import Database
from badgepress.web.imports import (
    MAPPED_FIELDS,
    as_attendee,
    attendee_row,
    read_list,
    source_info,
    store_list,
)
from badgepress.web.jobs import Builds
from badgepress.web.previews import Difficulty, Previewer
from badgepress.web.search import Search
from badgepress.web.warm import WarmPrints

#: Stands in for an attendee when an event has no list yet (layout thumbnails).
SAMPLE = Attendee(2, {"first_name": "Maria Magdalena", "last_name": "van der Heijden",
                      "name": "Maria Magdalena van der Heijden", "company": "Rijkswaterstaat",
                      "role": "Speaker"})


class NotFoundError(LookupError):
    """No such event, attendee, job or file (the API answers 404)."""


class App:
    """The web app's state: the data folder, its database, previews and builds."""

    def __init__(self, data: Path, *, printer: str | None = None) -> None:
        self.data = data
        #: the desks' CUPS queue when an event names none (``serve --printer``)
        self.printer = printer
        for sub in ("uploads", "layouts", "events"):
            (data / sub).mkdir(parents=True, exist_ok=True)
        self.db = Database(data / "badgepress.sqlite3")
        self.previews = Previewer(data / "tmp")
        self.builds = Builds(self.db, data)
        self._locks: dict[str, threading.Lock] = {}
        self.search = Search(self.db)
        self._guard = threading.Lock()
        #: desk tokens found, and their events (web.desks.desk_event)
        self.desk_tokens: dict[str, str] = {}
        #: the desks' warm print state per event (layout, list facts, planner)
        self.warm_prints = WarmPrints(self)

    def lock(self, event_id: str) -> threading.Lock:
        """The lock that serialises changes to one event's list and design."""
        with self._guard:
            return self._locks.setdefault(event_id, threading.Lock())

    # ---- events -------------------------------------------------------------------------
    def create_event(self, name: str, dates: str = "", layout: str = DEFAULT_LAYOUT) -> str:
        """A new event; returns its id. ``layout`` is a shipped layout's name."""
        name = " ".join(name.split())
        if not name:
            raise InputError("the event needs a name")
        if layout not in {s.name for s in designs.shipped()}:
            raise LayoutError(f"unknown layout {layout!r}; shipped layouts are: "
                              + ", ".join(s.name for s in designs.shipped()))
        event_id = secrets.token_hex(4)
        now = time.time()
        with self.db.connect() as con:
            con.execute("INSERT INTO events (id, name, dates, layout, created, updated) "
                        "VALUES (?, ?, ?, ?, ?, ?)", (event_id, name, dates.strip(), layout,
                                                      now, now))
        return event_id

    def events(self) -> list[dict[str, Any]]:
        """Every event, the most recently changed first."""
        with self.db.read() as con:
            rows = con.execute("SELECT e.*, (SELECT COUNT(*) FROM attendees a WHERE "
                               "a.event_id = e.id) AS attendees FROM events e "
                               "ORDER BY updated DESC").fetchall()
        return [dict(r) for r in rows]

    def event(self, event_id: str) -> dict[str, Any]:
        """The event, or ``NotFoundError``."""
        ev = self.db.event(event_id)
        if ev is None:
            raise NotFoundError(f"no event {event_id!r}")
        return ev

    # ---- the attendee list -----------------------------------------------------------------
    def import_list(self, event_id: str, original: str, data: bytes) -> dict[str, Any]:
        """Store and read an uploaded attendee file; it becomes the event's list only when it
        reads without error. Returns the import summary (the API's answer).
        """
        ev = self.event(event_id)
        # The stored name keeps only the type (the readers go by it and explain a wrong one).
        suffix = Path(_base(original)).suffix.lower()
        suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""
        stored = f"{secrets.token_hex(12)}{suffix}"
        path = self.data / "uploads" / stored
        path.write_bytes(data)
        try:
            with self.lock(event_id):
                # A new file: its own header names; the mapping fixes of an older file are
                # kept where this file has the same columns.
                read = read_list(path, _base(original), mapping={}, sheet=None)
                kept = {k: v for k, v in ev["mapping"].items()
                        if v == "" or v in read.info.headers}
                if kept:
                    read = read_list(path, _base(original), mapping=kept, sheet=None)
                store_list(self.db, event_id, stored, _base(original), read, mapping=kept,
                           sheet=None)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        self.prepare(event_id)
        return self.summary(event_id)

    def set_mapping(self, event_id: str, choice: Mapping[str, str]) -> dict[str, Any]:
        """Re-read the current list with the column for each field in ``choice`` (field ->
        header text; "" for none). Returns the import summary.
        """
        unknown = [k for k in choice if k not in MAPPED_FIELDS]
        if unknown:
            raise InputError(f"unknown field {unknown[0]!r}; fields are: "
                             + ", ".join(MAPPED_FIELDS))
        with self.lock(event_id):
            # Read inside the lock: a second tab's change made meanwhile is kept.
            ev = self.event(event_id)
            lst = self.db.current_list(ev)
            if lst is None:
                raise InputError("upload an attendee list first")
            auto = lst["info"]["mapping"]
            mapping = dict(ev["mapping"])
            for key, column in choice.items():
                if column != auto.get(key, ""):
                    mapping[key] = column
            read = read_list(self.data / "uploads" / lst["stored"], lst["original"],
                             mapping=mapping, sheet=ev["sheet"])
            store_list(self.db, event_id, lst["stored"], lst["original"], read,
                       mapping=mapping, sheet=ev["sheet"])
        self.prepare(event_id)
        return self.summary(event_id)

    def summary(self, event_id: str) -> dict[str, Any]:
        """What the current list holds: the import answer of the API."""
        ev = self.event(event_id)
        lst = self.db.current_list(ev)
        if lst is None:
            return {"rows_read": 0, "imported": 0, "skipped": [], "mapping": {},
                    "notices": [], "headers": [], "header_row": None, "changes": None}
        info = lst["info"]
        return {"rows_read": info["rows_read"], "imported": info["imported"],
                "skipped": lst["skipped"], "mapping": info["mapping"],
                "overrides": ev["mapping"], "headers": info["headers"],
                "header_row": info["header_row"], "sheet": info["sheet"],
                "file": lst["original"], "notices": lst["notices"],
                "changes": lst["changes"]}

    def info(self, event_id: str) -> SourceInfo | None:
        """The current list's facts for the library, or None before any upload."""
        lst = self.db.current_list(self.event(event_id))
        return source_info(lst["info"]) if lst else None

    def attendees(self, event_id: str, q: str = "", limit: int | None = None
                  ) -> list[dict[str, Any]]:
        """Attendees in row order; with ``q``, those whose any field holds every word of it
        (accent- and case-insensitive).
        """
        self.event(event_id)
        return self.search.find(event_id, q, limit)

    def attendee(self, event_id: str, attendee_id: int) -> dict[str, Any]:
        """One attendee's stored row, or ``NotFoundError``."""
        with self.db.read() as con:
            row = con.execute("SELECT * FROM attendees WHERE event_id = ? AND id = ?",
                              (event_id, attendee_id)).fetchone()
        if row is None:
            raise NotFoundError(f"no attendee {attendee_id} in event {event_id!r}")
        return dict(row)

    # ---- the design --------------------------------------------------------------------------
    def layout_file(self, ev: Mapping[str, Any]) -> Path:
        """The .toml of the event's chosen layout (shipped or uploaded)."""
        ref: str = ev["layout"]
        if ref.startswith("upload:"):
            with self.db.read() as con:
                row = con.execute("SELECT folder, toml FROM layouts WHERE id = ?",
                                  (int(ref[7:]),)).fetchone()
            return self.data / "layouts" / str(row["folder"]) / str(row["toml"])
        return resolve_layout(ref)

    def layout_ref(self, ev: Mapping[str, Any]) -> str:
        """What the event's build passes as ``layout``: the shipped name, or a .toml path
        (with the event's ``[event]`` text written in, see :func:`designs.design_path`).
        """
        toml = self.layout_file(ev)
        path = designs.design_path(self.data, dict(ev), toml)
        if path == toml and not ev["layout"].startswith("upload:"):
            return str(ev["layout"])
        return str(path)

    def set_layout(self, event_id: str, name: str) -> None:
        """Choose a shipped layout; refused (``LayoutError``) when the list lacks a column it
        names.
        """
        if name not in {s.name for s in designs.shipped()}:
            raise LayoutError(f"unknown layout {name!r}")
        self._check_with_list(event_id, name, name)
        self._update(event_id, layout=name)
        self.prepare(event_id)

    def upload_layout(self, event_id: str, files: list[tuple[str, bytes]]) -> None:
        """Store an uploaded layout (a .toml with its files, or a .zip), check it as the CLI
        would, and choose it. On any error nothing changes.
        """
        self.event(event_id)
        folder, toml = designs.save_layout_upload(self.data / "layouts", files)
        path = self.data / "layouts" / folder / toml
        try:
            designs.check_layout(path, toml)
            self._check_with_list(event_id, str(path), toml)
            with self.db.connect() as con:
                cur = con.execute("INSERT INTO layouts (event_id, folder, toml, original, "
                                  "uploaded) VALUES (?, ?, ?, ?, ?)",
                                  (event_id, folder, toml, toml, time.time()))
                con.execute("UPDATE events SET layout = ?, updated = ? WHERE id = ?",
                            (f"upload:{cur.lastrowid}", time.time(), event_id))
        except BaseException:
            import shutil

            shutil.rmtree(path.parent, ignore_errors=True)
            raise

    def _check_with_list(self, event_id: str, ref: str, shown: str) -> None:
        info = self.info(event_id)
        try:
            lay = self.previews.layout(ref)
            self.previews.book.chain(lay.fields[0].font, base=Path(lay.source).parent)
            for spec in lay.fields:
                self.previews.book.chain(spec.font, base=Path(lay.source).parent)
            if info is not None:
                check_template_keys(lay, info)
        except BadgepressError as exc:
            raise LayoutError(str(exc).replace(ref, shown)) from None

    def set_event_text(self, event_id: str, values: Mapping[str, str]) -> None:
        """Set the ``[event]`` strings (only keys the layout has)."""
        ev = self.event(event_id)
        keys = designs.event_keys(self.layout_file(ev))
        unknown = [k for k in values if k not in keys]
        if unknown:
            raise LayoutError(f"the layout has no [event] key {unknown[0]!r}; its keys: "
                              + (", ".join(keys) or "none"))
        merged = dict(ev["event_text"], **{k: str(v) for k, v in values.items()})
        self._update(event_id, event_text=json.dumps(merged, ensure_ascii=False))

    def _update(self, event_id: str, **values: Any) -> None:
        cols = ", ".join(f"{k} = ?" for k in values)
        with self.db.connect() as con:
            con.execute(f"UPDATE events SET {cols}, updated = ? WHERE id = ?",
                        (*values.values(), time.time(), event_id))

    # ---- previews ------------------------------------------------------------------------
    def badge_png(self, event_id: str, attendee_id: int) -> bytes:
        """The PNG of one attendee's badge with the event's design."""
        ev = self.event(event_id)
        att = as_attendee(self.attendee(event_id, attendee_id))
        info = self.info(event_id)
        assert info is not None  # an attendee exists, so a list does
        return self.previews.badge_png(self.layout_ref(ev), info, att)

    def thumb_png(self, event_id: str, layout: str) -> bytes:
        """A shipped layout's badge for the event's hardest attendee (or a sample name)."""
        if layout not in {s.name for s in designs.shipped()}:
            raise NotFoundError(f"no shipped layout {layout!r}")
        info = self.info(event_id)
        hardest = self.hardest(event_id, 1)
        if info is None or not hardest:
            info, att = SourceInfo("sample", headers=tuple(SAMPLE.fields)), SAMPLE
        else:
            att = as_attendee(self.attendee(event_id, hardest[0]["id"]))
        try:
            return self.previews.badge_png(layout, info, att, dpi=100)
        except BadgepressError:
            return self.previews.badge_png(layout, SourceInfo("sample", headers=tuple(
                SAMPLE.fields)), SAMPLE, dpi=100)

    def warm(self, event_id: str, attendee_ids: list[int]) -> None:
        """Render the badges of ``attendee_ids`` together (one PDF), so that the preview page's
        images are ready when the browser asks for them.
        """
        if not attendee_ids:
            return
        ev = self.event(event_id)
        info = self.info(event_id)
        assert info is not None
        atts = [as_attendee(self.attendee(event_id, i)) for i in attendee_ids]
        self.previews.warm(self.layout_ref(ev), info, atts)

    def prepare(self, event_id: str) -> None:
        """Rank the event's badges in the background (after a new list, mapping or design),
        so that the preview page is ready when the organiser opens it.
        """
        def run() -> None:
            # An error here is shown by the preview page when it is opened.
            with contextlib.suppress(BadgepressError, NotFoundError, OSError):
                self.warm(event_id, [a["id"] for a in self.hardest(event_id, 12)])

        threading.Thread(target=run, name=f"prepare-{event_id}", daemon=True).start()

    def hardest(self, event_id: str, limit: int = 24) -> list[dict[str, Any]]:
        """The attendees whose badges are hardest to set, hardest first, with their warnings."""
        ev = self.event(event_id)
        if ev["list_id"] is None:
            return []
        with self.db.read() as con:
            rows = con.execute("SELECT * FROM attendees WHERE event_id = ?",
                               (event_id,)).fetchall()
            stamp = con.execute("SELECT MAX(updated) FROM attendees WHERE event_id = ?",
                                (event_id,)).fetchone()[0]
        ranks = self.previews.rank(self.layout_ref(ev), f"{event_id}:{ev['list_id']}:{stamp}",
                                   [(r["id"], as_attendee(r)) for r in rows])
        by_id = {r["id"]: r for r in rows}
        order = sorted(ranks, key=lambda i: (-ranks[i].score, by_id[i]["row"] or 0))
        return [dict(attendee_row(by_id[i]), **_difficulty(ranks[i])) for i in order[:limit]]

    # ---- builds ------------------------------------------------------------------------------
    def start_build(self, event_id: str) -> tuple[str, bool]:
        """Start building the event's PDF in the background; ``(job id, new)``."""
        ev = self.event(event_id)
        lst = self.db.current_list(ev)
        if lst is None:
            raise InputError("upload an attendee list before building")
        spec = {"source": str(self.data / "uploads" / lst["stored"]),
                "source_name": lst["original"], "layout": self.layout_ref(ev),
                "mapping": ev["mapping"], "sheet": ev["sheet"]}
        return self.builds.start(event_id, spec, lst["info"]["imported"])

    def job(self, job_id: str) -> dict[str, Any]:
        """A job's state for the API."""
        job = self.db.job(job_id)
        if job is None:
            raise NotFoundError(f"no job {job_id!r}")
        out = {k: job[k] for k in ("state", "done", "total", "error")}
        out.update(job=job["id"], event=job["event_id"])
        if job["result"]:
            out.update({k: job["result"][k] for k in ("badges", "pages", "rows_read")},
                       warnings=len(job["result"]["warnings"]))
        return out

    def built(self, event_id: str, name: str) -> Path:
        """A file of the event's last successful build (badges.pdf, report.json)."""
        ev = self.event(event_id)
        if not ev["build_job"]:
            raise NotFoundError("no build yet: build the badges first")
        return self.builds.folder(event_id, ev["build_job"]) / name

    def warnings_csv(self, event_id: str) -> str:
        """The last build's warnings, skipped rows and notices as CSV (row, name, kind,
        message).
        """
        return exports.warnings_csv(self.db, event_id, self.built(event_id, "result.json"))


def _difficulty(d: Difficulty) -> dict[str, Any]:
    return {"score": d.score, "reasons": list(d.reasons), "warnings": list(d.warnings)}


def _base(name: str) -> str:
    """The last part of a client's file name (never used as a path)."""
    return name.replace("\\", "/").rsplit("/", 1)[-1] or "upload"
