"""A whole event in headless Chromium, as an organiser and a desk volunteer live it: create the
event (its name on the badges), upload a German export with a title row, map a column,
preview, build; the desk prints three people (one by a scanned ticket code); then the next
version of the list (one printed attendee dropped, a name corrected, two added) and a mapping
changed back; the desk shows the dropped attendee as no longer in the list with their print,
the counts, the exports, and the next build leaves them out. No page shows an error.
Screenshots as in test_browser.py.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from test_browser import CHROMIUM, _images_loaded, _shots, browser, server, sync_playwright

__all__ = ["server"]  # the fixture, imported for this module

HEAD = ["Ticket-Nr", "Vorname", "Nachname", "Firma", "Ticket-Typ", "Kategorie", "E-Mail"]
V1 = [["T-1001", "Anna", "Schmidt", "Hafen AG", "Speaker", "Referentin", "anna@hafen.de"],
      ["T-1002", "Jürgen", "Müller", "Siemens", "Sponsor", "Partner", "jm@siemens.de"],
      ["T-1003", "Ann", "Smiht", "ACME", "Attendee", "Gast", "ann@acme.com"],
      ["T-1004", "Zoë", "Lefèvre", "Airbus", "Attendee", "Gast", "zoe@airbus.fr"],
      ["T-1005", "Ιωάννης", "Παπαδόπουλος", "OTE", "Attendee", "Gast", "ip@ote.gr"],
      ["T-1006", "Mei", "Chen", "Alibaba", "Staff", "Team", "mei@example.cn"],
      ["T-1007", "Hubert", "Wolfeschlegelsteinhausenbergerdorff", "Bund", "Speaker",
       "Referent", "hw@bund.de"],
      ["T-1008", "Olu", "Adebayo", "Flutterwave", "Attendee", "Gast", "olu@fw.ng"]]


def _workbook(path: Path, rows: list[list[str]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Teilnehmerliste Hanse Summit 2027 (Export vom 7.12.2026)"])
    ws.append([])
    ws.append(HEAD)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _text(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def _watch(page: Any, problems: list[str]) -> None:
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
            if r.status >= 400 else None)


def _no_error_shown(page: Any) -> None:
    assert page.locator("#error").count() == 0, page.locator("#error").inner_text()
    assert "Internal Server Error" not in page.content()


def _build(page: Any, shots: Path, name: str) -> bytes:
    page.get_by_role("link", name="4. Build").click()
    button = page.get_by_role("button", name=re.compile("Build (the PDF|again)"))
    button.click()
    page.wait_for_selector("#result", timeout=120_000)
    page.wait_for_function("() => !document.getElementById('progress')")
    _no_error_shown(page)
    page.screenshot(path=shots / name, full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the PDF").click()
    return Path(info.value.path()).read_bytes()


@browser
def test_a_whole_event(server: str, tmp_path: Path) -> None:
    assert sync_playwright is not None
    shots = _shots(tmp_path)
    v1 = _workbook(tmp_path / "Teilnehmer.xlsx", V1)
    dropped = [r for r in V1 if r[0] != "T-1002"]
    dropped[1] = ["T-1003", "Ann", "Smith", "ACME", "Attendee", "Gast", "ann@acme.com"]
    v2 = _workbook(tmp_path / "Teilnehmer-v2.xlsx", [
        *dropped, ["T-1009", "Carla", "Ruiz", "Iberia", "Attendee", "Gast", "c@iberia.es"],
        ["T-1010", "Kofi", "Mensah", "MTN", "Staff", "Team", "kofi@mtn.gh"]])
    organiser_problems: list[str] = []
    desk_problems: list[str] = []
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = chromium.new_context(viewport={"width": 1200, "height": 900},
                                       accept_downloads=True)
        page: Any = context.new_page()
        page.set_default_timeout(60_000)
        _watch(page, organiser_problems)

        # Create the event: its name and dates are the badges'.
        page.goto(server)
        page.get_by_label("Event name").fill("Hanse Summit 2027")
        page.get_by_label("Dates").fill("3–4 June 2027")
        page.get_by_role("button", name="Create event").click()
        event = page.url.rsplit("/", 1)[1]
        page.screenshot(path=shots / "w01-created.png", full_page=True)

        # The German export with a title row: header found in row 3, columns understood.
        page.get_by_label("Upload the attendee list").set_input_files(str(v1))
        page.get_by_role("button", name="Upload", exact=True).click()
        page.wait_for_selector("#imported")
        assert page.locator("#imported").inner_text() == "8"
        assert "header in row 3" in page.locator("main").inner_text()
        assert page.get_by_label("First name", exact=True).input_value() == "Vorname"
        assert page.get_by_label("Ticket id").input_value() == "Ticket-Nr"
        # Map: the role printed on the badge from "Kategorie" instead of "Ticket-Typ".
        with page.expect_navigation():
            page.get_by_label("Role / ticket type").select_option("Kategorie")
        assert page.get_by_label("Role / ticket type").input_value() == "Kategorie"
        _no_error_shown(page)
        page.screenshot(path=shots / "w02-list-mapped.png", full_page=True)

        # Preview: the hardest first, the event's own name on the badges.
        page.get_by_role("link", name="3. Preview").click()
        _images_loaded(page)
        assert "Wolfeschlegelsteinhausenbergerdorff" in page.locator(
            "#hardest figure").first.inner_text()
        layout = context.request.get(f"{server}api/events/{event}/layout.toml").text()
        assert tomllib.loads(layout)["event"] == {"name": "Hanse Summit 2027"}
        page.screenshot(path=shots / "w03-preview.png", full_page=True)

        first = _text(_build(page, shots, "w04-built.png"))
        assert "Hanse Summit 2027" in first and "Müller" in first and "PARTNER" in first

        # The desk, through its own link (the desk role), prints three people.
        page.get_by_role("link", name="1. Attendee list").click()
        link = page.locator("#desk-link").input_value()
        desk_context = chromium.new_context(viewport={"width": 1100, "height": 900})
        desk: Any = desk_context.new_page()
        desk.set_default_timeout(60_000)
        _watch(desk, desk_problems)
        desk.goto(link)
        desk.wait_for_function("() => document.getElementById('counts').textContent.includes("
                               "'Checked in 0 of 8')")
        find = desk.get_by_label("Find an attendee")
        find.fill("mueller")
        with desk_context.expect_page():  # the browser prints: the badge's PDF opens
            desk.get_by_role("button", name="Print Jürgen Müller").click()
        find.fill("T-1004")  # a scanner types the ticket code and Enter
        with desk_context.expect_page():
            find.press("Enter")
        find.fill("smiht")
        with desk_context.expect_page():
            desk.get_by_role("button", name="Print Ann Smiht").click()
        desk.wait_for_function("() => document.getElementById('counts').textContent.includes("
                               "'Checked in 3 of 8')")
        desk.screenshot(path=shots / "w05-desk-printed.png", full_page=True)

        # The next version of the list: Müller dropped (printed), Smiht corrected, two added.
        page.get_by_label("Upload a newer list").set_input_files(str(v2))
        page.get_by_role("button", name="Upload", exact=True).click()
        page.wait_for_selector("#changes")
        changes = page.locator("#changes").inner_text()
        assert "2 added" in changes and "0 removed" in changes and "1 edited" in changes
        assert "1 no longer in the list" in changes
        assert "Jürgen Müller" in changes and "Carla Ruiz" in changes
        assert re.search(r"Nachname: Smiht\s*→\s*Smith", changes), changes
        # ... and the mapping changed back: a mapping change, not a new list.
        with page.expect_navigation():
            page.get_by_label("Role / ticket type").select_option("Ticket-Typ")
        changes = page.locator("#changes").inner_text()
        assert "now read from “Ticket-Typ” (was “Kategorie”)" in changes
        assert "0 added" in changes and "0 removed" in changes
        _no_error_shown(page)
        assert "--map" not in page.locator("main").inner_text()  # no command line in a page
        page.screenshot(path=shots / "w06-list-v2.png", full_page=True)

        # The desk: Müller no longer in the list, with his print; the counts follow.
        find.fill("mueller")
        desk.wait_for_function("() => document.getElementById('results').textContent.includes("
                               "'not in the current list')")
        row = desk.locator("#results li", has_text="Jürgen Müller")
        assert "printed 1×" in row.inner_text()
        desk.wait_for_function("() => document.getElementById('counts').textContent.includes("
                               "'Checked in 2 of 9')")
        assert "1 no longer in the list" in desk.locator("#counts").inner_text()
        desk.screenshot(path=shots / "w07-desk-after-v2.png", full_page=True)

        # The exports say the same.
        exported = desk_context.request.get(f"{server}api/events/{event}/export.csv")
        assert "Hanse-Summit-2027-attendees.csv" in exported.headers["content-disposition"]
        rows = {r["ticket"]: r for r in csv.DictReader(io.StringIO(
            exported.body().decode("utf-8-sig")))}
        assert (rows["T-1002"]["in_list"], rows["T-1002"]["printed"]) == ("no", "1")
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", rows["T-1002"]["checked_in"])
        assert rows["T-1003"]["last_name"] == "Smith" and rows["T-1009"]["in_list"] == "yes"

        # The build page says the PDF is out of date; the next build leaves Müller out.
        page.get_by_role("link", name="4. Build").click()
        assert "--" not in page.locator("#result").inner_text()
        stale = page.locator("#stale").inner_text()
        assert "a newer attendee list was uploaded" in stale
        page.screenshot(path=shots / "w08-stale.png", full_page=True)
        second = _text(_build(page, shots, "w09-rebuilt.png"))
        assert "Müller" not in second and "Smith" in second and "Carla" in second
        assert page.locator("#stale").count() == 0
        assert organiser_problems == [] and desk_problems == []
        chromium.close()
