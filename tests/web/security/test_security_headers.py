"""Findings 7 and 8: redirects go only to the app's own paths, and no other site may frame the
pages. ``GET //evil.example/landing?token=<desk token>`` answered 303 to
``//evil.example/landing`` (a protocol-relative URL: another site) with the desk cookie; now
the target is always a path here. Every answer carries ``X-Frame-Options: DENY`` and a CSP with
``frame-ancestors 'none'``; pages also a CSP for scripts, styles, fonts and images that they
meet (the browser tests load every page under it; a Chromium test below frames the app).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from live_server import Server
from web_helpers import SAMPLE_XLSX, Web

from badgepress.web.edge.guard import ASGIApp
from badgepress.web.store.events import desk_token

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover
    sync_playwright = None

CHROMIUM = Path("/usr/bin/chromium")


def call(app: ASGIApp, raw_path: bytes, query: bytes = b"") -> tuple[int, dict[bytes, bytes]]:
    """One GET through the ASGI app with the path exactly as a client sent it."""
    from urllib.parse import unquote

    scope: dict[str, Any] = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": unquote(raw_path.decode("ascii")), "raw_path": raw_path,
        "query_string": query, "root_path": "", "headers": [(b"host", b"127.0.0.1:8000")],
        "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000)}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent[0]["status"], dict(sent[0]["headers"])


@pytest.mark.parametrize("path", [b"//evil.example/landing", b"/\\evil.example/landing",
                                  b"///evil.example", b"/\\/evil.example"])
def test_a_token_link_redirects_only_to_a_path_here(web: Web, path: bytes) -> None:
    event = web.event()
    token = desk_token(web.state.store, event)
    status, headers = call(web.asgi, path, f"token={token}&x=1".encode())
    assert status == 303
    location = headers[b"location"]
    assert location.startswith(b"/") and not location.startswith((b"//", b"/\\"))
    assert location.split(b"?")[0] == b"/" + path.lstrip(b"/\\")
    assert location.endswith(b"?x=1")
    assert headers[b"set-cookie"].startswith(b"badgepress_desk=")


def test_the_desk_link_still_lands_on_the_desk(web: Web) -> None:
    event = web.event()
    token = desk_token(web.state.store, event)
    status, headers = call(web.asgi, f"/events/{event}/desk".encode(), f"token={token}".encode())
    assert (status, headers[b"location"]) == (303, f"/events/{event}/desk".encode())


def test_every_answer_forbids_framing_and_pages_carry_a_csp(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    for path in ("/", f"/events/{event}", f"/events/{event}/desk", "/api/events",
                 "/static/app.css", "/favicon.ico", "/nope", f"/api/events/{event}/import",
                 "/api/events/zzz"):
        r = web.client.get(path)
        assert r.headers["x-frame-options"] == "DENY", path
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"], path
        assert r.headers["x-content-type-options"] == "nosniff"
        if r.headers["content-type"].startswith("text/html"):
            csp = r.headers["content-security-policy"]
            assert "script-src 'self'" in csp and "style-src 'self'" in csp, path
            assert "'unsafe-inline'" not in csp
    # Refusals made by the guard itself carry them too.
    r = web.client.get("/api/events", headers={"Host": "evil.example"})
    assert r.status_code == 421 and r.headers["x-frame-options"] == "DENY"


def test_no_page_has_inline_script_or_style(web: Web) -> None:
    # What the CSP allows is what the pages use: files of this app, nothing inline.
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    for path in ("/", f"/events/{event}", f"/events/{event}/design",
                 f"/events/{event}/preview", f"/events/{event}/build",
                 f"/events/{event}/desk"):
        html = web.client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\sstyle=|<style|\son[a-z]+=", html), path


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Server]:
    server = Server(tmp_path / "data")
    yield server
    server.stop()


@pytest.mark.skipif(sync_playwright is None or not CHROMIUM.exists(),
                    reason="needs playwright and Debian's chromium")
def test_chromium_refuses_to_frame_the_app(live: Server, tmp_path: Path) -> None:
    assert sync_playwright is not None
    url = f"http://127.0.0.1:{live.port}/"
    framer = tmp_path / "framer.html"
    framer.write_text(f'<iframe id="f" src="{url}" width="800" height="600"></iframe>',
                      encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            blocked: list[str] = []
            page.on("console", lambda m: blocked.append(m.text))
            page.goto(framer.as_uri())
            page.wait_for_timeout(1500)
            frame = page.frames[1] if len(page.frames) > 1 else None
            shown = frame.evaluate("document.body ? document.body.innerText : ''") if (
                frame is not None and frame.url == url) else ""
            assert "badgepress" not in shown  # nothing of the app inside the frame
            # The app itself opens, and its page meets its CSP (no violation reported).
            page = browser.new_page()
            problems: list[str] = []
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.goto(url)
            assert page.locator("h1").count() >= 1
            assert not problems, problems
        finally:
            browser.close()
