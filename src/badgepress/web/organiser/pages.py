"""The organiser's pages: server-rendered HTML (Jinja2) with plain forms, so every step works
with the keyboard and without JavaScript; ``static/app.js`` adds the conveniences (a mapping
re-read as soon as a drop-down changes, the build's progress bar).

Steps: events (``/``), the list (``/events/{id}``), the design (the designer's page,
``/design``, with the shipped layouts, an upload and the ``[event]`` text at ``/layouts``),
the preview (``/preview``), the build (``/build``). A form posts, the app does the work
through the same service as the API, and redirects back; a mistake re-renders the page with
the one-line message.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from badgepress.errors import BadgepressError
from badgepress.web.edge import app_of, file_name, form_fields, render, upload
from badgepress.web.edge.errors import message, status_of
from badgepress.web.edge.requests import query_int
from badgepress.web.engine import desks
from badgepress.web.store import events, exports, layouts, lists
from badgepress.web.store.attendees import MAPPED_FIELDS
from badgepress.web.store.events import job as job_state

FIELD_LABELS = {"first_name": "First name", "last_name": "Last name", "name": "Full name",
                "company": "Company", "job_title": "Job title", "role": "Role / ticket type",
                "email": "E-mail", "id": "Ticket id"}


async def _event_context(request: Request, step: str) -> dict[str, Any]:
    store = app_of(request).store
    ev = await run_in_threadpool(store.event, request.path_params["event"])
    summary = await run_in_threadpool(lists.summary, store, ev["id"])
    return {"event": ev, "step": step, "summary": summary}


async def home(request: Request, error: str | None = None, status: int = 200) -> Response:
    """The events, and the form to create one."""
    return render(request, "home.html", status,
                  events=await run_in_threadpool(events.all_events, app_of(request).store),
                  layouts=layouts.shipped(), default_layout=layouts.DEFAULT, error=error)


async def create(request: Request) -> Response:
    """POST /events: create an event and go to its list step."""
    try:
        form = await form_fields(request)
        event_id = await run_in_threadpool(events.create, app_of(request).store,
                                           str(form.get("name", "")), str(form.get("dates", "")),
                                           str(form.get("layout", "a4-90x55-8up")))
    except BadgepressError as exc:
        return await home(request, message(request, exc), status_of(exc))
    return RedirectResponse(f"/events/{event_id}", 303)


async def changes_page(request: Request) -> Response:
    """GET /events/{event}/changes?kind=added&page=N: every name of one kind of change, 100
    a page, with old and new values for edits.
    """
    ctx = await _event_context(request, "list")
    kind = request.query_params.get("kind", "added")
    page = query_int(request, "page", 1, least=1)
    try:
        part = await run_in_threadpool(lists.change_details, app_of(request).store,
                                       ctx["event"]["id"], kind, (page - 1) * 100, 100)
    except BadgepressError as exc:
        return render(request, "changes.html", 400, error=message(request, exc), part=None,
                      page=page, **ctx)
    return render(request, "changes.html", part=part, page=page, **ctx)


async def rename(request: Request) -> Response:
    """POST /events/{event}/rename: the event's name and dates (its badges follow)."""
    event_id = request.path_params["event"]
    try:
        form = await form_fields(request)
        await run_in_threadpool(lambda: events.update(
            app_of(request).store, event_id, name=str(form.get("name", "")),
            dates=str(form.get("dates", ""))))
    except BadgepressError as exc:
        return await list_page(request, message(request, exc), status_of(exc))
    return RedirectResponse(f"/events/{event_id}", 303)


async def delete_page(request: Request) -> Response:
    """GET /events/{event}/delete: asks once, saying what will be deleted."""
    ctx = await _event_context(request, "list")
    return render(request, "delete.html", **ctx)


async def delete(request: Request) -> Response:
    """POST /events/{event}/delete: delete the event and its files; back to the events."""
    try:
        await run_in_threadpool(events.delete, app_of(request).store,
                                request.path_params["event"])
    except BadgepressError as exc:
        ctx = await _event_context(request, "list")
        return render(request, "delete.html", 409, error=message(request, exc), **ctx)
    return RedirectResponse("/", 303)


async def list_page(request: Request, error: str | None = None, status: int = 200) -> Response:
    """Step 1: upload the list; what was understood; the mapping; skipped rows; changes."""
    ctx = await _event_context(request, "list")
    store, event_id = app_of(request).store, ctx["event"]["id"]
    kiosk = await run_in_threadpool(events.kiosk_page, store, event_id)
    return render(request, "list.html", status, fields=MAPPED_FIELDS, labels=FIELD_LABELS,
                   error=error, desk_link=await desk_link(request, event_id),
                   kiosk_link=_on_lan(request, kiosk["kiosk_link"]), kiosk=kiosk,
                   lan=app_of(request).lan, **ctx)


async def kiosk_settings(request: Request) -> Response:
    """POST /events/{event}/kiosk: the kiosk's settings (the code's column, print at once,
    where to take the badge, seconds before it starts again).
    """
    event_id = request.path_params["event"]
    try:
        form = await form_fields(request)
        values: dict[str, Any] = {k: form.get(k, "") for k in ("column", "where", "reset")}
        values["auto"] = form.get("auto") == "yes"
        await run_in_threadpool(events.set_kiosk, app_of(request).store, event_id, values)
    except BadgepressError as exc:
        return await list_page(request, message(request, exc), status_of(exc))
    return RedirectResponse(f"/events/{event_id}#kiosk-link-card", 303)


async def upload_list(request: Request) -> Response:
    """POST /events/{event}/list: a new attendee file."""
    event_id = request.path_params["event"]
    try:
        form = await request.form()
        item = form.get("file")
        if not isinstance(item, UploadFile) or not item.filename:
            raise BadgepressError("choose an attendee file (.xlsx, .xls, .xlsb, .ods or .csv) "
                                  "to upload")
        data = await item.read()
        await run_in_threadpool(lists.import_list, app_of(request).store, event_id,
                                file_name(item.filename), data)
    except BadgepressError as exc:
        return await list_page(request, message(request, exc), status_of(exc))
    return RedirectResponse(f"/events/{event_id}", 303)


async def mapping(request: Request) -> Response:
    """POST /events/{event}/mapping: the column chosen for each field."""
    event_id = request.path_params["event"]
    try:
        form = await form_fields(request)
        choice = {k: str(form[f"map_{k}"]) for k in MAPPED_FIELDS if f"map_{k}" in form}
        await run_in_threadpool(lists.set_mapping, app_of(request).store, event_id, choice)
    except BadgepressError as exc:
        return await list_page(request, message(request, exc), status_of(exc))
    return RedirectResponse(f"/events/{event_id}#mapping", 303)


async def design_page(request: Request, error: str | None = None, status: int = 200
                      ) -> Response:
    """Step 2's start (``/events/{event}/layouts``): the shipped layouts as thumbnails, an
    upload, the [event] text; a layout chosen or uploaded opens in the designer.
    """
    ctx = await _event_context(request, "design")
    store = app_of(request).store
    keys = await run_in_threadpool(
        lambda: layouts.event_keys(layouts.layout_file(store, ctx["event"])))
    engine, event_id = app_of(request).engine, ctx["event"]["id"]
    stocks = await run_in_threadpool(desks.stocks, engine, event_id)
    designs = await run_in_threadpool(layouts.desk_designs, store, event_id)
    return render(request, "design.html", status, layouts=layouts.shipped(), event_keys=keys,
                   error=error, desk_stocks=stocks, desk_designs=designs, **ctx)


async def choose_layout(request: Request) -> Response:
    """POST /events/{event}/design: a shipped layout or an upload (then the designer opens
    it), or the [event] text (back to the layouts).
    """
    event_id = request.path_params["event"]
    app = app_of(request)
    try:
        kind = request.query_params.get("do", "choose")
        if kind == "upload":
            files = await upload(request, "files")
            await run_in_threadpool(app.engine.upload_layout, event_id, files)
        elif kind == "desk":
            files = await upload(request, "files")
            await run_in_threadpool(app.engine.upload_desk_design, event_id,
                                    request.query_params.get("stock", ""), files)
        else:
            form = await form_fields(request)
            if kind == "text":
                values = {k[6:]: str(v) for k, v in form.items() if k.startswith("event_")}
                await run_in_threadpool(layouts.set_event_text, app.store, event_id, values)
            else:
                await run_in_threadpool(app.engine.set_layout, event_id,
                                        str(form.get("layout", "")))
    except BadgepressError as exc:
        return await design_page(request, message(request, exc), status_of(exc))
    if kind in ("text", "desk"):
        return RedirectResponse(f"/events/{event_id}/layouts", 303)
    return RedirectResponse(f"/events/{event_id}/design", 303)


async def preview_page(request: Request) -> Response:
    """Step 3: the hardest badges first with their warnings; any badge by name."""
    ctx = await _event_context(request, "preview")
    app = app_of(request)
    q = request.query_params.get("q", "").strip()
    error = None
    sides = None
    try:
        hardest = await run_in_threadpool(app.engine.hardest, ctx["event"]["id"], 12)
        await run_in_threadpool(app.engine.warm, ctx["event"]["id"],
                                [a["id"] for a in hardest])
        sides = await run_in_threadpool(app.engine.sides, ctx["event"]["id"])
    except BadgepressError as exc:
        hardest, error = [], message(request, exc)
    found = (await run_in_threadpool(app.store.search.find, ctx["event"]["id"], q, 24)
             if q else [])
    return render(request, "preview.html", hardest=hardest, found=found, q=q, error=error,
                  sides=sides, **ctx)


async def build_page(request: Request, error: str | None = None, status: int = 200
                     ) -> Response:
    """Step 4: build, follow the progress, download; the warnings by row."""
    ctx = await _event_context(request, "build")
    app = app_of(request)
    event_id = ctx["event"]["id"]
    job = request.query_params.get("job")
    current = await run_in_threadpool(job_state, app.store, job) if job else None
    last = None
    if ctx["event"]["build_job"]:
        last = await run_in_threadpool(job_state, app.store, ctx["event"]["build_job"])
        last["detail"], last["items"] = await run_in_threadpool(exports.last_build, app.store,
                                                                event_id)
        last["stale"] = await run_in_threadpool(events.stale, app.store, event_id)
    try:
        sides = await run_in_threadpool(app.engine.sides, event_id)
    except BadgepressError:
        sides = None  # the design's own error shows on the preview page
    return render(request, "build.html", status, job=current, last=last, error=error,
                  sides=sides, **ctx)


async def start_build(request: Request) -> Response:
    """POST /events/{event}/build: start the background build and follow it."""
    event_id = request.path_params["event"]
    try:
        form = await form_fields(request)
        pdfx = form.get("pdfx") == "1"
        job, _new = await run_in_threadpool(
            lambda: app_of(request).engine.start_build(event_id, pdfx=pdfx))
    except BadgepressError as exc:
        return await build_page(request, message(request, exc), status_of(exc))
    return RedirectResponse(f"/events/{event_id}/build?job={job}", 303)


async def desk_link(request: Request, event_id: str) -> str:
    """The event's desk link, as the organiser shows it to desk volunteers: at this computer's
    network address when the server listens on the network (an organiser on this computer may
    have opened 127.0.0.1, which another laptop cannot reach), else as the page was reached.
    """
    token = await run_in_threadpool(events.desk_token, app_of(request).store, event_id)
    return _on_lan(request, f"/events/{event_id}/desk?token={token}")


def _on_lan(request: Request, path: str) -> str:
    """``path`` of this app as a link for another computer (see :func:`desk_link`)."""
    app = app_of(request)
    base = str(request.base_url).rstrip("/")
    if app.lan:
        host = f"[{app.lan}]" if ":" in app.lan else app.lan
        base = f"{request.url.scheme}://{host}" + (f":{request.url.port}" if request.url.port
                                                    else "")
    return base + path


ROUTES = [
    Route("/", home, methods=["GET"]),
    Route("/events", create, methods=["POST"]),
    Route("/events/{event}", list_page, methods=["GET"]),
    Route("/events/{event}/rename", rename, methods=["POST"]),
    Route("/events/{event}/changes", changes_page, methods=["GET"]),
    Route("/events/{event}/delete", delete_page, methods=["GET"]),
    Route("/events/{event}/delete", delete, methods=["POST"]),
    Route("/events/{event}/list", upload_list, methods=["POST"]),
    Route("/events/{event}/mapping", mapping, methods=["POST"]),
    Route("/events/{event}/kiosk", kiosk_settings, methods=["POST"]),
    Route("/events/{event}/layouts", design_page, methods=["GET"]),
    Route("/events/{event}/design", choose_layout, methods=["POST"]),
    Route("/events/{event}/preview", preview_page, methods=["GET"]),
    Route("/events/{event}/build", build_page, methods=["GET"]),
    Route("/events/{event}/build", start_build, methods=["POST"]),
]
