"""The desk's JSON API (README: the registration desk): walk-ins, an attendee's prints,
printing, the printer queues, each desk's printer and stock, the stocks, the desk's counts,
exports.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from badgepress.web.desk import jobs, walkins
from badgepress.web.edge import app_of, json_body
from badgepress.web.edge.requests import attachment, csv_answer, query_int
from badgepress.web.edge.roles import SCOPE_KEY
from badgepress.web.engine import desks, prints
from badgepress.web.store import NotFoundError, attendees, exports


async def add_walkin(request: Request) -> Response:
    """POST /api/events/{event}/attendees {"first_name", "last_name", ...} -> 201 {"id"}
    (200 when the same ``request`` was sent before).
    """
    body = await json_body(request)
    aid, new = await run_in_threadpool(walkins.add_walkin, app_of(request),
                                       request.path_params["event"], body)
    return JSONResponse({"id": aid}, status_code=201 if new else 200)


async def attendee(request: Request) -> Response:
    """GET /api/events/{event}/attendees/{id} -> {..., "printed", "prints", "checked_in"}."""
    return JSONResponse(await run_in_threadpool(
        walkins.attendee_detail, app_of(request), request.path_params["event"],
        request.path_params["id"]))


async def correct(request: Request) -> Response:
    """PATCH /api/events/{event}/attendees/{id} {"first_name", "last_name", ...} -> 200 the
    attendee, corrected (an attendee of the organiser's list gets a desk correction).
    """
    body = await json_body(request)
    return JSONResponse(await run_in_threadpool(
        walkins.correct, app_of(request), request.path_params["event"],
        request.path_params["id"], body))


async def stats(request: Request) -> Response:
    """GET /api/events/{event}/stats -> {"attendees", "checked_in", "printed", "walk_ins",
    "not_in_list", "not_arrived"} (README: the registration desk says what each counts).
    """
    store, event_id = app_of(request).store, request.path_params["event"]
    await run_in_threadpool(store.event, event_id)
    return JSONResponse(await run_in_threadpool(attendees.stats, store.db, event_id))


async def job_state(request: Request) -> Response:
    """GET /api/events/{event}/jobs/{job} -> {"job", "attendee", "desk", "printer", "state",
    "message", "cups", "at"}, CUPS asked while the job is live.
    """
    return JSONResponse(await run_in_threadpool(
        jobs.job_state, app_of(request).store, request.path_params["event"],
        request.path_params["job"]))


async def get_desk(request: Request) -> Response:
    """GET /api/events/{event}/desks/{desk} -> {"desk", "printer", "chosen", "default",
    "stock", "design", "driver", "options", "hold", ...} (``engine.desks.desk_info``).
    """
    return JSONResponse(await run_in_threadpool(
        desks.desk_info, app_of(request).engine, request.path_params["event"],
        request.path_params["desk"]))


async def put_desk(request: Request) -> Response:
    """PUT /api/events/{event}/desks/{desk} {"printer": QUEUE, "browser" or null, "stock":
    NAME or "sheet", "driver": KEY or "auto", "hold": bool} (each optional) -> as GET; 400
    for a stock the event's design does not fit (without a desk design for it).
    """
    body = await json_body(request)
    changes: dict[str, Any] = {k: body[k] for k in ("printer", "stock", "driver", "hold")
                               if k in body}
    return JSONResponse(await run_in_threadpool(
        desks.set_desk, app_of(request).engine, request.path_params["event"],
        request.path_params["desk"], changes))


async def print_sheet(request: Request) -> Response:
    """POST /api/events/{event}/desks/{desk}/sheet -> 202 {"job", "jobs", "count", "printer",
    "state", "message", "cups"}: the badges held at the desk, printed now on one sheet; 409
    when none is held.
    """
    return JSONResponse(await run_in_threadpool(
        prints.print_sheet, app_of(request), request.path_params["event"],
        request.path_params["desk"]), status_code=202)


async def desk_badge(request: Request) -> Response:
    """GET /api/events/{event}/desks/{desk}/badge.png?attendee=ID -> the badge the desk is
    about to print for that attendee (a sample name without one), on its stock, upright.
    """
    png = await run_in_threadpool(
        desks.badge_png, app_of(request).engine, request.path_params["event"],
        request.path_params["desk"], query_int(request, "attendee", 0) or None)
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-cache"})


async def stock_list(request: Request) -> Response:
    """GET /api/stocks[?event=E] -> [{"name", "title", "width_mm", "height_mm", "kind"}]
    (with an event: "design" and "why" for each; see ``engine.desks.stocks``).
    """
    event_id = request.query_params.get("event") or None
    desk_event = request.scope.get(SCOPE_KEY)  # a desk asks for its own event's only
    if desk_event is not None and event_id not in (None, desk_event):
        raise NotFoundError(f"no event {event_id!r}")
    return JSONResponse(await run_in_threadpool(desks.stocks, app_of(request).engine,
                                                event_id))


async def list_desks(request: Request) -> Response:
    """GET /api/events/{event}/desks -> [{"desk", "printer"}]."""
    return JSONResponse(await run_in_threadpool(
        desks.all_desks, app_of(request).store, request.path_params["event"]))


async def print_badge(request: Request) -> Response:
    """POST /api/events/{event}/attendees/{id}/print {"desk", "reprint"} -> 202 {"job",
    "printer", "state"}; 409 when printed before and ``reprint`` is not true.
    """
    body = await json_body(request)
    out = await run_in_threadpool(
        lambda: prints.print_badge(app_of(request), request.path_params["event"],
                                 request.path_params["id"], str(body.get("desk", "")),
                                 reprint=bool(body.get("reprint"))))
    return JSONResponse(out, status_code=202)


async def print_pdf(request: Request) -> Response:
    """GET /api/prints/{job}.pdf -> the one-badge PDF of a desk print (the browser prints)."""
    store = app_of(request).store
    job = await run_in_threadpool(store.db.job, request.path_params["job"])
    desk_event = request.scope.get(SCOPE_KEY)  # a desk sees its own event's prints only
    if job is None or job["kind"] != "print" or desk_event not in (None, job["event_id"]):
        raise NotFoundError(f"no print {request.path_params['job']!r}")
    path = store.data / "events" / job["event_id"] / "prints" / f"{job['id']}.pdf"
    if not path.is_file():
        raise NotFoundError("this print has no PDF (it failed)")
    return FileResponse(path, media_type="application/pdf")


async def printers(request: Request) -> Response:
    """GET /api/printers -> {"queues": [...], "why" and "reason": why the list is empty (one
    line, or null), "default": ``serve --printer`` or null}.
    """
    names, why = await run_in_threadpool(prints.queues)
    return JSONResponse({"queues": names, "why": why, "reason": why,
                         "default": app_of(request).store.printer})


async def export_csv(request: Request) -> Response:
    """GET /api/events/{event}/export.csv -> every attendee with check-in and prints."""
    store, event_id = app_of(request).store, request.path_params["event"]
    text = await run_in_threadpool(exports.export_csv, store, event_id)
    name = await run_in_threadpool(exports.download_name, store, event_id, "attendees.csv")
    return csv_answer(text, name)


async def export_xlsx(request: Request) -> Response:
    """GET /api/events/{event}/export.xlsx -> the same as export.csv, as an Excel workbook."""
    store, event_id = app_of(request).store, request.path_params["event"]
    data = await run_in_threadpool(exports.export_xlsx, store, event_id)
    name = await run_in_threadpool(exports.download_name, store, event_id, "attendees.xlsx")
    return Response(data, media_type="application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet", headers=attachment(name))


ROUTES = [
    Route("/api/events/{event}/attendees", add_walkin, methods=["POST"]),
    Route("/api/events/{event}/attendees/{id:int}/print", print_badge, methods=["POST"]),
    Route("/api/prints/{job}.pdf", print_pdf, methods=["GET"]),
    Route("/api/printers", printers, methods=["GET"]),
    Route("/api/events/{event}/export.csv", export_csv, methods=["GET"]),
    Route("/api/events/{event}/export.xlsx", export_xlsx, methods=["GET"]),
    Route("/api/events/{event}/attendees/{id:int}", attendee, methods=["GET"]),
    Route("/api/events/{event}/attendees/{id:int}", correct, methods=["PATCH"]),
    Route("/api/events/{event}/jobs/{job}", job_state, methods=["GET"]),
    Route("/api/events/{event}/stats", stats, methods=["GET"]),
    Route("/api/events/{event}/desks", list_desks, methods=["GET"]),
    Route("/api/events/{event}/desks/{desk}", get_desk, methods=["GET"]),
    Route("/api/events/{event}/desks/{desk}", put_desk, methods=["PUT"]),
    Route("/api/events/{event}/desks/{desk}/sheet", print_sheet, methods=["POST"]),
    Route("/api/events/{event}/desks/{desk}/badge.png", desk_badge, methods=["GET"]),
    Route("/api/stocks", stock_list, methods=["GET"]),
]
