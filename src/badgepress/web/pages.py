"""The organiser's pages: server-rendered HTML (Jinja2) with plain forms, so every step works
with the keyboard and without JavaScript; ``static/app.js`` adds the conveniences (a mapping
re-read as soon as a drop-down changes, the build's progress bar).

Steps: events (``/``), the list (``/events/{id}``), the design (``/design``), the preview
(``/preview``), the build (``/build``). A form posts, the app does the work through the same
service as the API, and redirects back; a mistake re-renders the page with the one-line
message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from badgepress import __version__
from badgepress.errors import BadgepressError
from badgepress.web import designs, desks
from badgepress.web.imports import MAPPED_FIELDS
from badgepress.web.roles import SCOPE_KEY
from badgepress.web.service import App

templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
FIELD_LABELS = {"first_name": "First name", "last_name": "Last name", "name": "Full name",
                "company": "Company", "job_title": "Job title", "role": "Role / ticket type",
                "email": "E-mail", "id": "Ticket id"}


def _app(request: Request) -> App:
    app: App = request.app.state.badgepress
    return app


def _render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    context.setdefault("error", None)
    context.setdefault("desk_role", is_desk(request))
    return templates.TemplateResponse(request, name, dict(context, version=__version__),
                                      status_code=status)


def error_page(request: Request, message: str, status: int) -> Response:
    """A page that shows one error message (unknown event, ...)."""
    return _render(request, "error.html", status, message=message)


async def _event_context(request: Request, step: str) -> dict[str, Any]:
    app = _app(request)
    ev = await run_in_threadpool(app.event, request.path_params["event"])
    summary = await run_in_threadpool(app.summary, ev["id"])
    return {"event": ev, "step": step, "summary": summary}


async def home(request: Request, error: str | None = None, status: int = 200) -> Response:
    """The events, and the form to create one."""
    app = _app(request)
    return _render(request, "home.html", status, events=await run_in_threadpool(app.events),
                   layouts=designs.shipped(), error=error)


async def create(request: Request) -> Response:
    """POST /events: create an event and go to its list step."""
    form = await request.form()
    try:
        event_id = await run_in_threadpool(_app(request).create_event,
                                           str(form.get("name", "")), str(form.get("dates", "")),
                                           str(form.get("layout", "a4-90x55-8up")))
    except BadgepressError as exc:
        return await home(request, str(exc), 400)
    return RedirectResponse(f"/events/{event_id}", 303)


async def list_page(request: Request, error: str | None = None, status: int = 200) -> Response:
    """Step 1: upload the list; what was understood; the mapping; skipped rows; changes."""
    ctx = await _event_context(request, "list")
    return _render(request, "list.html", status, fields=MAPPED_FIELDS, labels=FIELD_LABELS,
                   error=error, desk_link=await desk_link(request, ctx["event"]["id"]), **ctx)


async def upload_list(request: Request) -> Response:
    """POST /events/{event}/list: a new attendee file."""
    event_id = request.path_params["event"]
    try:
        form = await request.form()
        item = form.get("file")
        if not isinstance(item, UploadFile) or not item.filename:
            raise BadgepressError("choose an attendee file (.xlsx or .csv) to upload")
        data = await item.read()
        await run_in_threadpool(_app(request).import_list, event_id, item.filename, data)
    except BadgepressError as exc:
        return await list_page(request, str(exc), 400)
    return RedirectResponse(f"/events/{event_id}", 303)


async def mapping(request: Request) -> Response:
    """POST /events/{event}/mapping: the column chosen for each field."""
    event_id = request.path_params["event"]
    form = await request.form()
    choice = {k: str(form[f"map_{k}"]) for k in MAPPED_FIELDS if f"map_{k}" in form}
    try:
        await run_in_threadpool(_app(request).set_mapping, event_id, choice)
    except BadgepressError as exc:
        return await list_page(request, str(exc), 400)
    return RedirectResponse(f"/events/{event_id}#mapping", 303)


async def design_page(request: Request, error: str | None = None, status: int = 200
                      ) -> Response:
    """Step 2: the shipped layouts as thumbnails, an upload, the [event] text."""
    ctx = await _event_context(request, "design")
    app = _app(request)
    keys = await run_in_threadpool(designs.event_keys, app.layout_file(ctx["event"]))
    return _render(request, "design.html", status, layouts=designs.shipped(), event_keys=keys,
                   error=error, **ctx)


async def choose_layout(request: Request) -> Response:
    """POST /events/{event}/design: a shipped layout, an upload, or the [event] text."""
    from badgepress.web.api import upload

    event_id = request.path_params["event"]
    app = _app(request)
    try:
        kind = request.query_params.get("do", "choose")
        if kind == "upload":
            files = await upload(request, "files")
            await run_in_threadpool(app.upload_layout, event_id, files)
        else:
            form = await request.form()
            if kind == "text":
                values = {k[6:]: str(v) for k, v in form.items() if k.startswith("event_")}
                await run_in_threadpool(app.set_event_text, event_id, values)
            else:
                await run_in_threadpool(app.set_layout, event_id, str(form.get("layout", "")))
    except BadgepressError as exc:
        return await design_page(request, str(exc), 400)
    return RedirectResponse(f"/events/{event_id}/design", 303)


async def preview_page(request: Request) -> Response:
    """Step 3: the hardest badges first with their warnings; any badge by name."""
    ctx = await _event_context(request, "preview")
    app = _app(request)
    q = request.query_params.get("q", "").strip()
    error = None
    try:
        hardest = await run_in_threadpool(app.hardest, ctx["event"]["id"], 12)
        await run_in_threadpool(app.warm, ctx["event"]["id"], [a["id"] for a in hardest])
    except BadgepressError as exc:
        hardest, error = [], str(exc)
    found = await run_in_threadpool(app.attendees, ctx["event"]["id"], q, 24) if q else []
    return _render(request, "preview.html", hardest=hardest, found=found, q=q, error=error,
                   **ctx)


async def build_page(request: Request, error: str | None = None, status: int = 200
                     ) -> Response:
    """Step 4: build, follow the progress, download; the warnings by row."""
    ctx = await _event_context(request, "build")
    app = _app(request)
    job = request.query_params.get("job")
    current = await run_in_threadpool(app.job, job) if job else None
    last = None
    if ctx["event"]["build_job"]:
        last = await run_in_threadpool(app.job, ctx["event"]["build_job"])
        import json

        path = app.builds.folder(ctx["event"]["id"], ctx["event"]["build_job"])
        last["detail"] = json.loads((path / "result.json").read_text(encoding="utf-8"))
    return _render(request, "build.html", status, job=current, last=last, error=error, **ctx)


async def start_build(request: Request) -> Response:
    """POST /events/{event}/build: start the background build and follow it."""
    event_id = request.path_params["event"]
    try:
        job, _new = await run_in_threadpool(_app(request).start_build, event_id)
    except BadgepressError as exc:
        return await build_page(request, str(exc), 400)
    return RedirectResponse(f"/events/{event_id}/build?job={job}", 303)


async def desk_page(request: Request) -> Response:
    """The registration desk: find, print, add walk-ins (``static/desk.js``)."""
    ctx = await _event_context(request, "desk")
    printer = ctx["event"].get("printer") or _app(request).printer
    return _render(request, "desk.html", printer=printer, **ctx)


def is_desk(request: Request) -> bool:
    """Whether the request came through a desk link (the desk role), not the organiser."""
    return SCOPE_KEY in request.scope


async def desk_link(request: Request, event_id: str) -> str:
    """The event's desk link, as the organiser shows it to desk volunteers."""
    token = await run_in_threadpool(desks.desk_token, _app(request), event_id)
    return f"{str(request.base_url).rstrip('/')}/events/{event_id}/desk?token={token}"


ROUTES = [
    Route("/events/{event}/desk", desk_page, methods=["GET"]),
    Route("/", home, methods=["GET"]),
    Route("/events", create, methods=["POST"]),
    Route("/events/{event}", list_page, methods=["GET"]),
    Route("/events/{event}/list", upload_list, methods=["POST"]),
    Route("/events/{event}/mapping", mapping, methods=["POST"]),
    Route("/events/{event}/design", design_page, methods=["GET"]),
    Route("/events/{event}/design", choose_layout, methods=["POST"]),
    Route("/events/{event}/preview", preview_page, methods=["GET"]),
    Route("/events/{event}/build", build_page, methods=["GET"]),
    Route("/events/{event}/build", start_build, methods=["POST"]),
]
