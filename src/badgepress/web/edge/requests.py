"""What a route takes from a request (the app's state, a JSON body, uploaded files) and the
headers of a download it gives back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from starlette.datastructures import UploadFile
from starlette.requests import Request

from badgepress.errors import InputError
from badgepress.web.engine import Engine
from badgepress.web.store import Store


@dataclass(frozen=True)
class App:
    """The app's state, made once by ``create_app``: the data folder's store, and the engine
    that previews, prints and builds from it.
    """

    store: Store
    engine: Engine
    #: Where other computers reach this one when the server listens on the network
    #: (``--host 0.0.0.0``: its address on the local network); None: this computer only.
    lan: str | None = None


def app_of(request: Request) -> App:
    """The app's state for ``request`` (``request.app.state.badgepress``)."""
    app: App = request.app.state.badgepress
    return app


async def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object (``{}`` for an empty body); ``InputError`` otherwise."""
    try:
        body = json.loads(await request.body() or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise InputError("the request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise InputError("the request body must be a JSON object")
    return body


async def upload(request: Request, field: str = "file") -> list[tuple[str, bytes]]:
    """The files sent in the multipart form ``field`` as ``(client's name, bytes)``."""
    try:
        form = await request.form(max_files=200, max_fields=200)
    except Exception as exc:  # starlette raises its own for malformed forms
        raise InputError(f"the upload could not be read: {exc}") from None
    out = []
    for item in form.getlist(field):
        if isinstance(item, UploadFile):
            out.append((item.filename or "upload", await item.read()))
    if not out:
        raise InputError(f"no file in the form field {field!r}")
    return out


def attachment(filename: str) -> dict[str, str]:
    """The ``Content-Disposition`` header of a download saved as ``filename`` (any script:
    RFC 6266's ``filename*`` beside an ASCII fallback).
    """
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace(
        '"', "_")
    return {"Content-Disposition": f'attachment; filename="{ascii_name}"; '
            f"filename*=utf-8''{quote(filename)}"}


def query_int(request: Request, name: str, default: int, *, least: int = 0,
              most: int | None = None) -> int:
    """The query parameter ``name`` as a whole number: ``default`` when absent, ``most`` when
    larger; ``InputError`` when it is not a whole number of at least ``least``.
    """
    text = request.query_params.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < least:
        raise InputError(f"{name} must be a whole number of at least {least}, not {text[:20]!r}")
    return min(int(text), most) if most is not None else int(text)


def query_flag(request: Request, name: str) -> bool | None:
    """The query parameter ``name`` as yes (``1``, ``yes``, ``true``) or no (``0``, ``no``,
    ``false``); ``None`` when absent or empty; ``InputError`` for anything else.
    """
    text = request.query_params.get(name, "").strip().lower()
    if not text:
        return None
    if text in ("1", "yes", "true"):
        return True
    if text in ("0", "no", "false"):
        return False
    raise InputError(f"{name} must be yes or no, not {text[:20]!r}")
