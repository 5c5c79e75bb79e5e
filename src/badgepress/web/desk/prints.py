"""Printing one badge on the spot: the print is recorded (with the check-in) before the badge
is made; its one-badge PDF is made with the library (the engine's warm print state, the
build's own pipeline) and sent to the desk's CUPS queue with ``lp`` (an argument list, never a
shell), or left for the browser's print dialog.

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
from typing import Any

from badgepress.model import SourceInfo
from badgepress.web.desk import printing
from badgepress.web.desk.desks import chosen, desk_name, queue_for
from badgepress.web.desk.walkins import AlreadyPrintedError, now_iso
from badgepress.web.edge import App
from badgepress.web.store import NotFoundError
from badgepress.web.store.attendees import as_attendee
from badgepress.web.store.db import event_dict

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
    recorded (and the check-in) before the badge is made; CUPS's request id is kept, so the
    job can be followed (:func:`badgepress.web.desk.jobs.job_state`). An attendee printed
    before needs ``reprint``, unless the badge changed since (a corrected walk-in).
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
        same = last is not None and last["badge"] in (None, badge)
        if same and now - last["created"] < DOUBLE_CLICK:
            return {"job": last["job"], "printer": last["printer"] or "browser",
                    "state": last["state"], "repeated": True}
        if same and not reprint:
            at = datetime.fromtimestamp(last["created"]).strftime("%H:%M")
            raise AlreadyPrintedError(f"already printed at {at} at {last['desk']}; print again?")
        job = secrets.token_hex(8)
        con.execute("INSERT INTO jobs (id, event_id, kind, state, done, total, created) "
                    "VALUES (?, ?, 'print', 'queued', 0, 1, ?)", (job, event_id, now))
        con.execute("INSERT INTO prints (attendee_id, desk, printer, job, state, created, "
                    "badge) VALUES (?, ?, ?, ?, 'queued', ?, ?)",
                    (attendee_id, desk, queue, job, now, badge))
        con.execute("UPDATE attendees SET checked_in = COALESCE(checked_in, ?) WHERE id = ?",
                    (now_iso(), attendee_id))
    pdf = app.store.data / "events" / event_id / "prints" / f"{job}.pdf"
    state, message, cups = "done", None, None
    try:
        pdf.parent.mkdir(parents=True, exist_ok=True)
        info = app.engine.warm_prints.info(ev) or _walkin_info(row)
        app.engine.warm_prints.one_pdf(ev, info, as_attendee(row), pdf)
        if queue:
            cups = printing.submit(queue, pdf, title=f"badge {job}").id
            state, message = "queued", f"request id is {cups}"
    except Exception as exc:  # the print is recorded as failed; the attendee stays
        state, message = "failed", str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    _set_print(app, job, state, message, cups)
    return {"job": job, "printer": queue or "browser", "state": state, "message": message,
            "cups": cups}


def _walkin_info(row: Any) -> SourceInfo:
    fields = json.loads(row["fields"])
    return SourceInfo("walk-in", headers=tuple(fields))


def _set_print(app: App, job: str, state: str, message: str | None,
               cups: str | None = None) -> None:
    # Not flushed to disk on its own (durable=False): the print itself was recorded, durably,
    # before the badge was made; this is CUPS's answer, which survives a killed server and
    # can be asked again (deskjobs) after a power cut.
    with app.store.db.connect(durable=False) as con:
        con.execute("UPDATE prints SET state = ?, message = ?, cups_job = COALESCE(?, "
                    "cups_job) WHERE job = ?", (state, message, cups, job))
        con.execute("UPDATE jobs SET state = ?, error = ?, done = ?, finished = ? WHERE id = ?",
                    (state, message if state == "failed" else None,
                     1 if state != "failed" else 0, time.time(), job))


def queues() -> tuple[list[str], str | None]:
    """The CUPS queues, and why the list is empty when it is (the desk library's answer)."""
    found = printing.queues()
    return [q.name for q in found.queues], found.reason
