"""The designer's page (``/events/{id}/design``): rendered once by the server with the event
and the step bar; ``static/designer/main.js`` does the rest through the designer's JSON API.
Without JavaScript the page says so and links to the shipped layouts and the upload, which
work with plain forms.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from badgepress.web.edge import app_of, render
from badgepress.web.store import lists


async def design_page(request: Request) -> Response:
    """Step 2: the badge designer."""
    store = app_of(request).store
    ev = await run_in_threadpool(store.event, request.path_params["event"])
    summary = await run_in_threadpool(lists.summary, store, ev["id"])
    return render(request, "designer.html", event=ev, step="design", summary=summary)


ROUTES = [Route("/events/{event}/design", design_page, methods=["GET"])]
