"""The desk's JSON API (README: the registration desk): walk-ins, an attendee's prints,
printing, the printer queues, exports.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from badgepress.web import desk, deskjobs, desks
from badgepress.web.api import _json
from badgepress.web.roles import SCOPE_KEY
from badgepress.web.service import App, NotFoundError


def _app(request: Request) -> App:
    app: App = request.app.state.badgepress
    return app


async def add_walkin(request: Request) -> Response:
    """POST /api/events/{event}/attendees {"first_name", "last_name", ...} -> 201 {"id"}
    (200 when the same ``request`` was sent before).
    """
    body = await _json(request)
    aid, new = await run_in_threadpool(desk.add_walkin, _app(request),
                                       request.path_params["event"], body)
    return JSONResponse({"id": aid}, status_code=201 if new else 200)


async def attendee(request: Request) -> Response:
    """GET /api/events/{event}/attendees/{id} -> {..., "printed", "prints", "checked_in"}."""
    return JSONResponse(await run_in_threadpool(
        desk.attendee_detail, _app(request), request.path_params["event"],
        request.path_params["id"]))


async def correct(request: Request) -> Response:
    """PATCH /api/events/{event}/attendees/{id} {"first_name", "last_name", ...} -> 200 the
    attendee; 409 when the attendee comes from the organiser's list (not a walk-in).
    """
    body = await _json(request)
    return JSONResponse(await run_in_threadpool(
        desk.correct_walkin, _app(request), request.path_params["event"],
        request.path_params["id"], body))


async def job_state(request: Request) -> Response:
    """GET /api/events/{event}/jobs/{job} -> {"job", "attendee", "desk", "printer", "state",
    "message", "cups", "at"}, CUPS asked while the job is live.
    """
    return JSONResponse(await run_in_threadpool(
        deskjobs.job_state, _app(request), request.path_params["event"],
        request.path_params["job"]))


async def get_desk(request: Request) -> Response:
    """GET /api/events/{event}/desks/{desk} -> {"desk", "printer", "chosen", "default"}."""
    return JSONResponse(await run_in_threadpool(
        desks.desk_info, _app(request), request.path_params["event"],
        request.path_params["desk"]))


async def put_desk(request: Request) -> Response:
    """PUT /api/events/{event}/desks/{desk} {"printer": QUEUE, "browser" or null} -> as GET."""
    body = await _json(request)
    printer = body.get("printer")
    return JSONResponse(await run_in_threadpool(
        desks.set_printer, _app(request), request.path_params["event"],
        request.path_params["desk"], None if printer is None else str(printer)))


async def list_desks(request: Request) -> Response:
    """GET /api/events/{event}/desks -> [{"desk", "printer"}]."""
    return JSONResponse(await run_in_threadpool(
        desks.all_desks, _app(request), request.path_params["event"]))


async def print_badge(request: Request) -> Response:
    """POST /api/events/{event}/attendees/{id}/print {"desk", "reprint"} -> 202 {"job",
    "printer", "state"}; 409 when printed before and ``reprint`` is not true.
    """
    body = await _json(request)
    out = await run_in_threadpool(
        lambda: desk.print_badge(_app(request), request.path_params["event"],
                                 request.path_params["id"], str(body.get("desk", "")),
                                 reprint=bool(body.get("reprint"))))
    return JSONResponse(out, status_code=202)


async def print_pdf(request: Request) -> Response:
    """GET /api/prints/{job}.pdf -> the one-badge PDF of a desk print (the browser prints)."""
    app = _app(request)
    job = await run_in_threadpool(app.db.job, request.path_params["job"])
    desk_event = request.scope.get(SCOPE_KEY)  # a desk sees its own event's prints only
    if job is None or job["kind"] != "print" or desk_event not in (None, job["event_id"]):
        raise NotFoundError(f"no print {request.path_params['job']!r}")
    path = app.data / "events" / job["event_id"] / "prints" / f"{job['id']}.pdf"
    if not path.is_file():
        raise NotFoundError("this print has no PDF (it failed)")
    return FileResponse(path, media_type="application/pdf")


async def printers(request: Request) -> Response:
    """GET /api/printers -> {"queues": [...], "why" and "reason": why the list is empty (one
    line, or null), "default": ``serve --printer`` or null}.
    """
    names, why = await run_in_threadpool(desk.queues)
    return JSONResponse({"queues": names, "why": why, "reason": why,
                         "default": _app(request).printer})


async def export_csv(request: Request) -> Response:
    """GET /api/events/{event}/export.csv -> every attendee with check-in and prints."""
    text = await run_in_threadpool(desk.export_csv, _app(request),
                                   request.path_params["event"])
    return Response(text.encode("utf-8-sig"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="export.csv"'})


async def export_xlsx(request: Request) -> Response:
    """GET /api/events/{event}/export.xlsx -> the same as export.csv, as an Excel workbook."""
    data = await run_in_threadpool(desk.export_xlsx, _app(request),
                                   request.path_params["event"])
    return Response(data, media_type="application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="export.xlsx"'})


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
    Route("/api/events/{event}/desks", list_desks, methods=["GET"]),
    Route("/api/events/{event}/desks/{desk}", get_desk, methods=["GET"]),
    Route("/api/events/{event}/desks/{desk}", put_desk, methods=["PUT"]),
]
