"""Printing one badge on the spot: the print is recorded as queued before the badge is made;
its one-badge PDF is made with the library (the engine's warm print state, the build's own
pipeline) and sent to the desk's CUPS queue with ``lp`` (an argument list, never a shell), or
left for the browser's print dialog. CUPS's answer (its request id) is stored with the
check-in in one transaction: an attendee counts as printed only once a job reached CUPS (or
the browser has the PDF; ``store.db.PRINTED``). A print a stopped server left half done is
settled when the server starts again (:mod:`badgepress.web.desk.settle`).

A second press of Print on the same attendee within :data:`DOUBLE_CLICK` seconds is the same
job; a reprint must say so (``"reprint": true``), otherwise the answer says when and where the
badge was printed.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from badgepress.model import SourceInfo
from badgepress.web.desk import printing
from badgepress.web.desk.desks import chosen, desk_name, queue_for
from badgepress.web.desk.walkins import AlreadyPrintedError, now_iso
from badgepress.web.edge import App
from badgepress.web.store import NotFoundError
from badgepress.web.store.attendees import as_attendee
from badgepress.web.store.db import PRINTED, event_dict

#: Seconds in which a second Print of the same attendee is taken for a double click.
DOUBLE_CLICK = 3.0


def badge_digest(fields: str) -> str:
    """What identifies the badge printed from an attendee's stored ``fields`` (JSON)."""
    return hashlib.sha256(fields.encode()).hexdigest()[:16]


def print_badge(app: App, event_id: str, attendee_id: int, desk: str, *,
                reprint: bool = False, printer: str | None = None) -> dict[str, Any]:
    """Print one badge at ``desk``: ``{"job", "printer", "state", "message", "cups"}``.
    ``printer`` is a CUPS queue (default: the one the desk chose, else the event's, else
    ``serve --printer``; none: the browser prints ``/api/prints/{job}.pdf``). The print is
    recorded before the badge is made; CUPS's request id is kept with the check-in, so the
    job can be followed (:func:`badgepress.web.desk.jobs.job_state`). An attendee printed
    before (a job that reached the printer) needs ``reprint``, unless the badge changed since
    (a corrected walk-in).
    """
    desk = desk_name(desk)
    now = time.time()
    with app.store.lock(f"print:{event_id}"), app.store.db.connect() as con:
        found = con.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        if found is None:
            raise NotFoundError(f"no event {event_id!r}")
        ev = event_dict(found)
        queue = printer or queue_for(app.store, ev, chosen(con, event_id, desk))
        row = con.execute("SELECT * FROM attendees WHERE event_id = ? AND id = ?",
                          (event_id, attendee_id)).fetchone()
        if row is None:
            raise NotFoundError(f"no attendee {attendee_id} in event {event_id!r}")
        badge = badge_digest(row["fields"])
        last = con.execute("SELECT job, desk, printer, state, created, badge FROM prints WHERE "
                           "attendee_id = ? AND state != 'failed' ORDER BY id DESC LIMIT 1",
                           (attendee_id,)).fetchone()
        if (last is not None and last["badge"] in (None, badge)
                and now - last["created"] < DOUBLE_CLICK):
            return {"job": last["job"], "printer": last["printer"] or "browser",
                    "state": last["state"], "repeated": True}
        done = con.execute(f"SELECT desk, created, badge FROM prints p WHERE attendee_id = ? "
                           f"AND {PRINTED} ORDER BY id DESC LIMIT 1", (attendee_id,)).fetchone()
        if done is not None and done["badge"] in (None, badge) and not reprint:
            at = datetime.fromtimestamp(done["created"]).strftime("%H:%M")
            raise AlreadyPrintedError(f"already printed at {at} at {done['desk']}; print again?")
        job = secrets.token_hex(8)
        con.execute("INSERT INTO jobs (id, event_id, kind, state, done, total, created) "
                    "VALUES (?, ?, 'print', 'queued', 0, 1, ?)", (job, event_id, now))
        con.execute("INSERT INTO prints (attendee_id, desk, printer, job, state, created, "
                    "badge) VALUES (?, ?, ?, ?, 'queued', ?, ?)",
                    (attendee_id, desk, queue, job, now, badge))
    state, message, cups = send_badge(app, ev, row, queue, job)
    set_print(app, job, state, message, cups)
    return {"job": job, "printer": queue or "browser", "state": state, "message": message,
            "cups": cups}


def pdf_path(app: App, event_id: str, job: str) -> Path:
    """Where the one-badge PDF of print ``job`` is kept."""
    return app.store.data / "events" / event_id / "prints" / f"{job}.pdf"


def send_badge(app: App, ev: dict[str, Any], row: Any, queue: str | None, job: str
               ) -> tuple[str, str | None, str | None]:
    """Make the badge of the attendee ``row`` (unless its PDF is there already) and send it
    to ``queue`` (None: the browser prints it); ``(state, message, CUPS request id)``. Any
    failure is the state ``failed`` with its one line.
    """
    pdf = pdf_path(app, ev["id"], job)
    try:
        if not pdf.is_file():
            pdf.parent.mkdir(parents=True, exist_ok=True)
            info = app.engine.warm_prints.info(ev) or _walkin_info(row)
            app.engine.warm_prints.one_pdf(ev, info, as_attendee(row), pdf)
        if queue:
            cups = printing.submit(queue, pdf, title=job_title(job)).id
            return "queued", f"request id is {cups}", cups
    except Exception as exc:  # the print is recorded as failed; the attendee stays
        return "failed", str(exc).splitlines()[0] if str(exc) else type(exc).__name__, None
    return "done", None, None


def job_title(job: str) -> str:
    """The CUPS job title of print ``job`` (how a job is found again after a stop)."""
    return f"badge {job}"


def _walkin_info(row: Any) -> SourceInfo:
    fields = json.loads(row["fields"])
    return SourceInfo("walk-in", headers=tuple(fields))


def set_print(app: App, job: str, state: str, message: str | None,
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
