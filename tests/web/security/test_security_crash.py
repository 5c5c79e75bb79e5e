"""Any request that fails answers JSON ``{"error": "one line"}`` (the API) or the app's error
page (pages), and the server logs the traceback: every route of the app is made to raise, and
the guard too; no answer is ever a bare "Internal Server Error".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from live_server import Server
from sec_routes import app_routes, fixture_ids, requests
from starlette.routing import Mount, Route
from starlette.testclient import TestClient
from web_helpers import BASE, Web

from badgepress.web.edge.errors import CRASHED

LINE = CRASHED.format(name="RuntimeError")


async def _boom(scope: Any, receive: Any, send: Any) -> None:
    raise RuntimeError("boom: a bug somewhere below the route")


def _break_every_route(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    # The route objects are the rooms' own (module level): put back after the test.
    for route in app_routes(web):
        if isinstance(route, Route | Mount):
            monkeypatch.setattr(route, "app", _boom)


def _check(method: str, path: str, r: Any) -> None:
    assert r.status_code == 500, (method, path, r.status_code)
    assert "Internal Server Error" not in r.text, (method, path)
    assert "Traceback" not in r.text and "boom" not in r.text, (method, path)
    if path.startswith("/api/"):
        assert r.json() == {"error": LINE}, (method, path)
    else:
        assert r.headers["content-type"].startswith("text/html"), (method, path)
        assert "Something is not right" in r.text and "could not answer this request" in r.text
    assert r.headers["x-frame-options"] == "DENY"


def test_every_route_that_raises_answers_one_line(web: Web,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    ids = fixture_ids(web)
    _break_every_route(web, monkeypatch)
    client = TestClient(web.asgi, base_url=BASE, raise_server_exceptions=False)
    sent = requests(web, ids)
    assert len(sent) > 35
    for method, path in sent:
        _check(method, path, client.request(method, path, json={}))


def test_the_error_travels_on_to_the_server_for_its_log(
        web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = fixture_ids(web)
    _break_every_route(web, monkeypatch)
    with pytest.raises(RuntimeError, match="boom"):
        TestClient(web.asgi, base_url=BASE).get(f"/api/events/{ids['event']}")


@pytest.mark.parametrize("path", ["/api/events", "/"])
def test_the_guard_raising_is_answered_too(web: Web, path: str) -> None:
    event = web.event()
    guard = web.asgi.app  # type: ignore[attr-defined]

    def broken(token: str) -> str | None:
        raise RuntimeError("boom: the desk tokens' table is gone")

    guard.desk_tokens = broken
    client = TestClient(web.asgi, base_url=BASE, raise_server_exceptions=False)
    r = client.get(path, headers={"Authorization": "Bearer x" * 3})
    _check("GET", path, r)
    assert event


def test_a_real_server_answers_one_line_and_logs_the_traceback(tmp_path: Path) -> None:
    web = Web(tmp_path / "data")
    event = web.event()
    with web.state.store.db.connect() as con:  # a damaged row: reading it raises
        con.execute("UPDATE events SET mapping = 'not JSON' WHERE id = ?", (event,))
    server = Server(tmp_path / "data")
    try:
        status, body = server.request("GET", f"/api/events/{event}")
        assert (status, body) == (500, {"error": CRASHED.format(name="JSONDecodeError")})
        status, page = server.request("GET", f"/events/{event}")
        assert status == 500 and b"could not answer this request (JSONDecodeError)" in page
        assert b"Internal Server Error" not in page
    finally:
        log = server.stop()
    assert "Traceback (most recent call last)" in log and "JSONDecodeError" in log
