"""Print jobs a stopped server left unsettled, settled when it starts again.

A desk's print is recorded as queued before its badge is made, and CUPS's request id is stored
(with the check-in) once ``lp`` took the job (:mod:`badgepress.web.engine.prints`). A server
killed in between leaves prints that are still queued, printing or held. On start, each is
checked against CUPS (``lpstat``, ``lpq``) and settled:

- it has CUPS's request id: its state is CUPS's (done, held, queued, printing, or failed when
  CUPS lost it);
- it has none, but CUPS holds a waiting job with its title (``lp`` took it just before the
  stop): that job is its job;
- it has none and CUPS has no such job: the badge is sent again, **once** (its PDF, or made
  again), if it was asked for in the last :data:`RESUBMIT_WITHIN` seconds and no later print
  of the attendee reached a printer; otherwise it fails with a one-line reason, and the desk
  prints again (the attendee does not count as printed);
- a browser print (no queue) that never got its PDF fails;
- a print of a held sheet (``engine.prints.print_sheet``) is its sheet's: it takes the job CUPS
  has for the sheet (by the sheet's title), or fails when CUPS has none (the sheet is never
  sent again badge by badge).

While CUPS does not answer, prints with a request id are left as they are (the desk's page
asks CUPS again as it follows them).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from typing import Any

from badgepress.web.desk.jobs import LIVE
from badgepress.web.edge import App
from badgepress.web.engine import printing
from badgepress.web.engine.desks import setting
from badgepress.web.engine.prints import SHEET_OF, job_title, send_badge, set_print
from badgepress.web.store.db import PRINTED, event_dict

#: Seconds after which a print cut by a stop is not sent again (the attendee has gone).
RESUBMIT_WITHIN = 15 * 60.0

log = logging.getLogger("badgepress.web")


def settle_prints(app: App) -> Counter[str]:
    """Settle every print left queued, printing or held (see the module docstring); returns
    how many ended in each state (``"resubmitted"`` for those sent again).
    """
    with app.store.db.read() as con:
        rows = [dict(r) for r in con.execute(
            "SELECT p.*, a.event_id FROM prints p JOIN attendees a ON a.id = p.attendee_id "
            f"WHERE p.state IN ({', '.join('?' * len(LIVE))}) ORDER BY p.id", LIVE)]
    outcome: Counter[str] = Counter()
    if not rows:
        return outcome
    found = printing.queues()
    cups_up = bool(found.queues) or found.reason == printing.NO_QUEUES
    for row in rows:
        try:
            outcome[_settle(app, row, cups_up)] += 1
        except Exception:  # one print's trouble never stops the others' (nor the server)
            log.exception("badgepress: could not settle the print job %s", row["job"])
            outcome["unsettled"] += 1
    log.warning("badgepress: settled %d print job(s) left by a stopped server: %s",
                len(rows), ", ".join(f"{n} {k}" for k, n in sorted(outcome.items())))
    return outcome


def _settle(app: App, row: dict[str, Any], cups_up: bool) -> str:
    """Settle one print (a ``prints`` row with its ``event_id``); returns its outcome."""
    job, queue = row["job"], row["printer"]
    if queue is None:  # the browser path: its PDF was never made
        set_print(app, job, "failed", "the server stopped before the badge was made; print "
                  "again")
        return "failed"
    if not cups_up:
        return "unsettled"
    sheet = _sheet_of(row)
    cups = row["cups_job"] or printing.titled(queue, job_title(sheet or job))
    if cups is not None:
        status = printing.status(printing.Job(cups, queue))
        set_print(app, job, status.state, status.message or f"request id is {cups}", cups)
        return status.state
    why = _not_again(app, row) if sheet is None else (
        "the server stopped before this badge's sheet reached the printer; print again")
    if why is not None:
        set_print(app, job, "failed", why)
        return "failed"
    with app.store.db.connect() as con:  # counted before it is sent: never a third time
        con.execute("UPDATE prints SET tries = tries + 1 WHERE job = ?", (job,))
        ev = event_dict(con.execute("SELECT * FROM events WHERE id = ?",
                                    (row["event_id"],)).fetchone())
        attendee = con.execute("SELECT * FROM attendees WHERE id = ?",
                               (row["attendee_id"],)).fetchone()
        driver = setting(con, row["event_id"], row["desk"]).driver  # as the desk chose it
    state, message, cups = send_badge(app, ev, attendee, queue, job, row["stock"], driver)
    set_print(app, job, state, message, cups)
    return "resubmitted" if cups else "failed"


def _sheet_of(row: dict[str, Any]) -> str | None:
    """The first print's job of the held sheet this print went out on, or None."""
    message = row["message"] or ""
    return message.removeprefix(SHEET_OF) if message.startswith(SHEET_OF) else None


def _not_again(app: App, row: dict[str, Any]) -> str | None:
    """Why a print that never reached CUPS is not sent again, or None."""
    if row["tries"]:
        return "the server stopped again before this badge reached the printer; print again"
    if time.time() - row["created"] > RESUBMIT_WITHIN:
        return "the server stopped before this badge reached the printer; print again"
    with app.store.db.read() as con:
        later = con.execute(f"SELECT 1 FROM prints p WHERE attendee_id = ? AND id > ? AND "
                            f"{PRINTED}", (row["attendee_id"], row["id"])).fetchone()
    if later is not None:
        return "printed again meanwhile; this print was not sent"
    return None
