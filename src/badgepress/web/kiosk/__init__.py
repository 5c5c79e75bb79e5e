"""The kiosk: attendees print their own badge. Its page (``page``: scan a ticket's code or
type an e-mail and surname, see the name as it will print, Print, then where to take it), its
API (``api``: one look-up and one print, through the kiosks' budget; the organiser's kiosk
settings) and the check-in itself (``checkin``: one attendee by their code, never a list,
"ask at the desk" for anything else).

A face beside the organiser's and the desk's: it reads the event through the store, prints
through the engine (``engine.prints``, the desk's own printing, at the kiosk's desk setting:
its printer and stock), and reaches routes through the edge. Imports ``errors``, ``model``,
and the web rooms ``edge``, ``engine``, ``store``; never another face.

Public names: :data:`ROUTES` (the page's and the API's), and the modules above.
"""

from badgepress.web.kiosk import api, page

ROUTES = [*page.ROUTES, *api.ROUTES]

__all__ = ["ROUTES"]
