"""The ASGI application: the rooms' routes (organiser, designer, desk, kiosk, the edge's
assets) over one store and its engine, behind the guard, inside the shield (security headers,
and one line for any error); on start, the store's uploads are tidied and the desks' print
jobs settled.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from badgepress.errors import BadgepressError
from badgepress.web import designer, desk, kiosk, organiser
from badgepress.web.desk.settle import settle_prints
from badgepress.web.edge import App, Guard, assets, errors
from badgepress.web.edge.guard import BODY_TIMEOUT, ASGIApp
from badgepress.web.edge.shield import Shield
from badgepress.web.engine import Engine
from badgepress.web.store import Store
from badgepress.web.store.events import desk_event, kiosk_event
from badgepress.web.store.uploads import tidy

#: The default upload limit (bytes).
MAX_UPLOAD = 50 * 1024 * 1024


def create_app(data: Path, *, token: str | None = None, max_upload: int = MAX_UPLOAD,
               network: bool = False, allowed_hosts: set[str] | None = None,
               printer: str | None = None, body_timeout: float = BODY_TIMEOUT,
               lan: str | None = None) -> tuple[ASGIApp, App]:
    """The guarded ASGI app over the data folder ``data`` (created if needed), and the
    app's state. ``token``: required on every request (``--host 0.0.0.0``);
    ``max_upload``: the largest request body in bytes; ``network``: IP-address hosts allowed;
    ``printer``: the desks' CUPS queue; ``body_timeout``: the longest pause in a request's
    body (seconds); ``lan``: this computer's address for other computers when serving on the
    network (the desk link uses it).
    """
    store = Store(data, printer=printer)
    state = App(store, Engine(store), lan=lan if network else None)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        # What a killed server left: uploads half done, print jobs not settled with CUPS
        # (asked in the background: CUPS may take seconds to answer).
        await run_in_threadpool(tidy, data, store.db)
        threading.Thread(target=settle_prints, args=(state,), name="settle-prints",
                         daemon=True).start()
        yield

    star = Starlette(routes=[*organiser.ROUTES, *designer.ROUTES, *desk.ROUTES,
                             *kiosk.ROUTES, *assets.ROUTES],
                     lifespan=lifespan, exception_handlers={BadgepressError: errors.answer,
                                         HTTPException: errors.http_error,
                                         Exception: errors.crashed})
    star.state.badgepress = state
    guard = Guard(star, token=token, max_body=max_upload, allowed_hosts=allowed_hosts,
                  network=network, desk_tokens=functools.partial(desk_event, store),
                  body_timeout=body_timeout,
                  kiosk_tokens=functools.partial(kiosk_event, store))
    return Shield(guard), state
