"""The HTTP edge: what every request passes and every route uses. The guard (host, tokens,
roles, origin, size: ``guard``, ``roles``), errors as answers (``errors``), the request's
state, JSON body and uploads (``requests``), the pages' templates (``templating``), and the
files a page needs: static scripts and styles, the favicon, the shipped fonts (``assets``,
``pagefonts``).

Below the faces (organiser, desk), above the store and the engine, whose types it hands to
routes. Imports ``errors``, ``text`` (the page fonts' coverage) and the package's version.

Public names: :class:`Guard`, :class:`App`, :func:`app_of`, :func:`json_body`,
:func:`upload`, :func:`render`, :func:`error_page`.
"""

from badgepress.web.edge.guard import Guard
from badgepress.web.edge.requests import App, app_of, json_body, upload
from badgepress.web.edge.templating import error_page, render

__all__ = ["App", "Guard", "app_of", "error_page", "json_body", "render", "upload"]
