"""Following a desk's print job until it ends: queued -> printing -> done, or held (the
printer is stopped, with its message) or failed (with CUPS's reason).

A print's state is stored with it (``prints``); while it is still live and went to a CUPS
queue, asking for it asks CUPS (``lpstat``, through :func:`badgepress.web.engine.printing.status`)
and stores what changed. Several desks asking about the same job within
:data:`FRESH` seconds share one answer from CUPS.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from badgepress.web.engine import printing
from badgepress.web.store import NotFoundError, Store
from badgepress.web.store.db import iso_time

#: States a job can still leave.
LIVE = ("queued", "printing", "held")
#: Seconds for which CUPS's answer about a job is reused.
FRESH = 0.7

_asked: dict[str, tuple[float, printing.JobStatus]] = {}
_asked_lock = threading.Lock()


def _cups_status(job: printing.Job) -> printing.JobStatus:
    now = time.monotonic()
    with _asked_lock:
        hit = _asked.get(job.id)
    if hit is not None and now - hit[0] < FRESH:
        return hit[1]
    status = printing.status(job)
    with _asked_lock:
        if len(_asked) > 512:
            _asked.clear()
        _asked[job.id] = (time.monotonic(), status)
    return status


def job_state(store: Store, event_id: str, job_id: str) -> dict[str, Any]:
    """A desk print job: ``{"job", "attendee", "desk", "printer", "state", "message", "cups",
    "at"}``, asking CUPS first while it is live.
    """
    store.event(event_id)
    with store.db.read() as con:
        row = con.execute(
            "SELECT p.* FROM prints p JOIN attendees a ON a.id = p.attendee_id WHERE p.job = ? "
            "AND a.event_id = ?", (job_id, event_id)).fetchone()
    if row is None:
        raise NotFoundError(f"no print job {job_id!r} in event {event_id!r}")
    out = dict(row)
    if out["state"] in LIVE and out["cups_job"] and out["printer"]:
        st = _cups_status(printing.Job(out["cups_job"], out["printer"]))
        message = st.message or (out["message"] if st.state == "queued" else "") or None
        if (st.state, message) != (out["state"], out["message"]):
            with store.db.connect(durable=False) as con:
                con.execute("UPDATE prints SET state = ?, message = ? WHERE job = ?",
                            (st.state, message, job_id))
                con.execute("UPDATE jobs SET state = ?, error = ? WHERE id = ?",
                            (st.state, message if st.state == "failed" else None, job_id))
            out["state"], out["message"] = st.state, message
    return {"job": out["job"], "attendee": out["attendee_id"], "desk": out["desk"],
            "printer": out["printer"] or "browser", "state": out["state"],
            "message": out["message"], "cups": out["cups_job"],
            "at": iso_time(out["created"])}
