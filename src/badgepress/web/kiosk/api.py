"""The kiosk's JSON API (README: the kiosk): one look-up and one print, for the kiosk role,
through the kiosks' budget (``App.kiosks``: one at a time per kiosk, a few a second); the
kiosk's settings, for the organiser.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from badgepress.web.edge import app_of, json_body
from badgepress.web.edge.searches import client_key
from badgepress.web.kiosk import checkin


async def lookup(request: Request) -> Response:
    """GET /api/events/{event}/kiosk/lookup?code=... (or ?email=...&surname=...) ->
    {"name": as printed}; 404 {"error"} unknown or printed before (ask at the desk).
    """
    app, q = app_of(request), request.query_params
    found = await app.kiosks.run(client_key(request), lambda: checkin.lookup(
        app, request.path_params["event"], q.get("code", ""), q.get("email", ""),
        q.get("surname", "")))
    return JSONResponse(found)


async def print_own(request: Request) -> Response:
    """POST /api/events/{event}/kiosk/print {"code", "kiosk"} (or "email" and "surname"
    for "code") -> 202 {"job", "printer", "state", "where"}; 404 unknown, 409 printed before.
    """
    app, body = app_of(request), await json_body(request)
    out = await app.kiosks.run(client_key(request), lambda: checkin.print_own(
        app, request.path_params["event"], str(body.get("code") or ""),
        str(body.get("kiosk") or ""), str(body.get("email") or ""),
        str(body.get("surname") or "")))
    return JSONResponse(out, status_code=202)


async def get_settings(request: Request) -> Response:
    """GET /api/events/{event}/kiosk -> {"column", "code", "columns", "auto", "reset",
    "where", "kiosk_link"}.
    """
    return JSONResponse(await run_in_threadpool(checkin.settings, app_of(request),
                                                request.path_params["event"]))


async def put_settings(request: Request) -> Response:
    """PUT /api/events/{event}/kiosk {"column", "auto", "reset", "where"} (each optional)
    -> as GET.
    """
    body = await json_body(request)
    return JSONResponse(await run_in_threadpool(checkin.set_settings, app_of(request),
                                                request.path_params["event"], body))


ROUTES = [
    Route("/api/events/{event}/kiosk/lookup", lookup, methods=["GET"]),
    Route("/api/events/{event}/kiosk/print", print_own, methods=["POST"]),
    Route("/api/events/{event}/kiosk", get_settings, methods=["GET"]),
    Route("/api/events/{event}/kiosk", put_settings, methods=["PUT"]),
]
