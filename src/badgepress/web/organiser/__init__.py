"""The organiser's face: the pages (events, list, design, preview, build: ``pages``) and the
JSON API (``api``). A route parses the request, calls one function of the store or the
engine, and shapes the answer; the pages re-render with the one-line message on a mistake.

Imports ``errors`` and the web rooms ``edge``, ``engine``, ``store``.

Public names: :data:`ROUTES` (the pages' and the API's).
"""

from badgepress.web.organiser import api, pages

ROUTES = [*api.ROUTES, *pages.ROUTES]

__all__ = ["ROUTES"]
