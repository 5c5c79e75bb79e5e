"""The ASGI application: the rooms' routes (organiser, desk, the edge's assets) over one
store and its engine, behind the guard.
"""

from __future__ import annotations

import functools
from pathlib import Path

from starlette.applications import Starlette

from badgepress.errors import BadgepressError
from badgepress.web import desk, organiser
from badgepress.web.edge import App, Guard, assets, errors
from badgepress.web.edge.guard import ASGIApp
from badgepress.web.engine import Engine
from badgepress.web.store import Store
from badgepress.web.store.events import desk_event

#: The default upload limit (bytes).
MAX_UPLOAD = 50 * 1024 * 1024


def create_app(data: Path, *, token: str | None = None, max_upload: int = MAX_UPLOAD,
               network: bool = False, allowed_hosts: set[str] | None = None,
               printer: str | None = None, lan: str | None = None) -> tuple[ASGIApp, App]:
    """The guarded ASGI app over the data folder ``data`` (created if needed), and the
    app's state. ``token``: required on every request (``--host 0.0.0.0``);
    ``max_upload``: the largest request body in bytes; ``network``: IP-address hosts allowed;
    ``printer``: the desks' CUPS queue; ``lan``: this computer's address for other computers
    when serving on the network (the desk link uses it).
    """
    store = Store(data, printer=printer)
    state = App(store, Engine(store), lan=lan if network else None)
    star = Starlette(routes=[*organiser.ROUTES, *desk.ROUTES, *assets.ROUTES],
                     exception_handlers={BadgepressError: errors.answer})
    star.state.badgepress = state
    guard = Guard(star, token=token, max_body=max_upload, allowed_hosts=allowed_hosts,
                  network=network, desk_tokens=functools.partial(desk_event, store))
    return guard, state
