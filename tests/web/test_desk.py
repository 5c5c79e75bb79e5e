"""The registration desk's API: walk-ins saved before the answer, printing through lp (a fake
one on PATH here) or the browser, double clicks, reprint confirmation, check-ins, exports.
"""

from __future__ import annotations

import io
import os
import stat
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from web_helpers import SAMPLE_XLSX, Web


def _walkin(web: Web, event: str, **fields: str) -> int:
    r = web.client.post(f"/api/events/{event}/attendees", json=fields)
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _pdf_text(data: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_a_walkin_is_saved_once_and_survives_a_new_list(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    body = {"first_name": "Grace", "last_name": "Hopper", "company": "US Navy",
            "role": "Speaker", "request": "form-1"}
    r = web.client.post(f"/api/events/{event}/attendees", json=body)
    assert r.status_code == 201
    aid = r.json()["id"]
    again = web.client.post(f"/api/events/{event}/attendees", json=body)  # sent twice
    assert again.status_code == 200 and again.json()["id"] == aid
    web.upload(event, SAMPLE_XLSX)
    person = web.client.get(f"/api/events/{event}/attendees/{aid}").json()
    assert (person["name"], person["source"], person["printed"], person["checked_in"]) == (
        "Grace Hopper", "walkin", 0, None)
    assert person["fields"]["Ticket Type"] == "Speaker"  # the list's column, for layouts
    assert len(web.client.get(f"/api/events/{event}/attendees").json()) == 41
    r = web.client.post(f"/api/events/{event}/attendees", json={"company": "Nobody"})
    assert r.status_code == 400 and "needs a name" in r.json()["error"]


def test_printing_in_the_browser_then_reprint_asks_once(web: Web,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    event = web.event()
    aid = _walkin(web, event, first_name="<script>alert(1)</script>", last_name="Zoë")
    r = web.client.post(f"/api/events/{event}/attendees/{aid}/print", json={"desk": "Desk 1"})
    assert r.status_code == 202
    job = r.json()
    assert job["printer"] == "browser" and job["state"] == "done"
    pdf = web.client.get(f"/api/prints/{job['job']}.pdf")
    assert pdf.status_code == 200 and "<script>alert(1)</script>" in _pdf_text(pdf.content)
    # A double click is the same job.
    again = web.client.post(f"/api/events/{event}/attendees/{aid}/print", json={"desk": "Desk 1"})
    assert again.json()["job"] == job["job"]
    person = web.client.get(f"/api/events/{event}/attendees/{aid}").json()
    assert person["printed"] == 1 and person["checked_in"] is not None
    assert person["prints"][0]["desk"] == "Desk 1"
    # Later, a reprint must be confirmed.
    import badgepress.web.engine.prints as desk

    monkeypatch.setattr(desk, "DOUBLE_CLICK", 0.0)
    r = web.client.post(f"/api/events/{event}/attendees/{aid}/print", json={"desk": "Desk 2"})
    assert r.status_code == 409
    assert r.json()["error"].startswith(f"already printed at {time.strftime('%H:')}")
    assert "at Desk 1" in r.json()["error"]
    r = web.client.post(f"/api/events/{event}/attendees/{aid}/print",
                        json={"desk": "Desk 2", "reprint": True})
    assert r.status_code == 202 and r.json()["job"] != job["job"]
    assert web.client.get(f"/api/events/{event}/attendees/{aid}").json()["printed"] == 2


def _fake_lp(folder: Path, fail: bool = False) -> Path:
    folder.mkdir()
    lp = folder / "lp"
    body = ('echo "lp: The printer or class does not exist." >&2; exit 1' if fail else
            'for last; do :; done; cp "$last" "$(dirname "$0")/printed.pdf"; '
            'echo "$@" > "$(dirname "$0")/args"; echo "request id is $2-1 (1 file(s))"')
    lp.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    return folder


def test_printing_through_lp_with_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    bin_dir = _fake_lp(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    web = Web(tmp_path / "data", printer="BadgePDF")
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    ada = web.client.get(f"/api/events/{event}/attendees", params={"q": "lovelace"}).json()[0]
    r = web.client.post(f"/api/events/{event}/attendees/{ada['id']}/print",
                        json={"desk": "Front"})
    assert r.json()["printer"] == "BadgePDF" and r.json()["state"] == "queued"
    assert r.json()["cups"] == "BadgePDF-1"
    assert r.json()["message"] == "request id is BadgePDF-1"
    args = (bin_dir / "args").read_text(encoding="utf-8").split()
    assert args[:2] == ["-d", "BadgePDF"] and args[-2] == "--"
    text = _pdf_text((bin_dir / "printed.pdf").read_bytes())
    assert "Ada" in text and "Lovelace" in text


def test_a_printer_failure_keeps_the_walkin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    bin_dir = _fake_lp(tmp_path / "bin", fail=True)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    web = Web(tmp_path / "data", printer="Nope")
    event = web.event()
    aid = _walkin(web, event, first_name="Ana", last_name="Li")
    r = web.client.post(f"/api/events/{event}/attendees/{aid}/print", json={"desk": "A"})
    assert r.json()["state"] == "failed"
    assert "The printer or class does not exist." in r.json()["message"]
    person = web.client.get(f"/api/events/{event}/attendees/{aid}").json()
    assert person["name"] == "Ana Li" and person["printed"] == 0


def test_the_export_lists_walkins_and_checkins(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    aid = _walkin(web, event, first_name="Grace", last_name="Hopper", company="=cmd()")
    web.client.post(f"/api/events/{event}/attendees/{aid}/print", json={"desk": "Desk 3"})
    text = web.client.get(f"/api/events/{event}/export.csv").content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("source,row,first_name,last_name,name,company")
    assert len(lines) == 42
    last = lines[-1].split(",")
    assert last[:2] == ["walkin", ""] and last[5] == "'=cmd()" and last[11:13] == ["1", "Desk 3"]
    assert last[-2:] == ["yes", "no"]  # in_list, corrected


def test_the_export_as_a_workbook_holds_the_same_rows(web: Web) -> None:
    import io

    import openpyxl

    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    aid = _walkin(web, event, first_name="Grace", last_name="Hopper", company="=cmd()")
    web.client.post(f"/api/events/{event}/attendees/{aid}/print", json={"desk": "Desk 3"})
    r = web.client.get(f"/api/events/{event}/export.xlsx")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = [[c if c is not None else "" for c in row] for row in ws.iter_rows(values_only=True)]
    assert rows[0][:6] == ["source", "row", "first_name", "last_name", "name", "company"]
    assert len(rows) == 42
    # The walk-in's company is the text "=cmd()", not a formula a spreadsheet would run.
    assert rows[-1][0] == "walkin" and rows[-1][5] == "=cmd()"
    assert rows[-1][11:13] == [1, "Desk 3"] and rows[-1][-2:] == ["yes", "no"]
    cells = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert cells.cell(row=42, column=6).data_type == "s"


def test_the_printer_list_says_why_it_is_empty(web: Web, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    from badgepress.web.engine import printing

    monkeypatch.setattr(printing, "_tool", lambda name: None)  # a machine without CUPS
    body = web.client.get("/api/printers").json()
    assert body["queues"] == [] and "CUPS is not installed" in body["why"]
