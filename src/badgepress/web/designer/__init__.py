"""The badge designer: the page where an organiser makes the event's own badge without
writing a file (``page``), and its JSON API (``api``): the event's layout as JSON with the
TOML's structure, drafts drawn by the engine for real attendees, live checks, artwork and
font uploads, saving, and the layout zipped to take away. The page's script is
``static/designer/`` (plain SVG over the engine's PNG; the layout JSON is the truth).

A face beside the organiser's and the desk's: it reads and writes the event's design through
the store and draws and checks it with the engine (``engine.designs``), and reaches routes
through the edge. Imports ``errors``, ``model``, and the web rooms ``edge``, ``engine``,
``store``; never ``organiser`` or ``desk``.

Public names: :data:`ROUTES` (the page's and the API's).
"""

from badgepress.web.designer import api, page

ROUTES = [*page.ROUTES, *api.ROUTES]

__all__ = ["ROUTES"]
