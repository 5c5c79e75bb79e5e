"""What held in the audit, kept as tests over every route of the app: the desk token matrix
(a desk link reaches exactly what ``edge.roles`` lets it, for its own event only), the access
token off loopback, CSRF (a state change from another site), DNS rebinding (a foreign Host),
XSS (names and event text are text in every page) and formula injection in the exports.
"""

from __future__ import annotations

import io
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from sec_routes import fixture_ids, requests
from starlette.testclient import TestClient
from web_helpers import BASE, Web

from badgepress.web.edge.guard import UNSAFE
from badgepress.web.edge.roles import DESK_REFUSED, desk_may
from badgepress.web.store.events import desk_token


def test_a_desk_link_reaches_exactly_its_desk(web: Web) -> None:
    ids = fixture_ids(web)
    other = web.event("Other")
    token = desk_token(web.state.store, ids["event"])
    desk = TestClient(web.asgi, base_url=BASE, headers={"Authorization": f"Bearer {token}"})
    checked = 0
    for method, path in requests(web, ids):
        may = desk_may(method, path, ids["event"])
        r = desk.request(method, path, json={})
        if may:
            assert r.status_code not in (401, 403), (method, path, r.text[:200])
        else:
            assert (r.status_code, r.json()) == (403, {"error": DESK_REFUSED}), (method, path)
        checked += 1
        # The same route of another event: never.
        elsewhere = path.replace(ids["event"], other)
        if elsewhere != path and not elsewhere.startswith("/api/prints/"):
            r = desk.request(method, elsewhere, json={})
            assert r.status_code == 403, (method, elsewhere)
    assert checked > 35


def test_off_loopback_every_route_needs_a_token(tmp_path: object) -> None:
    web = Web(tmp_path / "data", token="s3cret", network=True)  # type: ignore[operator]
    owner = TestClient(web.asgi, base_url="http://192.168.1.20:8000",
                       headers={"Authorization": "Bearer s3cret"})
    web.client = owner
    ids = fixture_ids(web)
    stranger = TestClient(web.asgi, base_url="http://192.168.1.20:8000")
    wrong = TestClient(web.asgi, base_url="http://192.168.1.20:8000",
                       headers={"Authorization": "Bearer s3cre7"})
    for method, path in requests(web, ids):
        for client in (stranger, wrong):
            r = client.request(method, path, json={})
            assert r.status_code == 401, (method, path)


def test_state_changes_from_another_site_are_refused_on_every_route(web: Web) -> None:
    ids = fixture_ids(web)
    for method, path in requests(web, ids):
        if method not in UNSAFE:
            continue
        for header in ({"Origin": "http://evil.example"},
                       {"Referer": "http://evil.example/page"}, {"Origin": "null"}):
            r = web.client.request(method, path, json={}, headers=header)
            assert r.status_code == 403, (method, path, header)
            assert r.json()["error"].startswith("refused: this request came from another site")


def test_a_foreign_host_is_refused_on_every_route(web: Web) -> None:
    ids = fixture_ids(web)
    for method, path in requests(web, ids):
        for host in ("evil.example", "evil.example:8000", "localhost:evil.example"):
            r = web.client.request(method, path, json={}, headers={"Host": host})
            assert r.status_code == 421, (method, path, host)


SCRIPT = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&'


def _elements(page: str) -> set[str]:
    """``tag:attribute`` of every element the page holds (``script:`` for inline scripts)."""
    found: set[str] = set()

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            names = {a for a, _ in attrs}
            found.update(f"{tag}:{a}" for a in names)
            if tag == "script" and "src" not in names:
                found.add("script:")

    Parser().feed(page)
    return found


@pytest.mark.parametrize("step", ["", "/design", "/preview?q=alert", "/build", "/desk"])
def test_names_and_event_text_are_text_in_every_page(web: Web, step: str) -> None:
    r = web.client.post("/api/events", json={"name": SCRIPT, "dates": SCRIPT})
    event = r.json()["id"]
    web.client.post(f"/api/events/{event}/attendees",
                    json={"first_name": SCRIPT, "last_name": "alert", "company": SCRIPT})
    web.client.post(f"/api/events/{event}/event-text", json={"name": SCRIPT})
    page = web.client.get(f"/events/{event}{step}").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert _elements(page).isdisjoint({"img:onerror", "script:"}), step
    home = web.client.get("/").text
    assert "<script>alert" not in home


def test_exports_never_hand_a_formula_to_a_spreadsheet(web: Web) -> None:
    event = web.event()
    for company in ("=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)"):
        web.client.post(f"/api/events/{event}/attendees",
                        json={"first_name": "Ana", "last_name": company[:3], "company": company})
    text = web.client.get(f"/api/events/{event}/export.csv").content.decode("utf-8-sig")
    for line in text.splitlines()[1:]:
        company = line.split(",")[5]
        assert company.startswith(("'", '"\'')), line
    book = load_workbook(io.BytesIO(web.client.get(f"/api/events/{event}/export.xlsx").content))
    sheet = book.active
    assert sheet is not None
    cells = [row[5] for row in sheet.iter_rows(min_row=2)]
    assert all(c.data_type == "s" for c in cells)
    assert {c.value for c in cells} == {"=HYPERLINK(\"http://evil\")", "+1+1", "-2+3",
                                        "@SUM(A1)"}
