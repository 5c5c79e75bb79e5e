"""Findings 1 and 2: no file of the server leaves it through a badge. Every file the engine
reads for a layout (artwork, fonts, per-attendee images) must resolve inside the layout's own
folder (for the app: the event's), after templates are filled and symlinks resolved.

The containment itself is the engine's (sheet, plan, press: ``sheet.contain``); the app
pins the layout's own folder as the library's root (``files_root``), so a per-attendee file
is found there and nowhere else.

Each test checks the outcome, wherever the refusal happens (at upload, or at the build or
print): the secret image (a PNG of a size nothing else has) is never in a PDF the app serves.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from web_helpers import ROOT, SAMPLE_XLSX, Web

SECRET_SIZE = (37, 41)


def _secret(path: Path) -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", SECRET_SIZE, (200, 10, 10)).save(path)
    return path


def _has_secret(pdf: bytes) -> bool:
    for page in PdfReader(io.BytesIO(pdf)).pages:
        stack = [page.get("/Resources")]
        while stack:
            res = stack.pop()
            res = res.get_object() if res is not None else None
            if not res or "/XObject" not in res:
                continue
            for ref in res["/XObject"].values():
                x = ref.get_object()
                if x.get("/Subtype") == "/Image" and (x.get("/Width"), x.get("/Height")) == \
                        SECRET_SIZE:
                    return True
                if x.get("/Subtype") == "/Form":
                    stack.append(x.get("/Resources"))
    return False


def _layout(image_file: str, *, box: str = '{ x = "5mm", y = "5mm", width = "20mm", '
            'height = "20mm" }') -> bytes:
    text = (ROOT / "layouts" / "shop-90x55.toml").read_text(encoding="utf-8")
    return (text + f'\n[[image]]\nfile = "{image_file}"\nbox = {box}\n').encode()


def test_a_desk_walkin_ticket_never_names_a_file_outside_the_event(
        web: Web, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cwd = tmp_path / "a" / "b" / "c"
    (cwd / "photos").mkdir(parents=True)  # the docs' own photo folder
    monkeypatch.chdir(cwd)  # the server's working directory
    ticket = "../../../../srv/x/secret"
    _secret(Path(os.path.normpath(cwd / "photos" / f"{ticket}.png")))
    event = web.event()
    r = web.client.post(f"/api/events/{event}/layout",
                        files={"files": ("photo.toml", _layout("photos/{id}.png"))})
    assert r.status_code == 200, r.text
    aid = web.client.post(f"/api/events/{event}/attendees", json={
        "first_name": "Eve", "last_name": "Walker", "ticket": ticket}).json()["id"]
    job = web.client.post(f"/api/events/{event}/attendees/{aid}/print",
                          json={"desk": "D"}).json()["job"]
    pdf = web.client.get(f"/api/prints/{job}.pdf")
    assert pdf.status_code == 404 or not _has_secret(pdf.content)


@pytest.mark.parametrize("where", ["absolute", "dotdot", "other-event"])
def test_an_organisers_layout_never_embeds_a_file_outside_its_folder(
        web: Web, tmp_path: Path, where: str) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    secret = _secret(tmp_path / "secret.png")  # beside the data folder
    if where == "absolute":
        name = str(secret)
    elif where == "dotdot":  # from data/layouts/<folder>/
        name = "../../../secret.png"
    else:  # another event's files: data/events/<other>/...
        other = web.event("Other")
        _secret(web.data / "events" / other / "secret.png")
        name = f"../../events/{other}/secret.png"
    r = web.client.post(f"/api/events/{event}/layout",
                        files={"files": ("art.toml", _layout(name, box='"trim"'))})
    if r.status_code == 400:
        assert "image[" in r.json()["error"]
        return
    state = web.build(event)
    if state["state"] == "failed":
        assert "image[" in (state["error"] or "")
        return
    pdf = web.client.get(f"/api/events/{event}/badges.pdf")
    assert not _has_secret(pdf.content)
