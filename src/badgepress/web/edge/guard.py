"""Safe by default: the checks every request passes before the app sees it (ASGI middleware).

- **Host** (DNS rebinding): the ``Host`` header must be ``host[:port]`` naming this machine:
  ``127.0.0.1``, ``localhost``, ``[::1]``, an IP address literal when serving on the
  network, or a name given with ``--allow-host``. A web page on another domain that points
  its name at 127.0.0.1 is refused, and so is anything else (``localhost:evil.example``).
- **Token** (``--host 0.0.0.0``): every request needs the access token, from the printed URL
  (``?token=...``, which sets a cookie and redirects to the same page without it: always a
  path of this app, ``//evil.example`` becomes ``/evil.example``), the
  cookie, or an ``Authorization: Bearer`` header.
- **Desk role**: an event's desk token (its "desk link", given the same three ways, in a
  cookie of its own) makes the request a desk's: it may run that event's desk and nothing
  else (:mod:`badgepress.web.edge.roles`; anything else is refused with 403). The organiser's
  token, where there is one, wins over a desk token; on loopback, where the organiser needs
  no token, a request without a desk token is the organiser's, as before.
- **Kiosk role**: the event's kiosk token (its "kiosk link", in a cookie of its own) makes
  the request a kiosk's: its page, one look-up and one print at a time, nothing else (403).
  A browser holding both a desk's and a kiosk's cookie is the desk on the desk's paths and
  the kiosk on the kiosk's.
- **Origin** (CSRF): a request that changes state (POST, PUT, PATCH, DELETE) is refused when
  its ``Origin`` (or, without one, its ``Referer``) is another site. Scripts that send
  neither are allowed (a browser always sends ``Origin`` on a cross-site POST).
- **Size and time**: a request body larger than the upload limit is refused with 413, counted
  as it streams in (whatever ``Content-Length`` says), before the app parses any of it; a
  body that stops arriving for ``body_timeout`` seconds is refused with 408.
- **Path**: a control character in the path (400) or a number longer than any stored id
  (404) is refused before routing (:func:`~badgepress.web.edge.inputs.path_problem`).
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from badgepress.web.edge.inputs import path_problem
from badgepress.web.edge.roles import (
    DESK_REFUSED,
    KIOSK_REFUSED,
    KIOSK_SCOPE_KEY,
    SCOPE_KEY,
    desk_may,
    kiosk_may,
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "badgepress_token"
#: The cookie a desk link sets (its own, so it never replaces the organiser's).
DESK_COOKIE = "badgepress_desk"
#: The cookie a kiosk link sets.
KIOSK_COOKIE = "badgepress_kiosk"
#: Looks a desk token up: the event it opens, or None.
DeskTokens = Callable[[str], "str | None"]
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
LOCAL_NAMES = {"127.0.0.1", "localhost", "[::1]"}
#: Seconds a request body may pause before the request is refused (408).
BODY_TIMEOUT = 30.0
#: A Host header: a DNS name, an IPv4 address or a bracketed IPv6 address, and a port.
_HOST = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9_](?:[a-z0-9_.-]{0,251}[a-z0-9_])?)"
                   r"(?::[0-9]{1,5})?")


def _host_name(host: str) -> str | None:
    """The name part of a Host header (``[::1]:8000`` -> ``[::1]``, ``a:80`` -> ``a``), or
    None when it is not ``host[:port]``.
    """
    m = _HOST.fullmatch(host)
    return m.group(1) if m else None


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


class Guard:
    """The ASGI middleware that applies the checks above in front of ``app``."""

    def __init__(self, app: ASGIApp, *, token: str | None, max_body: int,
                 allowed_hosts: set[str] | None = None, network: bool = False,
                 desk_tokens: DeskTokens | None = None,
                 body_timeout: float = BODY_TIMEOUT,
                 kiosk_tokens: DeskTokens | None = None) -> None:
        self.app = app
        self.body_timeout = body_timeout
        self.token = token
        self.desk_tokens = desk_tokens
        self.kiosk_tokens = kiosk_tokens
        self.max_body = max_body
        self.allowed_hosts = {h.lower() for h in allowed_hosts or set()} | LOCAL_NAMES
        self.network = network

    def host_ok(self, host: str) -> bool:
        """Whether ``host`` (a Host header) names this server."""
        name = _host_name(host.strip().lower())
        if name is None:
            return False
        return name in self.allowed_hosts or (self.network and _is_ip(name))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check one request (host, token, origin, size) and pass it on, or refuse it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        if not self.host_ok(host):
            await _refuse(send, 421, f"this server does not answer for the host {host!r}; "
                          "open it by its address (see the URL badgepress serve printed)")
            return
        problem = path_problem(scope["path"])
        if problem is not None:
            await _refuse(send, *problem)
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        given = query.get("token")
        if given is not None:
            name = (COOKIE if self.token is not None and _same(given, self.token)
                    else DESK_COOKIE if self._desk_event(given) is not None
                    else KIOSK_COOKIE if self._kiosk_event(given) is not None else None)
            if name is not None:
                rest = urlencode([(k, v) for k, v in query.items() if k != "token"])
                await send({"type": "http.response.start", "status": 303, "headers": [
                    (b"location", _own_path(scope) + (b"?" + rest.encode() if rest else b"")),
                    (b"set-cookie", f"{name}={given}; Path=/; HttpOnly; "
                     "SameSite=Strict".encode()),
                    (b"content-length", b"0")]})
                await send({"type": "http.response.body", "body": b""})
                return
        cookie = SimpleCookie(headers.get("cookie", ""))
        bearer = headers.get("authorization", "")
        bearer = bearer[7:].strip() if bearer.lower().startswith("bearer ") else ""
        have = bearer or (cookie[COOKIE].value if COOKIE in cookie else "")
        organiser = self.token is not None and _same(have, self.token)
        desk = kiosk = None
        if not organiser:
            desk = self._desk_event(bearer or (cookie[DESK_COOKIE].value
                                               if DESK_COOKIE in cookie else ""))
            kiosk = self._kiosk_event(bearer or (cookie[KIOSK_COOKIE].value
                                                 if KIOSK_COOKIE in cookie else ""))
        if self.token is not None and not organiser and desk is None and kiosk is None:
            await _refuse(send, 401, "this badgepress needs its access token: open the "
                          "URL with ?token=... that badgepress serve printed")
            return
        method, path = scope["method"], scope["path"]
        if desk is not None and desk_may(method, path, desk):
            scope[SCOPE_KEY] = desk
        elif kiosk is not None and kiosk_may(method, path, kiosk):
            scope[KIOSK_SCOPE_KEY] = kiosk
        elif desk is not None or kiosk is not None:
            await _refuse(send, 403, DESK_REFUSED if desk is not None else KIOSK_REFUSED)
            return
        if scope["method"] in UNSAFE:
            origin = headers.get("origin") or headers.get("referer")
            if origin is not None and not self._same_origin(origin, host):
                await _refuse(send, 403, "refused: this request came from another site "
                              f"({origin})")
                return
            length = headers.get("content-length")
            if (length is not None and length.isascii() and length.isdigit()
                    and (len(length) > 15 or int(length) > self.max_body)):
                await _refuse(send, 413, self._too_large())
                return
            try:
                body = await self._read_body(receive)
            except TimeoutError:
                await _refuse(send, 408, "the request body stopped arriving for "
                              f"{self.body_timeout:g} s; send it again")
                return
            if body is None:
                await _refuse(send, 413, self._too_large())
                return
            receive = _replay(body, receive)
        await self.app(scope, receive, send)

    def _desk_event(self, token: str) -> str | None:
        """The event whose desk token is ``token``, or None."""
        if not token or self.desk_tokens is None:
            return None
        return self.desk_tokens(token)

    def _kiosk_event(self, token: str) -> str | None:
        """The event whose kiosk token is ``token``, or None."""
        if not token or self.kiosk_tokens is None:
            return None
        return self.kiosk_tokens(token)

    def _too_large(self) -> str:
        return (f"the upload is larger than the limit of {self.max_body / 2**20:g} MB; "
                "start badgepress serve with --max-upload to allow more")

    @staticmethod
    def _same_origin(origin: str, host: str) -> bool:
        if origin == "null":
            return False
        return urlsplit(origin).netloc.lower() == host.lower()

    async def _read_body(self, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it passes the limit; ``TimeoutError`` when it
        pauses for longer than ``body_timeout``.
        """
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await asyncio.wait_for(receive(), self.body_timeout)
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.max_body:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _same(given: str, token: str) -> bool:
    """Whether ``given`` is ``token`` (in constant time; any text may be given)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), token.encode())


def _own_path(scope: Scope) -> bytes:
    """The request's path as a redirect's target: always a path of this app (leading
    slashes and backslashes, which a browser reads as another site, become one slash).
    """
    raw = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogatepass")
    return b"/" + bytes(raw).lstrip(b"/\\")


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` once, then waits on the real one (disconnects)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(body)).encode())]
    if status in (408, 413):  # the rest of the body is not read: the connection ends here
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
