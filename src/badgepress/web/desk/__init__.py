"""The registration desk: its page and JSON API, walk-ins and corrections (``walkins``),
printing one badge on the spot (``prints``), each desk's printer (``desks``), print jobs
followed until they end (``jobs``), and CUPS through its command-line tools (``printing``:
``lp``, ``lpstat``, argument lists, never a shell).

A face beside the organiser's: it reads and writes the event through the store, makes the
one-badge PDF with the engine's warm print state, and reaches routes through the edge.
Imports ``errors``, ``model``, and the web rooms ``edge``, ``engine``, ``store``.

Public names: :data:`ROUTES` (the page's and the API's), and the modules above.
"""

from badgepress.web.desk import api, page

ROUTES = [*page.ROUTES, *api.ROUTES]

__all__ = ["ROUTES"]
