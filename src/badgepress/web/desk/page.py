"""The desk's page (``/events/{id}/desk``): find (a page at a time), print, add walk-ins
(offered when a search finds nobody), correct any attendee's badge, "checked in N of M" and
who has not arrived yet; the desk's printer, the stock loaded in it, its driver, and the
design it prints with, with a thumbnail of the badge it is about to print. Rendered once by
the server; ``static/desk.js`` and ``static/deskstock.js`` do the rest through the desk's
JSON API.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from badgepress.web.edge import app_of, render
from badgepress.web.engine.desks import DRIVERS
from badgepress.web.store import lists


async def desk_page(request: Request) -> Response:
    """The registration desk: find, print, add walk-ins (``static/desk.js``)."""
    store = app_of(request).store
    ev = await run_in_threadpool(store.event, request.path_params["event"])
    summary = await run_in_threadpool(lists.summary, store, ev["id"])
    printer = ev.get("printer") or store.printer
    return render(request, "desk.html", event=ev, step="desk", summary=summary,
                  printer=printer, drivers=list(DRIVERS.values()))


ROUTES = [Route("/events/{event}/desk", desk_page, methods=["GET"])]
