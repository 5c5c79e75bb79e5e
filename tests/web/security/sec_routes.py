"""Every route of the app as a request to send: method and a path with real ids filled in
(an event with the sample list, a walk-in, a desk print), for the tests that go over them all.
"""

from __future__ import annotations

from typing import Any

from starlette.routing import Mount, Route
from web_helpers import SAMPLE_XLSX, Web

from badgepress.web.edge.pagefonts import font_files


def app_routes(web: Web) -> list[Any]:
    """The Starlette routes behind the shield and the guard."""
    star: Any = web.asgi
    while not hasattr(star, "router"):
        star = star.app
    return list(star.router.routes)


def fixture_ids(web: Web) -> dict[str, str]:
    """An event with the sample, a walk-in and a browser print: the ids the paths need."""
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    aid = web.client.post(f"/api/events/{event}/attendees",
                          json={"first_name": "Ana", "last_name": "Li"}).json()["id"]
    job = web.client.post(f"/api/events/{event}/attendees/{aid}/print",
                          json={"desk": "D"}).json()["job"]
    return {"event": event, "id": str(aid), "job": job, "desk": "D",
            "layout": "a4-90x55-8up", "font": next(iter(font_files()))}


def requests(web: Web, ids: dict[str, str]) -> list[tuple[str, str]]:
    """``(method, path)`` of every route of the app (HEAD left out), ids from ``ids``."""
    out = []
    for route in app_routes(web):
        if isinstance(route, Mount):
            out.append(("GET", route.path + "/app.css"))
            continue
        assert isinstance(route, Route)
        name = ids["font"] if route.path_format.startswith("/fonts/") else ids["layout"]
        path = (route.path_format.replace("{event}", ids["event"]).replace("{id}", ids["id"])
                .replace("{job}", ids["job"]).replace("{desk}", ids["desk"])
                .replace("{name}", name))
        out.extend((m, path) for m in sorted(route.methods or {"GET"}) if m != "HEAD")
    return out
