"""Findings 10 and 12: every malformed input is a 4xx with one line, never a 500. Each case
of the audit: a non-ASCII ``?token=`` on the network; ``?limit=²`` and a huge ``limit``; a
huge attendee id (a desk can send it); JSON nested 100,000 deep; layout zips with a corrupt
member, compression method 99 or sizes that lie; Host values that are not ``host[:port]`` on
the allowed list. And zips as the README says: members side by side or in one folder, never
in sub-folders; hidden files and macOS's ``__MACOSX/`` skipped.
"""

from __future__ import annotations

import asyncio
import io
import struct
import zipfile

import pytest
from starlette.testclient import TestClient
from web_helpers import BASE, ROOT, SAMPLE_XLSX, Web

from badgepress.web.store.events import desk_token

LAYOUT = (ROOT / "layouts" / "a4-90x55-8up.toml").read_bytes()


def _one_line(r: object) -> str:
    body = r.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"} and "\n" not in body["error"], body
    return str(body["error"])


@pytest.fixture
def network(tmp_path: object) -> Web:
    return Web(tmp_path / "data", token="s3cret", network=True)  # type: ignore[operator]


@pytest.mark.parametrize("token", ["é", "€uro", "\u00ff" * 40, "%ff%fe", "a\u0300b"])
def test_a_non_ascii_token_is_401(network: Web, token: str) -> None:
    r = network.client.get("/", params={"token": token})
    assert r.status_code == 401 and _one_line(r).startswith("this badgepress needs its access")
    for name, value in (("Cookie", f"badgepress_token={token}"),
                        ("Cookie", f"badgepress_desk={token}"),
                        ("Authorization", f"Bearer {token}")):
        r = network.client.get("/api/events", headers=[(name.encode(), value.encode())])
        assert r.status_code == 401, (name, r.text)


@pytest.mark.parametrize("limit", ["²", "٣", "-1", "1e3", "0x10", " 5", "5.0", "१"])
def test_a_limit_that_is_not_ascii_digits_is_400(web: Web, limit: str) -> None:
    event = web.event()
    for path in (f"/api/events/{event}/attendees", f"/api/events/{event}/preview"):
        r = web.client.get(path, params={"limit": limit})
        assert r.status_code == 400
        assert _one_line(r).startswith("limit must be a whole number")


def test_a_huge_limit_asks_for_the_most(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    r = web.client.get(f"/api/events/{event}/attendees", params={"limit": "999999999999"})
    assert r.status_code == 200 and len(r.json()) == 40
    r = web.client.get(f"/api/events/{event}/attendees", params={"limit": "9" * 40})
    assert r.status_code == 400


def test_a_huge_attendee_id_is_404_for_the_organiser_and_a_desk(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    desk = TestClient(web.asgi, base_url=BASE, headers={
        "Authorization": f"Bearer {desk_token(web.state.store, event)}"})
    huge = "9" * 30
    for client in (web.client, desk):
        for method, path in (("GET", f"/api/events/{event}/attendees/{huge}"),
                             ("PATCH", f"/api/events/{event}/attendees/{huge}"),
                             ("POST", f"/api/events/{event}/attendees/{huge}/print"),
                             ("GET", f"/api/events/{event}/attendees/{huge}/badge.png")):
            r = client.request(method, path, json={})
            assert r.status_code in (403, 404), (method, path, r.text)
            assert r.status_code == 403 or _one_line(r) == (
                "no such item: a number in the address has more than 18 digits")
    # The largest id SQLite keeps is an ordinary "no such attendee".
    r = web.client.get(f"/api/events/{event}/attendees/{2**63 - 1}")
    assert r.status_code == 404


@pytest.mark.parametrize("depth", [17, 1000, 100_000])
def test_json_nested_deep_is_400_on_every_json_route(web: Web, depth: int) -> None:
    event = web.event()
    body = b"[" * depth + b"]" * depth
    wrapped = b'{"name": ' + body + b"}"
    for path, method in (("/api/events", "POST"), (f"/api/events/{event}/attendees", "POST"),
                         (f"/api/events/{event}/attendees/1", "PATCH"),
                         (f"/api/events/{event}/mapping", "POST"),
                         (f"/api/events/{event}/event-text", "POST"),
                         (f"/api/events/{event}/layout", "POST"),
                         (f"/api/events/{event}/desks/D", "PUT"),
                         (f"/api/events/{event}/attendees/1/print", "POST")):
        for content in (body, wrapped):
            r = web.client.request(method, path, content=content,
                                   headers={"Content-Type": "application/json"})
            assert r.status_code == 400, (path, r.text[:200])
            assert _one_line(r) in ("the request body is nested too deeply",
                                    "the request body must be a JSON object",
                                    "the request body is nested more than 16 deep")


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _corrupt() -> bytes:
    raw = bytearray(_zip({"layout.toml": LAYOUT}))
    at = 30 + len("layout.toml")
    raw[at + 5: at + 40] = b"\xff" * 35
    return bytes(raw)


def _method_99() -> bytes:
    raw = bytearray(_zip({"layout.toml": LAYOUT}))
    raw[8:10] = struct.pack("<H", 99)
    central = raw.find(b"PK\x01\x02")
    raw[central + 10: central + 12] = struct.pack("<H", 99)
    return bytes(raw)


def _lying(size: int) -> bytes:
    raw = bytearray(_zip({"layout.toml": LAYOUT}))
    raw[22:26] = struct.pack("<I", size)
    central = raw.find(b"PK\x01\x02")
    raw[central + 24: central + 28] = struct.pack("<I", size)
    return bytes(raw)


@pytest.mark.parametrize(("name", "data", "says"), [
    ("corrupt", _corrupt(), "d.zip: layout.toml cannot be unpacked (Error -3 while "
     "decompressing data"),
    ("method 99", _method_99(), "d.zip: layout.toml cannot be unpacked (That compression "
     "method is not supported)"),
    ("smaller", _lying(10), "d.zip: layout.toml cannot be unpacked (Bad CRC-32"),
    ("larger", _lying(10**6), "d.zip: layout.toml unpacks to "),
    ("not a zip", b"PK\x03\x04garbage", "d.zip: not a readable .zip file"),
])
def test_a_zip_that_cannot_be_unpacked_is_400(web: Web, name: str, data: bytes,
                                             says: str) -> None:
    event = web.event()
    r = web.client.post(f"/api/events/{event}/layout", files={"files": ("d.zip", data)})
    assert r.status_code == 400, (name, r.text)
    assert _one_line(r).startswith(says)
    assert not any((web.data / "layouts").iterdir())


def test_zip_members_in_one_folder_are_used_and_metadata_is_skipped(web: Web) -> None:
    event = web.event()
    data = _zip({"My Design/layout.toml": LAYOUT, "My Design/.DS_Store": b"\0",
                 "__MACOSX/My Design/._layout.toml": b"\0", "My Design/": b""})
    r = web.client.post(f"/api/events/{event}/layout", files={"files": ("d.zip", data)})
    assert r.status_code == 200, r.text
    (folder,) = (web.data / "layouts").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == ["layout.toml"]


@pytest.mark.parametrize("members", [
    {"design/layout.toml": LAYOUT, "design/art/logo.png": b"x"},
    {"layout.toml": LAYOUT, "art/logo.png": b"x"},
    {"a/layout.toml": LAYOUT, "b/logo.png": b"x"},
    {"../layout.toml": LAYOUT},
])
def test_zip_members_in_sub_folders_are_refused(web: Web, members: dict[str, bytes]) -> None:
    event = web.event()
    r = web.client.post(f"/api/events/{event}/layout",
                        files={"files": ("d.zip", _zip(members))})
    assert r.status_code == 400
    assert "is in a sub-folder; a layout names its files by base name" in _one_line(r)


@pytest.mark.parametrize("host", ["localhost:evil.example", "localhost:80:80",
                                  "127.0.0.1@evil.example", "localhost.evil.example",
                                  "[::1]evil", "local host", "localhost:", ":8000", "",
                                  "localhost:123456", "::1", "evil.example:8000"])
def test_host_values_that_are_not_host_port_on_the_list_are_421(web: Web, host: str) -> None:
    r = web.client.get("/api/events", headers={"Host": host})
    assert r.status_code == 421, host
    assert _one_line(r).startswith("this server does not answer for the host")


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST:8000", "127.0.0.1:1", "[::1]:8000",
                                  "[::1]"])
def test_host_port_on_the_list_is_served(web: Web, host: str) -> None:
    assert web.client.get("/api/events", headers={"Host": host}).status_code == 200


def test_malformed_forms_and_bodies_are_400(web: Web) -> None:
    event = web.event()
    for path in (f"/api/events/{event}/import", f"/api/events/{event}/layout",
                 f"/events/{event}/list", f"/events/{event}/design?do=upload", "/events"):
        r = web.client.post(path, content=b"--x\r\nnonsense",
                            headers={"Content-Type": "multipart/form-data; boundary=x"})
        assert 400 <= r.status_code < 500, (path, r.status_code, r.text[:200])
    r = web.client.post("/api/events", content=b"\xff\xfe{", headers={
        "Content-Type": "application/json"})
    assert r.status_code == 400 and _one_line(r) == "the request body is not valid JSON"


def test_unknown_paths_and_methods_answer_one_line(web: Web) -> None:
    r = web.client.get("/api/nowhere")
    assert (r.status_code, _one_line(r)) == (404, "no such page or API path: /api/nowhere")
    r = web.client.delete("/api/events")
    assert (r.status_code, _one_line(r)) == (405, "DELETE is not allowed on /api/events")
    r = web.client.get("/nowhere")
    assert r.status_code == 404 and "no such page or API path: /nowhere" in r.text
    assert r.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("length", ["²", "9" * 5000, "-1", "1e9", "٣"])
def test_a_content_length_that_is_not_a_number_is_not_a_500(web: Web, length: str) -> None:
    # A server parses Content-Length before the app; the guard must not trip on one either.
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": "/api/events", "raw_path": b"/api/events",
             "query_string": b"", "root_path": "", "client": ("127.0.0.1", 5), "server": None,
             "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"),
                         (b"content-length", length.encode())]}
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b'{"name": "X"}', "more_body": False}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    asyncio.run(web.asgi(scope, receive, send))
    assert sent[0]["status"] in (201, 400, 413)
