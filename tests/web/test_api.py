"""The JSON API with the framework's test client: the contract's paths and fields, imports,
mapping, previews, builds, and what is kept when something fails.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PIL import Image
from web_helpers import SAMPLE_CSV, SAMPLE_XLSX, Web


def test_create_import_and_list_as_the_contract_says(web: Web) -> None:
    event = web.event()
    r = web.upload(event, SAMPLE_XLSX)
    assert r.status_code == 200
    body = r.json()
    assert body["rows_read"] == 41 and body["imported"] == 40
    assert body["skipped"] == [{"row": 43, "reason": "blank row"}]
    assert body["header_row"] == 3  # below the title rows
    assert body["mapping"]["first_name"] == "First Name"
    assert body["mapping"]["role"] == "Ticket Type"
    people = web.client.get(f"/api/events/{event}/attendees").json()
    assert len(people) == 40
    first = people[0]
    assert {"id", "row", "first_name", "last_name", "company"} <= set(first)
    assert (first["row"], first["first_name"], first["last_name"]) == (4, "Ada", "Lovelace")


def test_search_ignores_case_and_accents(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    found = web.client.get(f"/api/events/{event}/attendees", params={"q": "jose cruz"}).json()
    assert [a["first_name"] for a in found] == ["José María"]
    found = web.client.get(f"/api/events/{event}/attendees", params={"q": "TOKES"}).json()
    assert [a["last_name"] for a in found] == ["Tőkés-Nagyová"]


def test_fixing_the_mapping_rereads_at_once(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    r = web.client.post(f"/api/events/{event}/mapping", json={"role": "Job Title"})
    assert r.status_code == 200, r.text
    assert r.json()["mapping"]["role"] == "Job Title"
    ada = web.client.get(f"/api/events/{event}/attendees", params={"q": "lovelace"}).json()[0]
    assert ada["role"] == "Chief Mathematician"


def test_a_bad_mapping_is_one_message_and_changes_nothing(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    r = web.client.post(f"/api/events/{event}/mapping", json={"company": "Firma"})
    assert r.status_code == 400
    message = r.json()["error"]
    assert "attendees.xlsx" in message and "Firma" in message and "\n" not in message
    assert web.client.get(f"/api/events/{event}/import").json()["mapping"]["company"] == "Company"


@pytest.mark.parametrize(("name", "data", "message"), [
    ("list.xlsx", b"this is not a workbook", "list.xlsx"),
    ("list.ods", b"whatever", "list.ods: this is a text file, not an OpenDocument"),
    ("empty.csv", b"", "empty.csv"),
])
def test_a_bad_file_is_a_4xx_with_one_message_and_keeps_the_list(
        web: Web, tmp_path: Path, name: str, data: bytes, message: str) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    bad = tmp_path / name
    bad.write_bytes(data)
    r = web.upload(event, bad)
    assert 400 <= r.status_code < 500
    assert message in r.json()["error"]
    assert str(web.data) not in r.json()["error"]  # never the generated stored name
    assert web.client.get(f"/api/events/{event}/import").json()["imported"] == 40
    assert len(list((web.data / "uploads").iterdir())) == 1  # the failed upload is gone


def test_uploads_are_stored_under_generated_names(web: Web) -> None:
    event = web.event()
    r = web.upload(event, SAMPLE_CSV, name="../../etc/passwd.csv")
    assert r.status_code == 200
    stored = [p.name for p in (web.data / "uploads").iterdir()]
    assert len(stored) == 1 and "passwd" not in stored[0] and stored[0].endswith(".csv")
    assert r.json()["file"] == "passwd.csv"


def test_a_newer_list_says_what_changed_and_keeps_ids(web: Web, tmp_path: Path) -> None:
    event = web.event()
    web.upload(event, SAMPLE_CSV)
    before = {a["email"]: a["id"] for a in web.client.get(f"/api/events/{event}/attendees")
              .json()}
    lines = SAMPLE_CSV.read_text(encoding="utf-8").splitlines()
    lines = [ln for ln in lines if "Lovelace" not in ln]  # removed
    lines = [ln.replace("Philips N.V.", "Philips") for ln in lines]  # edited
    lines.append("Grace,Hopper,US Navy,Rear Admiral,Speaker,grace@navy.example")  # added
    newer = tmp_path / "attendees-v2.csv"
    newer.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = web.upload(event, newer)
    changes = r.json()["changes"]
    assert (changes["added"], changes["removed"], changes["edited"]) == (1, 1, 1)
    assert changes["examples"]["added"] == ["Grace Hopper"]
    assert changes["examples"]["removed"] == ["Ada Lovelace"]
    assert changes["examples"]["edited"] == [{
        "name": "Jan van der Berg", "fields": ["Company"],
        "changes": [{"field": "Company", "old": "Koninklijke Philips N.V.",
                     "new": "Koninklijke Philips"}]}]
    after = {a["email"]: a["id"] for a in web.client.get(f"/api/events/{event}/attendees")
             .json()}
    assert after["jan.vdberg@philips.example"] == before["jan.vdberg@philips.example"]
    assert "ada@analytical.example" not in after


def test_previews_are_pngs_hardest_first(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    hardest = web.client.get(f"/api/events/{event}/preview", params={"limit": 3}).json()
    assert hardest[0]["last_name"] == "Wolfeschlegelsteinhausenbergerdorff"
    assert hardest[0]["reasons"] == ["condensed"] and "condensed" in hardest[0]["warnings"][0]
    assert "right-to-left" in hardest[1]["reasons"]
    r = web.client.get(f"/api/events/{event}/attendees/{hardest[0]['id']}/badge.png")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    img = Image.open(io.BytesIO(r.content))
    assert 470 < img.size[0] < 510  # 96 mm (badge and bleed) at 130 dpi
    dark = sum(img.convert("L").histogram()[:100])
    assert dark > 0.01 * img.size[0] * img.size[1]  # the name is printed
    assert web.client.get(f"/api/events/{event}/attendees/99999/badge.png").status_code == 404


def _cli(tmp_path: Path, *args: str) -> bytes:
    src = tmp_path / "cli" / "attendees.xlsx"
    src.parent.mkdir(exist_ok=True)
    shutil.copy(SAMPLE_XLSX, src)
    out = tmp_path / "cli" / "badges.pdf"
    # A real command line, in a process of its own, as the organiser would run it.
    subprocess.run([sys.executable, "-m", "badgepress", "build", str(src), "-o", str(out), "-q",
                    *args], check=True, env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
    return out.read_bytes()


def test_the_app_builds_the_clis_pdf_byte_for_byte(web: Web, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    event = web.event(layout="a4-cr80-10up")
    web.upload(event, SAMPLE_XLSX)
    web.client.post(f"/api/events/{event}/mapping", json={"role": "Job Title"})
    state = web.build(event)
    assert state["state"] == "done", state
    assert (state["done"], state["total"], state["badges"], state["pages"]) == (40, 40, 40, 4)
    r = web.client.get(f"/api/events/{event}/badges.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content == _cli(tmp_path, "--layout", "a4-cr80-10up", "--map", "role=Job Title")
    report = web.client.get(f"/api/events/{event}/report.json").json()
    assert report["rows_read"] == 41 and report["source"] == "attendees.xlsx"
    csv = web.client.get(f"/api/events/{event}/warnings.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0] == "row,name,kind,message"
    assert "43,,skipped,blank row" in csv


def test_a_failed_build_keeps_the_last_pdf(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    assert web.build(event)["state"] == "done"
    pdf = web.client.get(f"/api/events/{event}/badges.pdf").content
    for stored in (web.data / "uploads").iterdir():
        stored.unlink()  # the list went missing on disk
    state = web.build(event)
    assert state["state"] == "failed" and "attendees.xlsx: file not found" in state["error"]
    assert web.client.get(f"/api/events/{event}/badges.pdf").content == pdf


def test_two_builds_of_one_event_are_one_job(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    a = web.client.post(f"/api/events/{event}/build").json()["job"]
    b = web.client.post(f"/api/events/{event}/build").json()["job"]
    assert a == b
    web.state.engine.builds.wait()


def test_two_tabs_uploading_at_once_leave_one_whole_list(web: Web, tmp_path: Path) -> None:
    event = web.event()
    small = tmp_path / "small.csv"
    small.write_text("Name,Company\nAna Li,ACME\nBo Yu,Initech\n", encoding="utf-8")
    results: list[int] = []

    def go(path: Path) -> None:
        for _ in range(3):
            results.append(web.upload(event, path).status_code)

    threads = [threading.Thread(target=go, args=(p,)) for p in (SAMPLE_CSV, small)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 6
    summary = web.client.get(f"/api/events/{event}/import").json()
    people = web.client.get(f"/api/events/{event}/attendees").json()
    assert len(people) == summary["imported"] and summary["imported"] in (2, 40)


def test_a_restart_keeps_everything(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    web.client.post(f"/api/events/{event}/mapping", json={"role": "Job Title"})
    assert web.build(event)["state"] == "done"
    again = Web(web.data)
    body = again.client.get(f"/api/events/{event}").json()
    assert body["name"] == "DevConf" and body["list"]["imported"] == 40
    assert body["list"]["mapping"]["role"] == "Job Title"
    assert again.client.get(f"/api/events/{event}/badges.pdf").status_code == 200


def test_unknown_things_are_404(web: Web) -> None:
    assert web.client.get("/api/events/nope").status_code == 404
    assert web.client.get("/api/jobs/nope").json() == {"error": "no job 'nope'"}
    event = web.event()
    assert web.client.get(f"/api/events/{event}/badges.pdf").status_code == 404


def test_an_event_needs_a_name_and_a_known_layout(web: Web) -> None:
    r = web.client.post("/api/events", json={"name": " "})
    assert r.status_code == 400 and r.json()["error"] == "the event needs a name"
    r = web.client.post("/api/events", json={"name": "X", "layout": "nope"})
    assert r.status_code == 400 and "unknown layout 'nope'" in r.json()["error"]
    r = web.client.post("/api/events", content=b"[1, 2]")
    assert r.status_code == 400


def test_layouts_and_thumbnails(web: Web) -> None:
    from badgepress.sheet.layout import shipped_layouts

    names = [x["name"] for x in web.client.get("/api/layouts").json()]
    assert names == [p.stem for p in shipped_layouts()]
    assert {"a4-90x55-8up", "a4-cr80-10up", "letter-4x3-6up", "shop-90x55"} <= set(names)
    event = web.event()
    r = web.client.get(f"/api/events/{event}/layouts/shop-90x55/thumb.png")
    assert r.status_code == 200 and r.content[:8] == b"\x89PNG\r\n\x1a\n"
    web.upload(event, SAMPLE_XLSX)
    r2 = web.client.get(f"/api/events/{event}/layouts/shop-90x55/thumb.png")
    assert r2.content != r.content  # now a badge from the list
    r = web.client.post(f"/api/events/{event}/layout", json={"layout": "letter-4x3-6up"})
    assert r.json() == {"layout": "letter-4x3-6up"}
    assert json.loads(web.client.get(f"/api/events/{event}").text)["layout"] == "letter-4x3-6up"


def _entity_workbook(path: Path) -> Path:
    import zipfile

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Name"])
    ws.append(["Ada"])
    wb.save(path)
    with zipfile.ZipFile(path) as zin:
        parts = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = bomb + parts[sheet].replace(b"<t>Ada</t>", b"<t>&a;</t>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return path


def test_the_safe_readers_refusals_are_4xx_messages(web: Web, tmp_path: Path) -> None:
    event = web.event()
    r = web.upload(event, _entity_workbook(tmp_path / "lol.xlsx"))
    assert r.status_code == 400
    assert r.json()["error"] == (
        "lol.xlsx: the workbook contains XML entity or DTD declarations, which badgepress "
        "refuses for safety; open and re-save it in Excel, or export it as .csv")
    secret = tmp_path / "secret.xlsx"
    secret.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
                       + "EncryptionInfo\0EncryptedPackage".encode("utf-16-le"))
    r = web.upload(event, secret)
    assert r.status_code == 400 and r.json()["error"].startswith(
        "secret.xlsx: the workbook is password protected (encrypted)")
    assert web.client.get(f"/api/events/{event}/import").json()["imported"] == 0


def test_event_text_builds_as_the_clis_set(web: Web, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    keys = web.client.get(f"/api/events/{event}").json()["event_keys"]
    assert "name" in keys
    r = web.client.post(f"/api/events/{event}/event-text", json={"name": "PyConf Zürich"})
    assert r.status_code == 200 and r.json()["event_text"]["name"] == "PyConf Zürich"
    r = web.client.post(f"/api/events/{event}/event-text", json={"nope": "x"})
    assert r.status_code == 400 and "no [event] key 'nope'" in r.json()["error"]
    assert web.build(event)["state"] == "done"
    pdf = web.client.get(f"/api/events/{event}/badges.pdf").content
    assert pdf == _cli(tmp_path, "--set", "event.name=PyConf Zürich")
