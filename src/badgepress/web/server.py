"""``badgepress serve``: run the web app with uvicorn on a socket this module binds, so the
URL it prints (port 0 included) is the one that answers.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from pathlib import Path
from typing import TextIO

from badgepress.web.app import MAX_UPLOAD, create_app

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


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
          printer: str | None = None, out: TextIO | None = None) -> None:
    """Serve the app until interrupted. ``host`` other than loopback needs the access token
    printed in the URL; ``max_upload`` is in bytes.
    """
    import uvicorn

    out = out or sys.stdout
    data = data or default_data_dir()
    network = host not in LOOPBACK
    token = secrets.token_urlsafe(24) if network else None
    allowed = set(allow_hosts)
    if network:
        allowed |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    lan = _lan_address() if network else None
    app, _state = create_app(data, token=token, max_upload=max_upload, network=network,
                             allowed_hosts=allowed, printer=printer, lan=lan)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Answers go out at once: without this, a keep-alive connection waits about 40 ms for
    # the client's delayed ACK between an answer's headers and its body (Nagle).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(128)  # connections wait in the backlog until the app is up: the URL works now
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    if network:
        url = f"http://{lan}:{bound}/?token={token}"
        out.write(f"badgepress: serving {data} on all addresses; open on this or another "
                  f"computer:\n{url}\n")
    else:
        out.write(f"badgepress: serving {data}\nhttp://{shown}:{bound}/\n")
    out.flush()
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
