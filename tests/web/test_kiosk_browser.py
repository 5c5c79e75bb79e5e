"""The desk's stock and the kiosk in headless Chromium (issue 25): a desk chooses the DYMO
30856 card as its stock, sees which design it prints and the badge it is about to print, and
prints a walk-in whose PDF is one page of the card's size; a kiosk takes a typed code and
Enter, shows the name, prints, says where to take it and starts again; an unknown code and a
second scan of a printed ticket are sent to the desk. Screenshots as in test_browser.py.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from test_browser import CHROMIUM, _shots, browser, server, sync_playwright

from badgepress.sheet.deskstock import desk_stock
from badgepress.sheet.units import mm

__all__ = ["server"]  # the fixture, imported for this module

LIST = ("Ticket ID,First Name,Last Name,Company,Email\n"
        "T-1001,Ada,Lovelace,Analytical Engines,ada@example.org\n"
        "T-1002,Grace,Hopper,US Navy,grace@example.org\n")


def _upload(api: Any, event: str) -> None:
    r = api.post(f"/api/events/{event}/import", multipart={"file": {
        "name": "tickets.csv", "mimeType": "text/csv", "buffer": LIST.encode()}})
    assert r.status == 200, r.text()


def _errors(page: Any) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    return problems


@browser
def test_a_desk_chooses_its_stock_and_prints_on_it(server: str, tmp_path: Path) -> None:
    assert sync_playwright is not None
    shots = _shots(tmp_path)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        api = p.request.new_context(base_url=server)
        event = api.post("/api/events", data={"name": "Label day",
                                              "layout": "label-dymo-30856"}).json()["id"]
        _upload(api, event)
        context = chromium.new_context(viewport={"width": 1100, "height": 1100})
        page: Any = context.new_page()
        page.set_default_timeout(30_000)
        problems = _errors(page)
        page.goto(f"{server}events/{event}/desk")
        page.wait_for_function("() => document.querySelectorAll('#desk-stock option').length > 5"
                               " && document.getElementById('desk-design').textContent")
        assert "on The event's sheet" in page.locator("#desk-design").inner_text()
        # A stock the event's design does not fit cannot be chosen: it needs a desk design.
        cr80 = page.locator('#desk-stock option[value="card-cr80"]')
        assert cr80.is_disabled() and "needs a desk design" in cr80.inner_text()
        page.get_by_label("Loaded in the printer").select_option("label-dymo-30856")
        page.wait_for_function("() => document.getElementById('desk-design').textContent"
                               ".includes(' on DYMO 30856')")
        design = page.locator("#desk-design").inner_text()
        assert "the event's design" in design and "102.87 × 61.89 mm" in design
        assert page.get_by_label("Label printer driver").is_visible()
        # The badge it is about to print: a sample, then the attendee found.
        page.wait_for_function("() => { const i = document.getElementById('desk-thumb'); "
                               "return i.complete && i.naturalWidth > i.naturalHeight; }")
        page.get_by_label("Find an attendee").fill("lovelace")
        page.wait_for_function("() => document.getElementById('desk-thumb-who').textContent"
                               ".includes('Ada Lovelace')")
        page.wait_for_function("() => { const i = document.getElementById('desk-thumb'); "
                               "return i.complete && i.naturalWidth > 0 && "
                               "i.src.includes('attendee='); }")
        page.screenshot(path=shots / "k1-desk-stock.png", full_page=True)
        # A walk-in, printed on the card (the browser print path opens its PDF).
        walkin = page.locator("#walkin")
        walkin.get_by_label("First name").fill("Wanda")
        walkin.get_by_label("Last name").fill("Walkin")
        with context.expect_page():
            walkin.get_by_role("button", name="Add and print").click()
        page.wait_for_function("() => !document.getElementById('lastpdf').hidden")
        href = page.locator("#lastpdf").get_attribute("href")
        assert href is not None and href.startswith("/api/prints/")
        pdf = PdfReader(io.BytesIO(api.get(href).body()))
        stock = desk_stock("label-dymo-30856")
        assert len(pdf.pages) == 1
        box = pdf.pages[0].mediabox
        assert abs(float(box.width) - stock.badge[0]) < mm(0.1)
        assert abs(float(box.height) - stock.badge[1]) < mm(0.1)
        assert int(pdf.pages[0].get("/Rotate", 0)) == stock.rotate  # the card as it feeds
        assert "Wanda" in pdf.pages[0].extract_text()
        page.wait_for_function("() => document.getElementById('desk-thumb-who').textContent"
                               ".includes('Wanda Walkin')")
        page.screenshot(path=shots / "k2-desk-printed.png", full_page=True)
        # The choice is the server's: a reload keeps it.
        page.reload()
        page.wait_for_function("() => document.getElementById('desk-stock').value === "
                               "'label-dymo-30856'")
        assert problems == []
        chromium.close()
        api.dispose()


@browser
def test_the_kiosk_prints_once_and_starts_again(server: str, tmp_path: Path) -> None:
    assert sync_playwright is not None
    shots = _shots(tmp_path)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        api = p.request.new_context(base_url=server)
        event = api.post("/api/events", data={"name": "Kiosk day"}).json()["id"]
        _upload(api, event)
        r = api.put(f"/api/events/{event}/kiosk", data={"reset": 3,
                                                        "where": "from the printer on the left"})
        assert r.ok, r.text()
        link = api.get(f"/api/events/{event}").json()["kiosk_link"]
        context = chromium.new_context(viewport={"width": 1000, "height": 800})
        page: Any = context.new_page()
        page.set_default_timeout(30_000)
        problems = _errors(page)
        page.goto(server.rstrip("/") + link + "&kiosk=Kiosk 1")
        assert "token=" not in page.url  # the link's token went into the kiosk's cookie
        code = page.get_by_label("Scan the QR code of your ticket")
        page.wait_for_function("() => document.activeElement.id === 'k-code'")
        page.screenshot(path=shots / "k3-kiosk-scan.png", full_page=True)
        # A scanner types the code and Enter: the name as it will print, and a big button.
        page.keyboard.type("T-1001")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('k-name').textContent === "
                               "'Ada Lovelace'")
        assert page.locator("#k-scan").is_hidden()
        page.screenshot(path=shots / "k4-kiosk-name.png", full_page=True)
        page.get_by_role("button", name="Print my badge").click()
        page.wait_for_function("() => document.getElementById('kiosk').dataset.state === "
                               "'printed'")
        message = page.locator("#k-message").inner_text()
        assert message == ("Your badge is printing. Please take it from the printer on the "
                           "left.")
        page.screenshot(path=shots / "k5-kiosk-printed.png", full_page=True)
        # It starts again by itself after a few seconds, with nothing of Ada left.
        page.wait_for_function("() => document.getElementById('kiosk').dataset.state === "
                               "'scan'", timeout=10_000)
        assert code.input_value() == "" and page.locator("#k-name").inner_text() == ""
        # The desks see the kiosk's print.
        ada = api.get(f"/api/events/{event}/attendees", params={"q": "T-1001"}).json()[0]
        assert ada["printed"] == 1 and ada["last_print"]["desk"] == "Kiosk 1"
        # An unknown code: ask at the desk, and nothing else is shown.
        code.fill("T-9999")
        code.press("Enter")
        page.wait_for_function("() => document.getElementById('kiosk').dataset.state === "
                               "'ask'")
        assert "We could not find this ticket: please ask at the desk." in (
            page.locator("#k-message").inner_text())
        page.screenshot(path=shots / "k6-kiosk-unknown.png", full_page=True)
        page.wait_for_function("() => document.getElementById('kiosk').dataset.state === "
                               "'scan'", timeout=10_000)
        # A second scan of a printed ticket: a reprint is the desk's.
        code.fill("T-1001")
        code.press("Enter")
        page.wait_for_function("() => document.getElementById('kiosk').dataset.state === "
                               "'ask'")
        assert "printed already: please ask at the desk" in page.locator("#k-message").inner_text()
        assert page.locator("#k-name").inner_text() == ""
        page.screenshot(path=shots / "k7-kiosk-printed-before.png", full_page=True)
        # The fetches the kiosk was refused (404, 409) are the only console errors.
        assert [m for m in problems if "status of 404" not in m and "status of 409" not in m
                ] == []
        chromium.close()
        api.dispose()
