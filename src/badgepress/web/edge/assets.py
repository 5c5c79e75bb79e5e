"""The files a page needs, served by the app itself (a venue often has no internet): the
static scripts and styles, the favicon, and the shipped fonts for names in any script
(``pagefonts``).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from badgepress.web.edge import pagefonts
from badgepress.web.edge.templating import WEB


async def favicon(_request: Request) -> Response:
    """GET /favicon.ico (Chromium asks on every page)."""
    return FileResponse(WEB / "static" / "favicon.ico", media_type="image/x-icon")


ROUTES: list[BaseRoute] = [
    *pagefonts.ROUTES,
    Route("/favicon.ico", favicon),
    Mount("/static", StaticFiles(directory=WEB / "static"), name="static"),
]
