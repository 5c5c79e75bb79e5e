"""Self check-in at a kiosk: one attendee finds their own badge by the code their ticket's QR
code holds (the list's ticket id by default, else the e-mail; the organiser may choose another
column), or by their e-mail and surname; sees their name as it will print; prints it on the
kiosk's printer and stock (a kiosk is a desk: ``engine.desks``, the same ``PUT
/api/events/{e}/desks/{desk}``), recorded like a desk's print (the desks and the exports show
it).

Never another attendee, never a list: an unknown code, a code two attendees share, an attendee
no longer in the list, and a badge printed before all answer "ask at the desk" (a reprint is a
staffed desk's decision) and say nothing more.
"""

from __future__ import annotations

from typing import Any

from badgepress.errors import InputError
from badgepress.web.engine.desks import desk_name
from badgepress.web.engine.prints import AlreadyPrintedError, Host, print_badge
from badgepress.web.store import ConflictError, NotFoundError
from badgepress.web.store.attendees import as_attendee, by_code
from badgepress.web.store.events import kiosk, kiosk_code, kiosk_page, set_kiosk

#: A kiosk's name when its link names none.
KIOSK = "Kiosk"
#: What a kiosk says for a code it cannot act on.
UNKNOWN = "We could not find this ticket: please ask at the desk."
PRINTED_BEFORE = "This badge has been printed already: please ask at the desk."


class PrintedBeforeError(ConflictError):
    """The attendee's badge reached a printer before (the kiosk answers 409)."""


def settings(app: Host, event_id: str) -> dict[str, Any]:
    """``GET /api/events/{e}/kiosk``: the kiosk's settings (``store.events.kiosk``) with
    ``"code"``: the column a code is matched with now, ``"columns"``: those it may be, and
    ``"kiosk_link"``.
    """
    return kiosk_page(app.store, event_id)


def page_setup(app: Host, event_id: str) -> dict[str, Any]:
    """What the kiosk's page needs of its settings (:func:`settings` without the link)."""
    return dict(kiosk(app.store, event_id), code=kiosk_code(app.store, event_id))


def set_settings(app: Host, event_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """``PUT /api/events/{e}/kiosk``: change the kiosk's settings; returns :func:`settings`."""
    set_kiosk(app.store, event_id, values)
    return settings(app, event_id)


def _one(app: Host, event_id: str, code: str, email: str, surname: str) -> dict[str, Any]:
    """The one attendee a kiosk's request names, not printed before; else ``NotFoundError``
    or :class:`PrintedBeforeError` with the kiosk's words.
    """
    ev = app.store.event(event_id)
    if code.strip():
        column = kiosk_code(app.store, event_id, app.engine.warm_prints.info(ev))
        found = by_code(app.store.db, event_id, column, code)
    elif email.strip() and surname.strip():
        found = by_code(app.store.db, event_id, "email", email, surname)
    else:
        raise InputError("scan your ticket's code, or type your e-mail and surname")
    if len(found) != 1:
        raise NotFoundError(UNKNOWN)
    if found[0]["printed"]:
        raise PrintedBeforeError(PRINTED_BEFORE)
    return found[0]


def lookup(app: Host, event_id: str, code: str, email: str = "", surname: str = ""
           ) -> dict[str, str]:
    """``{"name": the name as the badge prints it}`` for the attendee of ``code`` (or of
    ``email`` and ``surname``); else 404 with one line: unknown, or printed before (the
    look-up has no other answer; the print says 409 for the second).
    """
    try:
        row = _one(app, event_id, code, email, surname)
    except PrintedBeforeError as exc:
        raise NotFoundError(str(exc)) from None
    ev = app.store.event(event_id)
    return {"name": app.engine.warm_prints.name_as_printed(ev, as_attendee(row))}


def print_own(app: Host, event_id: str, code: str, name: str, email: str = "",
              surname: str = "") -> dict[str, Any]:
    """Print the badge of the attendee of ``code`` (or ``email`` and ``surname``) at the kiosk
    ``name`` (its desk setting: printer and stock; never held for a sheet): ``{"job",
    "printer", "state", "where"}``; 404 unknown, 409 printed before.
    """
    row = _one(app, event_id, code, email, surname)
    try:
        out = print_badge(app, event_id, int(row["id"]), desk_name(name or KIOSK), hold=False)
    except AlreadyPrintedError:
        raise PrintedBeforeError(PRINTED_BEFORE) from None
    return {"job": out["job"], "printer": out["printer"], "state": out["state"],
            "where": kiosk(app.store, event_id)["where"]}
