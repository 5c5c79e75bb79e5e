"""Safe by default: host, origin, token and size checks; uploaded layouts checked as the CLI
checks them and stored under generated folders; ``badgepress serve`` on 127.0.0.1.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from web_helpers import BASE, ROOT, SAMPLE_XLSX, Web

from badgepress.web.store.layouts import with_event_text


def test_a_foreign_host_header_is_refused(web: Web) -> None:
    # DNS rebinding: a page on evil.example whose name now points at 127.0.0.1.
    r = web.client.get("/api/events", headers={"Host": "evil.example:8000"})
    assert r.status_code == 421 and "evil.example" in r.json()["error"]
    r = web.client.post("/api/events", json={"name": "x"}, headers={"Host": "evil.example"})
    assert r.status_code == 421
    assert web.client.get("/api/events", headers={"Host": "localhost:8000"}).status_code == 200


def test_state_changes_from_another_origin_are_refused(web: Web) -> None:
    r = web.client.post("/api/events", json={"name": "CSRF"},
                        headers={"Origin": "http://evil.example"})
    assert r.status_code == 403 and "another site" in r.json()["error"]
    r = web.client.post("/events", data={"name": "CSRF"},
                        headers={"Referer": "http://evil.example/form"})
    assert r.status_code == 403
    assert web.client.get("/api/events").json() == []
    r = web.client.post("/api/events", json={"name": "Ours"}, headers={"Origin": BASE})
    assert r.status_code == 201


def test_uploads_over_the_limit_are_refused_and_change_nothing(tmp_path: Path) -> None:
    web = Web(tmp_path / "data", max_upload=20_000)
    event = web.event()
    r = web.upload(event, SAMPLE_XLSX)  # about 9 KB
    assert r.status_code == 200
    big = tmp_path / "big.csv"
    big.write_text("Name\n" + "A Person\n" * 5000, encoding="utf-8")
    r = web.upload(event, big)
    assert r.status_code == 413 and "larger than the limit" in r.json()["error"]
    assert web.client.get(f"/api/events/{event}/import").json()["imported"] == 40

    def chunks() -> object:  # no Content-Length: counted as it streams in
        yield b"x" * 15_000
        yield b"x" * 15_000

    r = web.client.post(f"/api/events/{event}/mapping", content=chunks())  # type: ignore[arg-type]
    assert r.status_code == 413


def test_on_the_network_every_request_needs_the_token(tmp_path: Path) -> None:
    web = Web(tmp_path / "data", token="s3cret", network=True)
    assert web.client.get("/api/events").status_code == 401
    # From another machine, by IP address: the host is fine, the token is what is missing.
    other = TestClient(web.asgi, base_url="http://192.168.1.20:8000")
    assert other.get("/").status_code == 401
    r = other.get("/?token=s3cret", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert "HttpOnly" in r.headers["set-cookie"]
    assert other.get("/").status_code == 200  # the cookie now
    assert web.client.get("/api/events", headers={"Authorization": "Bearer s3cret"}
                          ).status_code == 200
    assert web.client.get("/?token=wrong").status_code == 401


def test_an_uploaded_layout_with_a_mistake_shows_the_clis_message(web: Web) -> None:
    event = web.event()
    text = (ROOT / "layouts" / "a4-90x55-8up.toml").read_text(encoding="utf-8")
    bad = text.replace("columns = 2", "columns = 3")
    r = web.client.post(f"/api/events/{event}/layout",
                        files={"files": ("my-event.toml", bad.encode())})
    assert r.status_code == 400
    message = r.json()["error"]
    assert message.startswith("my-event.toml: grid.columns: 3 columns of 90.0 mm badges")
    assert web.client.get(f"/api/events/{event}").json()["layout"] == "a4-90x55-8up"
    assert list((web.data / "layouts").iterdir()) == []  # nothing left behind


def test_an_uploaded_layout_zip_with_its_font_is_used(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    text = (ROOT / "layouts" / "a4-90x55-8up.toml").read_text(encoding="utf-8")
    text = text.replace('font = "Noto Sans Bold"', 'font = "MyFont.ttf"', 1)
    font = next((ROOT / "fonts").glob("NotoSans-Bold.ttf")).read_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("design/my-event.toml", text)
        zf.writestr("design/MyFont.ttf", font)
    r = web.client.post(f"/api/events/{event}/layout",
                        files={"files": ("design.zip", buf.getvalue())})
    assert r.status_code == 200, r.text
    assert r.json()["layout"].startswith("upload:")
    state = web.build(event)
    assert state["state"] == "done" and state["badges"] == 40
    report = web.client.get(f"/api/events/{event}/report.json").json()
    assert report["layout"] == "my-event"


@pytest.mark.parametrize("member", ["../evil.toml", "/etc/cron.d/x.toml", "sub/.hidden.toml",
                                    "a b.toml"])
def test_zip_members_never_become_paths(web: Web, member: str) -> None:
    event = web.event()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(member, "x")
    r = web.client.post(f"/api/events/{event}/layout",
                        files={"files": ("design.zip", buf.getvalue())})
    assert r.status_code == 400
    assert not any((web.data / "layouts").iterdir())


def test_a_zip_bomb_is_refused(web: Web) -> None:
    event = web.event()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("layout.toml", b"\0" * (201 * 1024 * 1024))
    r = web.client.post(f"/api/events/{event}/layout",
                        files={"files": ("bomb.zip", buf.getvalue())})
    assert r.status_code == 400 and "unpacks to more than 200 MB" in r.json()["error"]


def test_event_text_is_written_into_the_event_table_only() -> None:
    text = 'name = "x"\n[event]\ntitle = "DevConf"\nyear = 2026\n\n[sheet]\nsize = "A4"\n'
    out = with_event_text(text, {"title": 'Dev "Conf" 2027'})
    assert out == ('name = "x"\n[sheet]\nsize = "A4"\n\n[event]\nyear = 2026\n'
                   '"title" = "Dev \\"Conf\\" 2027"\n')
    import tomllib

    assert tomllib.loads(out)["event"] == {"title": 'Dev "Conf" 2027', "year": 2026}


def test_serve_prints_its_url_and_answers_on_127_0_0_1(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "badgepress", "serve", "--port", "0",
                             "--data", str(tmp_path / "data")], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        proc.stdout.readline()
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        for _ in range(100):
            try:
                with urllib.request.urlopen(url + "api/events", timeout=5) as r:
                    assert r.status == 200 and r.read() == b"[]"
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not answer")
        assert (tmp_path / "data" / "badgepress.sqlite3").is_file()
    finally:
        proc.terminate()
        proc.wait(10)
