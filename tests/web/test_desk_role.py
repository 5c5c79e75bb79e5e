"""The desk role: an event's desk link (its own token) runs that event's desk (search, walk-ins,
corrections, printing, jobs, printers, exports) and gets 403 on everything else: deleting or
creating an event, replacing the list, changing the mapping or design, building. The
organiser's token wins; on loopback the organiser still needs no token.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from web_helpers import BASE, SAMPLE_CSV, SAMPLE_XLSX, Web

from badgepress.web.edge.roles import DESK_REFUSED
from badgepress.web.store.events import desk_token


def _desk(web: Web, token: str) -> TestClient:
    return TestClient(web.asgi, base_url=BASE, headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def two_events(web: Web) -> tuple[str, str, str]:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    other = web.event("Other")
    return event, other, desk_token(web.state.store, event)


def test_the_organiser_sees_the_desk_link(web: Web) -> None:
    event = web.event()
    page = web.client.get(f"/events/{event}").text
    link = re.search(r'id="desk-link" readonly value="([^"]+)"', page)
    assert link is not None
    token = desk_token(web.state.store, event)
    assert link.group(1) == f"{BASE}/events/{event}/desk?token={token}"
    assert desk_token(web.state.store, event) == token  # made once, kept


def test_a_desk_runs_its_desk(web: Web, two_events: tuple[str, str, str]) -> None:
    event, _other, token = two_events
    desk = _desk(web, token)
    page = desk.get(f"/events/{event}/desk")
    assert page.status_code == 200 and "Registration desk" in page.text
    assert "2. Design" not in page.text  # no organiser steps for a desk
    ada = desk.get(f"/api/events/{event}/attendees", params={"q": "lovelace"}).json()[0]
    assert desk.get(f"/api/events/{event}/attendees/{ada['id']}").status_code == 200
    r = desk.post(f"/api/events/{event}/attendees", json={"first_name": "Wal", "last_name": "K"})
    assert r.status_code == 201
    aid = r.json()["id"]
    r = desk.patch(f"/api/events/{event}/attendees/{aid}", json={"first_name": "Walk"})
    assert r.status_code == 200 and r.json()["name"] == "Walk K"
    job = desk.post(f"/api/events/{event}/attendees/{aid}/print", json={"desk": "D"})
    assert job.status_code == 202
    assert desk.get(f"/api/events/{event}/jobs/{job.json()['job']}").status_code == 200
    assert desk.get(f"/api/prints/{job.json()['job']}.pdf").status_code == 200
    assert desk.get("/api/printers").status_code == 200
    assert desk.put(f"/api/events/{event}/desks/D", json={"printer": "browser"}
                    ).status_code == 200
    assert desk.get(f"/api/events/{event}/desks/D").status_code == 200
    assert desk.get(f"/api/events/{event}/desks").status_code == 200
    assert desk.get(f"/api/events/{event}/export.csv").status_code == 200
    assert desk.get(f"/api/events/{event}/export.xlsx").status_code == 200
    assert desk.get("/static/desk.js").status_code == 200


def test_a_desk_may_not_change_the_event(web: Web, two_events: tuple[str, str, str]) -> None:
    event, other, token = two_events
    desk = _desk(web, token)
    forbidden = [
        ("DELETE", f"/api/events/{event}", None),
        ("POST", f"/api/events/{event}/import", {"files": {"file": (
            "attendees.csv", SAMPLE_CSV.read_bytes())}}),
        ("POST", f"/events/{event}/list", {"files": {"file": (
            "attendees.csv", SAMPLE_CSV.read_bytes())}}),
        ("POST", f"/api/events/{event}/mapping", {"json": {"role": "Job Title"}}),
        ("POST", f"/events/{event}/mapping", {"data": {"role": "Job Title"}}),
        ("POST", f"/api/events/{event}/layout", {"json": {"layout": "shop-90x55"}}),
        ("POST", f"/events/{event}/design", {"data": {"layout": "shop-90x55"}}),
        ("POST", f"/api/events/{event}/event-text", {"json": {"name": "X"}}),
        ("POST", f"/api/events/{event}/build", None),
        ("POST", f"/events/{event}/build", None),
        ("GET", f"/api/events/{event}/badges.pdf", None),
        ("GET", f"/events/{event}", None),
        ("GET", f"/events/{event}/design", None),
        ("GET", "/", None),
        ("GET", "/api/events", None),
        ("POST", "/api/events", {"json": {"name": "Mine"}}),
        # Another event's desk is not this desk's.
        ("GET", f"/events/{other}/desk", None),
        ("GET", f"/api/events/{other}/attendees", None),
        ("POST", f"/api/events/{other}/attendees", {"json": {"first_name": "X"}}),
        ("GET", f"/api/events/{other}/export.csv", None),
    ]
    for method, path, kwargs in forbidden:
        r = desk.request(method, path, **(kwargs or {}))
        assert r.status_code == 403, (method, path, r.status_code)
        assert r.json() == {"error": DESK_REFUSED}
    # Nothing changed: the organiser still sees the list as uploaded, no build, one event more.
    assert web.client.get(f"/api/events/{event}/import").json()["file"] == "attendees.xlsx"
    assert len(web.client.get("/api/events").json()) == 2
    # A print of another event is not found from this desk.
    aid = web.client.post(f"/api/events/{other}/attendees", json={"first_name": "O"}).json()["id"]
    job = web.client.post(f"/api/events/{other}/attendees/{aid}/print", json={"desk": "X"})
    assert desk.get(f"/api/prints/{job.json()['job']}.pdf").status_code == 404
    assert web.client.get(f"/api/prints/{job.json()['job']}.pdf").status_code == 200


def test_on_the_network_the_desk_link_and_the_organisers_token(tmp_path: Path) -> None:
    web = Web(tmp_path / "data", token="organiser-s3cret", network=True)
    org = {"Authorization": "Bearer organiser-s3cret"}
    event = web.client.post("/api/events", json={"name": "Net"}, headers=org).json()["id"]
    token = desk_token(web.state.store, event)
    laptop = TestClient(web.asgi, base_url="http://192.168.1.20:8000")
    assert laptop.get(f"/events/{event}/desk").status_code == 401  # no token at all
    r = laptop.get(f"/events/{event}/desk?token={token}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/events/{event}/desk"
    assert r.headers["set-cookie"].startswith(f"badgepress_desk={token};")
    assert "HttpOnly" in r.headers["set-cookie"]
    assert laptop.get(f"/events/{event}/desk").status_code == 200  # the desk cookie now
    assert laptop.post(f"/api/events/{event}/attendees",
                       json={"first_name": "Net", "last_name": "Walkin"}).status_code == 201
    assert laptop.post(f"/api/events/{event}/build").status_code == 403
    assert laptop.get("/").status_code == 403
    # The organiser's token wins over a desk cookie in the same browser.
    assert laptop.get("/?token=organiser-s3cret", follow_redirects=False).status_code == 303
    assert laptop.get("/").status_code == 200
    assert laptop.get(f"/api/events/{event}/import").status_code == 200
    # A wrong token is no desk.
    assert web.client.get(f"/events/{event}/desk?token=not-a-desk-token-at-all").status_code \
        == 401


def test_on_loopback_the_organiser_needs_no_token(web: Web) -> None:
    event = web.event()
    desk_token(web.state.store, event)
    assert web.client.get(f"/events/{event}").status_code == 200
    assert web.client.post(f"/api/events/{event}/build").status_code in (202, 400)
    assert _desk(web, "x" * 24).get(f"/events/{event}").status_code == 200  # no such desk


def test_the_desk_link_says_how_other_laptops_connect(tmp_path: Path, web: Web) -> None:
    # On loopback: this computer only, and how to let other laptops in.
    event = web.event()
    page = web.client.get(f"/events/{event}").text
    assert "this computer only" in page and "badgepress serve --host 0.0.0.0" in page
    assert 'data-copy="desk-link"' in page  # a copy button (shown by the page's script)
    # On the network: the link has this computer's network address, even for an organiser
    # who opened 127.0.0.1 on it, and the page says where other laptops find it.
    net = Web(tmp_path / "net", token="organiser-s3cret", network=True, lan="192.0.2.7")
    org = {"Authorization": "Bearer organiser-s3cret"}
    other = net.client.post("/api/events", json={"name": "Net"}, headers=org).json()["id"]
    page = net.client.get(f"/events/{other}", headers=org).text
    link = re.search(r'id="desk-link" readonly value="([^"]+)"', page)
    assert link is not None
    token = desk_token(net.state.store, other)
    assert link.group(1) == f"http://192.0.2.7:8000/events/{other}/desk?token={token}"
    assert "<strong>192.0.2.7</strong>" in page and "this computer only" not in page
    laptop = TestClient(net.asgi, base_url="http://192.0.2.7:8000")
    r = laptop.get(link.group(1), follow_redirects=False)
    assert r.status_code == 303  # the link works from another laptop
