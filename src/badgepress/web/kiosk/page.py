"""The kiosk's page (``/events/{id}/kiosk?kiosk=NAME``): a scan (or an e-mail and surname),
the name as it will print, a big Print button, then where to take the badge, and the page
starts again. Rendered once by the server; ``static/kiosk.js`` does the rest through the
kiosk's API.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from badgepress.web.edge import app_of, render
from badgepress.web.engine.desks import desk_name
from badgepress.web.kiosk import checkin


async def kiosk_page(request: Request) -> Response:
    """The kiosk: scan, check the name, print (``static/kiosk.js``)."""
    app = app_of(request)
    ev = await run_in_threadpool(app.store.event, request.path_params["event"])
    setup = await run_in_threadpool(checkin.page_setup, app, ev["id"])
    name = desk_name(request.query_params.get("kiosk") or checkin.KIOSK)
    return render(request, "kiosk.html", event=ev, kiosk=name, setup=setup, desk_role=True)


ROUTES = [Route("/events/{event}/kiosk", kiosk_page, methods=["GET"])]
