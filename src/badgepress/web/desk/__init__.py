"""The registration desk: its page and JSON API, walk-ins and corrections (``walkins``),
print jobs followed until they end (``jobs``), and the prints a stopped server left, settled
(``settle``). Printing one badge on the spot, each desk's printer and stock, and CUPS itself
are the engine's (``engine.prints``, ``engine.desks``, ``engine.printing``), which the kiosk
prints through too.

A face beside the organiser's and the kiosk's: it reads and writes the event through the
store, prints through the engine, and reaches routes through the edge.
Imports ``errors``, ``model``, and the web rooms ``edge``, ``engine``, ``store``.

Public names: :data:`ROUTES` (the page's and the API's), and the modules above.
"""

from badgepress.web.desk import api, page

ROUTES = [*page.ROUTES, *api.ROUTES]

__all__ = ["ROUTES"]
