"""The kiosk (issue 25): the kiosk link (``GET /api/events/{e}`` and the event page), a code
looked up (the ticket id by default, the e-mail where the list has none, the organiser's
column), or an e-mail and surname; ``{"name"}`` as printed or 404; a print (202) on the
kiosk's printer and stock, shown at the desks and in the exports; 409 once printed; never a
list, never another attendee; rate-limited; and the kiosk token's 403 on every other path.
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from starlette.routing import Route
from starlette.testclient import TestClient
from web_helpers import BASE, SAMPLE_XLSX, Web

from badgepress.web.edge.roles import KIOSK_REFUSED
from badgepress.web.store.events import desk_token, kiosk_token

LIST = ("Ticket ID,First Name,Last Name,Company,Email,Order\n"
        "T-1001,Ada,Lovelace,Analytical Engines,ada@example.org,O-77\n"
        "T-1002,Grace,Hopper,US Navy,grace@example.org,O-78\n"
        "T-1003,Zoë,Müller-Lüdenscheidt,ACME,zoe@example.org,O-79\n"
        "T-1004,Alan,Turing,Bletchley,shared@example.org,O-80\n"
        "T-1005,Joan,Clarke,Bletchley,shared@example.org,O-81\n")


def _kiosk(web: Web, event: str) -> TestClient:
    token = kiosk_token(web.state.store, event)
    return TestClient(web.asgi, base_url=BASE, headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def event(web: Web) -> str:
    event = web.event()
    r = web.client.post(f"/api/events/{event}/import",
                        files={"file": ("tickets.csv", LIST.encode())})
    assert r.status_code == 200 and r.json()["mapping"]["id"] == "Ticket ID", r.text
    return event


def test_the_event_carries_its_kiosk_link(web: Web, event: str) -> None:
    link = web.client.get(f"/api/events/{event}").json()["kiosk_link"]
    token = kiosk_token(web.state.store, event)
    assert link == f"/events/{event}/kiosk?token={token}"
    page = web.client.get(f"/events/{event}").text
    shown = re.search(r'id="kiosk-link" readonly value="([^"]+)"', page)
    assert shown is not None and shown.group(1) == f"{BASE}{link}"
    # The link opens the kiosk page (the token goes into the kiosk's own cookie).
    fresh = TestClient(web.asgi, base_url=BASE, follow_redirects=False)
    r = fresh.get(link + "&kiosk=Kiosk 2")
    assert r.status_code == 303 and r.headers["location"] == f"/events/{event}/kiosk?kiosk=Kiosk+2"
    assert "badgepress_kiosk=" in r.headers["set-cookie"]
    fresh.cookies.set("badgepress_kiosk", token)
    page = fresh.get(f"/events/{event}/kiosk?kiosk=Kiosk 2")
    assert page.status_code == 200 and "Print your badge" in page.text
    assert 'data-kiosk="Kiosk 2"' in page.text and "2. Design" not in page.text
    assert token not in page.text  # the page never shows its own token


def test_a_code_is_looked_up_and_printed_once(web: Web, event: str) -> None:
    kiosk = _kiosk(web, event)
    r = kiosk.get(f"/api/events/{event}/kiosk/lookup", params={"code": " t-1003 "})
    assert r.status_code == 200 and r.json() == {"name": "Zoë Müller-Lüdenscheidt"}
    r = kiosk.get(f"/api/events/{event}/kiosk/lookup", params={"code": "T-9999"})
    assert r.status_code == 404
    assert r.json() == {"error": "We could not find this ticket: please ask at the desk."}
    # The e-mail is not the code while the list has ticket ids.
    assert kiosk.get(f"/api/events/{event}/kiosk/lookup",
                     params={"code": "zoe@example.org"}).status_code == 404
    r = kiosk.post(f"/api/events/{event}/kiosk/print", json={"code": "T-1003",
                                                             "kiosk": "Kiosk 1"})
    assert r.status_code == 202, r.text
    job = r.json()
    assert {"job", "printer", "state"} <= set(job) and job["state"] == "done"
    assert job["where"] == "from the printer beside this screen"
    # Printed: a second scan is refused at the kiosk (a reprint is the desk's).
    time.sleep(0.05)
    for ask, status in (
            (kiosk.get(f"/api/events/{event}/kiosk/lookup", params={"code": "T-1003"}), 404),
            (kiosk.post(f"/api/events/{event}/kiosk/print", json={"code": "T-1003"}), 409)):
        assert ask.status_code == status
        assert ask.json() == {"error": "This badge has been printed already: please ask at "
                                       "the desk."}
    # The desks see the kiosk's print, and so do the exports.
    zoe = web.client.get(f"/api/events/{event}/attendees", params={"q": "T-1003"}).json()[0]
    assert zoe["printed"] == 1 and zoe["last_print"]["desk"] == "Kiosk 1"
    assert zoe["checked_in"] is not None
    export = web.client.get(f"/api/events/{event}/export.csv").content.decode("utf-8-sig")
    row = next(line for line in export.splitlines() if "Lüdenscheidt" in line)
    assert ",1,Kiosk 1," in row
    # Unknown to the kiosk: an unknown code, and a code two attendees share.
    web.client.put(f"/api/events/{event}/kiosk", json={"column": "Email"})
    assert kiosk.get(f"/api/events/{event}/kiosk/lookup",
                     params={"code": "shared@example.org"}).status_code == 404
    r = kiosk.post(f"/api/events/{event}/kiosk/print", json={"code": "shared@example.org"})
    assert r.status_code == 404


def test_the_email_and_surname_find_one_attendee(web: Web, event: str) -> None:
    kiosk = _kiosk(web, event)
    lookup = f"/api/events/{event}/kiosk/lookup"
    r = kiosk.get(lookup, params={"email": "ADA@example.org", "surname": "lovelace"})
    assert r.status_code == 200 and r.json() == {"name": "Ada Lovelace"}
    r = kiosk.get(lookup, params={"email": "zoe@example.org", "surname": "mueller-ludenscheidt"})
    assert r.status_code == 404  # the surname must be the list's (accents aside)
    r = kiosk.get(lookup, params={"email": "zoe@example.org", "surname": "Muller-Ludenscheidt"})
    assert r.json() == {"name": "Zoë Müller-Lüdenscheidt"}
    # Two attendees share an e-mail: the surname tells them apart.
    r = kiosk.get(lookup, params={"email": "shared@example.org", "surname": "Clarke"})
    assert r.json() == {"name": "Joan Clarke"}
    r = kiosk.get(lookup, params={"email": "ada@example.org", "surname": "Hopper"})
    assert r.status_code == 404
    r = kiosk.get(lookup, params={"email": "ada@example.org"})
    assert r.status_code == 400
    r = kiosk.post(f"/api/events/{event}/kiosk/print",
                   json={"email": "grace@example.org", "surname": "Hopper", "kiosk": "K"})
    assert r.status_code == 202


def test_the_code_is_the_email_where_the_list_has_no_ticket_id(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    kiosk = _kiosk(web, event)
    settings = web.client.get(f"/api/events/{event}/kiosk").json()
    assert settings["code"] == "email" and settings["column"] is None
    r = kiosk.get(f"/api/events/{event}/kiosk/lookup",
                  params={"code": "ada@analytical.example"})
    assert r.json() == {"name": "Ada Lovelace"}


def test_the_organiser_chooses_the_column_and_how_the_kiosk_acts(web: Web, event: str) -> None:
    api = f"/api/events/{event}/kiosk"
    settings = web.client.get(api).json()
    assert settings["code"] == "id" and "Order" in settings["columns"]
    assert settings["kiosk_link"] == web.client.get(f"/api/events/{event}").json()["kiosk_link"]
    r = web.client.put(api, json={"column": "Order", "auto": True, "reset": 5,
                                  "where": "at the table by the door"})
    assert r.status_code == 200
    assert {k: r.json()[k] for k in ("column", "code", "auto", "reset", "where")} == {
        "column": "Order", "code": "Order", "auto": True, "reset": 5,
        "where": "at the table by the door"}
    kiosk = _kiosk(web, event)
    assert kiosk.get(f"{api}/lookup", params={"code": "o-78"}).json() == {"name": "Grace Hopper"}
    page = kiosk.get(f"/events/{event}/kiosk").text
    assert 'data-auto="yes"' in page and 'data-reset="5"' in page
    for bad in ({"column": "Nope"}, {"reset": 1}, {"reset": "soon"}, {"where": ""}):
        r = web.client.put(api, json=bad)
        assert r.status_code == 400 and "\n" not in r.json()["error"]
    # The event page's form sets the same.
    r = web.client.post(f"/events/{event}/kiosk", data={"column": "", "where": "here",
                                                        "reset": "9"}, follow_redirects=False)
    assert r.status_code == 303
    assert web.client.get(api).json()["code"] == "id"


def test_a_kiosk_prints_on_its_printer_and_stock(tmp_path: Path) -> None:
    web = Web(tmp_path / "data")
    event = web.event(layout="label-4x3in")
    web.client.post(f"/api/events/{event}/import", files={"file": ("t.csv", LIST.encode())})
    r = web.client.put(f"/api/events/{event}/desks/Kiosk 1",
                       json={"printer": "browser", "stock": "label-4x3in"})
    assert r.status_code == 200, r.text
    kiosk = _kiosk(web, event)
    job = kiosk.post(f"/api/events/{event}/kiosk/print", json={"code": "T-1001",
                                                               "kiosk": "Kiosk 1"}).json()
    pdf = web.client.get(f"/api/prints/{job['job']}.pdf").content
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (288, 216)
    # A kiosk never holds its prints for a sheet, whatever its desk setting says.
    web.client.put(f"/api/events/{event}/desks/Kiosk 2", json={"stock": "sheet", "hold": True})
    r = kiosk.post(f"/api/events/{event}/kiosk/print", json={"code": "T-1002",
                                                             "kiosk": "Kiosk 2"})
    assert r.json()["state"] == "done"


def test_a_kiosk_is_rate_limited(web: Web, event: str) -> None:
    token = kiosk_token(web.state.store, event)
    with TestClient(web.asgi, base_url=BASE,  # one event loop, as a server's
                    headers={"Authorization": f"Bearer {token}"}) as kiosk:
        answers = [kiosk.get(f"/api/events/{event}/kiosk/lookup", params={"code": f"X-{i}"})
                   for i in range(8)]
    codes = [a.status_code for a in answers]
    assert codes[:5] == [404] * 5 and 429 in codes[5:]
    refused = next(a for a in answers if a.status_code == 429)
    assert refused.json()["error"].startswith("too many tries at this kiosk")


def _paths(web: Web, event: str, other: str) -> list[tuple[str, str]]:
    """Every route of the app as (method, path), its parameters filled in."""
    fill = {"event": event, "id": "1", "job": "abc", "desk": "Desk 1", "name": "shop-90x55",
            "stock": "label-4x3in", "file": "x.ttf", "path": "app.css"}
    out = []
    for route in web.asgi.app.app.routes:  # type: ignore[attr-defined]
        if not isinstance(route, Route):
            continue
        path = re.sub(r"\{(\w+)(?::[^}]*)?\}", lambda m: fill.get(m.group(1), "x"), route.path)
        for method in sorted(route.methods or {"GET"}):
            if method != "HEAD":
                out.append((method, path))
                out.append((method, path.replace(event, other)))
    return out


KIOSK_PATHS = {("GET", "/events/{e}/kiosk"), ("GET", "/api/events/{e}/kiosk/lookup"),
               ("POST", "/api/events/{e}/kiosk/print")}
ASSETS = ("/static/", "/favicon.ico", "/fonts/")


def test_the_kiosk_token_gets_403_on_every_other_path(web: Web, event: str) -> None:
    other = web.event("Other")
    kiosk = _kiosk(web, event)
    mine = {(m, p.replace("{e}", event)) for m, p in KIOSK_PATHS}
    checked = 0
    for method, path in _paths(web, event, other):
        if (method, path) in mine or path.startswith(ASSETS):
            continue
        r = kiosk.request(method, path, json={})
        assert r.status_code == 403, (method, path, r.status_code)
        assert r.json() == {"error": KIOSK_REFUSED}
        checked += 1
    assert checked > 60
    # Its own paths work, and the assets its page needs.
    assert kiosk.get(f"/events/{event}/kiosk").status_code == 200
    assert kiosk.get("/static/kiosk.js").status_code == 200
    assert kiosk.get("/static/app.css").status_code == 200
    # Another event's kiosk paths are another event's.
    assert kiosk.get(f"/api/events/{other}/kiosk/lookup",
                     params={"code": "T-1001"}).status_code == 403
    assert kiosk.get(f"/events/{other}/kiosk").status_code == 403
    # A desk link does not open the kiosk's API, nor the kiosk link the desk's.
    desk = TestClient(web.asgi, base_url=BASE, headers={
        "Authorization": f"Bearer {desk_token(web.state.store, event)}"})
    assert desk.get(f"/api/events/{event}/kiosk/lookup",
                    params={"code": "T-1001"}).status_code == 403
    assert kiosk.get(f"/events/{event}/desk").status_code == 403


def test_a_browser_with_both_cookies_is_the_desk_and_the_kiosk(web: Web, event: str) -> None:
    both = TestClient(web.asgi, base_url=BASE)
    both.cookies.set("badgepress_desk", desk_token(web.state.store, event))
    both.cookies.set("badgepress_kiosk", kiosk_token(web.state.store, event))
    assert both.get(f"/events/{event}/desk").status_code == 200
    assert both.get(f"/events/{event}/kiosk").status_code == 200
    assert both.get(f"/api/events/{event}/kiosk/lookup",
                    params={"code": "T-1001"}).status_code == 200
    assert both.get(f"/events/{event}").status_code == 403  # the organiser's page


def test_off_loopback_a_kiosk_token_is_enough_for_the_kiosk(tmp_path: Path) -> None:
    web = Web(tmp_path / "data", token="organiser-secret-token")
    event = TestClient(web.asgi, base_url=BASE, headers={
        "Authorization": "Bearer organiser-secret-token"}).post(
        "/api/events", json={"name": "Net"}).json()["id"]
    kiosk = _kiosk(web, event)
    assert kiosk.get(f"/events/{event}/kiosk").status_code == 200
    assert kiosk.get("/api/events").status_code == 403
    assert TestClient(web.asgi, base_url=BASE).get(f"/events/{event}/kiosk").status_code == 401
