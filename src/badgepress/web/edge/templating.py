"""The pages' HTML: Jinja2 templates (``web/templates``) rendered with what every page shows
(the version, whether a desk link is asking), and the page that shows one error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from badgepress import __version__
from badgepress.web.edge.roles import KIOSK_SCOPE_KEY, SCOPE_KEY

#: The web app's templates and static files (``web/templates``, ``web/static``).
WEB = Path(__file__).resolve().parents[1]
templates = Jinja2Templates(directory=WEB / "templates")


def is_desk(request: Request) -> bool:
    """Whether the request came through a desk or kiosk link (their roles), not the
    organiser.
    """
    return SCOPE_KEY in request.scope or KIOSK_SCOPE_KEY in request.scope


def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    """The template ``name`` with ``context``, as an HTML answer with ``status``."""
    context.setdefault("error", None)
    context.setdefault("desk_role", is_desk(request))
    return templates.TemplateResponse(request, name, dict(context, version=__version__),
                                      status_code=status)


def error_page(request: Request, message: str, status: int) -> Response:
    """A page that shows one error message (unknown event, ...)."""
    return render(request, "error.html", status, message=message)
