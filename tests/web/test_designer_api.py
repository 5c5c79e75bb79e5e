"""The designer's API: the event's layout as JSON (GET, PUT with the CLI's one line on a
mistake), a draft drawn for an attendee, artwork and fonts uploaded, the layout zipped; every
shipped layout opened and saved unchanged builds the same PDF; keys and comments the
designer does not edit are kept; a desk link gets 403 on all of it.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from starlette.testclient import TestClient
from web_helpers import BASE, ROOT, SAMPLE_CSV, SAMPLE_XLSX, Web

from badgepress.sheet.layout import shipped_layouts
from badgepress.web.edge.roles import DESK_REFUSED
from badgepress.web.store.events import desk_token

EVENT_DIR = ROOT / "sample_data" / "event"


@pytest.fixture(autouse=True)
def _same_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # two builds, the same bytes


def _layout(web: Web, event: str) -> dict[str, Any]:
    r = web.client.get(f"/api/events/{event}/layout")
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def _put(web: Web, event: str, layout: dict[str, Any]) -> Any:
    return web.client.put(f"/api/events/{event}/layout", json={"layout": layout})


def _build(web: Web, event: str) -> bytes:
    state = web.build(event)
    assert state["state"] == "done", state
    return web.client.get(f"/api/events/{event}/badges.pdf").content


def test_the_layout_is_the_tomls_structure(web: Web) -> None:
    event = web.event(layout="a4-90x55-8up-duplex")
    web.upload(event, SAMPLE_XLSX)
    out = _layout(web, event)
    layout = out["layout"]
    assert list(layout)[:2] == ["name", "description"]
    assert {"sheet", "badge", "grid", "marks", "event", "field", "rect", "back"} <= set(layout)
    assert layout["badge"] == {"size": "90mm x 55mm", "bleed": "3mm", "safe": "4mm"}
    assert layout["field"][1]["box"] == {"x": "5mm", "y": "18.5mm", "width": "80mm",
                                         "height": "24mm"}
    assert layout["back"]["field"][0]["name"] == "event"
    assert layout["event"] == {"name": "DevConf"}  # the event's own name, as builds print it
    assert out["name"] == "a4-90x55-8up-duplex"
    warning = out["warnings"][0]
    assert set(warning) == {"key", "check", "message", "count", "checked", "attendees"}
    assert warning["key"] == "field[2]" and warning["check"] == "condensed"
    assert warning["attendees"][0]["name"].startswith("Hubert Blaine")


def test_a_mistake_is_the_clis_line(web: Web, tmp_path: Path) -> None:
    event = web.event()
    layout = _layout(web, event)["layout"]
    layout["field"][1]["box"]["x"] = "1mm"
    r = _put(web, event, layout)
    assert r.status_code == 422
    # The CLI's own line for the same layout, without the file.
    bad = tmp_path / "bad.toml"
    r2 = web.client.get(f"/api/events/{event}/layout.toml")
    bad.write_text(r2.text.replace('x = "5mm", y = "18.5mm"', 'x = "1mm", y = "18.5mm"'),
                   encoding="utf-8")
    cli = subprocess.run([sys.executable, "-m", "badgepress", "build", str(SAMPLE_CSV), "-l",
                          str(bad), "-o", str(tmp_path / "o.pdf")], capture_output=True,
                         text=True, check=False)
    line = cli.stderr.strip().splitlines()[-1]
    assert line.endswith(r.json()["error"]) and r.json()["error"].startswith("field[2].box: ")
    # The design did not change.
    assert web.client.get(f"/api/events/{event}").json()["layout"] == "a4-90x55-8up"
    layout["field"][1]["box"]["x"] = "5mm"
    for broken, line in (
        ({**layout, "field": []}, "field: needs at least one [[field]] table"),
        ({**layout, "badge": {"size": "huge"}}, "badge.size: expected a size such as"),
        ({**layout, "colour": "red"}, "colour: unknown key; allowed here: back, badge"),
    ):
        r = _put(web, event, broken)
        assert r.status_code == 422 and line in r.json()["error"], r.text
    assert _put(web, event, {**layout, "field": [{**layout["field"][0],
                                                  "font": "No Such Font"}]}).status_code == 422
    assert web.client.put(f"/api/events/{event}/layout", json={"layout": "a4"}).status_code == 400
    assert web.client.put(f"/api/events/{event}/layout", content=b"{").status_code == 400
    r = _put(web, event, {**layout, "name": "bad \x01 name"})
    assert r.status_code == 400 and "control character" in r.json()["error"]
    assert web.client.put("/api/events/nope/layout", json={"layout": layout}).status_code == 404


def test_a_column_the_list_lacks_is_refused(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    layout = _layout(web, event)["layout"]
    layout["field"][2]["text"] = "{Compny}"
    r = _put(web, event, layout)
    assert r.status_code == 422
    assert r.json()["error"].startswith("field[3].text: uses {Compny}, but attendees.xlsx has "
                                        "no column 'Compny'")


def test_saved_is_what_builds_previews_and_the_desk_use(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    ada = web.client.get(f"/api/events/{event}/attendees", params={"q": "lovelace"}).json()[0]
    before = web.client.get(f"/api/events/{event}/attendees/{ada['id']}/badge.png").content
    layout = _layout(web, event)["layout"]
    layout["field"][2]["text"] = "{Job Title}"
    draft = web.client.post(f"/api/events/{event}/layout/render",
                            json={"layout": layout, "attendee": ada["id"]})
    assert draft.status_code == 200 and draft.headers["content-type"] == "image/png"
    im = Image.open(io.BytesIO(draft.content))
    assert abs(im.width - 96 / 25.4 * 130) < 2 and abs(im.height - 61 / 25.4 * 130) < 2
    assert draft.content != before
    r = _put(web, event, layout)
    assert r.status_code == 200 and isinstance(r.json()["warnings"], list)
    assert _layout(web, event)["layout"] == layout
    after = web.client.get(f"/api/events/{event}/attendees/{ada['id']}/badge.png").content
    assert after != before
    toml = web.client.get(f"/api/events/{event}/layout.toml").text
    assert 'text = "{Job Title}"' in toml and "# A band of colour" in toml  # comments kept
    assert web.client.get(f"/api/events/{event}").json()["layout"].startswith("upload:")
    # A draft for no one in particular, a back that is not there, someone unknown.
    assert web.client.post(f"/api/events/{event}/layout/render",
                           json={"layout": layout}).status_code == 200
    r = web.client.post(f"/api/events/{event}/layout/render",
                        json={"layout": layout, "side": "back"})
    assert r.status_code == 422 and r.json()["error"].startswith("back: the layout has no back")
    assert web.client.post(f"/api/events/{event}/layout/render",
                           json={"layout": layout, "attendee": 99999}).status_code == 404
    assert web.client.post(f"/api/events/{event}/layout/render",
                           json={"layout": layout, "attendee": "1"}).status_code == 400
    check = web.client.post(f"/api/events/{event}/layout/check", json={"layout": layout}).json()
    assert check["attendees"][0]["name"].startswith("Hubert Blaine")  # the hardest first
    assert len(check["attendees"]) == 40


def test_artwork_and_fonts(web: Web) -> None:
    event = web.event()
    logo = (EVENT_DIR / "logo.svg").read_bytes()
    r = web.client.post(f"/api/events/{event}/artwork",
                        files={"file": ("Our Logo (final).SVG", logo)})
    assert r.status_code == 201 and r.json() == {"file": "Our-Logo-final.svg"}
    again = web.client.post(f"/api/events/{event}/artwork",
                            files={"file": ("Our Logo (final).SVG", logo)})
    assert again.json() == {"file": "Our-Logo-final.svg"}  # the same file, kept once
    other = web.client.post(f"/api/events/{event}/artwork", files={"file": (
        "Our-Logo-final.svg", logo.replace(b"<svg", b"<svg data-x='1'"))})
    assert other.json() == {"file": "Our-Logo-final-2.svg"}
    for name, body, line in (
        ("logo.png", b"not a png", "logo.png: is not an image"),
        ("x.exe", b"MZ", "'x.exe': upload artwork"),
        ("font.ttf", b"not a font", "font.ttf: is not a font"),
    ):
        r = web.client.post(f"/api/events/{event}/artwork", files={"file": (name, body)})
        assert r.status_code == 422 and r.json()["error"].startswith(line), r.text
    font = web.client.post(f"/api/events/{event}/artwork", files={"file": (
        "Sans.ttf", (ROOT / "fonts" / "NotoSans-Regular.ttf").read_bytes())})
    assert font.status_code == 201
    setup = web.client.get(f"/api/events/{event}/designer").json()
    assert setup["files"] == ["Our-Logo-final-2.svg", "Our-Logo-final.svg", "Sans.ttf"]
    assert "Noto Sans Bold" in setup["fonts"]
    assert [s["name"] for s in setup["stocks"]].count("a4-90x55-8up") == 1
    # Used and saved: the zip holds the layout, the logo and the font, and builds.
    layout = _layout(web, event)["layout"]
    layout["image"] = [{"file": "Our-Logo-final.svg", "box": {"x": "4mm", "y": "45mm",
                                                              "width": "20mm", "height": "8mm"}}]
    layout["field"][2]["font"] = "Sans.ttf"
    assert _put(web, event, layout).status_code == 200, _put(web, event, layout).text
    z = web.client.get(f"/api/events/{event}/layout.zip")
    assert z.headers["content-type"] == "application/zip"
    assert sorted(zipfile.ZipFile(io.BytesIO(z.content)).namelist()) == [
        "Our-Logo-final.svg", "Sans.ttf", "a4-90x55-8up.toml"]
    layout["image"][0]["file"] = "missing.svg"
    r = _put(web, event, layout)
    assert r.status_code == 422 and r.json()["error"].startswith("image[1].file: ")


def test_an_upload_opens_in_the_designer_and_keeps_what_it_does_not_edit(
        web: Web, tmp_path: Path) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    text = (EVENT_DIR / "event.toml").read_text(encoding="utf-8")
    r = web.client.post(f"/api/events/{event}/layout", files=[
        ("files", ("event.toml", text.encode())),
        ("files", ("background.pdf", (EVENT_DIR / "background.pdf").read_bytes())),
        ("files", ("logo.svg", (EVENT_DIR / "logo.svg").read_bytes()))])
    assert r.status_code == 200, r.text
    uploaded = _build(web, event)
    opened = _layout(web, event)
    assert opened["name"] == "event" and opened["layout"]["rect"][1]["when"] == (
        "ticket_type=Speaker")
    assert _put(web, event, opened["layout"]).status_code == 200
    # The event's own name and dates now live in the layout's [event]; the rest is the file.
    saved = web.client.get(f"/api/events/{event}/layout.toml").text
    assert saved.splitlines()[:3] == text.splitlines()[:3]
    assert "# ...red for speakers" in saved
    assert _build(web, event) == uploaded


@pytest.mark.parametrize("name", [p.stem for p in shipped_layouts()])
def test_every_shipped_layout_saved_unchanged_builds_the_same_pdf(web: Web, name: str) -> None:
    event = web.event(layout=name)
    web.upload(event, SAMPLE_CSV)
    before = _build(web, event)
    opened = _layout(web, event)["layout"]
    r = _put(web, event, opened)
    assert r.status_code == 200, r.text
    assert web.client.get(f"/api/events/{event}").json()["layout"].startswith("upload:")
    assert _layout(web, event)["layout"] == opened
    assert _build(web, event) == before


def test_the_zip_builds_with_the_cli_into_the_apps_pdf(web: Web, tmp_path: Path) -> None:
    event = web.event(layout="a4-fold-90x55-4up")
    web.upload(event, SAMPLE_XLSX)
    layout = _layout(web, event)["layout"]
    layout["back"]["field"][2]["text"] = "{Pronouns}"
    assert _put(web, event, layout).status_code == 200
    app = _build(web, event)
    zipped = tmp_path / "mine.zip"
    zipped.write_bytes(web.client.get(f"/api/events/{event}/layout.zip").content)
    listed = tmp_path / "attendees.xlsx"
    listed.write_bytes(SAMPLE_XLSX.read_bytes())
    out = tmp_path / "cli.pdf"
    subprocess.run([sys.executable, "-m", "badgepress", "build", str(listed), "-l", str(zipped),
                    "-o", str(out), "-q"], check=True,
                   env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
    assert out.read_bytes() == app


def test_a_desk_may_not_design(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    layout = _layout(web, event)["layout"]
    desk = TestClient(web.asgi, base_url=BASE, headers={
        "Authorization": f"Bearer {desk_token(web.state.store, event)}"})
    for method, path, kwargs in (
        ("GET", f"/events/{event}/design", {}),
        ("GET", f"/events/{event}/layouts", {}),
        ("GET", f"/api/events/{event}/layout", {}),
        ("PUT", f"/api/events/{event}/layout", {"json": {"layout": layout}}),
        ("POST", f"/api/events/{event}/layout/render", {"json": {"layout": layout}}),
        ("POST", f"/api/events/{event}/layout/check", {"json": {"layout": layout}}),
        ("GET", f"/api/events/{event}/designer", {}),
        ("POST", f"/api/events/{event}/artwork", {"files": {"file": ("a.svg", b"<svg/>")}}),
        ("GET", f"/api/events/{event}/layout.zip", {}),
    ):
        r = desk.request(method, path, **kwargs)
        assert r.status_code == 403, (method, path, r.status_code)
        assert DESK_REFUSED in r.text


def test_the_design_step_is_the_designer_and_the_layouts_page_stays(web: Web) -> None:
    event = web.event()
    page = web.client.get(f"/events/{event}/design").text
    assert 'data-testid="badge-stage"' in page and 'data-action="save"' in page
    assert '/static/designer/main.js' in page
    layouts = web.client.get(f"/events/{event}/layouts").text
    assert 'name="layout" value="shop-90x55"' in layouts
    r = web.client.post(f"/events/{event}/design?do=choose", data={"layout": "shop-90x55"},
                        follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/events/{event}/design"
    assert _layout(web, event)["name"] == "shop-90x55"
    for script in ("main", "model", "stage", "panel", "edits", "net"):
        r = web.client.get(f"/static/designer/{script}.js")
        assert r.status_code == 200 and "innerHTML" not in r.text


def test_a_draft_reads_only_the_events_own_files(web: Web) -> None:
    # A layout from a client: its files lie in the event's workshop, whatever it says.
    event = web.event()
    layout = _layout(web, event)["layout"]
    outside = str(EVENT_DIR / "background.pdf")
    system_font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    for draft, line in (
        ({**layout, "files": {"allow": ["/"]}}, "files.allow: '/' is outside the folders"),
        ({**layout, "image": [{"file": outside, "box": "bleed"}]}, "image[1].file: "),
        ({**layout, "image": [{"file": "../../../" + outside, "box": "bleed"}]},
         "image[1].file: "),
        ({**layout, "field": [{**layout["field"][0], "font": system_font}]},
         "field[1].font: "),
    ):
        for method, path in (("POST", "/layout/render"), ("POST", "/layout/check"),
                             ("PUT", "/layout")):
            r = web.client.request(method, f"/api/events/{event}{path}", json={"layout": draft})
            assert r.status_code == 422, (path, r.text)
            assert r.json()["error"].startswith(line), (path, r.text)
            assert "outside" in r.json()["error"] or "not found" in r.json()["error"]
