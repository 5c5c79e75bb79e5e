"""Printing one badge on the spot, at a desk or a kiosk: the print is recorded as queued before
the badge is made; its one-badge PDF is made with the library (the engine's warm print state,
the build's own pipeline) on the stock in the desk's printer, and sent to the desk's CUPS
queue with ``lp`` and the stock's job options for the queue's driver (an argument list, never
a shell), or left for the browser's print dialog. CUPS's answer (its request id) is stored
with the check-in in one transaction: an attendee counts as printed only once a job reached
CUPS (or the browser has the PDF; ``store.db.PRINTED``). A print a stopped server left half
done is settled when the server starts again (:mod:`badgepress.web.desk.settle`).

A second press of Print on the same attendee within :data:`DOUBLE_CLICK` seconds is the same
job; a reprint must say so (``"reprint": true``), otherwise the answer says when and where the
badge was printed.

A desk on the event's sheet that holds its prints (``hold``) records each as ``waiting``;
they go out together, as many to a sheet as it holds, once a sheet is full or when the desk
asks (:func:`print_sheet`). Below both faces (the desk and the kiosk print through here).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from badgepress.errors import one_line
from badgepress.model import SourceInfo
from badgepress.web.engine import printing
from badgepress.web.engine.desks import desk_name, driver_of, lp_args, queue_for, setting
from badgepress.web.store import ConflictError, NotFoundError, Store
from badgepress.web.store.attendees import as_attendee
from badgepress.web.store.db import PRINTED, event_dict

if TYPE_CHECKING:
    from badgepress.web.engine.base import Engine

#: Seconds in which a second Print of the same attendee is taken for a double click.
DOUBLE_CLICK = 3.0
#: The state of a print held for its sheet (not in CUPS yet, never settled as live).
WAITING = "waiting"
#: The message of a held sheet's print on its way to CUPS, before the sheet's first job id.
SHEET_OF = "on the sheet of "


class AlreadyPrintedError(ConflictError):
    """A reprint that was not confirmed (the API answers 409)."""


class Host(Protocol):
    """What printing needs of the app: its store and engine (``edge.App`` is one)."""

    @property
    def store(self) -> Store:
        """The data folder's store."""

    @property
    def engine(self) -> Engine:
        """The store's engine."""


def now_iso() -> str:
    """The time now, ISO-8601 in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def badge_digest(fields: str) -> str:
    """What identifies the badge printed from an attendee's stored ``fields`` (JSON)."""
    return hashlib.sha256(fields.encode()).hexdigest()[:16]


def print_badge(app: Host, event_id: str, attendee_id: int, desk: str, *,
                reprint: bool = False, printer: str | None = None, hold: bool = True
                ) -> dict[str, Any]:
    """Print one badge at ``desk``: ``{"job", "printer", "state", "message", "cups"}``.
    ``printer`` is a CUPS queue (default: the one the desk chose, else the event's, else
    ``serve --printer``; none: the browser prints ``/api/prints/{job}.pdf``); the stock is
    the desk's. The print is recorded before the badge is made; CUPS's request id is kept
    with the check-in, so the job can be followed
    (:func:`badgepress.web.desk.jobs.job_state`). An attendee printed before (a job that
    reached the printer) needs ``reprint``, unless the badge changed since (a corrected
    walk-in). At a desk that holds its prints for the sheet (and ``hold``), the print waits:
    ``"state": "waiting"``, ``"held"``: how many wait, ``"per_sheet"``.
    """
    desk = desk_name(desk)
    now = time.time()
    with app.store.lock(f"print:{event_id}"), app.store.db.connect() as con:
        found = con.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        if found is None:
            raise NotFoundError(f"no event {event_id!r}")
        ev = event_dict(found)
        chosen = setting(con, event_id, desk)
        queue = printer or queue_for(app.store, ev, chosen.printer)
        row = con.execute("SELECT * FROM attendees WHERE event_id = ? AND id = ?",
                          (event_id, attendee_id)).fetchone()
        if row is None:
            raise NotFoundError(f"no attendee {attendee_id} in event {event_id!r}")
        badge = badge_digest(row["fields"])
        last = con.execute("SELECT job, desk, printer, state, created, badge FROM prints WHERE "
                           "attendee_id = ? AND state != 'failed' ORDER BY id DESC LIMIT 1",
                           (attendee_id,)).fetchone()
        if last is not None and last["badge"] in (None, badge) and (
                last["state"] == WAITING or now - last["created"] < DOUBLE_CLICK):
            return {"job": last["job"], "printer": last["printer"] or "browser",
                    "state": last["state"], "repeated": True}
        done = con.execute(f"SELECT desk, created, badge FROM prints p WHERE attendee_id = ? "
                           f"AND {PRINTED} ORDER BY id DESC LIMIT 1", (attendee_id,)).fetchone()
        if done is not None and done["badge"] in (None, badge) and not reprint:
            at = datetime.fromtimestamp(done["created"]).strftime("%H:%M")
            raise AlreadyPrintedError(f"already printed at {at} at {done['desk']}; print again?")
        waits = hold and chosen.hold and chosen.stock is None
        state = WAITING if waits else "queued"
        job = secrets.token_hex(8)
        con.execute("INSERT INTO jobs (id, event_id, kind, state, done, total, created) "
                    "VALUES (?, ?, 'print', ?, 0, 1, ?)", (job, event_id, state, now))
        con.execute("INSERT INTO prints (attendee_id, desk, printer, job, state, created, "
                    "badge, stock) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (attendee_id, desk, queue, job, state, now, badge, chosen.stock))
        held = _waiting(con, event_id, desk) if waits else 0
    if waits:
        per = app.engine.warm_prints.per_sheet(ev)
        if held >= per:
            out = print_sheet(app, event_id, desk)
            return dict(out, job=job, sheet=out["job"])
        return {"job": job, "printer": queue or "browser", "state": WAITING,
                "message": f"held for the next sheet: {held} of {per}", "cups": None,
                "held": held, "per_sheet": per}
    state, message, cups = send_badge(app, ev, row, queue, job, chosen.stock, chosen.driver)
    set_print(app, job, state, message, cups)
    return {"job": job, "printer": queue or "browser", "state": state, "message": message,
            "cups": cups}


def _waiting(con: Any, event_id: str, desk: str) -> int:
    return int(con.execute("SELECT COUNT(*) FROM prints p JOIN attendees a ON a.id = "
                           "p.attendee_id WHERE a.event_id = ? AND p.desk = ? AND p.state = ?",
                           (event_id, desk, WAITING)).fetchone()[0])


def print_sheet(app: Host, event_id: str, desk: str) -> dict[str, Any]:
    """Print the badges held at ``desk`` now, together, as many to a sheet of the event's
    layout as it holds (from slot 1), as one job: ``{"job": the first print's job (its PDF is
    the sheet), "jobs", "count", "printer", "state", "message", "cups"}``. ``ConflictError``
    when none is held.
    """
    desk = desk_name(desk)
    with app.store.lock(f"print:{event_id}"), app.store.db.connect() as con:
        found = con.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        if found is None:
            raise NotFoundError(f"no event {event_id!r}")
        ev = event_dict(found)
        queue = queue_for(app.store, ev, setting(con, event_id, desk).printer)
        rows = con.execute("SELECT p.job, a.* FROM prints p JOIN attendees a ON a.id = "
                           "p.attendee_id WHERE a.event_id = ? AND p.desk = ? AND p.state = ? "
                           "ORDER BY p.id", (event_id, desk, WAITING)).fetchall()
        if not rows:
            raise ConflictError(f"no badge is held for the sheet at {desk}")
        jobs = [r["job"] for r in rows]
        marks = ", ".join("?" * len(jobs))
        con.execute(f"UPDATE prints SET state = 'queued', printer = ?, message = ? WHERE job "
                    f"IN ({marks})", (queue, SHEET_OF + jobs[0], *jobs))
    pdf = pdf_path(app, event_id, jobs[0])
    try:
        pdf.parent.mkdir(parents=True, exist_ok=True)
        info = app.engine.warm_prints.info(ev) or _walkin_info(rows[0])
        app.engine.warm_prints.badges_pdf(ev, info, [as_attendee(r) for r in rows], pdf)
        for job in jobs[1:]:
            _same_file(pdf, pdf_path(app, event_id, job))
        state, message, cups = "done", f"{len(jobs)} badges on one sheet", None
        if queue:
            cups = printing.submit(queue, pdf, title=job_title(jobs[0])).id
            state, message = "queued", f"{len(jobs)} badges on one sheet; request id is {cups}"
    except Exception as exc:  # the prints are recorded as failed; the attendees stay
        state, message, cups = "failed", one_line(exc), None
    for job in jobs:
        set_print(app, job, state, message, cups)
    return {"job": jobs[0], "jobs": jobs, "count": len(jobs), "printer": queue or "browser",
            "state": state, "message": message, "cups": cups}


def _same_file(pdf: Path, other: Path) -> None:
    """``other`` is ``pdf`` too (a hard link, else a copy)."""
    try:
        os.link(pdf, other)
    except FileExistsError:
        pass
    except OSError:
        shutil.copyfile(pdf, other)


def pdf_path(app: Host, event_id: str, job: str) -> Path:
    """Where the one-badge PDF of print ``job`` is kept."""
    return app.store.data / "events" / event_id / "prints" / f"{job}.pdf"


def send_badge(app: Host, ev: dict[str, Any], row: Any, queue: str | None, job: str,
               stock: str | None = None, driver: str | None = None
               ) -> tuple[str, str | None, str | None]:
    """Make the badge of the attendee ``row`` on ``stock`` (None: the event's sheet; unless
    its PDF is there already) and send it to ``queue`` (None: the browser prints it) with the
    stock's job options for ``driver`` (None: the queue's own); ``(state, message, CUPS
    request id)``. Any failure is the state ``failed`` with its one line.
    """
    pdf = pdf_path(app, ev["id"], job)
    try:
        if not pdf.is_file():
            pdf.parent.mkdir(parents=True, exist_ok=True)
            info = app.engine.warm_prints.info(ev) or _walkin_info(row)
            app.engine.warm_prints.one_pdf(ev, info, as_attendee(row), pdf, stock)
        if queue:
            if stock is not None:  # job options are a stock's: only then is the driver asked
                driver = driver_of(driver, queue)
            cups = printing.submit(queue, pdf, title=job_title(job),
                                   options=lp_args(stock, driver)).id
            return "queued", f"request id is {cups}", cups
    except Exception as exc:  # the print is recorded as failed; the attendee stays
        return "failed", one_line(exc), None
    return "done", None, None


def job_title(job: str) -> str:
    """The CUPS job title of print ``job`` (how a job is found again after a stop)."""
    return f"badge {job}"


def _walkin_info(row: Any) -> SourceInfo:
    fields = json.loads(row["fields"])
    return SourceInfo("walk-in", headers=tuple(fields))


def set_print(app: Host, job: str, state: str, message: str | None,
              cups: str | None = None) -> None:
    """Store where print ``job`` went: its state, message and CUPS request id; a print that
    reached the printer checks its attendee in (in the same transaction, flushed to disk).
    """
    with app.store.db.connect() as con:
        con.execute("UPDATE prints SET state = ?, message = ?, cups_job = COALESCE(?, "
                    "cups_job) WHERE job = ?", (state, message, cups, job))
        con.execute("UPDATE jobs SET state = ?, error = ?, done = ?, finished = ? WHERE id = ?",
                    (state, message if state == "failed" else None,
                     1 if state != "failed" else 0, time.time(), job))
        con.execute(f"UPDATE attendees SET checked_in = COALESCE(checked_in, ?) WHERE id = "
                    f"(SELECT attendee_id FROM prints p WHERE job = ? AND {PRINTED})",
                    (now_iso(), job))


def queues() -> tuple[list[str], str | None]:
    """The CUPS queues, and why the list is empty when it is (the desk library's answer)."""
    found = printing.queues()
    return [q.name for q in found.queues], found.reason
