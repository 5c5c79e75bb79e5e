"""Findings 5 and 11: text that cannot live in a spreadsheet or TOML never gets in. C0 and C1
controls, DEL and lone surrogates are refused with one line naming the field (walk-ins,
corrections, event name and text, desk names, the pages' forms), removed from file names, and
dropped from list cells by the readers; so exports, builds, previews and desk prints never
break on them. What an older version stored is still exported.
"""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from web_helpers import SAMPLE_XLSX, Web

BAD = ["\u0001", "\u007f", "\u0085", "\u0000", "\u001b"]
LINE = "which badges, spreadsheets and layouts cannot keep; remove it"


def _export_ok(web: Web, event: str) -> list[list[object]]:
    r = web.client.get(f"/api/events/{event}/export.xlsx")
    assert r.status_code == 200, r.text
    sheet = load_workbook(io.BytesIO(r.content)).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("char", BAD)
def test_a_walkin_with_a_control_character_is_refused(web: Web, char: str) -> None:
    event = web.event()
    r = web.client.post(f"/api/events/{event}/attendees",
                        json={"first_name": f"Ana{char}", "last_name": "Li"})
    assert r.status_code == 400
    assert r.json() == {"error": f"first_name holds a control character (U+{ord(char):04X}), "
                        + LINE}
    assert len(_export_ok(web, event)) == 1  # the header only: nothing got in


def test_lone_surrogates_are_refused_in_every_text_field(web: Web) -> None:
    event = web.event()
    raw = b'{"first_name": "Ana\\udc80", "last_name": "Li"}'
    r = web.client.post(f"/api/events/{event}/attendees", content=raw,
                        headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json()["error"] == ("first_name holds a broken character (a lone surrogate, "
                                 "U+DC80), " + LINE)
    r = web.client.post("/api/events", content=b'{"name": "\\ud800 Conf"}')
    assert r.status_code == 400 and r.json()["error"].startswith("name holds a broken")
    r = web.client.post(f"/api/events/{event}/event-text", content=b'{"name": "\\ud800"}')
    assert r.status_code == 400 and r.json()["error"].startswith("name holds a broken")
    r = web.client.post(f"/api/events/{event}/event-text", content=b'{"\\ud800": "x"}')
    assert r.status_code == 400 and r.json()["error"].startswith("a field name holds a broken")


def test_corrections_desk_names_and_event_text_refuse_them_too(web: Web) -> None:
    event = web.event()
    aid = web.client.post(f"/api/events/{event}/attendees",
                          json={"first_name": "Ana", "last_name": "Li"}).json()["id"]
    r = web.client.patch(f"/api/events/{event}/attendees/{aid}", json={"company": "A\x01B"})
    assert r.status_code == 400 and r.json()["error"].startswith("company holds a control")
    r = web.client.post(f"/api/events/{event}/attendees/{aid}/print", json={"desk": "D\x1b"})
    assert r.status_code == 400 and r.json()["error"].startswith("desk holds a control")
    r = web.client.put(f"/api/events/{event}/desks/D%01", json={"printer": "browser"})
    assert r.status_code == 400
    assert r.json()["error"] == "the address holds a control character (U+0001); remove it"
    r = web.client.post(f"/api/events/{event}/event-text", json={"name": "Dev\x7fConf"})
    assert r.status_code == 400
    assert r.json()["error"] == "name holds a control character (U+007F), " + LINE
    # The pages' forms: the same line, in the page.
    r = web.client.post("/events", data={"name": "Conf\x01", "layout": "a4-90x55-8up"})
    assert r.status_code == 400 and "name holds a control character (U+0001)" in r.text
    r = web.client.post(f"/events/{event}/design?do=text", data={"event_name": "A\x7f"})
    assert r.status_code == 400 and "name holds a control character (U+007F)" in r.text
    assert web.client.get(f"/api/events/{event}").json()["event_text"] == {"name": "DevConf"}
    assert web.client.get("/api/events").json()[0]["name"] == "DevConf"


def test_tab_and_line_breaks_are_whitespace_not_refused(web: Web) -> None:
    event = web.event()
    r = web.client.post(f"/api/events/{event}/attendees",
                        json={"first_name": "Ana\tMaria", "last_name": "Li\r\n"})
    assert r.status_code == 201
    person = web.client.get(f"/api/events/{event}/attendees/{r.json()['id']}").json()
    assert person["name"] == "Ana Maria Li"


def _multipart(name: bytes, data: bytes) -> tuple[bytes, str]:
    boundary = "xYzZy"
    body = (b"--xYzZy\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
            + b"\"\r\nContent-Type: application/octet-stream\r\n\r\n" + data
            + b"\r\n--xYzZy--\r\n")
    return body, f"multipart/form-data; boundary={boundary}"


def test_a_nul_in_a_list_file_name_never_breaks_a_build(web: Web) -> None:
    event = web.event()
    body, kind = _multipart(b"guests\x00\x7f.xlsx", SAMPLE_XLSX.read_bytes())
    r = web.client.post(f"/api/events/{event}/import", content=body,
                        headers={"Content-Type": kind})
    assert r.status_code == 200, r.text
    assert r.json()["file"] == "guests.xlsx"
    assert web.build(event)["state"] == "done"
    assert web.client.get(f"/api/events/{event}/attendees/1/badge.png").status_code == 200
    r = web.client.post(f"/api/events/{event}/attendees/1/print", json={"desk": "D"})
    assert r.json()["state"] == "done", r.json()


def test_names_with_controls_in_a_list_are_cleaned_by_the_readers(web: Web, tmp_path: Path
                                                                  ) -> None:
    event = web.event()
    listed = tmp_path / "list.csv"
    listed.write_text("First Name,Last Name,Company\nAna\x01,Li\x7f,A\x85CME\n",
                      encoding="utf-8")
    r = web.upload(event, listed)
    assert r.status_code == 200, r.text
    rows = _export_ok(web, event)
    assert rows[1][2:6] == ["Ana", "Li", "Ana Li", "A CME"]  # NEL is a line break
    assert web.build(event)["state"] == "done"


def test_what_an_older_version_stored_still_exports_and_builds(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    aid = web.client.post(f"/api/events/{event}/attendees",
                          json={"first_name": "Ana", "last_name": "Li"}).json()["id"]
    now = time.time()
    with web.state.store.db.connect() as con:  # as the audit's walk-in got in before the fix
        con.execute("UPDATE attendees SET fields = ? WHERE id = ?",
                    (json.dumps({"name": "Ana\u0001 Li", "first_name": "Ana\u0001"}), aid))
        con.execute("UPDATE events SET event_text = ?, updated = ? WHERE id = ?",
                    (json.dumps({"name": "Dev\u007fConf"}), now, event))
    rows = _export_ok(web, event)
    assert rows[-1][:5] == ["walkin", None, "Ana", None, "Ana Li"]
    assert web.build(event)["state"] == "done"  # the event text's DEL is escaped in the TOML
    r = web.client.post(f"/api/events/{event}/attendees/{aid}/print", json={"desk": "D"})
    assert r.json()["state"] == "done", r.json()
