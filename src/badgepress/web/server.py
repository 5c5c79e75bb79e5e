"""``badgepress serve``: run the web app with uvicorn on a socket this module binds, so the
URL it prints (port 0 included) is the one that answers; with limits on connections, so that
idle or slow clients cannot starve the desks.

The limits (:class:`Limits`): uvicorn's own where they serve: ``timeout_keep_alive`` (an idle
connection between requests is closed after 5 s) and ``h11_max_incomplete_event_size`` (a
request head over 16 KB is refused with 400). What uvicorn lacks is added by its HTTP
protocol's subclass here (:func:`guarded_protocol`): a **head timeout** (a request line and
headers not complete 10 s after the connection opened, or after its first byte on a
kept-alive connection: 408 if anything was sent, then closed) and **caps on connections**, per
client address and in all, under the process's open-files limit (raised to its hard limit
first): a new connection beyond a cap closes the oldest connection that is not in the middle
of a request, so idle and slow connections can never take the place of a working one. The
body's pace is the guard's (``body_timeout``: 408). uvicorn's ``limit_concurrency`` is not
used: it counts idle connections too, and answers 503 to every new request once they are
many, which is what an attacker with idle connections wants.
"""

from __future__ import annotations

import asyncio
import os
import resource
import secrets
import socket
import sys
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from uvicorn.protocols.http.h11_impl import H11Protocol

from badgepress.web.app import MAX_UPLOAD, create_app

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Limits:
    """How long a client may take and how many connections it may hold (seconds, counts)."""

    head: float = 10.0  #: to send a request's line and headers
    keep_alive: int = 5  #: idle between requests (uvicorn's ``timeout_keep_alive``)
    body: float = 30.0  #: longest pause while a body arrives (the guard's)
    head_bytes: int = 16 * 1024  #: the largest request head (h11)
    per_client: int = 64  #: connections one client address may hold
    total: int = 0  #: connections in all (0: from the open-files limit)


def open_files() -> int:
    """The process's open-files limit, raised first to its hard limit (at most 65,536)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 65536 if hard == resource.RLIM_INFINITY else min(hard, 65536)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError):
            pass
    return 65536 if soft == resource.RLIM_INFINITY else soft


def _raw_answer(transport: Any, status: str, line: str) -> None:
    """Write a one-line JSON answer straight to ``transport`` and close it."""
    body = ('{"error": "' + line + '"}').encode()
    transport.write(f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\n"
                    f"content-length: {len(body)}\r\nconnection: close\r\n\r\n".encode()
                    + body)
    transport.close()


def guarded_protocol(limits: Limits, total: int) -> type[H11Protocol]:
    """The h11 protocol of uvicorn with the head timeout and the connection caps (module
    docstring); ``total``: the cap on all connections.
    """
    everyone: OrderedDict[Guarded, None] = OrderedDict()
    clients: dict[str, OrderedDict[Guarded, None]] = {}

    class Guarded(H11Protocol):
        _timer: asyncio.TimerHandle | None = None
        _seen: object = None
        _sent: bool = False
        _host: str = "?"

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._host = self.client[0] if self.client else "?"
            mine = clients.setdefault(self._host, OrderedDict())
            mine[self] = None
            everyone[self] = None
            for group, cap in ((mine, limits.per_client), (everyone, total)):
                if len(group) > cap and not self._make_room(group):
                    self._forget()
                    _raw_answer(transport, "503 Service Unavailable", "too many connections "
                                "from this address; close some and try again")
                    return
            self._arm()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.cycle is not None and self.cycle is not self._seen:  # a head came whole
                self._seen = self.cycle
                self._disarm()
            elif self._waiting():
                self._sent = True
                if self._timer is None:
                    self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            self._forget()
            super().connection_lost(exc)

        def _waiting(self) -> bool:
            """No request in progress: idle, or its head still arriving."""
            return self.cycle is None or self.cycle.response_complete

        def _arm(self) -> None:
            self._disarm()
            self._timer = self.loop.call_later(limits.head, self._head_timeout)

        def _disarm(self) -> None:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

        def _head_timeout(self) -> None:
            self._timer = None
            if not self._waiting() or self.transport.is_closing():
                return
            self._forget()
            if self._sent:
                _raw_answer(self.transport, "408 Request Timeout", "the request's headers "
                            f"did not arrive within {limits.head:g} s")
            else:
                self.transport.close()

        def _forget(self) -> None:
            everyone.pop(self, None)
            mine = clients.get(self._host)
            if mine is not None:
                mine.pop(self, None)
                if not mine:
                    del clients[self._host]

        def _make_room(self, group: OrderedDict[Guarded, None]) -> bool:
            """Close the oldest connection of ``group`` that is not in a request."""
            for other in group:
                if other is not self and other._waiting():
                    other._disarm()
                    other._forget()
                    other.transport.close()
                    return True
            return False

    return Guarded


def default_data_dir() -> Path:
    r"""The per-user data folder: ``$XDG_DATA_HOME/badgepress`` (``~/.local/share/badgepress``),
    or ``%APPDATA%\badgepress`` on Windows.
    """
    if os.name == "nt" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "badgepress"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "badgepress"


def _lan_address() -> str:
    """The machine's address on the local network (for the printed URL), or its name."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the route
        return str(s.getsockname()[0])
    except OSError:
        return socket.gethostname()
    finally:
        s.close()


def serve(data: Path | None = None, *, host: str = "127.0.0.1", port: int = 8000,
          max_upload: int = MAX_UPLOAD, allow_hosts: tuple[str, ...] = (),
          printer: str | None = None, out: TextIO | None = None,
          limits: Limits | None = None) -> None:
    """Serve the app until interrupted. ``host`` other than loopback needs the access token
    printed in the URL; ``max_upload`` is in bytes; ``limits``: see :class:`Limits`.
    """
    import uvicorn

    # Threads hand the interpreter over every 0.5 ms instead of 5: a desk's search (whose
    # every database step gives it up and takes it back) is not held up behind another
    # desk's long one in 5 ms steps.
    sys.setswitchinterval(0.0005)
    out = out or sys.stdout
    data = data or default_data_dir()
    network = host not in LOOPBACK
    token = secrets.token_urlsafe(24) if network else None
    allowed = set(allow_hosts)
    if network:
        allowed |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    limits = limits or Limits()
    lan = _lan_address() if network else None
    app, _state = create_app(data, token=token, max_upload=max_upload, network=network,
                             allowed_hosts=allowed, printer=printer, body_timeout=limits.body,
                             lan=lan)
    files = open_files()
    # Room for the files a request opens (the database, uploads, fonts, CUPS's pipes).
    total = limits.total or max(64, min(4096, files - max(64, files // 4)))
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Answers go out at once: without this, a keep-alive connection waits about 40 ms for
    # the client's delayed ACK between an answer's headers and its body (Nagle).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(1024)  # connections wait in the backlog until the app is up: the URL works now
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    if network:
        url = f"http://{lan}:{bound}/?token={token}"
        out.write(f"badgepress: serving {data} on all addresses; open on this or another "
                  f"computer:\n{url}\n")
    else:
        out.write(f"badgepress: serving {data}\nhttp://{shown}:{bound}/\n")
    out.flush()
    config = uvicorn.Config(app, log_level="warning", access_log=False,
                            http=guarded_protocol(limits, total),
                            timeout_keep_alive=limits.keep_alive,
                            h11_max_incomplete_event_size=limits.head_bytes)
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
