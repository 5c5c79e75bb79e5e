"""The JSON API (documented in the README; its paths and fields are a contract).

Every handler does its work in a thread (``run_in_threadpool``) so a slow import or preview
never stops the server answering others. Errors: a ``BadgepressError`` is 400 with
``{"error": the one-line message}``, an unknown event, attendee or job 404.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from badgepress.errors import InputError
from badgepress.web import designs
from badgepress.web.service import App, NotFoundError


def _app(request: Request) -> App:
    app: App = request.app.state.badgepress
    return app


async def _json(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body() or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise InputError("the request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise InputError("the request body must be a JSON object")
    return body


async def upload(request: Request, field: str = "file") -> list[tuple[str, bytes]]:
    """The files sent in the multipart form ``field`` as ``(client's name, bytes)``."""
    try:
        form = await request.form(max_files=200, max_fields=200)
    except Exception as exc:  # starlette raises its own for malformed forms
        raise InputError(f"the upload could not be read: {exc}") from None
    out = []
    for item in form.getlist(field):
        if isinstance(item, UploadFile):
            out.append((item.filename or "upload", await item.read()))
    if not out:
        raise InputError(f"no file in the form field {field!r}")
    return out


async def create_event(request: Request) -> Response:
    """POST /api/events {"name", "layout", "dates"} -> 201 {"id"}."""
    body = await _json(request)
    event_id = await run_in_threadpool(
        _app(request).create_event, str(body.get("name", "")), str(body.get("dates", "")),
        str(body.get("layout") or "a4-90x55-8up"))
    return JSONResponse({"id": event_id}, status_code=201)


async def list_events(request: Request) -> Response:
    """GET /api/events -> [{"id", "name", "dates", "layout", "attendees"}]."""
    rows = await run_in_threadpool(_app(request).events)
    return JSONResponse([{k: r[k] for k in ("id", "name", "dates", "layout", "attendees")}
                         for r in rows])


async def get_event(request: Request) -> Response:
    """GET /api/events/{event} -> the event, its [event] keys, list and last build."""
    app = _app(request)
    ev = await run_in_threadpool(app.event, request.path_params["event"])
    keys = await run_in_threadpool(designs.event_keys, app.layout_file(ev))
    return JSONResponse({"id": ev["id"], "name": ev["name"], "dates": ev["dates"],
                         "layout": ev["layout"], "event_keys": keys,
                         "event_text": ev["event_text"], "build_job": ev["build_job"],
                         "list": await run_in_threadpool(app.summary, ev["id"])})


async def import_list(request: Request) -> Response:
    """POST /api/events/{event}/import, multipart field "file" -> 200 the summary."""
    files = await upload(request)
    name, data = files[0]
    out = await run_in_threadpool(_app(request).import_list, request.path_params["event"],
                                  name, data)
    return JSONResponse(out)


async def get_import(request: Request) -> Response:
    """GET /api/events/{event}/import -> the current list's summary."""
    return JSONResponse(await run_in_threadpool(_app(request).summary,
                                                request.path_params["event"]))


async def set_mapping(request: Request) -> Response:
    """POST /api/events/{event}/mapping {"field": "Column", ...} -> 200 the summary."""
    body = await _json(request)
    out = await run_in_threadpool(_app(request).set_mapping, request.path_params["event"],
                                  {str(k): str(v) for k, v in body.items()})
    return JSONResponse(out)


async def attendees(request: Request) -> Response:
    """GET /api/events/{event}/attendees?q=TEXT&limit=N -> [{"id", "row", ...}]."""
    limit = request.query_params.get("limit")
    rows = await run_in_threadpool(_app(request).attendees, request.path_params["event"],
                                   request.query_params.get("q", ""),
                                   int(limit) if limit and limit.isdigit() else None)
    return JSONResponse(rows)


async def badge_png(request: Request) -> Response:
    """GET /api/events/{event}/attendees/{id}/badge.png -> the badge as a PNG."""
    png = await run_in_threadpool(_app(request).badge_png, request.path_params["event"],
                                  request.path_params["id"])
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-cache"})


async def preview(request: Request) -> Response:
    """GET /api/events/{event}/preview?limit=N -> the hardest badges first, with warnings."""
    limit = request.query_params.get("limit", "24")
    rows = await run_in_threadpool(_app(request).hardest, request.path_params["event"],
                                   int(limit) if limit.isdigit() else 24)
    return JSONResponse(rows)


async def layouts(request: Request) -> Response:
    """GET /api/layouts -> the shipped layouts [{"name", "title"}]."""
    return JSONResponse([{"name": s.name, "title": s.title} for s in designs.shipped()])


async def thumb(request: Request) -> Response:
    """GET /api/events/{event}/layouts/{name}/thumb.png -> a real badge in that layout."""
    png = await run_in_threadpool(_app(request).thumb_png, request.path_params["event"],
                                  request.path_params["name"])
    return Response(png, media_type="image/png")


async def set_layout(request: Request) -> Response:
    """POST /api/events/{event}/layout: JSON {"layout": NAME}, or multipart "files"
    (a .toml and its files, or a .zip) -> 200 {"layout"}.
    """
    app, event_id = _app(request), request.path_params["event"]
    if request.headers.get("content-type", "").startswith("multipart/"):
        files = await upload(request, "files")
        await run_in_threadpool(app.upload_layout, event_id, files)
    else:
        body = await _json(request)
        await run_in_threadpool(app.set_layout, event_id, str(body.get("layout", "")))
    ev = await run_in_threadpool(app.event, event_id)
    return JSONResponse({"layout": ev["layout"]})


async def set_event_text(request: Request) -> Response:
    """POST /api/events/{event}/event-text {"KEY": "text", ...} -> 200 {"event_text"}."""
    body = await _json(request)
    app, event_id = _app(request), request.path_params["event"]
    await run_in_threadpool(app.set_event_text, event_id, {str(k): str(v)
                                                          for k, v in body.items()})
    ev = await run_in_threadpool(app.event, event_id)
    return JSONResponse({"event_text": ev["event_text"]})


async def build(request: Request) -> Response:
    """POST /api/events/{event}/build -> 202 {"job"} (the running job if one is)."""
    job, _new = await run_in_threadpool(_app(request).start_build,
                                        request.path_params["event"])
    return JSONResponse({"job": job}, status_code=202)


async def job(request: Request) -> Response:
    """GET /api/jobs/{job} -> {"state", "done", "total", ...}."""
    return JSONResponse(await run_in_threadpool(_app(request).job, request.path_params["job"]))


def _download(name: str, media: str) -> Any:
    async def handler(request: Request) -> Response:
        app, event_id = _app(request), request.path_params["event"]
        path = await run_in_threadpool(app.built, event_id, name)
        if not path.is_file():
            raise NotFoundError(f"the last build has no {name}")
        ev = await run_in_threadpool(app.event, event_id)
        stem = "".join(c if c.isalnum() else "-" for c in ev["name"]).strip("-") or "event"
        return FileResponse(path, media_type=media, filename=f"{stem}-{name}")
    handler.__doc__ = f"GET /api/events/{{event}}/{name} -> the last build's {name}."
    return handler


async def warnings_csv(request: Request) -> Response:
    """GET /api/events/{event}/warnings.csv -> the last build's warnings by row."""
    text = await run_in_threadpool(_app(request).warnings_csv, request.path_params["event"])
    return Response(text.encode("utf-8-sig"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="warnings.csv"'})


async def layout_toml(request: Request) -> Response:
    """GET /api/events/{event}/layout.toml -> the layout file the build uses."""
    from pathlib import Path

    app = _app(request)
    ev = await run_in_threadpool(app.event, request.path_params["event"])
    ref = await run_in_threadpool(app.layout_ref, ev)
    path = Path(ref) if ref.endswith(".toml") else app.layout_file(ev)
    return FileResponse(path, media_type="application/toml", filename=path.name)


ROUTES = [
    Route("/api/events", create_event, methods=["POST"]),
    Route("/api/events", list_events, methods=["GET"]),
    Route("/api/layouts", layouts, methods=["GET"]),
    Route("/api/events/{event}", get_event, methods=["GET"]),
    Route("/api/events/{event}/import", import_list, methods=["POST"]),
    Route("/api/events/{event}/import", get_import, methods=["GET"]),
    Route("/api/events/{event}/mapping", set_mapping, methods=["POST"]),
    Route("/api/events/{event}/attendees", attendees, methods=["GET"]),
    Route("/api/events/{event}/attendees/{id:int}/badge.png", badge_png, methods=["GET"]),
    Route("/api/events/{event}/preview", preview, methods=["GET"]),
    Route("/api/events/{event}/layouts/{name}/thumb.png", thumb, methods=["GET"]),
    Route("/api/events/{event}/layout", set_layout, methods=["POST"]),
    Route("/api/events/{event}/event-text", set_event_text, methods=["POST"]),
    Route("/api/events/{event}/build", build, methods=["POST"]),
    Route("/api/jobs/{job}", job, methods=["GET"]),
    Route("/api/events/{event}/badges.pdf", _download("badges.pdf", "application/pdf")),
    Route("/api/events/{event}/report.json", _download("report.json", "application/json")),
    Route("/api/events/{event}/warnings.csv", warnings_csv),
    Route("/api/events/{event}/layout.toml", layout_toml),
]
