"""The JSON API (documented in the README; its paths and fields are a contract).

Every handler does its work in a thread (``run_in_threadpool``) so a slow import or preview
never stops the server answering others. Errors: a ``BadgepressError`` is 400 with
``{"error": the one-line message}``, an unknown event, attendee or job 404.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from badgepress.errors import InputError
from badgepress.web.edge import app_of, json_body, query_number, upload
from badgepress.web.edge.requests import attachment, csv_answer, query_flag, query_int
from badgepress.web.edge.searches import client_key
from badgepress.web.store import NotFoundError, events, exports, layouts, lists
from badgepress.web.store.events import built
from badgepress.web.store.events import job as job_state

#: The largest ``limit`` a query may ask (a larger one asks for this many).
MOST = 100_000
#: Attendees in one answer of the list or a search: by default, and at most (a search's cost
#: is bounded by what it answers too).
PAGE, PAGE_MOST = 50, 200


async def create_event(request: Request) -> Response:
    """POST /api/events {"name", "layout", "dates"} -> 201 {"id"}."""
    body = await json_body(request)
    event_id = await run_in_threadpool(
        events.create, app_of(request).store, str(body.get("name", "")),
        str(body.get("dates", "")), str(body.get("layout") or "a4-90x55-8up"))
    return JSONResponse({"id": event_id}, status_code=201)


async def list_events(request: Request) -> Response:
    """GET /api/events -> [{"id", "name", "dates", "layout", "attendees"}]."""
    rows = await run_in_threadpool(events.all_events, app_of(request).store)
    return JSONResponse([{k: r[k] for k in ("id", "name", "dates", "layout", "attendees")}
                         for r in rows])


async def get_event(request: Request) -> Response:
    """GET /api/events/{event} -> the event, its [event] keys, list and last build."""
    return JSONResponse(await run_in_threadpool(events.detail, app_of(request).store,
                                                request.path_params["event"]))


async def patch_event(request: Request) -> Response:
    """PATCH /api/events/{event} {"name"?, "dates"?} -> 200 the event (its badges follow)."""
    body = await json_body(request)
    fields = {k: str(body[k]) for k in ("name", "dates") if k in body and body[k] is not None}
    return JSONResponse(await run_in_threadpool(
        lambda: events.update(app_of(request).store, request.path_params["event"], **fields)))


async def delete_event(request: Request) -> Response:
    """DELETE /api/events/{event} -> 204; the event and its files are gone."""
    await run_in_threadpool(events.delete, app_of(request).store,
                            request.path_params["event"])
    return Response(status_code=204)


async def changes(request: Request) -> Response:
    """GET /api/events/{event}/changes?kind=added|removed|kept|edited|conflicts&offset=&limit=
    -> {"kind", "total", "offset", "items"}: every name of one kind of change, a page at a
    time.
    """
    offset = query_int(request, "offset", 0)
    limit = query_int(request, "limit", 100, least=1)
    return JSONResponse(await run_in_threadpool(
        lists.change_details, app_of(request).store, request.path_params["event"],
        request.query_params.get("kind", "added"), offset, limit))


async def import_list(request: Request) -> Response:
    """POST /api/events/{event}/import, multipart field "file" -> 200 the summary."""
    files = await upload(request)
    name, data = files[0]
    out = await run_in_threadpool(lists.import_list, app_of(request).store,
                                  request.path_params["event"], name, data)
    return JSONResponse(out)


async def get_import(request: Request) -> Response:
    """GET /api/events/{event}/import -> the current list's summary."""
    return JSONResponse(await run_in_threadpool(lists.summary, app_of(request).store,
                                                request.path_params["event"]))


async def set_mapping(request: Request) -> Response:
    """POST /api/events/{event}/mapping {"field": "Column", ...} -> 200 the summary."""
    body = await json_body(request)
    out = await run_in_threadpool(lists.set_mapping, app_of(request).store,
                                  request.path_params["event"],
                                  {str(k): str(v) for k, v in body.items()})
    return JSONResponse(out)


async def attendees(request: Request) -> Response:
    """GET /api/events/{event}/attendees?q=TEXT&limit=N&offset=N&paged=1&arrived=no ->
    [{"id", "row", ...}] best first, at most ``limit`` (default 50, up to 200); with
    ``offset`` or ``paged=1``, {"total": how many in all, "attendees": [...]}; through the
    desks' search budget (``edge.searches``).
    """
    limit = query_int(request, "limit", PAGE, least=1, most=PAGE_MOST)
    offset = query_int(request, "offset", 0)
    arrived, paged = query_flag(request, "arrived"), query_flag(request, "paged")
    app, event_id = app_of(request), request.path_params["event"]
    q = request.query_params.get("q", "")
    whole = paged or "offset" in request.query_params

    def find() -> Response:  # in the search's thread, the answer's JSON too
        app.store.event(event_id)
        total, rows = app.store.search.page(event_id, q, limit, offset, arrived)
        return JSONResponse({"total": total, "attendees": rows} if whole else rows)

    return await app.searches.run(client_key(request), find)


async def badge_png(request: Request) -> Response:
    """GET /api/events/{event}/attendees/{id}/badge.png[?side=back] -> the badge (or its
    back) as a PNG, upright as worn.
    """
    side = "back" if request.query_params.get("side") == "back" else "front"
    png = await run_in_threadpool(app_of(request).engine.badge_png,
                                  request.path_params["event"], request.path_params["id"], side)
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-cache"})


async def preview(request: Request) -> Response:
    """GET /api/events/{event}/preview?limit=N -> the hardest badges first, with warnings."""
    rows = await run_in_threadpool(app_of(request).engine.hardest,
                                   request.path_params["event"],
                                   query_number(request, "limit", 24, most=MOST))
    return JSONResponse(rows)


async def shipped_layouts(request: Request) -> Response:
    """GET /api/layouts -> the shipped layouts [{"name", "title"}]."""
    return JSONResponse([{"name": s.name, "title": s.title} for s in layouts.shipped()])


async def thumb(request: Request) -> Response:
    """GET /api/events/{event}/layouts/{name}/thumb.png -> a real badge in that layout."""
    png = await run_in_threadpool(app_of(request).engine.thumb_png,
                                  request.path_params["event"], request.path_params["name"])
    return Response(png, media_type="image/png")


async def set_layout(request: Request) -> Response:
    """POST /api/events/{event}/layout: JSON {"layout": NAME}, or multipart "files"
    (a .toml and its files, or a .zip) -> 200 {"layout"}.
    """
    app, event_id = app_of(request), request.path_params["event"]
    if request.headers.get("content-type", "").startswith("multipart/"):
        files = await upload(request, "files")
        await run_in_threadpool(app.engine.upload_layout, event_id, files)
    else:
        body = await json_body(request)
        await run_in_threadpool(app.engine.set_layout, event_id, str(body.get("layout", "")))
    ev = await run_in_threadpool(app.store.event, event_id)
    return JSONResponse({"layout": ev["layout"]})


async def desk_designs(request: Request) -> Response:
    """GET /api/events/{event}/desk-designs -> [{"stock", "file", "uploaded"}]: the layouts
    uploaded for desk stocks whose size differs from the event's badge.
    """
    store, event_id = app_of(request).store, request.path_params["event"]
    await run_in_threadpool(store.event, event_id)
    return JSONResponse(await run_in_threadpool(layouts.desk_designs, store, event_id))


async def upload_desk_design(request: Request) -> Response:
    """POST /api/events/{event}/desk-designs/{stock}, multipart "files" (a .toml and its
    files, or a .zip) -> 200 [the desk designs]; 400 with one line for a layout that is not
    of the stock's size (or reaches where its printer prints nothing).
    """
    app, event_id = app_of(request), request.path_params["event"]
    files = await upload(request, "files")
    await run_in_threadpool(app.engine.upload_desk_design, event_id,
                            request.path_params["stock"], files)
    return JSONResponse(await run_in_threadpool(layouts.desk_designs, app.store, event_id))


async def drop_desk_design(request: Request) -> Response:
    """DELETE /api/events/{event}/desk-designs/{stock} -> 204; 404 when there is none."""
    store, event_id = app_of(request).store, request.path_params["event"]
    await run_in_threadpool(store.event, event_id)
    if not await run_in_threadpool(layouts.drop_desk_design, store, event_id,
                                   request.path_params["stock"]):
        raise NotFoundError(f"no desk design for {request.path_params['stock']!r}")
    return Response(status_code=204)


async def set_event_text(request: Request) -> Response:
    """POST /api/events/{event}/event-text {"KEY": "text", ...} -> 200 {"event_text"}."""
    body = await json_body(request)
    store, event_id = app_of(request).store, request.path_params["event"]
    await run_in_threadpool(layouts.set_event_text, store, event_id,
                            {str(k): str(v) for k, v in body.items()})
    ev = await run_in_threadpool(store.event, event_id)
    return JSONResponse({"event_text": ev["event_text"]})


async def build(request: Request) -> Response:
    """POST /api/events/{event}/build [{"pdfx": true}] -> 202 {"job"} (the running job if one
    is); ``pdfx``: PDF/X-4 for a print shop, with its preflight in the job's answer.
    """
    body = await json_body(request)
    pdfx = body.get("pdfx", False)
    if not isinstance(pdfx, bool):
        raise InputError(f"pdfx must be true or false, not {str(pdfx)[:20]!r}")
    job, _new = await run_in_threadpool(
        lambda: app_of(request).engine.start_build(request.path_params["event"], pdfx=pdfx))
    return JSONResponse({"job": job}, status_code=202)


async def job(request: Request) -> Response:
    """GET /api/jobs/{job} -> {"state", "done", "total", ...}."""
    return JSONResponse(await run_in_threadpool(job_state, app_of(request).store,
                                                request.path_params["job"]))


def _download(name: str, media: str) -> Any:
    async def handler(request: Request) -> Response:
        store, event_id = app_of(request).store, request.path_params["event"]
        path = await run_in_threadpool(built, store, event_id, name)
        if not path.is_file():
            raise NotFoundError(f"the last build has no {name}")
        shown = await run_in_threadpool(exports.download_name, store, event_id, name)
        return FileResponse(path, media_type=media, headers=attachment(shown))
    handler.__doc__ = f"GET /api/events/{{event}}/{name} -> the last build's {name}."
    return handler


async def warnings_csv(request: Request) -> Response:
    """GET /api/events/{event}/warnings.csv -> the last build's warnings by row."""
    store, event_id = app_of(request).store, request.path_params["event"]
    text = await run_in_threadpool(exports.warnings_csv, store, event_id)
    name = await run_in_threadpool(exports.download_name, store, event_id, "warnings.csv")
    return csv_answer(text, name)


async def layout_toml(request: Request) -> Response:
    """GET /api/events/{event}/layout.toml -> the layout file the build uses."""
    store = app_of(request).store
    ev = await run_in_threadpool(store.event, request.path_params["event"])
    path = await run_in_threadpool(layouts.used_file, store, ev)
    return FileResponse(path, media_type="application/toml", filename=path.name)


ROUTES = [
    Route("/api/events", create_event, methods=["POST"]),
    Route("/api/events", list_events, methods=["GET"]),
    Route("/api/layouts", shipped_layouts, methods=["GET"]),
    Route("/api/events/{event}", get_event, methods=["GET"]),
    Route("/api/events/{event}", patch_event, methods=["PATCH"]),
    Route("/api/events/{event}", delete_event, methods=["DELETE"]),
    Route("/api/events/{event}/changes", changes, methods=["GET"]),
    Route("/api/events/{event}/import", import_list, methods=["POST"]),
    Route("/api/events/{event}/import", get_import, methods=["GET"]),
    Route("/api/events/{event}/mapping", set_mapping, methods=["POST"]),
    Route("/api/events/{event}/attendees", attendees, methods=["GET"]),
    Route("/api/events/{event}/attendees/{id:int}/badge.png", badge_png, methods=["GET"]),
    Route("/api/events/{event}/preview", preview, methods=["GET"]),
    Route("/api/events/{event}/layouts/{name}/thumb.png", thumb, methods=["GET"]),
    Route("/api/events/{event}/layout", set_layout, methods=["POST"]),
    Route("/api/events/{event}/event-text", set_event_text, methods=["POST"]),
    Route("/api/events/{event}/desk-designs", desk_designs, methods=["GET"]),
    Route("/api/events/{event}/desk-designs/{stock}", upload_desk_design, methods=["POST"]),
    Route("/api/events/{event}/desk-designs/{stock}", drop_desk_design, methods=["DELETE"]),
    Route("/api/events/{event}/build", build, methods=["POST"]),
    Route("/api/jobs/{job}", job, methods=["GET"]),
    Route("/api/events/{event}/badges.pdf", _download("badges.pdf", "application/pdf")),
    Route("/api/events/{event}/report.json", _download("report.json", "application/json")),
    Route("/api/events/{event}/warnings.csv", warnings_csv),
    Route("/api/events/{event}/layout.toml", layout_toml),
]
