"""The registration desk: walk-ins, printing one badge on the spot, and who was printed.

A walk-in is committed (WAL, synchronous) before the answer goes back and before anything is
printed, so a printer failure never loses it; a client's ``request`` id makes a resent form
the same walk-in, not a second one. A print is recorded first, then its one-badge PDF is made
with the library (:func:`badgepress.press.press`, as previews are) and sent to the desk's CUPS
queue with ``lp`` (an argument list, never a shell), or left for the browser's print dialog.
A second press of Print on the same attendee within :data:`DOUBLE_CLICK` seconds is the same
job; a reprint must say so (``"reprint": true``), otherwise the answer says when and where the
badge was printed.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from datetime import UTC, datetime
from typing import Any

from badgepress.desk import printing
from badgepress.errors import InputError
from badgepress.model import SourceInfo, compose_name
from badgepress.web.db import event_dict, iso_time
from badgepress.web.desks import chosen, desk_name, queue_for
from badgepress.web.imports import MAPPED_FIELDS, as_attendee, attendee_row, fold
from badgepress.web.service import App, NotFoundError

#: Seconds in which a second Print of the same attendee is taken for a double click.
DOUBLE_CLICK = 3.0


class DeskConflictError(InputError):
    """A desk request that conflicts with the attendee's state (the API answers 409)."""


class AlreadyPrintedError(DeskConflictError):
    """A reprint that was not confirmed (the API answers 409)."""


class NotAWalkinError(DeskConflictError):
    """A correction of an attendee from the organiser's list (the API answers 409)."""


def now_iso() -> str:
    """The time now, ISO-8601 in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _given(data: dict[str, Any]) -> dict[str, str]:
    """The attendee fields in a desk's request body, spaces collapsed (``ticket`` is the
    ticket id, stored as ``id``); a field sent empty is ``""``.
    """
    out = {k: " ".join(str(data[k]).split()) for k in MAPPED_FIELDS if k in data}
    if "ticket" in data:
        out["id"] = str(data["ticket"]).strip()
    return out


def _with_columns(fields: dict[str, str], info: SourceInfo | None, given: dict[str, str],
                  *, replace: bool) -> None:
    """Copy the given canonical fields to the list's own columns (``info.mapping``), so that
    layouts that name a column (``{First Name}``) show them too.
    """
    if info is None:
        return
    for key, column in info.mapping.items():
        if key in given and column != key and (replace or column not in fields):
            fields[column] = fields.get(key, "")


def add_walkin(app: App, event_id: str, data: dict[str, Any]) -> tuple[int, bool]:
    """Save a walk-in; ``(id, new)``. ``data`` holds the attendee fields (``first_name``,
    ``last_name``, ``company``, ``role``, ...) and optionally ``request`` (a client's id for
    this submission: sent twice, it is one walk-in).
    """
    ev = app.event(event_id)
    given = _given(data)
    fields = {k: v for k, v in given.items() if v}
    if "name" not in fields:
        fields["name"] = compose_name(fields.get("first_name", ""), fields.get("last_name", ""))
    if not fields["name"]:
        raise InputError("a walk-in needs a name: fill in the first or last name")
    # the list's own columns too, so layouts that name them work
    _with_columns(fields, app.warm_prints.info(ev), fields, replace=False)
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


def correct_walkin(app: App, event_id: str, attendee_id: int, data: dict[str, Any]
                   ) -> dict[str, Any]:
    """Correct a walk-in added at a desk: the fields in ``data`` (as for :func:`add_walkin`;
    a field sent empty is cleared, one not sent is kept) replace the stored ones, and the name
    is composed again from the first and last name unless ``name`` is sent. Committed before
    the answer (:func:`attendee_detail`). Attendees from the organiser's list are not
    corrected here (``NotAWalkinError``): the list is theirs.
    """
    ev = app.event(event_id)
    given = _given(data)
    info = app.warm_prints.info(ev)
    with app.db.connect() as con:
        row = con.execute("SELECT * FROM attendees WHERE event_id = ? AND id = ?",
                          (event_id, attendee_id)).fetchone()
        if row is None:
            raise NotFoundError(f"no attendee {attendee_id} in event {event_id!r}")
        if row["source"] != "walkin":
            raise NotAWalkinError(
                f"attendee {attendee_id} comes from the organiser's list (row {row['row']}): "
                "correct them in the list and upload it again; only walk-ins added at a desk "
                "are corrected here")
        fields: dict[str, str] = json.loads(row["fields"])
        fields.update(given)
        if "name" not in given and ({"first_name", "last_name"} & given.keys()):
            fields["name"] = compose_name(fields.get("first_name", ""),
                                          fields.get("last_name", ""))
        if not fields.get("name"):
            raise InputError("a walk-in needs a name: fill in the first or last name")
        _with_columns(fields, info, given | ({"name": ""} if "name" in fields else {}),
                      replace=True)
        fields = {k: v for k, v in fields.items() if v}
        now = time.time()
        con.execute("UPDATE attendees SET fields = ?, search = ?, updated = ? WHERE id = ?",
                    (json.dumps(fields, ensure_ascii=False), fold(" ".join(fields.values())),
                     now, attendee_id))
        con.execute("UPDATE events SET updated = ? WHERE id = ?", (now, event_id))
    return attendee_detail(app, event_id, attendee_id)


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
    out["prints"] = [dict(p, at=iso_time(p.pop("created"))) for p in prints]
    return out


def badge_digest(fields: str) -> str:
    """What identifies the badge printed from an attendee's stored ``fields`` (JSON)."""
    return hashlib.sha256(fields.encode()).hexdigest()[:16]


def print_badge(app: App, event_id: str, attendee_id: int, desk: str, *,
                reprint: bool = False, printer: str | None = None) -> dict[str, Any]:
    """Print one badge at ``desk``: ``{"job", "printer", "state", "message", "cups"}``.
    ``printer`` is a CUPS queue (default: the one the desk chose, else the event's, else
    ``serve --printer``; none: the browser prints ``/api/prints/{job}.pdf``). The print is
    recorded (and the check-in) before the badge is made; CUPS's request id is kept, so the
    job can be followed (:func:`badgepress.web.deskjobs.job_state`). An attendee printed
    before needs ``reprint``, unless the badge changed since (a corrected walk-in).
    """
    desk = desk_name(desk)
    now = time.time()
    with app.lock(f"print:{event_id}"), app.db.connect() as con:
        found = con.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        if found is None:
            raise NotFoundError(f"no event {event_id!r}")
        ev = event_dict(found)
        queue = printer or queue_for(app, ev, chosen(con, event_id, desk))
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
    pdf = app.data / "events" / event_id / "prints" / f"{job}.pdf"
    state, message, cups = "done", None, None
    try:
        pdf.parent.mkdir(parents=True, exist_ok=True)
        info = app.warm_prints.info(ev) or _walkin_info(app, row)
        app.warm_prints.one_pdf(ev, info, as_attendee(row), pdf)
        if queue:
            cups = printing.submit(queue, pdf, title=f"badge {job}").id
            state, message = "queued", f"request id is {cups}"
    except Exception as exc:  # the print is recorded as failed; the attendee stays
        state, message = "failed", str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    _set_print(app, job, state, message, cups)
    return {"job": job, "printer": queue or "browser", "state": state, "message": message,
            "cups": cups}


def _walkin_info(app: App, row: Any) -> Any:
    from badgepress.model import SourceInfo

    fields = json.loads(row["fields"])
    return SourceInfo("walk-in", headers=tuple(fields))


def _set_print(app: App, job: str, state: str, message: str | None,
               cups: str | None = None) -> None:
    # Not flushed to disk on its own (durable=False): the print itself was recorded, durably,
    # before the badge was made; this is CUPS's answer, which survives a killed server and
    # can be asked again (deskjobs) after a power cut.
    with app.db.connect(durable=False) as con:
        con.execute("UPDATE prints SET state = ?, message = ?, cups_job = COALESCE(?, "
                    "cups_job) WHERE job = ?", (state, message, cups, job))
        con.execute("UPDATE jobs SET state = ?, error = ?, done = ?, finished = ? WHERE id = ?",
                    (state, message if state == "failed" else None,
                     1 if state != "failed" else 0, time.time(), job))


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
