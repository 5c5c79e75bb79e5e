"""Errors as answers: a ``BadgepressError`` raised by a route becomes its one line, as JSON
``{"error": ...}`` for the API (``/api/...``) or as the error page, with the status that says
what went wrong: 404 for an unknown event, attendee, job or file, 409 for a conflict with what
is stored (an unconfirmed reprint), 400 for everything else the user can fix.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from badgepress.errors import BadgepressError
from badgepress.web.edge.templating import error_page
from badgepress.web.store import ConflictError, NotFoundError


def message(request: Request, exc: Exception) -> str:
    """``exc``'s one line as a page or the API shows it: no path of the server's data folder
    in it (a layout copy's folder, an upload's generated name are the server's business).
    """
    state = getattr(request.app.state, "badgepress", None)
    return str(exc) if state is None else state.store.unpathed(str(exc))


def status_of(exc: BadgepressError) -> int:
    """The HTTP status for ``exc``."""
    return 404 if isinstance(exc, NotFoundError) else 409 if isinstance(
        exc, ConflictError) else 400


async def answer(request: Request, exc: Exception) -> Response:
    """The app's exception handler for ``BadgepressError`` (see the module docstring)."""
    status = status_of(exc) if isinstance(exc, BadgepressError) else 400
    text = message(request, exc)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": text}, status_code=status)
    return error_page(request, text, status)
