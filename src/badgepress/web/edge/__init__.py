"""The HTTP edge: what every request passes and every route uses. The shield (security
headers, one line for any error: ``shield``), the guard (host, tokens, roles, origin, size,
path: ``guard``, ``roles``), errors as answers (``errors``), what may come in (text, JSON,
numbers: ``inputs``), the request's state, JSON body, form and uploads (``requests``), the
desks' search budget (``searches``), the pages' templates (``templating``), and the
files a page needs: static scripts and styles, the favicon, the shipped fonts (``assets``,
``pagefonts``).

Below the faces (organiser, desk), above the store and the engine, whose types it hands to
routes. Imports ``errors``, ``text`` (the page fonts' coverage) and the package's version.

Public names: :class:`Guard`, :class:`Shield`, :class:`App`, :func:`app_of`,
:func:`json_body`, :func:`form_fields`, :func:`query_number`, :func:`upload`,
:func:`file_name`, :func:`render`, :func:`error_page`, :class:`SearchGate`.
"""

from badgepress.web.edge.guard import Guard
from badgepress.web.edge.inputs import file_name
from badgepress.web.edge.requests import App, app_of, form_fields, json_body, query_number, upload
from badgepress.web.edge.shield import Shield
from badgepress.web.edge.templating import error_page, render

__all__ = ["App", "Guard", "Shield", "app_of", "error_page", "file_name", "form_fields",
           "json_body", "query_number", "render", "upload"]
