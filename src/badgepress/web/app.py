"""The ASGI application: the pages, the JSON API, the static files, behind the guard."""

from __future__ import annotations

import functools
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from badgepress.errors import BadgepressError
from badgepress.web import api, desk_api, desks, pagefonts, pages
from badgepress.web.security import ASGIApp, Guard
from badgepress.web.service import App, NotFoundError

HERE = Path(__file__).resolve().parent
#: The default upload limit (bytes).
MAX_UPLOAD = 50 * 1024 * 1024


async def _error(request: Request, exc: Exception) -> Response:
    from badgepress.web.desk import DeskConflictError

    status = 404 if isinstance(exc, NotFoundError) else 409 if isinstance(
        exc, DeskConflictError) else 400
    message = str(exc.args[0]) if isinstance(exc, NotFoundError) else str(exc)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    return pages.error_page(request, message, status)


async def _favicon(_request: Request) -> Response:
    return FileResponse(HERE / "static" / "favicon.ico", media_type="image/x-icon")


def create_app(data: Path, *, token: str | None = None, max_upload: int = MAX_UPLOAD,
               network: bool = False, allowed_hosts: set[str] | None = None,
               printer: str | None = None) -> tuple[ASGIApp, App]:
    """The guarded ASGI app over the data folder ``data`` (created if needed), and the
    app's state. ``token``: required on every request (``--host 0.0.0.0``);
    ``max_upload``: the largest request body in bytes; ``network``: IP-address hosts allowed;
    ``printer``: the desks' CUPS queue.
    """
    state = App(data, printer=printer)
    routes = [*api.ROUTES, *desk_api.ROUTES, *pages.ROUTES, *pagefonts.ROUTES,
              Route("/favicon.ico", _favicon),
              Mount("/static", StaticFiles(directory=HERE / "static"), name="static")]
    star = Starlette(routes=routes, exception_handlers={BadgepressError: _error,
                                                        NotFoundError: _error})
    star.state.badgepress = state
    guard = Guard(star, token=token, max_body=max_upload, allowed_hosts=allowed_hosts,
                  network=network,
                  desk_tokens=functools.partial(desks.desk_event, state))
    return guard, state
