"""The designer's JSON API (documented in the README; its paths and fields are a contract).

The layout travels as JSON with exactly the structure and key names of the TOML format
(``sheet``, ``badge``, ``field`` as a list of tables, ``back``...), lengths as the strings the
file gives. A layout the CLI would refuse is answered 422 with the CLI's one line for it,
without the file (``{"error": "field[1].box: reaches outside the safe area ..."}``); so is
artwork a build could not use. Every handler works in a thread: a draw or a check never stops
the server answering others.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from badgepress.errors import FontError, InputError, LayoutError
from badgepress.web.edge import app_of, json_body, upload
from badgepress.web.edge.errors import message
from badgepress.web.edge.requests import attachment

Handler = Callable[[Request], Awaitable[Response]]


def _refusals(handler: Handler) -> Handler:
    """``handler`` with a layout, font or artwork mistake answered 422 in one line."""
    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except (LayoutError, FontError) as exc:
            return JSONResponse({"error": " ".join(message(request, exc).split())},
                                status_code=422)
    wrapped.__doc__ = handler.__doc__
    return wrapped


async def _layout_of(request: Request) -> tuple[dict[str, Any], dict[str, Any]]:
    """The body and its ``layout`` object (``InputError`` without one)."""
    body = await json_body(request)
    layout = body.get("layout")
    if not isinstance(layout, dict):
        raise InputError('send {"layout": {...}}: the layout as a JSON object')
    return body, layout


async def get_layout(request: Request) -> Response:
    """GET /api/events/{event}/layout -> {"layout", "name", "warnings", "attendees"}: the
    saved design, its live checks and the attendees hardest first.
    """
    out = await run_in_threadpool(app_of(request).engine.designs.open,
                                  request.path_params["event"])
    return JSONResponse(out)


async def put_layout(request: Request) -> Response:
    """PUT /api/events/{event}/layout {"layout"} -> 200 {"warnings"}, or 422 {"error"}."""
    _body, layout = await _layout_of(request)
    warnings = await run_in_threadpool(app_of(request).engine.designs.save,
                                       request.path_params["event"], layout)
    return JSONResponse({"warnings": warnings})


async def render_draft(request: Request) -> Response:
    """POST /api/events/{event}/layout/render {"layout", "attendee", "side"} -> PNG of the
    unsaved draft for that attendee (its bleed box, upright), or 422 {"error"}.
    """
    body, layout = await _layout_of(request)
    attendee = body.get("attendee")
    if attendee is not None and (isinstance(attendee, bool) or not isinstance(attendee, int)):
        raise InputError("attendee must be an attendee's id (a whole number) or null")
    side = str(body.get("side") or "front")
    if side not in ("front", "back"):
        raise InputError(f"side must be front or back, not {side[:20]!r}")
    png = await run_in_threadpool(app_of(request).engine.designs.render,
                                  request.path_params["event"], layout, attendee, side)
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})


async def check_draft(request: Request) -> Response:
    """POST /api/events/{event}/layout/check {"layout"} -> {"warnings", "attendees"}: the
    draft's live checks and the attendees hardest first, or 422 {"error"}.
    """
    _body, layout = await _layout_of(request)
    out = await run_in_threadpool(app_of(request).engine.designs.check,
                                  request.path_params["event"], layout)
    return JSONResponse(out)


async def setup(request: Request) -> Response:
    """GET /api/events/{event}/designer -> {"headers", "values", "fonts", "files", "stocks",
    "attendees"}: what the designer offers for this event.
    """
    out = await run_in_threadpool(app_of(request).engine.designs.setup,
                                  request.path_params["event"])
    return JSONResponse(out)


async def artwork(request: Request) -> Response:
    """POST /api/events/{event}/artwork, multipart "file" -> 201 {"file"}: the name an
    image's ``file`` (a field's ``font``) takes; 422 {"error"} for a file a build cannot use.
    """
    files = await upload(request)
    name, data = files[0]
    kept = await run_in_threadpool(app_of(request).engine.designs.add_artwork,
                                   request.path_params["event"], name, data)
    return JSONResponse({"file": kept}, status_code=201)


async def layout_zip(request: Request) -> Response:
    """GET /api/events/{event}/layout.zip -> the saved design as a zipped layout (its .toml,
    artwork and fonts), which ``badgepress build LIST -l NAME.zip`` builds.
    """
    body, name = await run_in_threadpool(app_of(request).engine.designs.zipped,
                                         request.path_params["event"])
    return Response(body, media_type="application/zip", headers=attachment(name))


ROUTES = [
    Route("/api/events/{event}/layout", _refusals(get_layout), methods=["GET"]),
    Route("/api/events/{event}/layout", _refusals(put_layout), methods=["PUT"]),
    Route("/api/events/{event}/layout/render", _refusals(render_draft), methods=["POST"]),
    Route("/api/events/{event}/layout/check", _refusals(check_draft), methods=["POST"]),
    Route("/api/events/{event}/designer", setup, methods=["GET"]),
    Route("/api/events/{event}/artwork", _refusals(artwork), methods=["POST"]),
    Route("/api/events/{event}/layout.zip", _refusals(layout_zip), methods=["GET"]),
]
