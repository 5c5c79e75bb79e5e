"""The registration desk: walk-ins, printing one badge on the spot, and who was printed.

A walk-in is committed (WAL, synchronous) before the answer goes back and before anything is
printed, so a printer failure never loses it; a client's ``request`` id makes a resent form
the same walk-in, not a second one. A print is recorded first, then its one-badge PDF is made
with the library (:func:`badgepress.build.press`, as previews are) and sent to the desk's CUPS
queue with ``lp`` (an argument list, never a shell), or left for the browser's print dialog.
A second press of Print on the same attendee within :data:`DOUBLE_CLICK` seconds is the same
job; a reprint must say so (``"reprint": true``), otherwise the answer says when and where the
badge was printed.
"""

from __future__ import annotations

import json
import secrets
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from badgepress.desk import printing
from badgepress.errors import InputError
from badgepress.model import compose_name
from badgepress.web.imports import MAPPED_FIELDS, as_attendee, attendee_row, fold
from badgepress.web.service import App, NotFoundError

#: Seconds in which a second Print of the same attendee is taken for a double click.
DOUBLE_CLICK = 3.0


class AlreadyPrintedError(InputError):
    """A reprint that was not confirmed (the API answers 409)."""


def now_iso() -> str:
    """The time now, ISO-8601 in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def add_walkin(app: App, event_id: str, data: dict[str, Any]) -> tuple[int, bool]:
    """Save a walk-in; ``(id, new)``. ``data`` holds the attendee fields (``first_name``,
    ``last_name``, ``company``, ``role``, ...) and optionally ``request`` (a client's id for
    this submission: sent twice, it is one walk-in).
    """
    app.event(event_id)
    fields = {k: " ".join(str(data.get(k, "")).split()) for k in MAPPED_FIELDS
              if str(data.get(k, "")).strip()}
    if "ticket" in data and str(data["ticket"]).strip():
        fields["id"] = str(data["ticket"]).strip()
    if "name" not in fields:
        fields["name"] = compose_name(fields.get("first_name", ""), fields.get("last_name", ""))
    if not fields["name"]:
        raise InputError("a walk-in needs a name: fill in the first or last name")
    info = app.info(event_id)
    if info is not None:  # the list's own columns too, so layouts that name them work
        for key, column in info.mapping.items():
            if key in fields:
                fields.setdefault(column, fields[key])
    request = str(data.get("request") or secrets.token_hex(8))[:64]
    key = f"walkin:{request}"
    now = time.time()
    with app.db.connect() as con:
        row = con.execute("SELECT id FROM attendees WHERE event_id = ? AND key = ?",
                          (event_id, key)).fetchone()
        if row is not None:
            return int(row["id"]), False
        cur = con.execute(
            "INSERT INTO attendees (event_id, source, key, row, fields, search, created, "
            "updated) VALUES (?, 'walkin', ?, NULL, ?, ?, ?, ?)",
            (event_id, key, json.dumps(fields, ensure_ascii=False),
             fold(" ".join(fields.values())), now, now))
        con.execute("UPDATE events SET updated = ? WHERE id = ?", (now, event_id))
        assert cur.lastrowid is not None
        return cur.lastrowid, True


def attendee_detail(app: App, event_id: str, attendee_id: int) -> dict[str, Any]:
    """An attendee as the API shows it, with ``printed`` (how many times), ``prints`` (when,
    where, state) and ``checked_in``.
    """
    row = app.attendee(event_id, attendee_id)
    out = attendee_row(row)
    with app.db.read() as con:
        prints = [dict(r) for r in con.execute(
            "SELECT desk, printer, job, state, message, created FROM prints WHERE "
            "attendee_id = ? ORDER BY id", (attendee_id,))]
    out["printed"] = sum(1 for p in prints if p["state"] != "failed")
    out["prints"] = [dict(p, at=datetime.fromtimestamp(p.pop("created"), UTC).replace(
        microsecond=0).isoformat()) for p in prints]
    return out


def print_badge(app: App, event_id: str, attendee_id: int, desk: str, *,
                reprint: bool = False, printer: str | None = None) -> dict[str, Any]:
    """Print one badge at ``desk``: ``{"job", "printer", "state"}``. ``printer`` is a CUPS
    queue (default: the event's; none: the browser prints ``/api/prints/{job}.pdf``).
    """
    desk = " ".join(desk.split()) or "desk"
    ev = app.event(event_id)
    queue = printer or ev.get("printer") or app.printer
    now = time.time()
    with app.lock(f"print:{event_id}"), app.db.connect() as con:
        last = con.execute("SELECT job, desk, state, created FROM prints WHERE attendee_id = ? "
                           "AND state != 'failed' ORDER BY id DESC LIMIT 1",
                           (attendee_id,)).fetchone()
        if last is not None and now - last["created"] < DOUBLE_CLICK:
            return {"job": last["job"], "printer": queue or "browser", "state": last["state"],
                    "repeated": True}
        if last is not None and not reprint:
            at = datetime.fromtimestamp(last["created"]).strftime("%H:%M")
            raise AlreadyPrintedError(f"already printed at {at} at {last['desk']}; print again?")
        row = con.execute("SELECT * FROM attendees WHERE event_id = ? AND id = ?",
                          (event_id, attendee_id)).fetchone()
        if row is None:
            raise NotFoundError(f"no attendee {attendee_id} in event {event_id!r}")
        job = secrets.token_hex(8)
        con.execute("INSERT INTO jobs (id, event_id, kind, state, done, total, created) "
                    "VALUES (?, ?, 'print', 'queued', 0, 1, ?)", (job, event_id, now))
        con.execute("INSERT INTO prints (attendee_id, desk, printer, job, state, created) "
                    "VALUES (?, ?, ?, ?, 'queued', ?)", (attendee_id, desk, queue, job, now))
        con.execute("UPDATE attendees SET checked_in = COALESCE(checked_in, ?) WHERE id = ?",
                    (now_iso(), attendee_id))
    pdf = app.data / "events" / event_id / "prints" / f"{job}.pdf"
    state, message = "done", None
    try:
        pdf.parent.mkdir(parents=True, exist_ok=True)
        info = app.info(event_id) or _walkin_info(app, row)
        app.previews.one_pdf(app.layout_ref(ev), info, as_attendee(row), pdf)
        if queue:
            state, message = "printing", send_to_cups(queue, pdf, title=f"badge {job}")
    except Exception as exc:  # the print is recorded as failed; the attendee stays
        state, message = "failed", str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    _set_print(app, job, state, message)
    return {"job": job, "printer": queue or "browser", "state": state, "message": message}


def _walkin_info(app: App, row: Any) -> Any:
    from badgepress.model import SourceInfo

    fields = json.loads(row["fields"])
    return SourceInfo("walk-in", headers=tuple(fields))


def _set_print(app: App, job: str, state: str, message: str | None) -> None:
    with app.db.connect() as con:
        con.execute("UPDATE prints SET state = ?, message = ? WHERE job = ?",
                    (state, message, job))
        con.execute("UPDATE jobs SET state = ?, error = ?, done = ?, finished = ? WHERE id = ?",
                    (state, message if state == "failed" else None,
                     1 if state != "failed" else 0, time.time(), job))


def send_to_cups(queue: str, pdf: Path, *, title: str) -> str:
    """Submit ``pdf`` to the CUPS queue ``queue`` through the desk library
    (:func:`badgepress.desk.printing.submit`: ``lp`` with arguments, never a shell); returns
    "request id is QUEUE-12". Raises ``PrintError`` with CUPS's message when it refuses.
    """
    return f"request id is {printing.submit(queue, pdf, title=title).id}"


def queues() -> tuple[list[str], str | None]:
    """The CUPS queues, and why the list is empty when it is (the desk library's answer)."""
    found = printing.queues()
    return [q.name for q in found.queues], found.reason


EXPORT_HEADER = ("source", "row", "first_name", "last_name", "name", "company", "job_title",
                 "role", "email", "ticket", "checked_in", "printed", "desk")


def export_rows(app: App, event_id: str) -> list[list[str | int]]:
    """Every attendee (as :data:`EXPORT_HEADER`): source (import, walkin), row, fields,
    check-in time, prints and the last desk, in list order with walk-ins last.
    """
    app.event(event_id)
    with app.db.read() as con:
        rows = con.execute(
            "SELECT a.*, (SELECT COUNT(*) FROM prints p WHERE p.attendee_id = a.id AND "
            "p.state != 'failed') AS printed, (SELECT desk FROM prints p WHERE p.attendee_id "
            "= a.id ORDER BY p.id DESC LIMIT 1) AS desk FROM attendees a WHERE event_id = ? "
            "ORDER BY a.row IS NULL, a.row, a.id", (event_id,)).fetchall()
    out: list[list[str | int]] = []
    for r in rows:
        f = json.loads(r["fields"])
        out.append([r["source"], r["row"] or "", *(f.get(k, "") for k in (
            "first_name", "last_name", "name", "company", "job_title", "role", "email", "id")),
            r["checked_in"] or "", r["printed"], r["desk"] or ""])
    return out


def export_csv(app: App, event_id: str) -> str:
    """:func:`export_rows` as CSV; text cells that a spreadsheet would run as a formula are
    prefixed with ``'``.
    """
    import csv
    import io

    from badgepress.web.exports import cell

    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(EXPORT_HEADER)
    for row in export_rows(app, event_id):
        w.writerow([cell(v) if isinstance(v, str) else v for v in row])
    return out.getvalue()


def export_xlsx(app: App, event_id: str) -> bytes:
    """:func:`export_rows` as an .xlsx workbook (text stays text, never a formula)."""
    from badgepress.readers.export import workbook_bytes

    return workbook_bytes("Attendees", EXPORT_HEADER, export_rows(app, event_id))
