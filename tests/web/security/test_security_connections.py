"""Finding 3: idle and slow clients cannot starve the server. Real sockets against a real
``badgepress serve`` process: 1,100 idle or slow-header connections (no token needed) on a
machine whose open-files limit is 1,024 used to make it answer nothing until they were
released; a head, a body or a kept-alive connection that stalls is closed after its timeout;
one client holds at most its share of connections.
"""

from __future__ import annotations

import contextlib
import resource
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import Server

FLOOD = 1100


@contextlib.contextmanager
def _server(tmp_path: Path, **options: object) -> Iterator[Server]:
    server = Server(tmp_path / "data", **options)  # type: ignore[arg-type]
    try:
        yield server
    finally:
        server.stop()


def _closed(s: socket.socket, within: float) -> bytes | None:
    """What the server sent before closing ``s`` within ``within`` seconds, or None if open."""
    s.settimeout(within)
    got = b""
    try:
        while chunk := s.recv(4096):
            got += chunk
    except TimeoutError:
        return None
    except ConnectionResetError:
        pass
    return got


def test_1100_idle_and_slow_connections_do_not_starve_a_request(tmp_path: Path) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < FLOOD + 200:
        pytest.skip(f"this test opens {FLOOD} sockets; the open-files limit is {hard}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, FLOOD + 200), hard))
    socks: list[socket.socket] = []
    with _server(tmp_path, files=1024) as server:
        try:
            for i in range(FLOOD):
                s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
                if i % 2:  # a head that never ends
                    s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                socks.append(s)
            start = time.monotonic()
            status, body = server.request("GET", "/api/events", timeout=10)
            took = time.monotonic() - start
            assert (status, body) == (200, [])
            assert took < 2.0, f"a normal request took {took:.1f} s"
        finally:
            for s in socks:
                s.close()
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_a_head_that_stalls_is_answered_408_and_closed(tmp_path: Path) -> None:
    with _server(tmp_path, head=1.0) as server:
        slow = socket.create_connection(("127.0.0.1", server.port))
        slow.sendall(b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a")
        idle = socket.create_connection(("127.0.0.1", server.port))
        start = time.monotonic()
        answer = _closed(slow, 5)
        assert answer is not None and time.monotonic() - start < 3
        assert answer.startswith(b"HTTP/1.1 408 ")
        assert answer.endswith(b'{"error": "the request\'s headers did not arrive within 1 s"}')
        assert _closed(idle, 5) == b""  # never sent a byte: closed without a word
        # A head sent whole, however slowly within the time, is answered.
        ok = socket.create_connection(("127.0.0.1", server.port))
        for part in (b"GET /api/events HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n",
                     b"Connection: close\r\n\r\n"):
            ok.sendall(part)
            time.sleep(0.2)
        assert (_closed(ok, 5) or b"").startswith(b"HTTP/1.1 200 ")


def test_a_body_that_stalls_is_answered_408(tmp_path: Path) -> None:
    with _server(tmp_path, body=1.0) as server:
        s = socket.create_connection(("127.0.0.1", server.port))
        s.sendall(b"POST /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                  b"application/json\r\nContent-Length: 100\r\n\r\n{\"name\": ")
        answer = _closed(s, 5) or b""
        assert answer.startswith(b"HTTP/1.1 408 ")
        assert b'"the request body stopped arriving for 1 s; send it again"' in answer
        assert server.request("GET", "/api/events") == (200, [])


def test_an_idle_kept_alive_connection_is_closed(tmp_path: Path) -> None:
    with _server(tmp_path, keep_alive=1) as server:
        s = socket.create_connection(("127.0.0.1", server.port))
        s.sendall(b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        time.sleep(0.3)
        assert s.recv(4096).startswith(b"HTTP/1.1 200 ")
        assert _closed(s, 4) == b""  # uvicorn's timeout_keep_alive


def test_one_client_holds_at_most_its_share_of_connections(tmp_path: Path) -> None:
    with _server(tmp_path, per_client=8) as server:
        socks = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(20)]
        time.sleep(0.5)
        open_ = [s for s in socks if _closed(s, 0.2) is None]
        assert len(open_) == 8
        assert socks[-1] in open_  # the oldest idle ones made room for the newest
        assert server.request("GET", "/api/events") == (200, [])
        for s in socks:
            s.close()
