"""Who may do what: the organiser does everything; a desk (someone who opened an event's desk
link) may run that event's desk and nothing else; a kiosk (a screen that opened the event's
kiosk link) may let one attendee at a time find and print their own badge, and nothing else.

A desk may find attendees (and list who has not arrived yet), see the event's counts, add
walk-ins and correct any attendee's badge text, print and follow its jobs, choose its
printer, and download the check-ins (the exports); it may not create, change, build or delete
an event, upload or replace a list, change the mapping or the design. Its link holds the
event's desk token (``events.desk_token``), separate from the organiser's token: giving
volunteers the desk link never gives them the organiser's app.

A kiosk may open its page, look one code up (the name as it will print, nothing more) and
print that badge, for its own event; everything else (attendee lists, the exports, the desks,
the jobs, the organiser's pages) is refused. Its link holds the event's kiosk token
(``events.kiosk_token``), a third one.
"""

from __future__ import annotations

import re

#: What a desk may ask, as (method, path pattern); ``{e}`` is its own event's id.
DESK_MAY = (
    ("GET", r"/events/{e}/desk"),
    ("GET", r"/static/.+"),
    ("GET", r"/favicon\.ico"),
    ("GET", r"/fonts/[^/]+"),
    ("GET", r"/api/printers"),
    ("GET", r"/api/events/{e}/attendees"),
    ("POST", r"/api/events/{e}/attendees"),
    ("GET", r"/api/events/{e}/attendees/\d+"),
    ("PATCH", r"/api/events/{e}/attendees/\d+"),
    ("POST", r"/api/events/{e}/attendees/\d+/print"),
    ("GET", r"/api/events/{e}/jobs/[^/]+"),
    ("GET", r"/api/events/{e}/stats"),
    ("GET", r"/api/prints/[^/]+\.pdf"),  # the print's own event is checked by its handler
    ("GET", r"/api/events/{e}/desks"),
    ("GET", r"/api/events/{e}/desks/[^/]+"),
    ("PUT", r"/api/events/{e}/desks/[^/]+"),
    ("GET", r"/api/events/{e}/export\.(?:csv|xlsx)"),
    ("GET", r"/api/stocks"),  # another event's is refused by its handler
    ("GET", r"/api/events/{e}/desks/[^/]+/badge\.png"),
    ("POST", r"/api/events/{e}/desks/[^/]+/sheet"),
)

#: The answer to anything else a desk asks (403).
DESK_REFUSED = ("refused: a desk link may find, add, correct and print attendees of its event "
                "and download its check-ins; this needs the organiser's link")

#: What a kiosk may ask, as DESK_MAY.
KIOSK_MAY = (
    ("GET", r"/events/{e}/kiosk"),
    ("GET", r"/static/.+"),
    ("GET", r"/favicon\.ico"),
    ("GET", r"/fonts/[^/]+"),
    ("GET", r"/api/events/{e}/kiosk/lookup"),
    ("POST", r"/api/events/{e}/kiosk/print"),
)

#: The answer to anything else a kiosk asks (403).
KIOSK_REFUSED = ("refused: a kiosk link may look up and print one attendee's own badge; "
                 "ask at the desk")

#: Where the guard puts a desk's event id in the request's scope (absent: the organiser).
SCOPE_KEY = "badgepress.desk"
#: Where the guard puts a kiosk's event id in the request's scope.
KIOSK_SCOPE_KEY = "badgepress.kiosk"


def _may(rules: tuple[tuple[str, str], ...], method: str, path: str, event_id: str) -> bool:
    method = "GET" if method == "HEAD" else method
    e = re.escape(event_id)
    return any(m == method and re.fullmatch(pattern.replace("{e}", e), path)
               for m, pattern in rules)


def desk_may(method: str, path: str, event_id: str) -> bool:
    """Whether a desk of event ``event_id`` may send ``method`` to ``path``."""
    return _may(DESK_MAY, method, path, event_id)


def kiosk_may(method: str, path: str, event_id: str) -> bool:
    """Whether a kiosk of event ``event_id`` may send ``method`` to ``path``."""
    return _may(KIOSK_MAY, method, path, event_id)
