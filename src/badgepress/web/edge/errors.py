"""Errors as answers: a ``BadgepressError`` raised by a route becomes its one line, as JSON
``{"error": ...}`` for the API (``/api/...``) or as the error page, with the status that says
what went wrong: 404 for an unknown event, attendee, job or file, 409 for a conflict with what
is stored (an unconfirmed reprint), 429 for a desk's searches beyond its budget, 507 when the
data folder's disk is full, 400 for everything else the user can fix.

Anything else a route raises (a bug) is answered the same way with 500 and one line naming
the error's type, never a bare "Internal Server Error"; its traceback goes to the server's log
(the exception travels on to uvicorn, which logs it). An unknown path or method is a 404 or
405 in the same shape.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from badgepress.errors import BadgepressError
from badgepress.web.edge.searches import TooManySearchesError
from badgepress.web.edge.templating import error_page
from badgepress.web.store import ConflictError, NotFoundError, StorageFullError

#: The one line of a 500 (what the user can do; the details are in the server's log).
CRASHED = ("the server could not answer this request ({name}); try again, and if it "
           "happens again, the server's log says why")


def message(request: Request, exc: Exception) -> str:
    """``exc``'s one line as a page or the API shows it: no path of the server's data folder
    in it (a layout copy's folder, an upload's generated name are the server's business).
    """
    state = getattr(request.app.state, "badgepress", None)
    return str(exc) if state is None else state.store.unpathed(str(exc))


def status_of(exc: BadgepressError) -> int:
    """The HTTP status for ``exc``."""
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, TooManySearchesError):
        return 429
    return 507 if isinstance(exc, StorageFullError) else 400


def is_api(path: str) -> bool:
    """Whether ``path`` is the JSON API's (answers are JSON, not pages)."""
    return path.startswith("/api/")


def _answer(request: Request, message: str, status: int) -> Response:
    if is_api(request.url.path):
        return JSONResponse({"error": message}, status_code=status)
    try:
        return error_page(request, message, status)
    except Exception:  # the page itself failed: the line still goes out
        return JSONResponse({"error": message}, status_code=status)


async def answer(request: Request, exc: Exception) -> Response:
    """The app's exception handler for ``BadgepressError`` (see the module docstring)."""
    status = status_of(exc) if isinstance(exc, BadgepressError) else 400
    return _answer(request, " ".join(message(request, exc).split()) or type(exc).__name__,
                   status)


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own errors (no such path: 404, method not allowed: 405) as one line."""
    status = exc.status_code if isinstance(exc, HTTPException) else 400
    message = {404: f"no such page or API path: {request.url.path}",
               405: f"{request.method} is not allowed on {request.url.path}"}.get(
        status, exc.detail if isinstance(exc, HTTPException) else str(exc))
    response = _answer(request, message, status)
    if isinstance(exc, HTTPException) and exc.headers:
        response.headers.update(exc.headers)
    return response


async def crashed(request: Request, exc: Exception) -> Response:
    """The answer to an unexpected error (500, one line); starlette re-raises ``exc`` after
    it is sent, for the server's log.
    """
    return _answer(request, CRASHED.format(name=type(exc).__name__), 500)
