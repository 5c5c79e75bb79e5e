"""What a route takes from a request (the app's state, a JSON body, a form, uploaded files,
a number from the query; each checked by the rules of :mod:`badgepress.web.edge.inputs`) and
the headers of a download it gives back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, overload
from urllib.parse import quote

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from badgepress.errors import InputError, one_line
from badgepress.web.edge.inputs import checked, checked_json, file_name, whole_number
from badgepress.web.edge.searches import SearchGate
from badgepress.web.engine import Engine
from badgepress.web.store import Store

#: Look-ups and prints a second a kiosk may send on average, and in one burst: an attendee
#: scans once or twice; guessing codes gets nowhere at this pace.
KIOSK_RATE, KIOSK_BURST = 1.0, 5.0


@dataclass(frozen=True)
class App:
    """The app's state, made once by ``create_app``: the data folder's store, the engine
    that previews, prints and builds from it, and the desks' search budget.
    """

    store: Store
    engine: Engine
    searches: SearchGate = field(default_factory=SearchGate)
    #: the kiosks' budget: look-ups and prints, one at a time, a few a second per kiosk
    kiosks: SearchGate = field(default_factory=lambda: SearchGate(
        rate=KIOSK_RATE, burst=KIOSK_BURST, what="tries at this kiosk"))
    #: Where other computers reach this one when the server listens on the network
    #: (``--host 0.0.0.0``: its address on the local network); None: this computer only.
    lan: str | None = None


def app_of(request: Request) -> App:
    """The app's state for ``request`` (``request.app.state.badgepress``)."""
    app: App = request.app.state.badgepress
    return app


async def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object (``{}`` for an empty body), its text checked
    (:func:`~badgepress.web.edge.inputs.checked_json`); ``InputError`` otherwise.
    """
    try:
        body = json.loads(await request.body() or b"{}")
    except RecursionError:
        raise InputError("the request body is nested too deeply") from None
    except (ValueError, UnicodeDecodeError):
        raise InputError("the request body is not valid JSON") from None
    return checked_json(body)


async def form_fields(request: Request) -> dict[str, str]:
    """The request's form fields (files left out), their text checked as a JSON body's."""
    try:
        form = await request.form(max_files=200, max_fields=200)
    except Exception as exc:  # starlette raises its own for malformed forms
        raise InputError(f"the form could not be read: {one_line(exc)}") from None
    return {checked(k, "a field name"): checked(v, k) for k, v in form.multi_items()
            if isinstance(v, str)}


@overload
def query_number(request: Request, name: str, default: int, *, most: int) -> int: ...
@overload
def query_number(request: Request, name: str, default: None, *, most: int) -> int | None: ...
def query_number(request: Request, name: str, default: int | None, *, most: int
                 ) -> int | None:
    """The query's whole number ``name`` (``default`` when absent), at most ``most``;
    ``InputError`` when it is not ASCII digits.
    """
    found = whole_number(request.query_params.get(name), name, most=most)
    return default if found is None else found


async def upload(request: Request, field: str = "file") -> list[tuple[str, bytes]]:
    """The files sent in the multipart form ``field`` as ``(client's name, bytes)``; the
    name is a label (characters that cannot be kept are removed from it).
    """
    try:
        form = await request.form(max_files=200, max_fields=200)
    except Exception as exc:  # starlette raises its own for malformed forms
        raise InputError(f"the upload could not be read: {one_line(exc)}") from None
    out = []
    for item in form.getlist(field):
        if isinstance(item, UploadFile):
            out.append((file_name(item.filename or "upload"), await item.read()))
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
              most: int = 1_000_000_000) -> int:
    """The query parameter ``name`` as a whole number: ``default`` when absent, ``most`` when
    larger; ``InputError`` when it is not ASCII digits or less than ``least``.
    """
    found = whole_number(request.query_params.get(name, ""), name, most=most)
    if found is None:
        return default
    if found < least:
        raise InputError(f"{name} must be a whole number of at least {least}, not {found}")
    return found


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


def csv_answer(text: str, filename: str) -> Response:
    """A CSV download: ``text`` as UTF-8 with a byte-order mark (so a spreadsheet reads its
    accents), saved as ``filename``.
    """
    return Response(text.encode("utf-8-sig"), media_type="text/csv; charset=utf-8",
                    headers=attachment(filename))
